import Testing

@testable import LockstepCore

/// Cases the scanner's buffer- and byte-level fast paths must treat as the general rules do: each
/// invariant as kind, canonical value and raw text.
@Suite("Invariant scanner edge cases")
struct InvariantScannerEdgeCaseTests {
  private static func described(_ invariants: [Invariant]) -> [String] {
    invariants.map { "\($0.kind.rawValue) \($0.value) \($0.raw)" }
  }

  @Test(
    "phones: raw text as written, invisible characters left out",
    arguments: [
      ("0295\u{200B}666\u{200B}817", ["phone +358295666817 0295666817"]),
      ("Call +358 (0)295 666 817 now", ["phone +358295666817 +358 (0)295 666 817"]),
      ("Call 116006.", ["phone 116006 116006"]),
      ("Code 1160060", ["number 1160060 1160060"]),
      ("+358 40 123 4567, 040 123 4567", ["phone +358401234567 +358 40 123 4567"]),
      ("tel. 09 310 1234 (vaihde)", ["phone +35893101234 09 310 1234"]),
    ])
  func phones(text: String, expected: [String]) {
    #expect(Self.described(InvariantScanner.scan(text)) == expected)
  }

  @Test("canonicalPhone: a full-width plus with the trunk prefix, an invisible joiner in 116 006")
  func canonicalPhoneEdges() {
    #expect(InvariantScanner.canonicalPhone("＋358 (0) 295 666 817") == "+358295666817")
    #expect(InvariantScanner.canonicalPhone("116\u{200D}006") == "116006")
    #expect(InvariantScanner.canonicalPhone("116006") == "116006")
    #expect(InvariantScanner.canonicalPhone(String(repeating: "0", count: 18)) == nil)
  }

  @Test(
    "numbers and e-mails keep how they were written",
    arguments: [
      ("Room ٤٢", ["number 42 ٤٢"]),
      ("klo 9.00–16.00", ["number 9 9", "number 00 00", "number 16 16"]),
      ("Info@Пример.рф", ["email info@пример.рф Info@Пример.рф"]),
      ("INFO＠RIKU.FI", ["email info@riku.fi INFO＠RIKU.FI"]),
      (
        "e.g. migri.fi/en/?lang=fi/.",
        ["url migri.fi/en?lang=fi migri.fi/en/?lang=fi/", "domain migri.fi migri.fi"]
      ),
    ])
  func writtenForms(text: String, expected: [String]) {
    #expect(Self.described(InvariantScanner.scan(text)) == expected)
  }

  @Test("many invariants: each once, in order of first appearance")
  func manyInvariants() {
    let text = (1...40).map(String.init).joined(separator: " ") + " 1 2 40 39"
    #expect(InvariantScanner.scan(text).map(\.value) == (1...40).map(String.init))
  }

  @Test(
    "link targets on the fast path: upper-case host, repeated www., trailing dots and slashes",
    arguments: [
      ("HTTPS://WWW.Example.FI/Path/?Q=1/", "example.fi/Path?Q=1", "example.fi"),
      ("https://www.www.example.fi./", "example.fi", "example.fi"),
      ("https://x.fi//?a=b//", "x.fi?a=b", "x.fi"),
      ("https://x.fi#top", "x.fi", "x.fi"),
      ("http://WWW.X.FI/?", "x.fi?", "x.fi"),
    ])
  func fastPathLinks(href: String, url: String, host: String) {
    #expect(
      Self.described(InvariantScanner.urlInvariants(href)) == [
        "url \(url) \(href)", "domain \(host) \(host)",
      ])
    #expect(InvariantScanner.simpleCanonicalURL(href)?.url == url)
    #expect(InvariantScanner.canonicalURL(href)?.url == url)
  }
}
