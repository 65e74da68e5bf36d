import CLockstepUTF8
import Testing

@testable import LockstepCore

/// The block validator (AVX2 on CPUs that have it, 64 bytes at a time) and the portable C loop
/// against the standard library and a byte-at-a-time reference, on bytes that cross the 16-, 32-
/// and 64-byte boundaries the vector code works in.
@Suite("UTF-8 validation in blocks")
struct UTF8BlockValidationTests {
  /// Text from the scripts the pages hold, with the markup around it: one-, two-, three- and
  /// four-byte sequences next to each other.
  static let alphabet: [Unicode.Scalar] = Array(
    "<p class=\"x\">a Z 0 é ß Ж я д ع م ل ه ง ก 中 文 語 한 😀 🇫 𐍈 \u{7FF} \u{800} \u{FFFD} \u{10FFFF}</p>"
      .unicodeScalars)

  /// Byte runs that are never valid, or only valid with what follows: overlong forms, surrogates,
  /// values above U+10FFFF, bytes that are never UTF-8, lone continuations, cut sequences.
  static let badFragments: [[UInt8]] = [
    [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xE0, 0x9F, 0xBF], [0xF0, 0x80, 0x80, 0x80],
    [0xF0, 0x8F, 0xBF, 0xBF], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80],
    [0xF5, 0x80, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xFE], [0xFF], [0x80], [0xBF],
    [0x80, 0x80], [0xC3], [0xE4, 0xB8], [0xE4], [0xF0, 0x9F, 0x98], [0xF0, 0x9F], [0xF0],
  ]

  /// Bytes near every edge of Table 3-7.
  static let edgeBytes: [UInt8] = [
    0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED,
    0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF,
  ]

  /// Offsets on both sides of the block boundaries up to 256 bytes.
  static let nearBoundaries: [Int] =
    [0, 1, 2, 3]
    + stride(from: 16, through: 256, by: 16).flatMap { boundary in
      (boundary - 4)...(boundary + 3)
    }

  /// The offset of the first byte that starts no well-formed sequence (Unicode Table 3-7), one
  /// byte at a time: what `firstInvalidUTF8`'s Swift loop reports, without its fast paths.
  static func referenceFirstInvalid(_ bytes: [UInt8]) -> Int? {
    var index = 0
    while index < bytes.count {
      let lead = bytes[index]
      let length: Int
      let second: ClosedRange<UInt8>
      switch lead {
      case 0x00...0x7F:
        index += 1
        continue
      case 0xC2...0xDF: (length, second) = (2, 0x80...0xBF)
      case 0xE0: (length, second) = (3, 0xA0...0xBF)
      case 0xE1...0xEC, 0xEE...0xEF: (length, second) = (3, 0x80...0xBF)
      case 0xED: (length, second) = (3, 0x80...0x9F)
      case 0xF0: (length, second) = (4, 0x90...0xBF)
      case 0xF1...0xF3: (length, second) = (4, 0x80...0xBF)
      case 0xF4: (length, second) = (4, 0x80...0x8F)
      default: return index
      }
      guard index + length <= bytes.count, second.contains(bytes[index + 1]) else { return index }
      for later in 2..<length where !(0x80...0xBF).contains(bytes[index + later]) { return index }
      index += length
    }
    return nil
  }

  /// Checks every entry point on `bytes` against the standard library and the reference.
  static func expectAgreement(_ bytes: [UInt8], _ label: @autoclosure () -> String) {
    let valid = String(validating: bytes, as: UTF8.self) != nil
    let (fast, portable) = bytes.withUnsafeBufferPointer {
      (
        lockstep_utf8_valid($0.baseAddress, $0.count) != 0,
        lockstep_utf8_valid_portable($0.baseAddress, $0.count) != 0
      )
    }
    let invalid = HTMLDecoding.firstInvalidUTF8(bytes)
    let reference = referenceFirstInvalid(bytes)
    guard fast == valid, portable == valid, (invalid == nil) == valid, invalid == reference else {
      Issue.record(
        """
        \(label()): standard library \(valid), validator \(fast), portable \(portable), \
        offset \(invalid.map(String.init) ?? "nil"), reference \(reference.map(String.init) ?? "nil"), \
        \(bytes.count) bytes: \(bytes.map { String($0, radix: 16) }.joined(separator: " "))
        """)
      return
    }
    if let invalid {
      // Everything before the reported offset is valid.
      #expect(String(validating: bytes[..<invalid], as: UTF8.self) != nil, "\(label())")
    }
  }

  /// Valid text of about `count` bytes drawn from `alphabet`.
  static func text(_ random: inout SeededGenerator, bytes count: Int) -> [UInt8] {
    var bytes: [UInt8] = []
    while bytes.count < count { bytes += Array(String(random.pick(alphabet)).utf8) }
    return bytes
  }

  @Test("random byte strings")
  func randomBytes() {
    var random = SeededGenerator(seed: 0x0CF8_B10C)
    for trial in 0..<4_000 {
      let count = random.int(0...200)
      var bytes: [UInt8] = []
      switch trial % 3 {
      case 0:
        // Uniform bytes: nearly always invalid, early.
        bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
      case 1:
        // Mostly ASCII with edge bytes here and there: invalid later, often past a block.
        bytes = (0..<count).map { _ in random.chance(0.05) ? random.pick(Self.edgeBytes) : 0x61 }
      default:
        // Valid pieces and bad fragments mixed.
        while bytes.count < count {
          bytes += random.chance(0.03) ? random.pick(Self.badFragments) : Self.text(&random, bytes: 1)
        }
      }
      Self.expectAgreement(bytes, "random case \(trial)")
    }
  }

  @Test("edge bytes after a prefix of every length up to two blocks")
  func edgeBytesAfterPrefixes() {
    var random = SeededGenerator(seed: 0x7AB1_E5)
    for prefixLength in 0...130 {
      let prefix = Self.text(&random, bytes: prefixLength).prefix(prefixLength)
      guard String(validating: prefix, as: UTF8.self) != nil else { continue }
      for _ in 0..<40 {
        var bytes = Array(prefix)
        for _ in 0..<random.int(1...4) { bytes.append(random.pick(Self.edgeBytes)) }
        Self.expectAgreement(bytes, "prefix \(prefixLength)")
        // The same bytes followed by ASCII (a whole block of it) and by more text.
        Self.expectAgreement(bytes + Array(repeating: 0x20, count: 70), "prefix \(prefixLength), then ASCII")
        Self.expectAgreement(bytes + Self.text(&random, bytes: 40), "prefix \(prefixLength), then text")
      }
    }
  }

  @Test("mutations of multi-script text near block boundaries")
  func mutationsNearBoundaries() {
    var random = SeededGenerator(seed: 0x3E7A_0F5E)
    for round in 0..<12 {
      let original = Self.text(&random, bytes: 300)
      Self.expectAgreement(original, "round \(round), unchanged")
      for offset in Self.nearBoundaries where offset < original.count {
        let label = "round \(round), offset \(offset)"
        for fragment in Self.badFragments {
          var inserted = original
          inserted.insert(contentsOf: fragment, at: offset)
          Self.expectAgreement(inserted, "\(label), inserted \(fragment)")
          var replaced = original
          replaced.replaceSubrange(offset..<min(offset + fragment.count, original.count), with: fragment)
          Self.expectAgreement(replaced, "\(label), replaced with \(fragment)")
        }
        for byte in Self.edgeBytes {
          var replaced = original
          replaced[offset] = byte
          Self.expectAgreement(replaced, "\(label), byte \(byte)")
        }
        var removed = original
        removed.remove(at: offset)
        Self.expectAgreement(removed, "\(label), removed")
        // Cut there: a sequence may end unfinished.
        Self.expectAgreement(Array(original[..<offset]), "\(label), truncated")
      }
    }
  }

  @Test("every length from 0 to 200, valid and with the last sequence cut")
  func lengthsAroundBlocks() {
    var random = SeededGenerator(seed: 0x1E_6775)
    for count in 0...200 {
      for _ in 0..<8 {
        // Exactly `count` bytes: ASCII filler after whole scalars.
        var bytes: [UInt8] = []
        while true {
          let next = Array(String(random.pick(Self.alphabet)).utf8)
          guard bytes.count + next.count <= count else { break }
          bytes += next
        }
        bytes += Array(repeating: 0x2E, count: count - bytes.count)
        Self.expectAgreement(bytes, "\(count) bytes")
        guard count > 0 else { continue }
        // The end replaced by a sequence missing its last bytes, and by a lone continuation.
        for fragment in [[0xC3], [0xE4, 0xB8], [0xF0, 0x9F, 0x98], [0xF4, 0x8F, 0xBF], [0x80]] as [[UInt8]]
        where fragment.count <= count {
          var cut = bytes
          cut.replaceSubrange((count - fragment.count)..<count, with: fragment)
          Self.expectAgreement(cut, "\(count) bytes, ending \(fragment)")
        }
      }
    }
  }

  @Test("a sequence left open before a block of ASCII")
  func openSequenceBeforeASCIIBlock() {
    for fragment in [[0xC3], [0xE4], [0xE4, 0xB8], [0xF0], [0xF0, 0x9F], [0xF0, 0x9F, 0x98]] as [[UInt8]] {
      for blockEnd in [16, 32, 48, 64, 128, 192] {
        for shift in 0...3 {
          let prefix = Array("Ж".utf8) + Array(repeating: 0x61, count: blockEnd - fragment.count - 2 - shift)
          for asciiCount in [0, 1, 63, 64, 65, 128, 200] {
            let bytes = prefix + fragment + Array(repeating: 0x3C, count: shift + asciiCount)
            Self.expectAgreement(bytes, "\(fragment) ending at \(blockEnd - shift), then \(asciiCount) ASCII")
            // Text after the ASCII: the open sequence must not be forgotten once the blocks that
            // follow have non-ASCII bytes again.
            Self.expectAgreement(
              bytes + Array("Жж中 😀".utf8) + Array(repeating: 0x3E, count: 80),
              "\(fragment) ending at \(blockEnd - shift), then \(asciiCount) ASCII and text")
          }
        }
      }
    }
  }
}
