import Foundation
import Testing

@testable import LockstepCore

/// The slug algorithm as it was before the byte writer (commit 6a20f2e), kept verbatim as the
/// reference the fast path must match byte for byte.
private enum ReferenceSlug {
  static let table: [[Unicode.Scalar?]?] = (0..<0x700).map { value -> [Unicode.Scalar?]? in
    guard let scalar = Unicode.Scalar(UInt32(value)), !joinsNeighbours(scalar) else { return nil }
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

  static func joinsNeighbours(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .spacingMark, .enclosingMark, .format: return true
    default: return (0x0600...0x0605).contains(scalar.value) || scalar.value == 0x06DD
    }
  }

  static func slugBody(_ text: String) -> String? {
    var out = String.UnicodeScalarView()
    var pendingHyphen = false
    func emit(_ scalar: Unicode.Scalar) {
      if pendingHyphen, !out.isEmpty { out.append("-") }
      pendingHyphen = false
      out.append(scalar)
    }
    for scalar in text.unicodeScalars {
      let value = scalar.value
      if value >= 0x4E00, value <= 0x9FEF {
        emit(scalar)
        continue
      }
      guard value < 0x700, let contribution = table[Int(value)] else { return nil }
      for output in contribution {
        if let output { emit(output) } else { pendingHyphen = true }
      }
    }
    return String(out)
  }

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

  static func slug(_ text: String, maximumLength: Int = 60) -> String {
    let normalized = TextNormalization.normalize(text)
    var out = slugBody(normalized) ?? foldedSlugBody(normalized)
    if out.count > maximumLength {
      let cut = out.prefix(maximumLength)
      if let hyphen = cut.lastIndex(of: "-") { out = String(cut[..<hyphen]) } else { out = String(cut) }
    }
    return out
  }
}

/// The assembler's fast paths (slugs written as bytes, ids built in one allocation, the content
/// hash fed as units are made) against what they replaced.
@Suite("Assembler fast paths")
struct AssemblerSpeedTests {
  /// Pieces of heading text: each group is one kind of script or trouble.
  static let pieces: [[String]] = [
    // ASCII words, digits and punctuation.
    [
      "Contact", "info", "WORK", "2024", "a", "Z", "x9", "-", " ", "?", "!", ".", ",", ":", "(", ")", "/",
      "&", "'",
    ],
    // Precomposed Latin diacritics, ligature-like letters that fold to two, Latin-1 signs.
    [
      "Työ", "yrittäminen", "Åland", "Élève", "Straße", "Łódź", "ıi", "Şişli", "œuvre", "Ǆemal",
      "ǅ", "ŉ", "ø", "²", "½", "ª", "µ", "©", "×",
    ],
    // Cyrillic, Greek, Armenian.
    ["Помощь", "жертвам", "Ёлка", "Їжак", "Ґанок", "ΣΑΣ", "σας", "Άλφα", "ΐ", "Ϊϊ", "Հայերեն", "և"],
    // Arabic, Persian and Hebrew letters; digits; tatweel.
    ["الاتجار", "بالبشر", "قاچاق", "انسان", "کار", "٣٤", "۷۸", "ـ", "שלום"],
    // Arabic and Hebrew marks, prepended signs: a character joined with its neighbour.
    ["الْعَرَبِيَّة", "\u{64E}", "\u{600}١٢", "\u{6DD}", "שָׁלוֹם"],
    // CJK ideographs.
    ["人口贩运", "中文", "强迫劳动", "人"],
    // Combining marks on Latin letters (decomposed), alone, and enclosing; a capital whose folding
    // keeps a combining dot.
    ["e\u{301}", "a\u{308}\u{304}", "\u{301}", "x\u{20DD}", "o\u{328}\u{301}", "İstanbul"],
    // Emoji: plain, with skin tone, ZWJ sequences, flags, keycaps.
    ["😀", "👍🏽", "👨‍👩‍👧", "🇫🇮", "1️⃣", "❤️"],
    // Other scripts: Thai, Devanagari, Hangul (syllables and jamo), Syriac, Thaana, Ethiopic; CJK
    // and full-width punctuation, full-width letters and digits; dashes and quotes.
    [
      "ไทย", "हिन्दी", "한국어", "\u{1100}\u{1161}\u{11A8}", "ܐܪܡܝܐ", "ތާނަ", "አማርኛ", "。", "，", "（", "）",
      "ＡＢ", "１２", "–", "’",
    ],
    // Beyond the BMP, compatibility and letterlike characters.
    ["𝔘𝔫𝔦", "𠀀", "ﬁ", "Ⅻ", "℃", "Å", "Ω"],
    // White space and invisible format characters (normalised away or kept as breaks).
    ["\u{A0}", "\t", "\n", "\u{2003}", "\u{200B}", "\u{AD}", "\u{200D}", "\u{200E}", "  "],
  ]

