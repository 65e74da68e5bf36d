import Foundation

/// Section slugs without a Foundation call per heading for the scripts met most.
///
/// `TextNormalization.slug` folds case and diacritics with Foundation, then keeps letters and
/// digits. Folding is a property of each character on its own for the scalars below U+0700 (Latin,
/// Greek, Cyrillic, Armenian, Hebrew, Arabic letters) and for the CJK ideographs, so a table made
/// once, by asking Foundation about each scalar, gives the same slug as folding the whole text.
/// Marks, format characters and prepended signs join their neighbours into one character, so a text
/// holding one takes the Foundation path, as does any other scalar.
///
/// The table's slugs are written as UTF-8 bytes into one buffer on the stack and become a string
/// once: a `String.UnicodeScalarView` append costs hundreds of instructions per scalar, and
/// `String.count` walks grapheme clusters. Every scalar the table writes is a character of its
/// own (it holds no marks, format characters or prepended signs, and nothing below U+0700 or in
/// the CJK block extends or joins a neighbour by any other grapheme rule), so the table path
/// counts characters by counting the scalars it writes.
enum SlugFolding {
  /// The table, packed for the byte writer: what each scalar below U+0700 adds to a slug.
  private struct Table {
    /// The entry of a scalar the table does not answer for.
    static let unanswered = UInt32.max

    /// Per scalar below U+0700: where its items start in `items` (high 24 bits) and how many there
    /// are (low 8 bits), or `unanswered`.
    let entries: [UInt32]
    /// One per folded scalar: a letter's or digit's UTF-8 bytes packed little-endian (never 0,
    /// as no byte of a non-NUL scalar's UTF-8 is 0), or 0 for a hyphen break.
    let items: [UInt32]
    /// No input byte makes more than this many output bytes, counting the hyphen that may go
    /// before each letter: it sizes the buffer for a slug with no length limit.
    let growth: Int
  }

  /// Asks Foundation about each scalar below U+0700 once.
  private static let table: Table = {
    var entries: [UInt32] = []
    var items: [UInt32] = []
    // A CJK ideograph: 3 bytes in, at most a hyphen and the same 3 bytes out.
    var growth = 2
    entries.reserveCapacity(0x700)
    for value in 0..<UInt32(0x700) {
      guard let contribution = contribution(of: Unicode.Scalar(value)!) else {
        entries.append(Table.unanswered)
        continue
      }
      let inputLength = UTF8.width(Unicode.Scalar(value)!)
      var outputLength = 0
      for output in contribution {
        if let output { outputLength += 1 + UTF8.width(output) }
      }
      growth = max(growth, (outputLength + inputLength - 1) / inputLength)
      precondition(items.count < 1 << 24 && contribution.count < 1 << 8, "the slug table outgrew its entries")
      entries.append(UInt32(items.count) << 8 | UInt32(contribution.count))
      items.append(contentsOf: contribution.map { $0.map(packedUTF8) ?? 0 })
    }
    return Table(entries: entries, items: items, growth: growth)
  }()

  /// What one scalar adds to a slug: each folded scalar, or nil for one that is neither letter nor
  /// digit (a hyphen break). Nil: a scalar the table does not answer for.
  private static func contribution(of scalar: Unicode.Scalar) -> [Unicode.Scalar?]? {
    guard !joinsNeighbours(scalar) else { return nil }
    let folded = String(Character(scalar)).folding(
      options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
    var contribution: [Unicode.Scalar?] = []
    for output in folded.unicodeScalars {
      if joinsNeighbours(output) { return nil }
      let character = Character(output)
      contribution.append(character.isLetter || character.isNumber ? output : nil)
    }
    return contribution
  }

  /// The UTF-8 bytes of `scalar` packed little-endian into one word.
  private static func packedUTF8(_ scalar: Unicode.Scalar) -> UInt32 {
    var packed: UInt32 = 0
    var shift: UInt32 = 0
    for byte in UTF8.encode(scalar)! {
      packed |= UInt32(byte) << shift
      shift += 8
    }
    return packed
  }

  /// Marks, format characters and Arabic prepended signs: they form one character with a
  /// neighbour, so what they add depends on it.
  private static func joinsNeighbours(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .spacingMark, .enclosingMark, .format: return true
    default: return (0x0600...0x0605).contains(scalar.value) || scalar.value == 0x06DD
    }
  }

  /// The slug of `text`, which must already be in normal form (`TextNormalization.normalize`):
  /// what `TextNormalization.slug` gives, without normalising again.
  static func slug(normalized text: String, maximumLength: Int = 60) -> String {
    assert(
      TextNormalization.normalize(text).utf8.elementsEqual(text.utf8),
      "slug(normalized:) was given text not in normal form")
    // Taking a negative-length prefix traps; so does asking for a negative maximum.
    precondition(maximumLength >= 0, "a slug's maximum length cannot be negative")
    if let slug = tableSlug(text, maximumLength: maximumLength) { return slug }
    var out = foldedSlugBody(text)
    if out.count > maximumLength {
      // At most `maximumLength` characters, cut after the last whole word that fits.
      let cut = out.prefix(maximumLength)
      if let hyphen = cut.lastIndex(of: "-") { out = String(cut[..<hyphen]) } else { out = String(cut) }
    }
    return out
  }

