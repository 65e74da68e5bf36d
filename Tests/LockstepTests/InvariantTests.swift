import Foundation
import Testing

@testable import LockstepCore

/// The canonical value of the first invariant of `kind` that `InvariantScanner` finds in `text`.
private func canonical(_ kind: Invariant.Kind, in text: String) -> String? {
  InvariantScanner.scan(text).first { $0.kind == kind }?.value
}

/// Phone numbers: however a translation writes them, the same number compares equal.
@Suite("Phone invariants")
struct PhoneInvariantTests {
  static let migri = "+358295666817"

  @Test(
    "the same Finnish number in every writing canonicalises to +358295666817",
    arguments: [
      "0295 666 817",
      "+358 295 666 817",
      "+358295666817",
      "00358 295 666 817",
      "0295-666-817",
      "0295\u{00A0}666\u{00A0}817",
      "٠٢٩٥ ٦٦٦ ٨١٧",
      "۰۲۹۵ ۶۶۶ ۸۱۷",
      "０２９５ ６６６ ８１７",
      "+٣٥٨ ٢٩٥ ٦٦٦ ٨١٧",
      "0295\u{200F} 666\u{200F} 817",
      "\u{2066}+358 295 666 817\u{2069}",
    ])
  func sameNumber(written: String) {
    #expect(canonical(.phone, in: written) == Self.migri)
    #expect(canonical(.phone, in: "Call \(written) on weekdays.") == Self.migri, "inside a sentence")
  }

  @Test("the written trunk prefix (0) after +358 is not part of the number")
  func trunkPrefix() {
    #expect(canonical(.phone, in: "+358 (0)295 666 817") == Self.migri)
  }

  @Test("a number with one digit changed differs")
  func changedDigit() {
    #expect(canonical(.phone, in: "0295 666 818") == "+358295666818")
    #expect(canonical(.phone, in: "0295 666 818") != Self.migri)
    #expect(canonical(.phone, in: "+358 295 666 871") != Self.migri)
  }

  @Test("the EU service number 116 006 stays six digits", arguments: ["116 006", "116006", "١١٦ ٠٠٦"])
  func serviceNumber(written: String) {
    #expect(canonical(.phone, in: "Call \(written) for help.") == "116006")
  }

  @Test("a phone number is found in running text and a tel: link")
  func scanAndLink() {
    let invariants = InvariantScanner.scan("Call 0295 666 817.", hrefs: ["tel:+358295666817"])
    #expect(invariants.filter { $0.kind == .phone }.map(\.value) == [Self.migri], "found once")
  }

  @Test("canonicalPhone refuses what is not a phone number", arguments: ["12", "2024", "0295 abc", "+1"])
  func notPhones(text: String) {
    #expect(InvariantScanner.canonicalPhone(text) == nil)
  }

  @Test("a written-out year or postal code is a number, not a phone")
  func numbersAreNotPhones() {
    let invariants = InvariantScanner.scan("Since 2024 the office at 00100 Helsinki is open.")
    #expect(!invariants.contains { $0.kind == .phone })
    #expect(invariants.filter { $0.kind == .number }.map(\.value) == ["2024", "00100"])
  }
}

/// Plain numbers in any script compare by their digits.
@Suite("Number invariants")
struct NumberInvariantTests {
  @Test(
    "digits of other scripts become ASCII digits",
    arguments: [
      ("Room 42", "42"), ("Room ٤٢", "42"), ("Room ۴۲", "42"), ("Room ４２", "42"), ("Room ४२", "42"),
    ])
  func otherScripts(text: String, value: String) {
    #expect(canonical(.number, in: text) == value)
  }

  @Test("a number glued to letters (an id like A12) is not taken, nor is its tail")
  func gluedToLetters() {
    #expect(canonical(.number, in: "form 12") == "12")
    #expect(canonical(.number, in: "form A12") == nil)
  }

  @Test("a changed number differs")
  func changed() {
    #expect(canonical(.number, in: "within 14 days") != canonical(.number, in: "within 41 days"))
  }
}

