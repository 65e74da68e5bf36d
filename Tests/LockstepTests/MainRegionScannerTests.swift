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
}
