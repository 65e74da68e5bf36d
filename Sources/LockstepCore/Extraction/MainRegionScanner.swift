#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Finds where a page's first `<main>` element ends with a byte scan, so that the parser need not
/// read what follows it: on an InfoFinland page that is the footer and the `__NEXT_DATA__` script,
/// which repeats the whole page as JSON (a third of the bytes and more).
///
/// The scan is a small HTML tokenizer, not a string search: it skips comments, `<!…>` and `<?…>`
/// constructs, quoted attribute values, and the raw text of `script`, `style`, `textarea`,
/// `title`, `xmp`, `iframe`, `noembed`, `noframes` and `noscript`, so a `</main>` written inside
/// any of them is not taken for the end tag. Cutting there changes nothing the extractor keeps:
/// when a page has a `<main>`, only what stands inside it is content, and head elements
/// (`<html lang>`, the canonical link, the language menu) come before it.
enum MainRegionScanner {
  private static let commentOpen = Array("!--".utf8)
  private static let commentClose = Array("-->".utf8)
  private static let endTagOpen = Array("</".utf8)
  private static let main = Array("main".utf8)

  /// The offset just past the `>` of the first `</main>` end tag that closes a `<main>`, or nil
  /// when there is none (then the whole page is parsed).
  static func endOfMain(in bytes: [UInt8]) -> Int? {
    bytes.withUnsafeBufferPointer { scan($0) }
  }

  private static let rawTextElements: [[UInt8]] = [
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
  ].map { Array($0.utf8) }

  private static func scan(_ buffer: UnsafeBufferPointer<UInt8>) -> Int? {
    let count = buffer.count
    var index = 0
    var sawMain = false
    while index < count {
      guard let open = byte(0x3C, in: buffer, from: index) else { return nil }  // <
      index = open
      let next = index + 1
      guard next < count else { return nil }
      if matches(buffer, at: next, commentOpen) {
        guard let close = find(buffer, commentClose, from: next + 3) else { return nil }
        index = close + 3
      } else if buffer[next] == 0x21 || buffer[next] == 0x3F {  // <! or <?
        guard let close = byte(0x3E, in: buffer, from: next) else { return nil }
        index = close + 1
      } else if buffer[next] == 0x2F {  // </
        let nameStart = next + 1
        let nameEnd = tagNameEnd(buffer, from: nameStart)
        guard let close = tagEnd(buffer, from: nameEnd) else { return nil }
        if sawMain, equalsLowercase(buffer, nameStart..<nameEnd, main) { return close + 1 }
        index = close + 1
      } else if isLetter(buffer[next]) {
        let nameEnd = tagNameEnd(buffer, from: next)
        guard let close = tagEnd(buffer, from: nameEnd) else { return nil }
        if equalsLowercase(buffer, next..<nameEnd, main) { sawMain = true }
        index = close + 1
        if let raw = rawTextElements.first(where: { equalsLowercase(buffer, next..<nameEnd, $0) }) {
          // Raw text runs to the matching end tag, whatever it holds.
          guard let end = findEndTag(buffer, raw, from: index) else { return nil }
          index = end
        }
      } else {
        index = next
      }
    }
    return nil
  }

  private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

  private static func tagNameEnd(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
    var index = start
    while index < buffer.count {
      let byte = buffer[index]
      if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C || byte == 0x2F
        || byte == 0x3E
      {
        break
      }
      index += 1
    }
    return index
  }

  /// The `>` that ends a tag, skipping quoted attribute values.
  private static func tagEnd(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
    // Common case: no quote before the first `>`.
    guard let close = byte(0x3E, in: buffer, from: start) else { return nil }
    if byte(0x22, in: buffer, from: start, to: close) == nil,
      byte(0x27, in: buffer, from: start, to: close) == nil
    {
      return close
    }
    var index = start
    var quote: UInt8?
    while index < buffer.count {
      let byte = buffer[index]
      if let open = quote {
        if byte == open { quote = nil }
      } else if byte == 0x22 || byte == 0x27 {
        quote = byte
      } else if byte == 0x3E {
        return index
      }
      index += 1
    }
    return nil
  }

  private static func findEndTag(
    _ buffer: UnsafeBufferPointer<UInt8>, _ name: [UInt8], from start: Int
  ) -> Int? {
    var index = start
    while let open = find(buffer, endTagOpen, from: index) {
      let nameStart = open + 2
      let nameEnd = nameStart + name.count
      if nameEnd <= buffer.count, equalsLowercase(buffer, nameStart..<nameEnd, name),
        nameEnd == buffer.count || !isLetter(buffer[nameEnd])
      {
        return open
      }
      index = open + 2
    }
    return nil
  }

  /// The first `value` at or after `start` (memchr: the C library scans many bytes at a time).
  private static func byte(
    _ value: UInt8, in buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int? = nil
  ) -> Int? {
    let limit = end ?? buffer.count
    guard start < limit, let base = buffer.baseAddress else { return nil }
    guard let found = memchr(base + start, Int32(value), limit - start) else { return nil }
    return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
  }

  private static func find(_ buffer: UnsafeBufferPointer<UInt8>, _ needle: [UInt8], from start: Int) -> Int? {
    guard let first = needle.first else { return nil }
    var index = start
    while let candidate = byte(first, in: buffer, from: index) {
      if matches(buffer, at: candidate, needle) { return candidate }
      index = candidate + 1
    }
    return nil
  }

  private static func matches(_ buffer: UnsafeBufferPointer<UInt8>, at start: Int, _ needle: [UInt8]) -> Bool
  {
    guard start + needle.count <= buffer.count else { return false }
    for offset in 0..<needle.count where buffer[start + offset] != needle[offset] { return false }
    return true
  }

  private static func equalsLowercase(
    _ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ name: [UInt8]
  ) -> Bool {
    guard range.count == name.count, range.upperBound <= buffer.count else { return false }
    for (offset, position) in range.enumerated() {
      let byte = buffer[position]
      let lower = (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
      if lower != name[offset] { return false }
    }
    return true
  }
}