/// Web addresses: scheme, `www.`, case and a trailing slash do not matter; the path and the host do.
@Suite("URL invariants")
struct URLInvariantTests {
  @Test(
    "the same address however it is written",
    arguments: [
      "https://www.riku.fi/en/", "https://www.riku.fi/en", "http://riku.fi/en", "riku.fi/en",
      "www.riku.fi/en/",
      "HTTPS://WWW.RIKU.FI/en", "https://riku.fi:443/en/",
    ])
  func sameAddress(written: String) {
    #expect(
      InvariantScanner.canonicalURL(written.hasPrefix("riku") ? "https://" + written : written)?.url
        == "riku.fi/en")
    #expect(canonical(.url, in: "See \(written) for more.") == "riku.fi/en", "in running text")
  }

  @Test("href targets give url and domain invariants")
  func hrefs() {
    let invariants = InvariantScanner.urlInvariants("https://www.riku.fi/en/")
    #expect(invariants.map(\.kind) == [.url, .domain])
    #expect(invariants.map(\.value) == ["riku.fi/en", "riku.fi"])
  }

  @Test("a different path or host differs")
  func differentPath() {
    let english = InvariantScanner.canonicalURL("https://www.riku.fi/en/")?.url
    #expect(InvariantScanner.canonicalURL("https://www.riku.fi/sv/")?.url != english)
    #expect(InvariantScanner.canonicalURL("https://www.riku.fi/")?.url != english)
    #expect(InvariantScanner.canonicalURL("https://www.riku.com/en/")?.url != english)
    #expect(canonical(.url, in: "See riku.fi/sv") != canonical(.url, in: "See riku.fi/en"))
  }

  @Test("sentence punctuation after an address is not part of it")
  func trailingPunctuation() {
    #expect(canonical(.url, in: "Read more at https://migri.fi/en.") == "migri.fi/en")
    #expect(canonical(.domain, in: "Visit migri.fi, then call.") == "migri.fi")
  }

  @Test("a host written with a Cyrillic о does not equal the real host")
  func homoglyph() {
    let spoofed = "pr\u{043E}tukipiste.fi"
    let real = canonical(.domain, in: "See protukipiste.fi for help.")
    #expect(real == "protukipiste.fi")
    let found = canonical(.domain, in: "See \(spoofed) for help.")
    #expect(found != nil, "the spoofed host is still reported")
    #expect(found != real)
    #expect(InvariantScanner.canonicalURL("https://\(spoofed)/en/")?.url != "protukipiste.fi/en")
  }

  @Test(
    "mailto: and tel: links give an e-mail and a phone",
    arguments: ["mailto:Info@RIKU.fi", "MAILTO:info@riku.fi?subject=Hi"])
  func mailto(href: String) {
    #expect(InvariantScanner.urlInvariants(href) == [Invariant(kind: .email, value: "info@riku.fi", raw: "")])
  }

  @Test("relative links keep their path and have no domain")
  func relative() {
    let invariants = InvariantScanner.urlInvariants("/en/housing/")
    #expect(invariants.map(\.kind) == [.url])
    #expect(invariants.first?.value == "/en/housing")
    #expect(InvariantScanner.urlInvariants("#heading-1").isEmpty)
    #expect(InvariantScanner.urlInvariants("javascript:void(0)").isEmpty)
  }
}

/// E-mail addresses compare case-insensitively.
@Suite("E-mail invariants")
struct EmailInvariantTests {
  @Test(
    "mixed case is the same address",
    arguments: ["Info@RIKU.fi", "info@riku.fi", "INFO@RIKU.FI", "info＠riku.fi"])
  func mixedCase(written: String) {
    #expect(canonical(.email, in: "Write to \(written).") == "info@riku.fi")
  }

  @Test("an address is one e-mail invariant, not also a domain or url")
  func notAlsoDomain() {
    let invariants = InvariantScanner.scan("Write to migri@migri.fi today.")
    #expect(invariants.map(\.kind) == [.email])
  }

  @Test("a different address differs")
  func different() {
    #expect(canonical(.email, in: "info@riku.fi") != canonical(.email, in: "info@riku.com"))
  }
}

/// What a `Unit` derives from its text.
@Suite("Unit")
struct UnitTests {
  @Test("the fingerprint is the first 16 hex digits of the SHA-256 of the normalised text")
  func fingerprint() {
    let unit = Unit(id: "intro/p1", kind: .paragraph, text: "Call 0295 666 817.", line: 3)
    #expect(unit.fingerprint == String(SHA256.hex("Call 0295 666 817.").prefix(16)))
    #expect(unit.fingerprint.count == 16)
    #expect(unit.fingerprint.allSatisfy { $0.isHexDigit && !$0.isUppercase })
  }

