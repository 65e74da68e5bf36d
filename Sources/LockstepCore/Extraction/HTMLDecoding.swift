import CLockstepUTF8
import Foundation

/// Decides a page's encoding in Swift and hands libxml2 UTF-8: a stale `<meta charset>` must never
/// garble text.
public enum HTMLDecoding {
  /// The outcome: UTF-8 bytes, the encoding they were read as, and warnings worth showing.
  public struct Decoded: Sendable {
    /// The page as UTF-8, without a byte-order mark.
    public var utf8: [UInt8]
    /// The encoding the bytes were read as (`utf-8`, `utf-16le`, `windows-1252`, …).
    public var encoding: String
    /// Messages about the encoding (a declaration that disagreed with the bytes).
    public var warnings: [Diagnostic]
  }

  /// Decodes `bytes` from `file`. `declared` is a charset from outside the page (an HTTP header).
  ///
  /// Order: a byte-order mark wins; then valid UTF-8; then the charset the header or the page
  /// declares (ISO-8859-1, Windows-1252, US-ASCII). Anything else is refused with the position of
  /// the first byte that is not UTF-8.
  public static func decode(
    _ bytes: [UInt8], file: String, declared: String? = nil
  ) throws(LockstepError) -> Decoded {
    if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
      throw LockstepError(file: file, rule: "html-empty", "is empty: there is no page to read")
    }
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
      let body = Array(bytes.dropFirst(3))
      if let bad = firstInvalidUTF8(body) {
        let (line, column) = position(of: bad + 3, in: bytes)
        throw LockstepError(
          file: file, rule: "html-encoding", "has a UTF-8 byte-order mark but byte \(bad + 3) is not UTF-8",
          line: line, column: column)
      }
      return try checked(Decoded(utf8: body, encoding: "utf-8", warnings: []), file: file)
    }
    if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
      let little = bytes[0] == 0xFF
      return try checked(
        Decoded(
          utf8: utf16ToUTF8(Array(bytes.dropFirst(2)), littleEndian: little),
          encoding: little ? "utf-16le" : "utf-16be", warnings: []),
        file: file)
    }
    if bytes.prefix(4096).contains(0) {
      throw LockstepError(file: file, rule: "html-binary", "holds binary data (NUL bytes), not an HTML page")
    }
    let invalid = firstInvalidUTF8(bytes)
    let declaredCharset = (declared ?? sniffCharset(bytes))?.lowercased()
    guard let bad = invalid else {
      var warnings: [Diagnostic] = []
      if let declaredCharset, !isUTF8Name(declaredCharset), bytes.contains(where: { $0 >= 0x80 }) {
        warnings.append(
          Diagnostic(
            .warning, "html-encoding",
            "declares charset \(declaredCharset) but its bytes are valid UTF-8; read as UTF-8", file: file))
      }
      return try checked(Decoded(utf8: bytes, encoding: "utf-8", warnings: warnings), file: file)
    }
    if let declaredCharset, singleByteCharsets.contains(declaredCharset) {
      return try checked(
        Decoded(utf8: windows1252ToUTF8(bytes), encoding: declaredCharset, warnings: []), file: file)
    }
    let (line, column) = position(of: bad, in: bytes)
    let why =
      declaredCharset.map { "and its declared charset \($0) is not supported" }
      ?? "and it declares no charset"
    throw LockstepError(
      file: file, rule: "html-encoding", "is not valid UTF-8 (byte 0x\(hex(bytes[bad]))) \(why)", line: line,
      column: column)
  }

  /// A page must start (after whitespace, comments and a doctype) with markup.
  private static func checked(_ decoded: Decoded, file: String) throws(LockstepError) -> Decoded {
    guard let first = decoded.utf8.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 })
    else {
      throw LockstepError(file: file, rule: "html-empty", "is empty: there is no page to read")
    }
    if first != UInt8(ascii: "<") {
      throw LockstepError(
        file: file, rule: "html-not-html", "does not look like HTML: it does not start with markup", line: 1,
        column: 1)
    }
    return decoded
  }

  static let singleByteCharsets: Set<String> = [
    "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "windows-1252", "cp1252", "us-ascii", "ascii",
    "iso-8859-15",
  ]

  private static func isUTF8Name(_ name: String) -> Bool {
    name == "utf-8" || name == "utf8" || name == "us-ascii" || name == "ascii"
  }

  /// The charset a page declares in `<meta charset>` or `<meta http-equiv content>`, from its first 4 KiB.
  public static func sniffCharset(_ bytes: [UInt8]) -> String? {
    let needle = Array("charset=".utf8)
    let limit = min(bytes.count, 4096)
    guard limit >= needle.count else { return nil }
    var index = 0
    while index <= limit - needle.count {
      var matches = true
      for offset in 0..<needle.count where bytes[index + offset] | 0x20 != needle[offset] {
        matches = false
        break
      }
      if matches {
        var position = index + needle.count
        while position < limit, bytes[position] == 0x22 || bytes[position] == 0x27 || bytes[position] == 0x20
        {
          position += 1
        }
        var name: [UInt8] = []
        while position < limit {
          let byte = bytes[position] | 0x20
          let isName =
            (0x61...0x7A).contains(byte) || (0x30...0x39).contains(bytes[position])
            || bytes[position] == 0x2D || bytes[position] == 0x5F
          guard isName else { break }
          name.append((0x41...0x5A).contains(bytes[position]) ? bytes[position] | 0x20 : bytes[position])
          position += 1
        }
        return name.isEmpty ? nil : String(decoding: name, as: UTF8.self)
      }
      index += 1
    }
    return nil
  }

  /// The offset of the first byte that does not belong to a valid UTF-8 sequence.
  static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
    bytes.withUnsafeBytes { raw -> Int? in
      let count = raw.count
      // Valid pages are the rule: the C validator (AVX2 where the CPU has it) says yes or no, and
      // only a no walks the bytes below to find where.
      if lockstep_utf8_valid(raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count) != 0 {
        return nil
      }
      var index = 0
      while index < count {
        // ASCII fast path: eight bytes at a time.
        if index + 8 <= count,
          raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
        {
          index += 8
          continue
        }
        let byte = raw[index]
        if byte < 0x80 {
          index += 1
          continue
        }
        // Text in one script: two-byte letters (Cyrillic, Arabic) or three-byte ones (Thai, CJK)
        // with ASCII spaces and punctuation between them, checked without the general path.
        if index + 2 < count {
          let second = raw[index + 1]
          if byte >= 0xC2, byte <= 0xDF, second & 0xC0 == 0x80 {
            index += 2
            continue
          }
          if byte >= 0xE1, byte <= 0xEF, byte != 0xED, second & 0xC0 == 0x80, raw[index + 2] & 0xC0 == 0x80 {
            index += 3
            continue
          }
        }
        // The first continuation byte's range depends on the lead byte (no overlong forms, no
        // surrogates, nothing above U+10FFFF); later ones are any continuation byte.
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch byte {
        case 0xC2...0xDF: length = 2
        case 0xE0:
          length = 3
          low = 0xA0
        case 0xED:
          length = 3
          high = 0x9F
        case 0xE1...0xEF: length = 3
        case 0xF0:
          length = 4
          low = 0x90
        case 0xF4:
          length = 4
          high = 0x8F
        case 0xF1...0xF3: length = 4
        default: return index
        }
        guard index + length <= count else { return index }
        let second = raw[index + 1]
        guard second >= low, second <= high else { return index }
        if length > 2 {
          guard raw[index + 2] & 0xC0 == 0x80 else { return index }
          if length > 3 { guard raw[index + 3] & 0xC0 == 0x80 else { return index } }
        }
        index += length
      }
      return nil
    }
  }

  /// 1-based line and column (in bytes) of `offset`.
  static func position(of offset: Int, in bytes: [UInt8]) -> (Int, Int) {
    var line = 1
    var lineStart = 0
    for index in 0..<min(offset, bytes.count) where bytes[index] == 0x0A {
      line += 1
      lineStart = index + 1
    }
    return (line, offset - lineStart + 1)
  }

  private static func hex(_ byte: UInt8) -> String { hexString([byte]).uppercased() }

  /// Windows-1252 (the WHATWG reading of ISO-8859-1) to UTF-8.
  static func windows1252ToUTF8(_ bytes: [UInt8]) -> [UInt8] {
    let high: [UInt32] = [
      0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152,
      0x8D,
      0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161,
      0x203A,
      0x0153, 0x9D, 0x017E, 0x0178,
    ]
    var scalars = String.UnicodeScalarView()
    for byte in bytes {
      let value = (0x80...0x9F).contains(byte) ? high[Int(byte) - 0x80] : UInt32(byte)
      scalars.append(Unicode.Scalar(value)!)
    }
    return Array(String(scalars).utf8)
  }

  static func utf16ToUTF8(_ bytes: [UInt8], littleEndian: Bool) -> [UInt8] {
    var units: [UInt16] = []
    units.reserveCapacity(bytes.count / 2)
    var index = 0
    while index + 1 < bytes.count {
      let pair =
        littleEndian
        ? UInt16(bytes[index]) | UInt16(bytes[index + 1]) << 8
        : UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1])
      units.append(pair)
      index += 2
    }
    return Array(String(decoding: units, as: UTF16.self).utf8)
  }
}
