import LockstepXML

/// Text being gathered for one unit, as UTF-8 bytes: whitespace is collapsed and invisible
/// format characters dropped as the bytes arrive, so link offsets are offsets into the final text;
/// NFC runs once at the end, and only when a character that NFC could change was seen.
struct TextCapture {
  enum Kind {
    case none, title, finnishTitle, lead, heading, subheading, paragraph, item, site, link, linkLanguage
    case contactName, contactField
  }

  var kind: Kind
  /// The depth of the element whose end finishes this capture.
  var depth: Int
  var line: Int
  var firstLine = 0
  var implicit = false
  var level = 0
  var anchor: String?
  var url: String?
  private(set) var links: [InlineLink] = []
  private(set) var linkDepth: Int?
  private var linkStart = (byte: 0, scalar: 0)
  private var linkHref = ""
  private var bytes: [UInt8] = []
  private var count = 0
  private var pendingSpace = false
  private var mayNeedNFC = false
  /// Whether the text holds a digit, an `@`, or a `.` or `:` inside a word (not ending one):
  /// without one of them no invariant can be in it (see `InvariantScanner.scan`).
  private(set) var mayHoldInvariant = false
  /// A `.` or `:` ended the text so far: it counts if a non-space character follows.
  private var pendingMark = false

  /// Notes the invariant marks in a plain run (see `plainRunEnd`): a digit or `@`, or any
  /// character after a `.` or `:` that ends a word, except a space.
  private mutating func noteMarks(_ input: UnsafeBufferPointer<UInt8>, _ run: Range<Int>) {
    var position = run.lowerBound
    let end = run.upperBound
    while position < end {
      // Eight bytes at a time while no mark is pending: a block without a candidate byte changes
      // nothing.
      if !pendingMark, position + 8 <= end,
        !Self.mayHoldMark(UnsafeRawPointer(input.baseAddress! + position).loadUnaligned(as: UInt64.self))
      {
        position += 8
        continue
      }
      let byte = input[position]
      position += 1
      if byte >= 0x80 {
        // A lead byte starts a character; continuation bytes only carry on the same one.
        if pendingMark, byte >= 0xC0 {
          mayHoldInvariant = true
          return
        }
        continue
      }
      if byte == 0x20 {
        pendingMark = false
        continue
      }
      if pendingMark || (byte >= 0x30 && byte <= 0x39) || byte == 0x40 {
        mayHoldInvariant = true
        return
      }
      pendingMark = byte == 0x2E || byte == 0x3A
    }
  }

  /// Whether eight bytes may hold an invariant mark: an ASCII byte from `.` to `:` (digits, and
  /// `/` as a harmless extra) or an `@`. Each byte is tested in its own lane, with no carries.
  @inline(__always)
  static func mayHoldMark(_ word: UInt64) -> Bool {
    let high: UInt64 = 0x8080_8080_8080_8080
    let low7 = word & ~high
    let atLeastDot = (low7 &+ 0x5252_5252_5252_5252) & high
    let aboveColon = (low7 &+ 0x4545_4545_4545_4545) & high
    let atSign = ~((low7 ^ 0x4040_4040_4040_4040) &+ 0x7F7F_7F7F_7F7F_7F7F) & high
    return ((atLeastDot & ~aboveColon) | atSign) & ~word & high != 0
  }

  private var lineBreaks: [Int] = []

  init(kind: Kind, depth: Int, line: Int) {
    self.kind = kind
    self.depth = depth
    self.line = line
  }

  /// Takes `buffer` (empty, with whatever capacity it has) to gather the text in, so that one
  /// allocation serves capture after capture.
  mutating func adopt(_ buffer: inout [UInt8]) {
    guard bytes.isEmpty else { return }
    swap(&bytes, &buffer)
  }

  /// Hands the text buffer back, emptied but for its capacity (after `finished` and `lines`).
  mutating func release(to buffer: inout [UInt8]) {
    bytes.removeAll(keepingCapacity: true)
    swap(&bytes, &buffer)
  }

  var unitKind: Unit.Kind {
    switch kind {
    case .title: .title
    case .lead: .lead
    case .heading: .heading
    case .subheading: .subheading
    case .item: .item
    case .link: .link
    case .contactName: .contactName
    default: .paragraph
    }
  }