  @Test("invariants come from the link target first, then the text, each once")
  func invariantsOrder() {
    let unit = Unit(
      id: "s/links1/1", kind: .link, text: "Victim Support Finland, riku.fi/en, 116 006", line: 1,
      url: "https://www.riku.fi/en/")
    #expect(unit.invariants.map(\.kind) == [.url, .domain, .phone])
    #expect(unit.invariants.map(\.value) == ["riku.fi/en", "riku.fi", "116006"])
  }

  @Test("inline link targets are invariants")
  func inlineLinks() {
    let unit = Unit(
      id: "p", kind: .paragraph, text: "See the website.", line: 1,
      links: [InlineLink(text: "website", href: "https://protukipiste.fi/en/", offset: 8, length: 7)])
    #expect(unit.invariants.map(\.value) == ["protukipiste.fi/en", "protukipiste.fi"])
  }

  @Test("invariants compare by kind and canonical value, not by how they were written")
  func invariantEquality() {
    let a = Invariant(kind: .phone, value: "+358295666817", raw: "0295 666 817")
    let b = Invariant(kind: .phone, value: "+358295666817", raw: "+358 295 666 817")
    #expect(a == b)
    #expect(Set([a, b]).count == 1)
    #expect(a != Invariant(kind: .number, value: "+358295666817", raw: ""))
  }
}

/// The one normalisation every text goes through.
@Suite("Text normalisation")
struct TextNormalizationTests {
  @Test("decomposed and precomposed ä are the same text")
  func nfc() {
    let decomposed = "Tyo\u{0308}"
    let precomposed = "Ty\u{00F6}"
    #expect(Array(decomposed.unicodeScalars) != Array(precomposed.unicodeScalars))
    #expect(
      Array(TextNormalization.normalize(decomposed).unicodeScalars) == Array(precomposed.unicodeScalars))
    #expect(TextNormalization.fingerprint(decomposed) == TextNormalization.fingerprint(precomposed))
  }

  @Test(
    "whitespace runs, no-break spaces, tabs and new lines collapse to one space and are trimmed",
    arguments: [
      "  Human   trafficking\tis a\ncrime.  ", "Human\u{00A0}trafficking is\u{00A0}\u{00A0}a crime.",
      "Human trafficking\u{202F}is a\r\ncrime.", "Human trafficking is a crime.",
    ])
  func whitespace(text: String) {
    #expect(TextNormalization.normalize(text) == "Human trafficking is a crime.")
    #expect(
      TextNormalization.fingerprint(text) == TextNormalization.fingerprint("Human trafficking is a crime."))
  }

  @Test("bidi marks and zero-width characters are dropped")
  func invisible() {
    #expect(TextNormalization.normalize("\u{200F}abc\u{200B}def\u{2066}\u{2069}\u{FEFF}") == "abcdef")
  }

  @Test("a real change of text changes the fingerprint")
  func realChange() {
    #expect(
      TextNormalization.fingerprint("forcing someone to marry.")
        != TextNormalization.fingerprint("forcing someone to marry"))
    #expect(TextNormalization.fingerprint("Työ") != TextNormalization.fingerprint("Tyo"))
  }

  @Test("slugs: lower case, hyphens, Latin diacritics folded, other scripts kept")
  func slugs() {
    #expect(
      TextNormalization.slug("Are you a victim of human trafficking?")
        == "are-you-a-victim-of-human-trafficking")
    #expect(TextNormalization.slug("Työ ja yrittäminen") == "tyo-ja-yrittaminen")
    #expect(TextNormalization.slug("Помощь жертвам") == "помощь-жертвам")
    #expect(TextNormalization.slug("!!!") == "")
    let long = TextNormalization.slug(String(repeating: "word ", count: 40))
    #expect(long.count <= 60)
    #expect(!long.hasSuffix("-"))
  }
}

/// SHA-256 against the FIPS 180-4 test vectors.
@Suite("SHA-256")
struct SHA256Tests {
  @Test(
    "known digests",
    arguments: [
      ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
      ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
      (
        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
      ),
    ])
  func vectors(input: String, digest: String) {
    #expect(SHA256.hex(input) == digest)
  }

