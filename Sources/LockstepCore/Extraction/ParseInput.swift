/// What the parser reads of a page (`MainRegionScanner.parseInput`): the page with the parts
/// that cannot be content left out, and what is needed to give positions in the page again.
///
/// Left-out parts never take a line break with them, so line numbers are the page's. Each one
/// is recorded where it stood, with the number of characters it held on its line; a column the
/// parser reports is mapped back by adding those that stood before it on the same line.
struct ParseInput {
  /// The bytes for the parser.
  var bytes: [UInt8]
  /// Where characters were left out: at byte `offset` of `bytes`, `columns` characters of the
  /// page's line. In order of `offset`.
  private(set) var removals: [(offset: Int, columns: Int)] = []
  /// Language versions the byte scan read before `<main>`, and after `</main>`.
  var languages: [LanguageVersion] = []
  var trailingLanguages: [LanguageVersion] = []
  /// The canonical URL of a `<link>` the byte scan read before `<main>`, and after `</main>`.
  var canonicalURLBeforeMain: String?
  var trailingCanonicalURL: String?
  /// Whether left-out characters are replaced by spaces instead (columns stay true as they are).
  let padded: Bool

  init(bytes: [UInt8], trailingLanguages: [LanguageVersion] = [], padded: Bool = false) {
    self.bytes = bytes
    self.trailingLanguages = trailingLanguages
    self.padded = padded
  }

  /// Records that `columns` characters of the current line are left out here.
  mutating func leaveOut(columns: Int) {
    guard columns > 0 else { return }
    if padded {
      bytes.append(contentsOf: repeatElement(0x20, count: columns))
    } else {
      removals.append((bytes.count, columns))
    }
  }

  /// `part` of the head with its tags turned into one comment; the white space around them
  /// stays, and so does a part too short for a comment.
  mutating func appendBlanked(_ part: ArraySlice<UInt8>) {
    func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D }
    guard let first = part.firstIndex(where: { !isSpace($0) }),
      let last = part.lastIndex(where: { !isSpace($0) })
    else {
      bytes.append(contentsOf: part)
      return
    }
    bytes.append(contentsOf: part[..<first])
    appendBlankComment(replacing: part[first...last])
    bytes.append(contentsOf: part[(last + 1)...])
  }

  /// An empty comment with as many line breaks as `original`, and the characters of its last
  /// line left out; `original` itself when that line is shorter than the comment's (under seven
  /// characters on one line, or a last line under three).
  mutating func appendBlankComment(replacing original: ArraySlice<UInt8>) {
    let (newlines, lastLine) = original.withUnsafeBufferPointer { buffer in
      let (newlines, lastLineStart) = MainRegionScanner.lineBreaks(in: buffer, 0..<buffer.count)
      return (newlines, Self.characters(in: UnsafeBufferPointer(rebasing: buffer[lastLineStart...])))
    }
    let used = newlines == 0 ? 7 : 3
    guard lastLine >= used else {
      bytes.append(contentsOf: original)
      return
    }
    bytes.append(contentsOf: [0x3C, 0x21, 0x2D, 0x2D])  // <!--
    bytes.append(contentsOf: repeatElement(0x0A, count: newlines))
    // Inside the comment: padding there is no text (after it, it would join a unit's text).
    leaveOut(columns: lastLine - used)
    bytes.append(contentsOf: [0x2D, 0x2D, 0x3E])  // -->
  }

  /// The number of characters (bytes that are not UTF-8 continuation bytes) in `bytes`, eight
  /// bytes at a time.
  static func characters(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
    guard let base = bytes.baseAddress else { return 0 }
    var continuations = 0
    var position = 0
    while position + 8 <= bytes.count {
      let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
      // A continuation byte has its top bit set and the next one clear.
      continuations += (word & ~(word << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
      position += 8
    }
    while position < bytes.count {
      if base[position] & 0xC0 == 0x80 { continuations += 1 }
      position += 1
    }
    return bytes.count - continuations
  }

  /// The page's 1-based column for a position the parser reported in `bytes`.
  func pageColumn(line: Int, column: Int, lineStarts: [Int]) -> Int {
    guard !removals.isEmpty, line >= 1, line <= lineStarts.count, column >= 1 else { return column }
    let lineStart = lineStarts[line - 1]
    // The byte offset of the reported character: `column - 1` characters into its line.
    var offset = lineStart
    var characters = 1
    while offset < bytes.count, bytes[offset] != 0x0A, characters < column {
      offset += 1
      while offset < bytes.count, bytes[offset] & 0xC0 == 0x80 { offset += 1 }
      characters += 1
    }
    // Removals on this line at or before it (binary search for the first on the line).
    var low = 0
    var high = removals.count
    while low < high {
      let middle = (low + high) / 2
      if removals[middle].offset < lineStart { low = middle + 1 } else { high = middle }
    }
    var mapped = column
    while low < removals.count, removals[low].offset <= offset {
      mapped += removals[low].columns
      low += 1
    }
    return mapped
  }

  /// The offset where each line of `bytes` starts (for `pageColumn`).
  func lineStarts() -> [Int] {
    var starts = [0]
    for (offset, byte) in bytes.enumerated() where byte == 0x0A { starts.append(offset + 1) }
    return starts
  }
}
