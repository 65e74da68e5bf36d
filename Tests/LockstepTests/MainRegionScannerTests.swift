import Foundation
import LockstepXML
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

  @Test("icons and navigation inside <main> are left out of the parse, and nothing else changes")
  func furnitureInsideMain() throws {
    let html = """
      <html lang="en"><body><main>
      <h1>Title</h1>
      <p>Read <a href="https://example.fi">the page<svg viewBox="0 0 24 24"><title>opens in a new tab</title>
      <path d="M1 1"/></svg></a> now.</p>
      <nav aria-label="On this page"><ul><li><a href="#a">A</a></li></ul>
      <nav><svg><svg></svg></svg></nav></nav><p>After 🐝 the ícons</p><svg/><p>Last</p>
      </main></body></html>
      """
    let bytes = Array(html.utf8)
    let layout = MainRegionScanner.layout(of: bytes)
    #expect(
      layout.furniture.map { String(decoding: bytes[$0], as: UTF8.self).prefix(4) } == ["<svg", "<nav"])
    let (input, _, _) = MainRegionScanner.parseInput(bytes)
    let parsed = String(decoding: input, as: UTF8.self)
    #expect(
      !parsed.contains("<svg viewBox") && !parsed.contains("<nav") && !parsed.contains("opens in a new tab"))
    // Lines stay where they were, and so does the column after each left-out element.
    #expect(
      parsed.split(separator: "\n", omittingEmptySubsequences: false).count
        == html.split(separator: "\n", omittingEmptySubsequences: false).count)
    for marker in ["</a> now.", "<p>After", "<p>Last"] {
      let original = html.components(separatedBy: marker)[0].split(
        separator: "\n", omittingEmptySubsequences: false)
      let blanked = parsed.components(separatedBy: marker)[0].split(
        separator: "\n", omittingEmptySubsequences: false)
      #expect(original.count == blanked.count, "\(marker)")
      #expect(original.last?.count == blanked.last?.count, "\(marker)")
    }
    let document = try Extract.document(html: html)
    #expect(document.units.map(\.text) == ["Title", "Read the page now.", "After 🐝 the ícons", "Last"])
    #expect(document.units.map(\.line) == [2, 3, 6, 6])
  }

  @Test("an icon or navigation that holds a language link, or is not closed, is parsed as before")
  func furnitureKept() {
    let withLanguage = Array(
      "<body><main><nav><a hreflang=fi href=/fi>Suomi</a></nav><p>x</p></main></body>".utf8)
    #expect(MainRegionScanner.layout(of: withLanguage).furniture.isEmpty)
    let unclosed = Array("<body><main><svg><path d=x></main><p>after</p>".utf8)
    #expect(MainRegionScanner.layout(of: unclosed).furniture.isEmpty)
  }

  @Test("a > inside a quoted value does not end the tag, wherever it falls in an eight-byte block")
  func quotedValuesAtEveryOffset() {
    for padding in 0..<24 {
      for quote in ["\"", "'"] {
        let filler = String(repeating: "x", count: padding)
        let html =
          "<body><main><p data-a=\(quote)\(filler)></main>\(quote) title='\(filler)\"'>a</p></main><footer>f"
        #expect(end(html) == html.replacingOccurrences(of: "<footer>f", with: ""), "\(padding) \(quote)")
      }
    }
  }

  @Test("the head is left out of the parse but for its <link> tags, and lines stay true")
  func headLeftOut() throws {
    let html = """
      <!DOCTYPE html>
      <html lang="fi"><head>
      <meta charset="utf-8"><title>Otsikko | InfoFinland</title>
      <link rel="canonical" href="https://www.infofinland.fi/fi/a">
      <style>p { color: red } /* </head> */</style><script>var s = "<link hreflang=xx href=/xx>";</script>
      <link rel="alternate" hreflang="sv" href="/sv/a"><meta name="x" content="y">
      </head>
      <body><main><h1>Otsikko</h1>
      <p>Teksti</p></main></body></html>
      """
    let bytes = Array(html.utf8)
    let (input, _, _) = MainRegionScanner.parseInput(bytes)
    let parsed = String(decoding: input, as: UTF8.self)
    #expect(!parsed.contains("<meta") && !parsed.contains("<style") && !parsed.contains("<title"))
    #expect(parsed.contains("<link rel=\"canonical\"") && parsed.contains("hreflang=\"sv\""))
    #expect(!parsed.contains("hreflang=xx"))
    let lines = { (text: String) in text.split(separator: "\n", omittingEmptySubsequences: false).map(\.count)
    }
    #expect(lines(parsed).count == lines(html).count)
    #expect(lines(parsed).dropLast(2) == lines(html).dropLast(2))
    let document = try Extract.document(html: html)
    #expect(document.canonicalURL == "https://www.infofinland.fi/fi/a")
    #expect(document.languageVersions.map(\.locale) == ["sv"])
    #expect(document.locale == "fi")
    #expect(document.units.map(\.line) == [8, 9])
  }

  /// The page parsed whole, without the byte scan: what the scan must not change.
  static func extractWithoutScan(_ bytes: [UInt8]) -> PageDocument {
    let collector = PageEventCollector()
    _ = HTMLStreamParser.parse(
      utf8: bytes, fileName: "page.html", maximumDepth: HTMLStreamParser.defaultMaximumDepth,
      handler: collector)
    return PageAssembler(collector: collector).assemble(file: "page.html")
  }

  @Test(
    "leaving parts out of the parse changes nothing the extractor keeps",
    arguments: [
      "contact-page.en.html", "decoy-page.html", "generic-page.html",
      "official/human-trafficking-and-forced-labour.ar.html",
      "official/human-trafficking-and-forced-labour.fi.html",
    ])
  func sameAsWholeParse(_ fixture: String) throws {
    let bytes = try Paths.fixtureBytes(fixture)
    let scanned = try Extract.document(bytes: bytes, file: "page.html")
    #expect(scanned == Self.extractWithoutScan(bytes))
  }

  @Test("the same on pages made of random pieces: icons, navigation, comments, raw text, head parts")
  func sameAsWholeParseOnRandomPages() throws {
    let head = [
      "<meta charset=\"utf-8\">", "<title>T | Site</title>",
      "<link rel=\"canonical\" href=\"https://x.fi/a\">",
      "<link rel=alternate hreflang=sv href=/sv>", "<style>p{}</style>",
      "<script>var a = '</head>';</script>",
      "<!-- <body> -->", "\n",
    ]
    let body = [
      "<p>Text with <a href=\"https://x.fi\">a link<svg viewBox=\"0 0 1 1\"><title>icon</title><path d=\"M0\"/></svg></a> here.</p>",
      "<nav aria-label=\"On this page\"><ul><li><a href=\"#h\">H</a></li></ul></nav>",
      "<SVG><Svg></sVg></svg>",
      "<h2 id=\"h\">Heading</h2>", "<ul><li>One</li><li>Two <svg/>x</li></ul>", "<!-- </svg> <nav> -->",
      "<svg><!-- </svg> --><text>t</text></svg>", "<p>Ля-ля 😀 <br>\n  ٣٤٥</p>", "\n",
      "<script>'<svg>'</script>",
      "<nav><a hreflang=fi href=/fi>Suomi</a></nav>", "<div class=\"ifu-article__ingress\">Lead</div>",
      "<address>Street 1<br>00100 Helsinki<br>+358 9 123 4567</address>",
      "<ul class=\"pt-2 list-disc\" title=\"On this page\"><li><a href=\"#h\">H</a></li><ul><li>x</li></ul></ul>",
      "<ul class=\"list-disc\"><li>Kept item</li></ul>",
      "<ol title=\"t\" class=\"a\u{0B}list-disc\"><li>Kept</li></ol>",
      "<ul class=\"list-disc\"title=\"t\"><li>Glued</li></ul>", "<button>Menu <span>open</span></button>",
      "<OL CLASS='list-disc' TITLE=x><li>Index</li></OL>", "<svg>\n</svg\n>", "<nav></nav>",
    ]
    var random = SeededGenerator(seed: 0x5CA7)
    for _ in 0..<300 {
      func pick(_ pieces: [String], _ count: UInt64) -> String {
        (0..<Int(random.next() % count)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }
          .joined()
      }
      let html =
        "<!DOCTYPE html>\n<html lang=\"fi\"><head>\(pick(head, 6))</head>\n<body><header>\(pick(body, 3))</header>"
        + "<main>\n<h1>Title</h1>\(pick(body, 10))</main><footer>\(pick(body, 2))</footer></body></html>"
      let bytes = Array(html.utf8)
      let scanned = try Extract.document(bytes: bytes, file: "page.html")
      #expect(scanned == Self.extractWithoutScan(bytes), "\(html)")
    }
  }

  @Test(
    "a language menu after </main> is read too, after the others; a link without a title is named by its text"
  )
  func languagesAfterMain() throws {
    let html = """
      <html lang="en"><body><header><a hreflang="fi" title="Suomi" href="/fi">FI</a></header>
      <main><p>Text</p></main>
      <footer><script>var x = '<a hreflang="xx" href="/xx">';</script>
      <A HREFLANG="sv" href="/sv"><span>Svenska</span> &amp; more</A><a hreflang="fi" href="/fi2">again</a></footer>
      </body></html>
      """
    let document = try Extract.document(bytes: Array(html.utf8), file: "page.html")
    #expect(document.languageVersions.map(\.locale) == ["fi", "sv"])
    #expect(document.languageVersions.map(\.name) == ["Suomi", "Svenska & more"])
    #expect(document == Self.extractWithoutScan(Array(html.utf8)))
  }

  @Test("the tag-name keys are the packed names")
  func nameKeys() {
    let keys: [(UInt64, String)] = [
      (MainRegionScanner.mainKey, "main"), (MainRegionScanner.bodyKey, "body"),
      (MainRegionScanner.h1Key, "h1"),
      (MainRegionScanner.anchorKey, "a"), (MainRegionScanner.linkKey, "link"),
      (MainRegionScanner.svgKey, "svg"),
      (MainRegionScanner.navKey, "nav"), (MainRegionScanner.headKey, "head"),
      (MainRegionScanner.buttonKey, "button"), (MainRegionScanner.ulKey, "ul"),
      (MainRegionScanner.olKey, "ol"),
    ]
    for (key, name) in keys { #expect(key == MainRegionScanner.nameKey(name), "\(name)") }
    for name in ["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"] {
      #expect(MainRegionScanner.rawTextElement(MainRegionScanner.nameKey(name)).map { "\($0)" } == name)
    }
    #expect(MainRegionScanner.rawTextElement(MainRegionScanner.nameKey("div")) == nil)
  }
}
