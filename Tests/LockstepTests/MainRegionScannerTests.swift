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
    let input = MainRegionScanner.parseInput(bytes, padded: true).bytes
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
    let input = MainRegionScanner.parseInput(bytes, padded: true).bytes
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
      "<div class=\"pt-2 bg-orange-white mb-4\" data-x=\"1\"><h3 class=\"text-h4 font-bold\">Contact</h3>"
        + "<a href=\"https://x.fi\" target=\"_blank\" aria-describedby=\"l\" class=\"ifu-text-link\">X</a>"
        + "<a href=\"/fi\" ARIA-DESCRIBEDBY=\"l\">Suomeksi</a><span id=\"l\">fi</span></div>",
      "<p style=\"a\" class=\"sr-only\">Hidden</p>", "<p class=\"a\" class=\"sr-only\">Twice</p>",
      "<span data-x=\"a&amp;b\" title=\"t&lt;\">R</span>", "<p role=\"navigation\" class=\"x\">Nav role</p>",
      "<div class=\"ifu-article__ingress  lead\"\n data-y='q'>Lead</div>", "<p hidden class=\"x\">H</p>",
      "<p class=x hidden>Unquoted</p>",
      "<p class=\"a\"b=\"c\">glued</p>", "<p class=\"&#x6c;ist-disc\" title=\"t\">ref</p>",
      "<p \u{01}class=\"x\">Ctl</p>", "<p clas\u{E9}=\"x\" style=\"y\">Name</p>",
      "<p class=\"a b\" style=\"c\"></span>x &bogus y<blink>z</blink></p>",
      "<div class=\"w-0 q h-0\"><p>Zero</p></div>", "<p CLASS=\"Sr-only\" Style=\"x\" >Case</p>",
      "<div class=\"ifu-block--hero x\" data-q=\"r\"><h1 class=\"t\">Hero</h1><time datetime=\"2024\" class=\"c\">1.1.</time></div>",
      "<ul class=\"a list-disc\" data-t=\"title\"><li class=\"ps-2\" data-k=\"v\">Item</li></ul>",
      "<div class=\"ifu-block--hero\"><span lang=\"fi\" title=\"t\">Otsikko</span><h1 dir=\"rtl\">H</h1></div>",
      "<p hidden=\"hidden\">Gone</p>", "<link rel=\"canonical\" href=\"https://x.fi/b\" title=\"c\">",
      "<a rel=\"alternate\" hreflang=\"sv\" title=\"Svenska\" href=\"/sv\" lang=\"sv\">SV</a>",
      "<ul class=\"list-disc\" title=\"\"><li>Empty title</li></ul>",
      "<p>Read <a href=\"/x\"><svg><path d=\"M0\"/></svg></a></p>",
      "<p>One <a href=\"y\"><img src=a></a> two</p>",
      "<h2>Heading <a href=\"x\"><span>Link</span></a>\n<a href=\"z\"> Next</a></h2>",
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
      #expect(Self.positions(bytes, padded: false) == Self.positions(bytes, padded: true), "\(html)")
      scanned.forEachUnit { unit in
        #expect(unit.text == TextNormalization.normalize(unit.text), "\(unit.text) in \(html)")
        for link in unit.links ?? [] {
          #expect(link.text == TextNormalization.normalize(link.text), "\(link.text) in \(html)")
        }
      }
    }
  }

  /// The positions and texts of libxml2's messages on the scan's input, columns mapped back.
  static func positions(_ bytes: [UInt8], padded: Bool) -> [String] {
    let input = MainRegionScanner.parseInput(bytes, padded: padded)
    let outcome = HTMLStreamParser.parse(
      utf8: input.bytes, fileName: "page.html", maximumDepth: HTMLStreamParser.defaultMaximumDepth,
      handler: PageEventCollector())
    let lineStarts = input.lineStarts()
    return outcome.messages.map {
      "\($0.line):\(input.pageColumn(line: $0.line, column: $0.column, lineStarts: lineStarts)) \($0.message)"
    }
  }

  @Test(
    "attributes the extractor never reads are left out of the parse inside <main>, and class names it ignores"
  )
  func attributesThinned() throws {
    let html = """
      <html><body><main id="m" style="x">
      <div class="pt-2 mb-8 bg-orange-white  px-4 text-h4 z" data-x="1" aria-label="Box"><p style="color: red">Text</p>
      <a href="/a" target="_blank" title="T" rel="noopener" data-is-external="true" class="ifu-text-link">A</a>
      <ul class="list-disc pt-2"><li>x</li></ul><ol class="a list-disc q" start="2"><li>y</li></ol>
      <p class="a" class="b" style="s">Twice</p><p data-x="a&amp;b" style="new
      line">Kept</p><p style="s"data-y="t">Glued</p><p style=unquoted>U</p><img src="/i.png" alt="">
      <span lang="fi" hidden role="note" dir="ltr" id="s" aria-describedby="d"></span><br/><hr class="w-0 h-0" />
      </div></main></body></html>
      """
    let bytes = Array(html.utf8)
    let parsed = String(decoding: MainRegionScanner.parseInput(bytes).bytes, as: UTF8.self)
    let expected = """
      <html><body><main id="m" style="x">
      <div class="bg-orange-white text-h4"  ><p >Text</p>
      <a href="/a"  title="T"   >A</a>
      <ul class="list-disc"><li>x</li></ul><ol class="list-disc" ><li>y</li></ol>
      <p class="a" class="b" style="s">Twice</p><p data-x="a&amp;b" style="new
      line">Kept</p><p style="s"data-y="t">Glued</p><p style=unquoted>U</p><img  >
      <span lang="" hidden role="note"  id="s" aria-describedby=""></span><br/><hr class="w-0 h-0" />
      </div></main>
      """
    #expect(parsed == expected)
    #expect(try Extract.document(bytes: bytes, file: "page.html") == Self.extractWithoutScan(bytes))
  }

  @Test("every attribute the collector reads is kept where it reads it, in any case; others are not")
  func keptAttributes() {
    // Where and how PageEventCollector reads each (its `value(_:)` and `has(_:)` calls).
    let readings: [String: (tag: String, reading: AttributeThinning.Reading)] = [
      "class": ("div", .value), "role": ("div", .value), "hidden": ("p", .presence), "id": ("span", .value),
      "href": ("a", .value), "title": ("a", .value), "lang": ("span", .presence), "hreflang": ("a", .value),
      "rel": ("link", .value), "dir": ("html", .none), "datetime": ("time", .value),
      "aria-describedby": ("a", .presence),
    ]
    #expect(Set(readings.keys) == Set(PageEventCollector.attributesRead))
    for (name, expected) in readings {
      #expect(AttributeThinning.reading(name, tag: expected.tag) == expected.reading, "\(name)")
      #expect(AttributeThinning.reading(name.uppercased(), tag: expected.tag) == expected.reading, "\(name)")
    }
    #expect(AttributeThinning.reading("title", tag: "ul") == .presence)
    #expect(AttributeThinning.reading("rel", tag: "a") == .none)
    for name in ["style", "data-x", "aria-label", "target", "src", "classes", "aria-describedbyx", "titl"] {
      #expect(AttributeThinning.reading(name, tag: "a") == .none, "\(name)")
    }
    let keys: [(UInt64, String)] = [
      (AttributeKey.class, "class"), (AttributeKey.role, "role"), (AttributeKey.id, "id"),
      (AttributeKey.href, "href"), (AttributeKey.hreflang, "hreflang"), (AttributeKey.datetime, "datetime"),
      (AttributeKey.title, "title"), (AttributeKey.rel, "rel"), (AttributeKey.hidden, "hidden"),
      (AttributeKey.lang, "lang"),
    ]
    for (key, name) in keys { #expect(key == MainRegionScanner.nameKey(name), "\(name)") }
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

  @Test("a canonical <link> before <main> or after </main> counts, after one in the head")
  func canonicalOutsideMain() throws {
    func canonical(_ head: String, _ header: String, _ footer: String) throws -> String? {
      let html =
        "<html><head>\(head)</head><body><header>\(header)</header><main><h1>T</h1></main>"
        + "<footer>\(footer)</footer></body></html>"
      let document = try Extract.document(bytes: Array(html.utf8), file: "page.html")
      #expect(document == Self.extractWithoutScan(Array(html.utf8)), "\(html)")
      return document.canonicalURL
    }
    let link = { (url: String) in "<link rel=\"Canonical\" href=\"\(url)\">" }
    #expect(try canonical("", link("/header"), link("/footer")) == "/header")
    #expect(try canonical("", "<link rel=\"canonical\">", link("/footer")) == "/footer")
    #expect(try canonical(link("/head"), link("/header"), "") == "/head")
    #expect(try canonical("", "<link rel=\"alternate\" href=\"/x\">", "") == nil)
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

@Suite("Attribute thinning primitives")
struct AttributeThinningPrimitiveTests {
  @Test("the closing quote and plainness, eight bytes at a time, agree with a byte loop at every offset")
  func closingQuoteAgrees() {
    var random = SeededGenerator(seed: 0x0A77)
    let alphabet: [UInt8] = [
      0x41, 0x20, 0x22, 0x27, 0x26, 0x3C, 0x0A, 0x09, 0x7F, 0x7E, 0x1F, 0xC3, 0xA9, 0x80,
    ]
    for _ in 0..<5000 {
      let count = Int(random.next() % 40)
      let bytes = (0..<count).map { _ in
        random.next() % 3 == 0 ? alphabet[Int(random.next() % UInt64(alphabet.count))] : 0x61
      }
      let start = count == 0 ? 0 : Int(random.next() % UInt64(count))
      for quote: UInt8 in [0x22, 0x27] {
        var expected: (Int, Bool)?
        var plain = true
        for position in start..<count {
          let byte = bytes[position]
          if byte == quote {
            expected = (position, plain)
            break
          }
          if byte < 0x20 || byte > 0x7E || byte == 0x26 || byte == 0x3C { plain = false }
        }
        let found = bytes.withUnsafeBufferPointer {
          AttributeThinning.closingQuote($0, from: start, end: count, quote: quote)
        }
        #expect(found?.close == expected?.0 && found?.plain == expected?.1, "\(bytes) from \(start)")
      }
    }
  }

  @Test("a class list keeps exactly the class names the collector reacts to, one space apart")
  func classListsThinned() {
    var random = SeededGenerator(seed: 0xC1A5)
    let names = [
      "list-disc", "w-0", "h-0", "text-h4", "pt-2", "ifu-block--hero", "list-discs", "W-0", "x", "mb-10",
    ]
    let reacted = Set(PageEventCollector.ClassToken.allCases.map(\.name))
    for _ in 0..<2000 {
      let words = (0..<Int(random.next() % 9)).map { _ in names[Int(random.next() % UInt64(names.count))] }
      let list = words.map { $0 + String(repeating: " ", count: Int(random.next() % 3)) }.joined(
        separator: " ")
      let tag = Array(" class=\"\(list)\" id=\"i\"".utf8)
      var removals: [Range<Int>] = []
      tag.withUnsafeBufferPointer {
        AttributeThinning.thin(
          $0, 0..<tag.count, tag: MainRegionScanner.nameKey("div"),
          classTokens: PageEventCollector.ClassToken.set,
          into: &removals)
      }
      var kept = tag
      for range in removals.reversed() { kept.removeSubrange(range) }
      let keptWords = words.filter { reacted.contains($0) }
      let expected =
        keptWords.isEmpty ? "  id=\"i\"" : " class=\"\(keptWords.joined(separator: " "))\" id=\"i\""
      #expect(String(decoding: kept, as: UTF8.self) == expected, "\(list)")
    }
  }

  @Test("attribute-name bytes are letters, digits, -, _, : and .")
  func nameBytes() {
    for byte in UInt8(0)...UInt8(255) {
      let scalar = Unicode.Scalar(byte)
      let expected =
        byte < 0x80
        && (Character(scalar).isLetter || Character(scalar).isNumber
          || "-_:.".unicodeScalars.contains(scalar))
      #expect(AttributeThinning.isNameByte(byte) == expected, "\(byte)")
    }
  }

  @Test("hreflang is found in any case at every offset, and near misses are not")
  func hreflangSearch() {
    var random = SeededGenerator(seed: 0x4EF1)
    let pieces = [
      "hreflang", "HrEfLaNg", "hrefl", "href lang", "hr", "f", "h", "ref", "x", "é", "\"https://",
    ]
    for _ in 0..<3000 {
      let text = (0..<Int(random.next() % 12)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }
        .joined()
      let bytes = Array(text.utf8)
      let start = bytes.isEmpty ? 0 : Int(random.next() % UInt64(bytes.count))
      let expected = String(decoding: bytes[start...], as: UTF8.self).lowercased().contains("hreflang")
      let found = bytes.withUnsafeBufferPointer {
        MainRegionScanner.mentionsHreflang($0, start..<bytes.count)
      }
      #expect(found == expected, "\(text) from \(start)")
    }
  }

  @Test("characters are counted without continuation bytes")
  func characterCount() {
    var random = SeededGenerator(seed: 0xC0DE)
    let pieces = ["a", "é", "ж", "😀", "中", "\n", " "]
    for _ in 0..<500 {
      let text = (0..<Int(random.next() % 50)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }
        .joined()
      let counted = Array(text.utf8).withUnsafeBufferPointer { ParseInput.characters(in: $0) }
      #expect(counted == text.unicodeScalars.count, "\(text)")
    }
  }
}