  /// Appends a run of character data from the parser.
  mutating func append(_ text: borrowing HTMLText) {
    text.withUTF8 { append(utf8: $0) }
  }

  /// Appends a string.
  mutating func append(_ string: String) {
    var copy = string
    copy.withUTF8 { append(utf8: $0) }
  }

  /// Appends UTF-8, collapsing whitespace and dropping invisible format characters.
  mutating func append(utf8 input: UnsafeBufferPointer<UInt8>) {
    var index = 0
    let end = input.count
    while index < end {
      let byte = input[index]
      if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C || byte == 0x0B {
        pendingSpace = count > 0
        pendingMark = false
        index += 1
        continue
      }
      // Most text is plain: it goes in as it is, in one copy.
      let (runEnd, scalars) = Self.plainRunEnd(input, from: index)
      if runEnd > index {
        if pendingSpace { appendSpace() }
        if !mayHoldInvariant { noteMarks(input, index..<runEnd) }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[index..<runEnd]))
        count += scalars
        index = runEnd
        continue
      }
      let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
      guard index + length <= end else { break }
      var value = UInt32(byte) & (0xFF >> UInt32(length + 1))
      for offset in 1..<length { value = value << 6 | UInt32(input[index + offset] & 0x3F) }
      defer { index += length }
      let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
      if TextNormalization.isInvisibleFormat(scalar) { continue }
      if TextNormalization.isUnicodeSpace(value) {
        pendingSpace = count > 0
        continue
      }
      if pendingSpace { appendSpace() }
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[index..<(index + length)]))
      count += 1
      if !mayNeedNFC, value >= 0x300, TextNormalization.mayChangeUnderNFC(scalar) { mayNeedNFC = true }
      if !mayHoldInvariant, pendingMark || scalar == "＠" || InvariantScanner.asciiDigit(scalar) != nil {
        mayHoldInvariant = true
      }
    }
  }

  /// The end of the plain run that starts at `start`, and how many characters it holds. Plain
  /// means the text goes in unchanged: ASCII other than white space, single spaces between such
  /// characters, and the letters of the scripts met most (`isPlain`). A run ends before anything
  /// that needs a closer look: other white space, a format character, a digit outside ASCII, a
  /// character NFC could change, or a cut sequence.
  @inline(__always)
  static func plainRunEnd(_ input: UnsafeBufferPointer<UInt8>, from start: Int) -> (end: Int, scalars: Int) {
    let end = input.count
    var position = start
    var scalars = 0
    while position < end {
      let byte = input[position]
      if byte < 0x80 {
        if byte > 0x20 || (byte < 0x20 && !(0x09...0x0D).contains(byte)) {
          position += 1
          scalars += 1
          continue
        }
        // A single space between plain characters stays; any other white space ends the run.
        guard byte == 0x20, position > start, position + 1 < end else { break }
        let next = input[position + 1]
        if next > 0x20, next < 0x80 || plainLength(input, at: position + 1) > 0 {
          position += 2
          scalars += 2
          if next >= 0x80 { position += plainLength(input, at: position - 1) - 1 }
          continue
        }
        break
      }
      let length = plainLength(input, at: position)
      guard length > 0 else { break }
      position += length
      scalars += 1
    }
    return (position, scalars)
  }

  /// The byte length of the two- or three-byte sequence at `position` when it is a plain letter
  /// (`isPlain`), else 0.
  @inline(__always)
  private static func plainLength(_ input: UnsafeBufferPointer<UInt8>, at position: Int) -> Int {
    let lead = input[position]
    if lead >= 0xC2, lead < 0xE0, position + 1 < input.count {
      let second = input[position + 1]
      guard second & 0xC0 == 0x80 else { return 0 }
      return isPlain(UInt32(lead & 0x1F) << 6 | UInt32(second & 0x3F)) ? 2 : 0
    }
    if lead >= 0xE0, lead < 0xF0, position + 2 < input.count {
      let second = input[position + 1]
      let third = input[position + 2]
      guard second & 0xC0 == 0x80, third & 0xC0 == 0x80 else { return 0 }
      let value = UInt32(lead & 0x0F) << 12 | UInt32(second & 0x3F) << 6 | UInt32(third & 0x3F)
      return isPlain(value) ? 3 : 0
    }
    return 0
  }

  /// Letters and signs that are never white space, never invisible, never a digit or `＠`, and
  /// that NFC leaves alone: Latin-1 and Latin Extended (but the soft hyphen and no-break space),
  /// and the letters of Cyrillic, Arabic, Thai, kana, CJK ideographs and full-width forms (but
  /// the full-width digits and `＠`), as in `TextNormalization.mayChangeUnderNFC`'s fast path.
  @inline(__always)
  static func isPlain(_ value: UInt32) -> Bool {
    switch value {
    case 0x00A1...0x00AC, 0x00AE...0x02FF, 0x0400...0x0482, 0x048A...0x052F, 0x0620...0x064A, 0x0671...0x06D3,
      0x0E01...0x0E30, 0x0E32, 0x0E33, 0x0E40...0x0E46, 0x3001...0x3098, 0x309B...0x33FF, 0x4E00...0x9FFF,
      0xFF01...0xFF0F, 0xFF1A...0xFF1F, 0xFF21...0xFFEF:
      return true
    default:
      return false
    }
  }

  private mutating func appendSpace() {
    pendingSpace = false
    // A link's start puts its space in at once (`openLink`): white space after it adds none.
    guard bytes.last != 0x20 else { return }
    bytes.append(0x20)
    count += 1
  }

  /// A block boundary inside the unit: at least a space.
  mutating func separate() { pendingSpace = count > 0 }

  /// A `<br>`: a space in running text, a new line in a contact block.
  mutating func lineBreak() {
    pendingSpace = count > 0
    if lineBreaks.last != bytes.count { lineBreaks.append(bytes.count) }
  }

  mutating func openLink(href: String, depth: Int) {
    closeLink()
    if pendingSpace { appendSpace() }
    linkDepth = depth
    linkStart = (bytes.count, count)
    linkHref = href
  }

  mutating func closeLink() {
    guard linkDepth != nil else { return }
    linkDepth = nil
    guard count > linkStart.scalar else { return }
    let text = bytes.withUnsafeBufferPointer {
      String(validUTF8: UnsafeBufferPointer(rebasing: $0[linkStart.byte...]))
    }
    links.append(
      InlineLink(text: text, href: linkHref, offset: linkStart.scalar, length: count - linkStart.scalar))
  }

  /// The finished text (NFC) and its links, with offsets into that text.
  var finished: (text: String, links: [InlineLink]) {
    // The space a link put in at its start stays when nothing followed (a link with only an
    // icon at the end): it goes, and the text ends as normal form wants.
    let trimmed = bytes.last == 0x20 ? 1 : 0
    let count = count - trimmed
    let raw = bytes.withUnsafeBufferPointer {
      String(validUTF8: UnsafeBufferPointer(rebasing: $0.dropLast(trimmed)))
    }
    guard mayNeedNFC else { return (raw, links) }
    let composed = TextNormalization.nfc(raw)
    guard composed != raw || composed.unicodeScalars.count != count else { return (composed, links) }
    // NFC merged characters: move each link to its place in the composed text.
    let scalars = Array(raw.unicodeScalars)
    func position(_ offset: Int) -> Int {
      TextNormalization.nfc(String(String.UnicodeScalarView(scalars[..<offset]))).unicodeScalars.count
    }
    let moved = links.map { link in
      let start = position(link.offset)
      let end = position(link.offset + link.length)
      return InlineLink(
        text: TextNormalization.nfc(link.text), href: link.href, offset: start, length: end - start)
    }
    return (composed, moved)
  }

  /// The text split at `<br>`s, each line normalised.
  var lines: [String] {
    var result: [String] = []
    var start = 0
    for end in lineBreaks + [bytes.count] where end >= start {
      // The only white space left in the bytes is single spaces; the one a line break leaves at
      // either end of a line goes here, so most lines are already in normal form.
      var line = bytes[start..<end]
      while line.first == 0x20 { line.removeFirst() }
      while line.last == 0x20 { line.removeLast() }
      result.append(TextNormalization.normalize(String(decoding: line, as: UTF8.self)))
      start = end
    }
    return result
  }
}