  @Test("one million a's")
  func millionA() {
    let digest = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
    #expect(SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)) == digest)
    // Fed in uneven pieces, the result is the same.
    var hash = SHA256()
    var remaining = 1_000_000
    var piece = 1
    while remaining > 0 {
      let count = min(piece, remaining)
      hash.update([UInt8](repeating: UInt8(ascii: "a"), count: count))
      remaining -= count
      piece = piece * 3 + 1
    }
    #expect(hexString(hash.finalize()) == digest)
  }

  @Test(
    "lengths around the 55/56/64-byte padding boundaries, whole and byte by byte",
    arguments: [
      (55, "576a1bf8d4478657e6dc4af9398544765c2a92cde28478b019235cfed315fc09"),
      (56, "9b20501dfd1d99161c257950f3444f3e49230c351c5c8e0943ef369f85f5205d"),
      (63, "30b345906b493f06f69444b6521113511c242f30e29840462950035043682f1e"),
      (64, "d8bc63b4fc1156e5e7d95a418b9bf54cd3174bedbc2db40f74895349b229b3c0"),
      (65, "1ee23b0fbcaecc1aff4a9e8f1645f35ab2c8e13609cd73b68df8b5e3f63ce073"),
      (119, "7a6589821178918ca8d9edaba5abfc1e9b2669564f4469b66885379c1530b2c8"),
      (120, "655250427d56b1b0eeb8497d21428704273458a01772d6881b65c0abac0f8a98"),
    ])
  func paddingBoundaries(length: Int, digest: String) {
    // Bytes i * 7 mod 256; digests from Python's hashlib.
    let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 7) }
    #expect(SHA256.hex(bytes) == digest)
    var hash = SHA256()
    for byte in bytes { hash.update([byte]) }
    #expect(hexString(hash.finalize()) == digest)
  }
}

@Suite("Slug folding table")
struct SlugFoldingTests {
  /// Headings of the shipped page in its languages, and random texts over the table's scripts.
  static let texts: [String] = {
    var texts = [
      "Are you a victim of human trafficking?", "Ihmiskauppa ja pakkotyö", "Människohandel och tvångsarbete",
      "Торговля людьми и принудительный труд", "Інформаційна служба", "Inimkaubandus ja sunnitöö",
      "Traite des êtres humains et travail forcé", "Tahriibinta dadka iyo shaqada qasabka ah",
      "Trata de personas y trabajo forzoso", "İnsan ticareti ve zorla çalıştırma", "人口贩运和强迫劳动",
      "قاچاق انسان و کار اجباری", "الاتجار بالبشر والعمل القسري", "Straße Ǆemal ŉ Łódź ΣΑΣ Ёлка ﻻ",
    ]
    let alphabet = Array(
      "aZ09 -?!.,()ÄäÖöÅåÉéÈèÇçÑñßŁłİıŞşĞğŒœÆæØøǄǅǆŉΣσςΆάΪϊЁёЙйЇїҐґЖжقاچ انسکیٴ٣۷。，中文الْعَرَبِيَّة\u{600}\u{301}")
    var generator = SeededGenerator(seed: 11)
    for _ in 0..<500 {
      texts.append(
        String(
          (0..<Int(generator.next() % 20 + 1)).map { _ in
            alphabet[Int(generator.next() % UInt64(alphabet.count))]
          }))
    }
    return texts
  }()

  @Test("the table gives what Foundation's folding gives", arguments: texts)
  func tableMatchesFoundation(_ text: String) {
    let normalized = TextNormalization.normalize(text)
    if let fast = SlugFolding.slugBody(normalized) {
      #expect(fast == SlugFolding.foldedSlugBody(normalized), "\(text)")
    }
  }

  @Test("the table answers for Latin, Cyrillic and CJK headings and leaves marks to Foundation")
  func tableCoverage() {
    #expect(SlugFolding.slugBody("Työ ja yrittäminen") == "tyo-ja-yrittaminen")
    #expect(SlugFolding.slugBody("Ёлка и йод") == "елка-и-иод")
    #expect(SlugFolding.slugBody("人口贩运") == "人口贩运")
    #expect(SlugFolding.slugBody("e\u{301}") == nil)
    #expect(SlugFolding.slugBody("ไทย") == nil)
  }
}