  /// The groups the table answers for (no marks, no scalars beyond it): texts the fast path takes.
  static let tableGroups = [0, 1, 2, 3, 5]

  /// A random heading: pieces from `groups`, sometimes joined by spaces, sometimes run together.
  static func heading(_ random: inout SeededGenerator, groups: [Int], pieces count: Int) -> String {
    let separators = [" ", " ", "-", ", ", "\u{A0}", "/"]
    var text = ""
    for _ in 0..<count {
      let group = Self.pieces[random.pick(groups)]
      text += random.pick(group)
      if random.chance(0.6) { text += random.pick(separators) }
    }
    return text
  }

  /// Bytes, not `==`: two strings that differ only in normalisation compare equal as `String`s.
  static func same(_ left: String, _ right: String) -> Bool { Array(left.utf8) == Array(right.utf8) }

  @Test("slugs match the old algorithm byte for byte, for random texts and every length cut")
  func slugsMatchReference() {
    var random = SeededGenerator(seed: 0x5106_2026)
    let allGroups = Array(Self.pieces.indices)
    var tableTexts = 0
    var cutTexts = 0
    for index in 0..<1_500 {
      let groups = index % 3 == 0 ? allGroups : Self.tableGroups
      // Short headings, and long ones around the default limit of 60 characters.
      let text = Self.heading(
        &random, groups: groups, pieces: index % 2 == 0 ? random.int(0...8) : random.int(10...30))
      let body = ReferenceSlug.slugBody(TextNormalization.normalize(text))
      if body != nil { tableTexts += 1 }
      let fullLength = (body ?? ReferenceSlug.foldedSlugBody(TextNormalization.normalize(text))).count
      var lengths = [0, 1, 2, 3, 7, 60, fullLength, fullLength + 1, Int.max]
      for _ in 0..<3 { lengths.append(random.int(0...max(0, fullLength))) }
      if fullLength > 0 { lengths.append(fullLength - 1) }
      if fullLength > 60 { cutTexts += 1 }
      for maximumLength in lengths {
        let expected = ReferenceSlug.slug(text, maximumLength: maximumLength)
        let actual = TextNormalization.slug(text, maximumLength: maximumLength)
        #expect(
          Self.same(actual, expected),
          "case \(index), maximum \(maximumLength): \(text.debugDescription) gave \(actual.debugDescription), not \(expected.debugDescription)"
        )
        let normalized = TextNormalization.normalize(text)
        #expect(Self.same(SlugFolding.slug(normalized: normalized, maximumLength: maximumLength), expected))
      }
      let normalized = TextNormalization.normalize(text)
      let fast = SlugFolding.slugBody(normalized)
      #expect((fast == nil) == (body == nil), "case \(index): \(text.debugDescription)")
      if let fast, let body { #expect(Self.same(fast, body), "case \(index): \(text.debugDescription)") }
    }
    // The random texts exercise both paths and the cut.
    #expect(tableTexts > 500)
    #expect(cutTexts > 100)
  }