  /// The slug letters and hyphens of `text` (already normalised), or nil when a scalar is not in
  /// the table; the caller then folds with Foundation.
  static func slugBody(_ text: String) -> String? {
    tableSlug(text, maximumLength: Int.max)
  }

  /// The slug of `text` (already normalised) made from the table, or nil when a scalar is not in
  /// it. A body longer than `maximumLength` characters is cut to its first `maximumLength`, then
  /// back to before the last hyphen among them, if any.
  private static func tableSlug(_ text: String, maximumLength: Int) -> String? {
    let table = Self.table
    var text = text
    return text.withUTF8 { input -> String? in
      // Room for the whole body, or for `maximumLength` characters of up to 4 bytes each.
      let byLimit = maximumLength <= Int.max / 4 ? maximumLength * 4 : Int.max
      let capacity = max(1, min(input.count * table.growth, byLimit))
      return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer -> String? in
        var writer = SlugWriter(buffer: buffer, maximumLength: maximumLength)
        let end = input.count
        var position = 0
        while position < end {
          let lead = input[position]
          if lead < 0x80 {
            guard writer.add(table.entries[Int(lead)], of: table) else { return nil }
            position += 1
          } else if lead < 0xE0 {
            // Two bytes: U+0080…U+07FF (the input is valid UTF-8).
            let value = Int(lead & 0x1F) << 6 | Int(input[position + 1] & 0x3F)
            guard value < 0x700, writer.add(table.entries[value], of: table) else { return nil }
            position += 2
          } else if lead < 0xF0 {
            let second = input[position + 1]
            let third = input[position + 2]
            let value = UInt32(lead & 0x0F) << 12 | UInt32(second & 0x3F) << 6 | UInt32(third & 0x3F)
            // CJK unified ideographs: letters, untouched by folding.
            guard value >= 0x4E00, value <= 0x9FEF else { return nil }
            writer.emit(UInt32(lead) | UInt32(second) << 8 | UInt32(third) << 16)
            position += 3
          } else {
            return nil
          }
        }
        return writer.finished()
      }
    }
  }

  /// Writes a slug's bytes, keeping the characters that fit in `maximumLength`.
  private struct SlugWriter {
    let buffer: UnsafeMutableBufferPointer<UInt8>
    let maximumLength: Int
    /// Bytes written.
    var count = 0
    /// Characters written (each scalar the table gives, and each hyphen, is one).
    var characters = 0
    var pendingHyphen = false
    /// A character did not fit: the body is longer than `maximumLength`, and what is written is
    /// its first `maximumLength` characters.
    var full = false

    init(buffer: UnsafeMutableBufferPointer<UInt8>, maximumLength: Int) {
      self.buffer = buffer
      self.maximumLength = maximumLength
    }

    /// Adds a table entry's items; false when the table does not answer for the scalar.
    @inline(__always)
    mutating func add(_ entry: UInt32, of table: Table) -> Bool {
      if entry == Table.unanswered { return false }
      let start = Int(entry >> 8)
      for index in start..<(start + Int(entry & 0xFF)) {
        let item = table.items[index]
        if item == 0 { pendingHyphen = true } else { emit(item) }
      }
      return true
    }

    /// Writes one letter or digit (its UTF-8 packed little-endian), after the pending hyphen if
    /// a letter came before it.
    @inline(__always)
    mutating func emit(_ packed: UInt32) {
      if full { return }
      if pendingHyphen, characters > 0 {
        guard characters < maximumLength else {
          full = true
          return
        }
        buffer[count] = UInt8(ascii: "-")
        count += 1
        characters += 1
      }
      pendingHyphen = false
      guard characters < maximumLength else {
        full = true
        return
      }
      var bytes = packed
      repeat {
        buffer[count] = UInt8(truncatingIfNeeded: bytes)
        count += 1
        bytes >>= 8
      } while bytes != 0
      characters += 1
    }

    /// The slug: everything written, or, when the body was longer, what was written up to its
    /// last hyphen (a hyphen is ASCII, so it is never part of another character's bytes).
    func finished() -> String {
      var end = count
      if full, let hyphen = buffer[..<count].lastIndex(of: UInt8(ascii: "-")) { end = hyphen }
      return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<end]), as: UTF8.self)
    }
  }

  /// The slug letters and hyphens of `text` (already normalised), folded by Foundation.
  static func foldedSlugBody(_ text: String) -> String {
    let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
    var out = ""
    var pendingHyphen = false
    for character in folded {
      if character.isLetter || character.isNumber {
        if pendingHyphen, !out.isEmpty { out.append("-") }
        pendingHyphen = false
        out.append(character)
      } else {
        pendingHyphen = true
      }
    }
    return out
  }
}
