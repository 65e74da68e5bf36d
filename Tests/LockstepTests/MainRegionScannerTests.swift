import Testing

@testable import LockstepCore

@Suite("Main region scanner")
struct MainRegionScannerTests {
  func end(_ html: String) -> String? {
    let bytes = Array(html.utf8)
    return MainRegionScanner.endOfMain(in: bytes).map { String(decoding: bytes[..<$0], as: UTF8.self) }
  }

  @Test("cuts right after the first </main> that closes a <main>")
  func cutsAfterMain() {
    #expect(end("<body><main id=m><p>a</p></main><footer>f</footer>") == "<body><main id=m><p>a</p></main>")
    #expect(end("<BODY><MAIN><p>a</p></Main ><script>x</script>") == "<BODY><MAIN><p>a</p></Main >")
  }

  @Test(
    "a </main> inside a comment, raw text, an attribute or before any <main> is not the end",
    arguments: [
      "<!-- </main> --><main><p>a</p></main>",
      "<script>var s = '</main>';</script><main><p>a</p></main>",
      "<style>/* </main> */</style><main><p>a</p></main>",
      "<main><p title=\"</main>\">a</p><textarea></main></textarea></main>",
      "</main><main><p>a</p></main>",
      "<main><noscript></main></noscript><p>a</p></main>",
    ])
  func notFooled(_ html: String) {
    #expect(end(html + "<footer>x</footer>") == html)
  }

  @Test("no <main>, or no end tag: nothing is cut")
  func nothingToCut() {
    #expect(end("<body><article><p>a</p></article></body>") == nil)
    #expect(end("<body><main><p>a</p>") == nil)
    #expect(end("<main><!-- unterminated </main>") == nil)
    #expect(end("") == nil)
  }

  @Test("the shipped page: everything after </main> is footer and scripts")
  func shippedPage() throws {
    let bytes = try Extract.shippedPageBytes()
    let cut = try #require(MainRegionScanner.endOfMain(in: bytes))
    let rest = String(decoding: bytes[cut...], as: UTF8.self)
    #expect(rest.contains("__NEXT_DATA__"))
    #expect(rest.contains("ifu-footer"))
    #expect(!rest.contains("ifu-article__ingress"))
  }

  @Test("the language menu before <main> is read by the scan, in document order, with references decoded")
  func languagesBeforeMain() throws {
    let html = """
      <html lang="en"><head><link rel="alternate" hreflang="de" href="/de"></head>
      <body><header><a hreflang="fi" title="Suomi" href="/fi?a=1&amp;b=2">fi</a>
      <A HREFLANG='sv' href=/sv>sv</A></header>
      <main><p>Text <a hreflang="et" href="/et">et</a></p></main><footer>f</footer></body></html>
      """
    let document = try Extract.document(html: html)
    #expect(document.languageVersions.map(\.locale) == ["de", "fi", "sv", "et"])
    #expect(document.languageVersions[1].url == "/fi?a=1&b=2")
    #expect(document.languageVersions[1].name == "Suomi")
    #expect(document.units.map(\.text) == ["Text et"])
  }

  @Test("line numbers inside <main> stay true when the part before it is left out")
  func lineNumbers() throws {
    let html =
      "<html><body>\n<nav>\n<a href=x>menu</a>\n</nav>\n<main>\n<h1>Title</h1>\n<p>Third</p></main></body></html>"
    let document = try Extract.document(html: html)
    #expect(document.title?.line == 6)
    #expect(document.sections.first?.blocks.first?.units.first?.line == 7)
  }

  @Test("a page with an <h1> before <main> keeps it as its title")
  func headingBeforeMain() throws {
    let html =
      "<html><body><div class=banner><h1>Site title</h1></div><main><p>Body text</p></main></body></html>"
    let document = try Extract.document(html: html)
    #expect(document.title?.text == "Site title")
    #expect(document.units.map(\.text) == ["Site title", "Body text"])
  }
}
