internal import LockstepXML

/// Which bytes of a start tag inside `<main>` the parser need not read: the attributes the
/// extractor never looks at (`style`, `data-*`, `aria-label`, `target`, …) and, in a `class`
/// list, the class names it does not react to. On InfoFinland's markup they are half the bytes of
/// `<main>`, and libxml2 reads attribute values a character at a time, copying each.
///
/// Only what cannot change an event is left out. A tag is left whole unless it reads cleanly the
/// way libxml2 reads it: white space before every attribute, names of letters, digits and
/// `-_:.`, values in quotes, no name twice (libxml2 would warn about the second). An attribute is
/// left in when it holds anything but printable ASCII, or a `&` (libxml2 may warn about a
/// reference) or a `<`; so a left-out part never holds a line break, and is as many columns as
/// bytes. The white space before an attribute stays, so the tag still reads cleanly.
enum AttributeThinning {
  static let longReadName = Array("aria-describedby".utf8)

  /// How the collector reads an attribute of a tag inside `<main>`.
  enum Reading: Equatable {
    /// Its value: it stays whole.
    case value
    /// Only whether it is there: its value is left out (`name=""`).
    case presence
    /// Not at all: it is left out.
    case none
  }

  /// How the collector reads the attribute whose name is at `name` (`key` its packed form, 0
  /// when longer than eight bytes) on a tag named `tag` (packed) inside `<main>`; `class` aside,
  /// which is thinned. Every name in `PageEventCollector.attributesRead` is read somewhere: `dir`
  /// only on `<html>` and `lang` as a value only there (never thinned), `rel` only on `<link>`,
  /// `title` as a value only on an `<a>` (a language link's name); a test checks the list.
  @inline(__always)
  static func reading(
    _ key: UInt64, _ buffer: UnsafeBufferPointer<UInt8>, _ name: Range<Int>, tag: UInt64
  ) -> Reading {
    switch key {
    case AttributeKey.class, AttributeKey.role, AttributeKey.id, AttributeKey.href, AttributeKey.hreflang,
      AttributeKey.datetime:
      return .value
    case AttributeKey.title:
      return tag == MainRegionScanner.anchorKey ? .value : .presence
    case AttributeKey.rel:
      return tag == MainRegionScanner.linkKey ? .value : .none
    case AttributeKey.hidden, AttributeKey.lang:
      return .presence
    case 0:
      return MainRegionScanner.equalsLowercase(buffer, name, longReadName) ? .presence : .none
    default:
      return .none
    }
  }

  /// `reading` for a name and a tag given as strings.
  static func reading(_ name: String, tag: String) -> Reading {
    let bytes = Array(name.utf8)
    return bytes.withUnsafeBufferPointer {
      reading(
        MainRegionScanner.nameKey($0, 0..<bytes.count), $0, 0..<bytes.count,
        tag: MainRegionScanner.nameKey(tag))
    }
  }

  /// Appends to `removals`, in order, the ranges of `attributes` (a start tag's bytes from the end
  /// of its name to its `>`) that the parser need not be shown; appends nothing when the tag does
  /// not read cleanly. `classTokens` are the class names the collector reacts to.
  static func thin(
    _ buffer: UnsafeBufferPointer<UInt8>, _ attributes: Range<Int>, tag: UInt64, classTokens: TokenSet,
    into removals: inout [Range<Int>]
  ) {
    let mark = removals.count
    if !thinOrRefuse(buffer, attributes, tag: tag, classTokens: classTokens, into: &removals) {
      removals.removeSubrange(mark...)
    }
  }

  private static func thinOrRefuse(
    _ buffer: UnsafeBufferPointer<UInt8>, _ attributes: Range<Int>, tag: UInt64, classTokens: TokenSet,
    into removals: inout [Range<Int>]
  ) -> Bool {
    let end = attributes.upperBound
    var position = attributes.lowerBound
    // Whether `at` may follow an attribute: the end, white space, or the `/` of `/>`.
    func isBoundary(_ at: Int) -> Bool {
      at == end || isBlank(buffer[at]) || (at == end - 1 && buffer[at] == 0x2F)
    }
    // The names so far, packed (0 when longer than eight bytes), to refuse a name given twice.
    return withUnsafeTemporaryAllocation(of: (key: UInt64, name: Range<Int>).self, capacity: 16) { names in
      var nameCount = 0
      while true {
        let spaceStart = position
        while position < end, isBlank(buffer[position]) { position += 1 }
        if position == end || (position == end - 1 && buffer[position] == 0x2F) { return true }
        guard position > spaceStart, isLetter(buffer[position]) else { return false }
        let nameStart = position
        while position < end, isNameByte(buffer[position]) { position += 1 }
        let name = nameStart..<position
        guard name.count <= 64, nameCount < names.count else { return false }
        let key = MainRegionScanner.nameKey(buffer, name)
        for index in 0..<nameCount where names[index].key == key {
          if key != 0 || MainRegionScanner.sameName(buffer, names[index].name, name) { return false }
        }
        names[nameCount] = (key, name)
        nameCount += 1
        var attributeEnd = position
        var value: Range<Int>?
        // Whether the attribute, name to closing quote, holds only plain bytes (`closingQuote`).
        var plain = true
        var cursor = position
        while cursor < end, isBlank(buffer[cursor]) {
          plain = plain && buffer[cursor] == 0x20
          cursor += 1
        }
        if cursor < end, buffer[cursor] == 0x3D {  // =
          cursor += 1
          while cursor < end, isBlank(buffer[cursor]) {
            plain = plain && buffer[cursor] == 0x20
            cursor += 1
          }
          guard cursor < end, buffer[cursor] == 0x22 || buffer[cursor] == 0x27,
            let (close, plainValue) = closingQuote(buffer, from: cursor + 1, end: end, quote: buffer[cursor])
          else { return false }
          plain = plain && plainValue
          value = (cursor + 1)..<close
          attributeEnd = close + 1
          position = attributeEnd
        }
        guard isBoundary(position) else { return false }
        if !plain { continue }
        guard key == AttributeKey.class, let value else {
          switch reading(key, buffer, name, tag: tag) {
          case .value: break
          case .presence: if let value, !value.isEmpty { removals.append(value) }
          case .none: removals.append(nameStart..<attributeEnd)
          }
          continue
        }
        thinClassList(
          buffer, value, attribute: nameStart..<attributeEnd, classTokens: classTokens, into: &removals)
      }
    }
  }