  @Test(
    "slugs at the edges of the cut",
    arguments: [
      ("abcd e", 5), ("ab cd e", 6), ("ab-cd-e", 6), ("abcdef", 3), ("a b c d", 4), ("a b c d", 3),
      ("人口 贩运", 3),
      ("Ёлка и йод", 6), ("Straße Straße", 7), ("ǆǆǆ ǆ", 7), ("x", 0), ("!!!", 0), ("", 0), ("word ", 60),
    ])
  func cutEdges(text: String, maximumLength: Int) {
    #expect(
      Self.same(
        TextNormalization.slug(text, maximumLength: maximumLength),
        ReferenceSlug.slug(text, maximumLength: maximumLength)))
  }

  @Test("long headings are cut after a whole word, as before")
  func longHeadings() {
    let words = ["Työ", "ja", "yrittäminen", "Помощь", "жертвам", "人口贩运", "e\u{301}tude", "😀"]
    for count in 1...40 {
      let text = (0..<count).map { words[$0 % words.count] }.joined(separator: " ")
      let slug = TextNormalization.slug(text)
      #expect(Self.same(slug, ReferenceSlug.slug(text)), "\(count) words")
      #expect(slug.count <= 60)
      #expect(!slug.hasSuffix("-"))
    }
  }

  @Test("ids: head, separator, name and decimal number, as interpolation writes them")
  func ids() {
    let heads = [
      "", "intro", "contact", "fifteen-chars-x", "sixteen-chars-xx", "помощь-жертвам", "人口贩运/list2",
    ]
    let numbers = [0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, 12_345, Int.max]
    for head in heads {
      #expect(PageAssembler.makeID(head, "/", "heading") == "\(head)/heading")
      #expect(PageAssembler.makeID(head, "/", "name") == "\(head)/name")
      for number in numbers {
        #expect(Self.same(PageAssembler.makeID(head, "/", "p", number: number), "\(head)/p\(number)"))
        #expect(Self.same(PageAssembler.makeID(head, "/", number: number), "\(head)/\(number)"))
        #expect(Self.same(PageAssembler.makeID(head, "-", number: number), "\(head)-\(number)"))
        #expect(Self.same(PageAssembler.makeID(head, "/", "phone", number: number), "\(head)/phone\(number)"))
      }
    }
  }

  @Test("section ids: slugs, duplicates numbered from 2, a number that collides, empty slugs")
  func sectionIDs() throws {
    let html = """
      <html lang="en"><body><main><h1>Title</h1>
      <p>Intro text.</p>
      <h2>Contact</h2><p>a</p>
      <h2>Contact</h2><p>b</p><p>c</p><ul><li>one</li><li>two</li></ul>
      <h2>Contact 2</h2><p>d</p>
      <h2>!!!</h2><p>e</p>
      <h2>Section 5</h2><p>f</p>
      <h2>Intro</h2><p>g</p>
      <h2>Contact</h2><address>Office<br>Main Street 1<br>09 123 4567<br>040 765 4321<br>a@example.fi</address>
      <h2>???</h2><ol><li>x</li></ol>
      </main></body></html>
      """
    let document = try Extract.document(html: html)
    #expect(
      document.sections.map(\.id) == [
        "intro", "contact", "contact-2", "contact-2-2", "section-5", "section-5-2", "intro-2", "contact-3",
        "section-9",
      ])
    #expect(document.section("contact-2")?.heading?.id == "contact-2/heading")
    #expect(
      document.section("contact-2")?.blocks.flatMap { $0.units.map(\.id) } == [
        "contact-2/p1", "contact-2/p2", "contact-2/list1/1", "contact-2/list1/2",
      ])
    let contact = try #require(document.section("contact-3")?.blocks.first)
    #expect(contact.id == "contact-3/contact1")
    #expect(
      contact.units.map(\.id) == [
        "contact-3/contact1/address1", "contact-3/contact1/address2", "contact-3/contact1/phone1",
        "contact-3/contact1/phone2", "contact-3/contact1/email1",
      ])
    #expect(document.section("section-9")?.blocks.first?.units.map(\.id) == ["section-9/list1/1"])
    let ids = document.units.map(\.id)
    #expect(Set(ids).count == ids.count)
  }

  /// The content hash as it was computed before: over the finished document's units.
  static func contentHash(of document: PageDocument) -> String {
    var hash = SHA256()
    document.forEachUnit { unit in
      hash.update(unit.id)
      hash.update(CollectionOfOne(0x1F))
      hash.update(unit.fingerprint)
      hash.update(CollectionOfOne(0x1E))
    }
    return hexString(hash.finalize())
  }

  @Test(
    "the content hash, fed as units are made, is the hash over the finished document",
    arguments: ["contact-page.en.html", "generic-page.html", "decoy-page.html"])
  func contentHash(fixture: String) throws {
    let document = try Extract.document(bytes: try Paths.fixtureBytes(fixture), file: fixture)
    #expect(!document.units.isEmpty)
    #expect(document.contentHash == Self.contentHash(of: document))
  }

  @Test("the shipped page's content hash is the hash over its units")
  func shippedContentHash() throws {
    let document = try Extract.shippedPage()
    #expect(document.contentHash == Self.contentHash(of: document))
  }
}
