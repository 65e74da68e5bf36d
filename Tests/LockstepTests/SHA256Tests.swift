import Foundation
import Testing

@testable import LockstepCore

/// SHA-256 against the FIPS 180-4 examples and precomputed digests, through every entry point: the
/// streaming hash, the one-shot hex, the fingerprint, and the portable rounds next to the x86 SHA
/// extensions (when the CPU has them, both run here).
@Suite("SHA-256 entry points and implementations")
struct SHA256ImplementationTests {
  /// The digest of `bytes` through the streaming hash, fed in pieces of the given sizes (cycled).
  static func streamed(_ bytes: [UInt8], pieces: [Int], portable: Bool = false) -> String {
    var hash = SHA256(portable: portable)
    var start = 0
    var piece = 0
    while start < bytes.count {
      let end = min(start + pieces[piece % pieces.count], bytes.count)
      hash.update(bytes[start..<end])
      start = end
      piece += 1
    }
    return hexString(hash.finalize())
  }

  /// The digest of `bytes` through the one-shot path.
  static func oneShot(_ bytes: [UInt8], portable: Bool = false) -> String {
    bytes.withUnsafeBytes { SHA256.hex(raw: $0, portable: portable) }
  }

  /// A message of `count` bytes that is not all one value.
  static func message(_ count: Int) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
  }

  @Test(
    "the FIPS 180-4 examples",
    arguments: [
      ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
      ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
      (
        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
      ),
      (
        "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
      ),
    ])
  func fipsExamples(message: String, digest: String) {
    #expect(SHA256.hex(message) == digest)
    #expect(SHA256.hex(Array(message.utf8)) == digest)
    #expect(Self.oneShot(Array(message.utf8), portable: true) == digest, "portable rounds")
    var hash = SHA256()
    hash.update(message)
    #expect(hexString(hash.finalize()) == digest, "streaming")
  }

  @Test("one million times \"a\", streamed and in one shot, on both implementations")
  func millionA() {
    let digest = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
    let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
    #expect(Self.oneShot(bytes) == digest)
    #expect(Self.oneShot(bytes, portable: true) == digest, "portable rounds")
    #expect(Self.streamed(bytes, pieces: [1000]) == digest, "streamed")
    #expect(SHA256.hex(String(repeating: "a", count: 1_000_000)) == digest, "string")
  }

  @Test("lengths 0 to 200 cover every padding case; all entry points and both implementations agree")
  func everyLength() {
    var digests: [String] = []
    for count in 0...200 {
      let bytes = Self.message(count)
      let digest = Self.oneShot(bytes)
      #expect(Self.oneShot(bytes, portable: true) == digest, "portable rounds, \(count) bytes")
      #expect(Self.streamed(bytes, pieces: [count + 1]) == digest, "streamed whole, \(count) bytes")
      #expect(Self.streamed(bytes, pieces: [1], portable: true) == digest, "byte by byte, \(count) bytes")
      #expect(SHA256.hex(bytes[...]) == digest, "slice, \(count) bytes")
      digests.append(digest)
    }
    // The SHA-256 of the 201 hex digests joined by newlines, from Python's hashlib:
    // "\n".join(sha256(bytes((i * 37 + 11) & 255 for i in range(n))).hexdigest() for n in range(201))
    #expect(
      SHA256.hex(digests.joined(separator: "\n"))
        == "3879c5715b5f232b944188100b24c1b4eda7579b11796ff74a2df30238a3c278")
  }

  @Test(
    "updates in odd-sized pieces give the one-shot digest",
    arguments: [[1], [3], [7], [63], [64], [65], [1, 3, 63, 64, 65], [65, 64, 63, 3, 1]])
  func pieces(sizes: [Int]) {
    for count in [0, 1, 55, 56, 63, 64, 65, 127, 128, 129, 1000] {
      let bytes = Self.message(count)
      let digest = Self.oneShot(bytes)
      #expect(Self.streamed(bytes, pieces: sizes) == digest, "\(count) bytes")
      #expect(Self.streamed(bytes, pieces: sizes, portable: true) == digest, "\(count) bytes")
    }
    // Empty updates change nothing.
    var hash = SHA256()
    hash.update([])
    hash.update("ab")
    hash.update(raw: UnsafeRawBufferPointer(start: nil, count: 0))
    hash.update("c")
    #expect(hexString(hash.finalize()) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
  }

  @Test("a sequence without contiguous storage is hashed like its bytes")
  func lazySequence() {
    let bytes = Self.message(150)
    #expect(SHA256.hex(bytes.lazy.map { $0 }) == Self.oneShot(bytes))
    var hash = SHA256()
    hash.update(bytes.lazy.map { $0 })
    #expect(hexString(hash.finalize()) == Self.oneShot(bytes))
  }

  @Test("a digest has 32 bytes; the hex is lower case")
  func digestShape() {
    var hash = SHA256()
    hash.update("abc")
    let digest = hash.finalize()
    #expect(digest.count == 32)
    #expect(digest.prefix(4) == [0xba, 0x78, 0x16, 0xbf])
    #expect(hexString([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
    #expect(hexString([]) == "")
  }

  @Test(
    "fingerprints are the first 16 hex digits of the SHA-256 of the UTF-8 (from sha256sum)",
    arguments: [
      ("Call 0295 666 817.", "345e86f42d36b344"),
      ("Hakemus oleskelulupaa varten", "9b72c90304d36154"),
      ("Заявление на вид на жительство", "76a1ee8c333ba929"),
      ("طلب تصريح الإقامة", "1e79a7957a7e4085"),
      ("日本語のテキスト", "d4192d3b01dfa9f5"),
      // 60 bytes: the padding needs a second block.
      ("Bring your passport, two photographs and the fee: 470 euros.", "3292debc2b71d74f"),
      (
        "The residence permit application must be submitted in person at a service point of the Finnish "
          + "Immigration Service.",
        "86fdface5477af4e"
      ),
    ])
  func fingerprints(text: String, fingerprint: String) {
    #expect(TextNormalization.fingerprint(normalized: text) == fingerprint)
    #expect(TextNormalization.fingerprint(text) == fingerprint)
    #expect(String(SHA256.hex(text).prefix(16)) == fingerprint)
  }

  #if os(Linux) && arch(x86_64)
    @Test("the SHA extensions are used exactly when the kernel lists sha_ni")
    func dispatch() throws {
      let cpuinfo = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
      let flags = cpuinfo.split(separator: "\n").first { $0.hasPrefix("flags") } ?? ""
      #expect(SHA256.accelerated == flags.split(separator: " ").contains("sha_ni"))
    }
  #endif
}