  /// Removes from a `class` list the names the collector does not react to, or the whole
  /// attribute when it reacts to none of them. The value holds printable ASCII only, so names are
  /// separated by spaces.
  private static func thinClassList(
    _ buffer: UnsafeBufferPointer<UInt8>, _ value: Range<Int>, attribute: Range<Int>, classTokens: TokenSet,
    into removals: inout [Range<Int>]
  ) {
    // The end of the last kept name so far (nothing is removed before a kept name is found).
    var keptEnd: Int?
    func name(_ start: Int, _ end: Int) {
      guard end > start, classTokens.bit(of: UnsafeBufferPointer(rebasing: buffer[start..<end])) != 0 else {
        return
      }
      // What stands before a kept name goes, but for one space after the kept name before it.
      let from = keptEnd.map { $0 + 1 } ?? value.lowerBound
      if from < start { removals.append(from..<start) }
      keptEnd = end
    }
    // Names end at spaces, found eight bytes at a time (exactly, lane by lane).
    var start = value.lowerBound
    var position = value.lowerBound
    if let base = buffer.baseAddress {
      while position + 8 <= value.upperBound {
        let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
        var spaces = SWAR.matchingBytes(word, 0x20)
        while spaces != 0 {
          let space = position + spaces.trailingZeroBitCount / 8
          name(start, space)
          start = space + 1
          spaces &= spaces &- 1
        }
        position += 8
      }
    }
    while position < value.upperBound {
      if buffer[position] == 0x20 {
        name(start, position)
        start = position + 1
      }
      position += 1
    }
    name(start, value.upperBound)
    guard let keptEnd else {
      removals.append(attribute)
      return
    }
    if keptEnd < value.upperBound { removals.append(keptEnd..<value.upperBound) }
  }

  @inline(__always)
  private static func isBlank(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
  }

  @inline(__always)
  private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

  /// A byte libxml2 reads as part of an attribute name after its first letter.
  @inline(__always)
  static func isNameByte(_ byte: UInt8) -> Bool {
    // Bit n of the first mask: byte n (`-`, `.`, digits, `:`); of the second: byte 64 + n
    // (letters, `_`). The tests check it against the characters.
    byte < 64
      ? (0x07FF_6000_0000_0000 as UInt64) >> byte & 1 != 0
      : byte < 128 && (0x07FF_FFFE_87FF_FFFE as UInt64) >> (byte - 64) & 1 != 0
  }

  /// The closing `quote` of a value that starts at `start`, and whether every byte before it is
  /// plain: printable ASCII but `&` and `<` (nothing libxml2 could warn about, no line break).
  /// Eight bytes at a time.
  static func closingQuote(
    _ buffer: UnsafeBufferPointer<UInt8>, from start: Int, end: Int, quote: UInt8
  ) -> (close: Int, plain: Bool)? {
    guard let base = buffer.baseAddress else { return nil }
    var plain = true
    var position = start
    while position + 8 <= end {
      let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
      let quotes = SWAR.zeroBytes(word ^ SWAR.broadcast(quote))
      // Exact in its lowest lane, like `zeroBytes`: below 0x20, 0x7F and up, `&`, `<`.
      let special =
        ((word &- SWAR.broadcast(0x20)) & ~word & 0x8080_8080_8080_8080) | (word & 0x8080_8080_8080_8080)
        | SWAR.zeroBytes(word ^ SWAR.broadcast(0x7F)) | SWAR.zeroBytes(word ^ SWAR.broadcast(0x26))
        | SWAR.zeroBytes(word ^ SWAR.broadcast(0x3C))
      if quotes != 0 {
        let lane = quotes.trailingZeroBitCount
        if special != 0, special.trailingZeroBitCount < lane { plain = false }
        return (position + lane / 8, plain)
      }
      if special != 0 { plain = false }
      position += 8
    }
    while position < end {
      let byte = base[position]
      if byte == quote { return (position, plain) }
      if byte < 0x20 || byte > 0x7E || byte == 0x26 || byte == 0x3C { plain = false }
      position += 1
    }
    return nil
  }

}
