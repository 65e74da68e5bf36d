/// SHA-256 (FIPS 180-4), for content hashes and fingerprints. Foundation on Linux has no CryptoKit,
/// and one hash does not justify a dependency.
public struct SHA256: Sendable {
  // The eight state words, held inline so a hash allocates nothing but its partial-block buffer.
  private var h0: UInt32 = 0x6a09_e667
  private var h1: UInt32 = 0xbb67_ae85
  private var h2: UInt32 = 0x3c6e_f372
  private var h3: UInt32 = 0xa54f_f53a
  private var h4: UInt32 = 0x510e_527f
  private var h5: UInt32 = 0x9b05_688c
  private var h6: UInt32 = 0x1f83_d9ab
  private var h7: UInt32 = 0x5be0_cd19
  private var buffer: [UInt8] = []
  private var length: UInt64 = 0

  /// A fresh hash.
  public init() {}

  /// Feeds `bytes` into the hash.
  public mutating func update(_ bytes: some Sequence<UInt8>) {
    let handled: Void? = bytes.withContiguousStorageIfAvailable { buffer in
      update(raw: UnsafeRawBufferPointer(buffer))
    }
    if handled == nil {
      let copy = Array(bytes)
      copy.withUnsafeBytes { update(raw: $0) }
    }
  }

  /// Feeds raw bytes: whole 64-byte blocks are compressed straight from the buffer.
  public mutating func update(raw: UnsafeRawBufferPointer) {
    length &+= UInt64(raw.count)
    var offset = 0
    if !buffer.isEmpty {
      let take = min(64 - buffer.count, raw.count)
      buffer.append(contentsOf: raw[0..<take])
      offset = take
      if buffer.count == 64 {
        buffer.withUnsafeBytes { compress($0, at: 0) }
        buffer.removeAll(keepingCapacity: true)
      }
    }
    while raw.count - offset >= 64 {
      compress(raw, at: offset)
      offset += 64
    }
    if offset < raw.count { buffer.append(contentsOf: raw[offset...]) }
  }

  /// Feeds the UTF-8 bytes of `string` into the hash.
  public mutating func update(_ string: String) { update(string.utf8) }

  /// The 32-byte digest; the hash is spent afterwards.
  public mutating func finalize() -> [UInt8] {
    let bitLength = length &* 8
    let tailLength = buffer.count < 56 ? 64 : 128
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: tailLength) { tail in
      tail.initialize(repeating: 0)
      for (index, byte) in buffer.enumerated() { tail[index] = byte }
      tail[buffer.count] = 0x80
      for index in 0..<8 {
        tail[tailLength - 1 - index] = UInt8(truncatingIfNeeded: bitLength >> (8 * UInt64(index)))
      }
      let raw = UnsafeRawBufferPointer(tail)
      for start in stride(from: 0, to: tailLength, by: 64) { compress(raw, at: start) }
    }
    buffer.removeAll()
    var digest = [UInt8](repeating: 0, count: 32)
    for (index, word) in [h0, h1, h2, h3, h4, h5, h6, h7].enumerated() {
      digest[index * 4] = UInt8(truncatingIfNeeded: word >> 24)
      digest[index * 4 + 1] = UInt8(truncatingIfNeeded: word >> 16)
      digest[index * 4 + 2] = UInt8(truncatingIfNeeded: word >> 8)
      digest[index * 4 + 3] = UInt8(truncatingIfNeeded: word)
    }
    return digest
  }

  /// The lower-case hex digest of `bytes`.
  public static func hex(_ bytes: some Sequence<UInt8>) -> String {
    var hash = SHA256()
    hash.update(bytes)
    return hexString(hash.finalize())
  }

  /// The lower-case hex digest of the UTF-8 bytes of `string`.
  public static func hex(_ string: String) -> String { hex(string.utf8) }

  private static let constants: [UInt32] = [
    0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
    0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
    0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
    0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
    0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
    0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
    0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
    0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
  ]

  private mutating func compress(_ raw: UnsafeRawBufferPointer, at offset: Int) {
    withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { words in
      for index in 0..<16 {
        words[index] = UInt32(
          bigEndian: raw.loadUnaligned(fromByteOffset: offset + index * 4, as: UInt32.self))
      }
      for index in 16..<64 {
        let s0 = rotate(words[index - 15], 7) ^ rotate(words[index - 15], 18) ^ (words[index - 15] &>> 3)
        let s1 = rotate(words[index - 2], 17) ^ rotate(words[index - 2], 19) ^ (words[index - 2] &>> 10)
        words[index] = words[index - 16] &+ s0 &+ words[index - 7] &+ s1
      }
      var (a, b, c, d) = (h0, h1, h2, h3)
      var (e, f, g, h) = (h4, h5, h6, h7)
      Self.constants.withUnsafeBufferPointer { constants in
        for index in 0..<64 {
          let s1 = rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)
          let choice = (e & f) ^ (~e & g)
          let temp1 = h &+ s1 &+ choice &+ constants[index] &+ words[index]
          let s0 = rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)
          let majority = (a & b) ^ (a & c) ^ (b & c)
          let temp2 = s0 &+ majority
          h = g
          g = f
          f = e
          e = d &+ temp1
          d = c
          c = b
          b = a
          a = temp1 &+ temp2
        }
      }
      h0 &+= a
      h1 &+= b
      h2 &+= c
      h3 &+= d
      h4 &+= e
      h5 &+= f
      h6 &+= g
      h7 &+= h
    }
  }

  /// Right rotation; masking shifts (`&>>`, `&<<`) compile to one rotate instruction, where the
  /// checked shifts would test for overshifting on every call.
  @inline(__always)
  private func rotate(_ value: UInt32, _ count: UInt32) -> UInt32 {
    (value &>> count) | (value &<< (32 &- count))
  }
}

/// Lower-case hex of `bytes`.
func hexString(_ bytes: [UInt8]) -> String {
  let digits = Array("0123456789abcdef".utf8)
  var out: [UInt8] = []
  out.reserveCapacity(bytes.count * 2)
  for byte in bytes {
    out.append(digits[Int(byte >> 4)])
    out.append(digits[Int(byte & 0x0f)])
  }
  return String(decoding: out, as: UTF8.self)
}
