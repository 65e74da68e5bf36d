import Foundation
import Testing

@testable import LockstepCore

/// A small seeded generator (SplitMix64): every property runs on the same inputs each time, and a
/// failure names the seed and case so it can be replayed.
struct SeededGenerator: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var value = state
    value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
    value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
    return value ^ (value >> 31)
  }

  mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }

  mutating func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }

  mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &self) < probability }

  /// A string of `count` scalars drawn from `alphabet`.
  mutating func string(from alphabet: [Unicode.Scalar], count: Int) -> String {
    var scalars = String.UnicodeScalarView()
    for _ in 0..<count { scalars.append(pick(alphabet)) }
    return String(scalars)
  }
}

@Suite("Properties")
struct PropertyTests {
  static let cases = 400

  /// Text that looks like what the scanners see: words, digits in several scripts, separators,
  /// URL and e-mail punctuation.
  static let messyAlphabet: [Unicode.Scalar] = Array(
    "abcXYZ019 +-().:/?#@＠＋٣۴５\u{00A0}\u{200B}wWfiöä_%~[]".unicodeScalars)

  // MARK: Canonical forms

  @Test("canonical phone, URL and e-mail forms are idempotent")
  func canonicalFormsAreIdempotent() {
    var random = SeededGenerator(seed: 0x10C5_7E9)
    for index in 0..<Self.cases * 5 {
      let text: String
      switch index % 4 {
      case 0: text = random.string(from: Self.messyAlphabet, count: random.int(0...30))
      case 1: text = Self.phone(&random).text
      case 2: text = Self.url(&random)
      default: text = Self.email(&random)
      }
      if let phone = InvariantScanner.canonicalPhone(text) {
        #expect(InvariantScanner.canonicalPhone(phone) == phone, "case \(index): \(text.debugDescription)")
      }
      if let url = InvariantScanner.canonicalURL(text) {
        #expect(
          InvariantScanner.canonicalURL(url.url)?.url == url.url, "case \(index): \(text.debugDescription)")
      }
      let email = InvariantScanner.canonicalEmail(text)
      #expect(InvariantScanner.canonicalEmail(email) == email, "case \(index): \(text.debugDescription)")
    }
  }

  static let digitScripts: [(name: String, zero: UInt32)] = [
    ("ASCII", 0x30), ("Arabic-Indic", 0x660), ("Persian", 0x6F0), ("full-width", 0xFF10),
  ]

  @Test("a phone number canonicalises the same in every digit script and with any spacing")
  func phoneInAnyDigitScript() throws {
    var random = SeededGenerator(seed: 0xF0_4E)
    for index in 0..<Self.cases {
      let (_, digits, international) = Self.phone(&random)
      let expected = try #require(
        InvariantScanner.canonicalPhone((international ? "+" : "") + digits), "case \(index): \(digits)")
      for script in Self.digitScripts {
        // Groups of 1–4 digits joined by a space, a hyphen or nothing.
        var written = international ? "+" : ""
        var position = 0
        let scalars = Array(digits.unicodeScalars)
        while position < scalars.count {
          let length = min(random.int(1...4), scalars.count - position)
          for scalar in scalars[position..<(position + length)] {
            written.unicodeScalars.append(Unicode.Scalar(script.zero + scalar.value - 0x30)!)
          }
          position += length
          if position < scalars.count { written += random.pick([" ", "-", "", "\u{00A0}"]) }
        }
        #expect(
          InvariantScanner.canonicalPhone(written) == expected,
          "case \(index), \(script.name) digits: \(written.debugDescription) should read as \(expected)")
      }
    }
  }

  /// A Finnish national number (leading 0, 9–10 digits) or an international one (`+`, 8–15 digits).
  static func phone(_ random: inout SeededGenerator) -> (text: String, digits: String, international: Bool) {
    let international = random.chance(0.5)
    var digits = international ? "358" : "0"
    let count = international ? random.int(5...10) : random.int(8...9)
    for _ in 0..<count { digits += String(random.int(0...9)) }
    return ((international ? "+" : "") + digits, digits, international)
  }

  static func url(_ random: inout SeededGenerator) -> String {
    let scheme = random.pick(["https://", "http://", "HTTPS://", "//", "", "/"])
    let host =
      random.pick(["www.", "WWW.", ""]) + random.pick(["migri", "kela", "infopankki", "a-b"])
      + random.pick([".fi", ".FI", ".com", ".fi.", ""]) + random.pick(["", ":443", ":80", ":8080"])
    let path = random.pick(["", "/", "/en", "/en/permits/", "/a//b/"])
    let query = random.pick(["", "?lang=fi", "/?q=1", "#top"])
    return scheme + (scheme == "/" ? "" : host) + path + query
  }

  static func email(_ random: inout SeededGenerator) -> String {
    random.pick(["info", "Someone.Else", "a+b"]) + random.pick(["@", "＠"])
      + random.pick(["Riku.fi", "example.COM", "x.y.z"])
  }

  // MARK: Marked text

  @Test("MarkedText.render and parse round-trip any text and links")
  func markedTextRoundTrip() {
    var random = SeededGenerator(seed: 0x3A_12CE)
    let alphabet = Array("abc xyz[]()äö😀ئ\u{301}.,\\".unicodeScalars)
    for index in 0..<Self.cases {
      let text = random.string(from: alphabet, count: random.int(0...40))
      let count = text.unicodeScalars.count
      var links: [InlineLink] = []
      var position = 0
      while position < count, random.chance(0.6) {
        let offset = random.int(position...count)
        let length = random.int(0...(count - offset))
        let scalars = Array(text.unicodeScalars)[offset..<(offset + length)]
        let href = random.pick(["https://migri.fi", "/en/page", "mailto:info@riku.fi", "tel:+358295"])
        links.append(
          InlineLink(
            text: String(String.UnicodeScalarView(scalars)), href: href, offset: offset, length: length))
        position = offset + length + 1
      }
      // A backslash just before a link's bracket, or ending a link's text, reads as an escape: the
      // renderer cannot tell those apart, so such texts are not generated (pages never hold them).
      let scalars = Array(text.unicodeScalars)
      let ambiguous = links.contains { link in
        (link.offset > 0 && scalars[link.offset - 1] == "\\")
          || (link.length > 0 && scalars[link.offset + link.length - 1] == "\\")
      }
      if ambiguous || text.unicodeScalars.last == "\\" { continue }
      let rendered = MarkedText.render(text: text, links: links)
      let parsed = MarkedText.parse(rendered)
      #expect(parsed.text == text, "case \(index): \(rendered.debugDescription)")
      #expect(parsed.links == links, "case \(index): \(rendered.debugDescription)")
    }
  }

  // MARK: Exchange round trip

  @Test(
    "export then import of an unchanged catalog leaves its bytes unchanged",
    arguments: ExchangeFormat.allCases)
  func exportImportIsIdentity(format: ExchangeFormat) throws {
    let copy = try RepositoryCopy()
    let workspace = Workspace(repository: copy.repository)
    for locale in Shipped.locales {
      let before = try Data(contentsOf: copy.catalogURL(locale))
      let exported = try ExchangeExporter.export(
        workspace, page: Shipped.page, locale: locale, format: format, include: Set(ExchangeStatus.allCases))
      let file = try copy.directory.write(exported.text, to: "\(locale).\(format.rawValue)")
      let report = try ExchangeImporter.run(workspace, file: file.path)
      #expect(!report.written, "\(locale) \(format): an unchanged import rewrote the catalog")
      #expect(try Data(contentsOf: copy.catalogURL(locale)) == before, "\(locale) \(format)")
    }
  }

  // MARK: Unit ids

  @Test("unit ids never collide on generated pages")
  func unitIDsAreUnique() throws {
    var random = SeededGenerator(seed: 0x1D_5EED)
    let words = ["Work", "Työ", "Help", "Apu", "Контакты", "联系", "Contact", "Rights", "Oikeudet"]
    for index in 0..<150 {
      var html = "<!DOCTYPE html><html lang=\"en\"><body><main><h1>Title \(random.int(0...3))</h1>"
      if random.chance(0.5) { html += "<p class=\"lead\">Lead text</p>" }
      for _ in 0..<random.int(0...8) {
        // Duplicate headings on purpose: a small word list.
        if random.chance(0.85) { html += "<h2>\(random.pick(words))</h2>" }
        for _ in 0..<random.int(0...5) {
          switch random.int(0...4) {
          case 0: html += "<h3>\(random.pick(words))</h3>"
          case 1:
            html +=
              "<ul>" + (0..<random.int(0...4)).map { _ in "<li>\(random.pick(words))</li>" }.joined()
              + "</ul>"
          case 2:
            html +=
              "<ol>"
              + (0..<random.int(1...3)).map { _ in
                "<li><a href=\"https://migri.fi\">\(random.pick(words))</a></li>"
              }
              .joined() + "</ol>"
          case 3: html += "<p></p>"
          default:
            html += "<p>\(random.pick(words)) \(random.pick(words)) 09 123 \(random.int(1000...9999))</p>"
          }
        }
      }
      html += "</main></body></html>"
      let document = try Extract.document(html: html, file: "generated-\(index).html")
      let ids = document.units.map(\.id)
      #expect(Set(ids).count == ids.count, "case \(index): duplicate ids in \(ids)")
    }
  }
}

@Suite("UTF-8 validation")
struct UTF8ValidationTests {
  /// Byte strings near the edges of UTF-8: every lead byte, continuation bytes at the limits of
  /// each lead's range (overlong forms, surrogates, above U+10FFFF), cut sequences.
  @Test("the validator agrees with the standard library on bytes near every edge")
  func agreesWithStandardLibrary() {
    let interesting: [UInt8] = [
      0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED,
      0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF,
    ]
    var random = SeededGenerator(seed: 0x07F8)
    for _ in 0..<20_000 {
      var bytes: [UInt8] = Array("valid prefix ".utf8)
      for _ in 0..<Int(random.next() % 6 + 1) {
        bytes.append(interesting[Int(random.next() % UInt64(interesting.count))])
      }
      let valid = String(validating: bytes, as: UTF8.self) != nil
      let invalid = HTMLDecoding.firstInvalidUTF8(bytes)
      #expect((invalid == nil) == valid, "\(bytes.suffix(6).map { String($0, radix: 16) })")
      if let invalid {
        // Everything before the reported offset is valid.
        #expect(String(validating: bytes[..<invalid], as: UTF8.self) != nil)
      }
    }
  }
}
