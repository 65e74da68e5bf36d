import Testing

@testable import LockstepCore

@Suite("URL fast path")
struct URLFastPathTests {
  /// Deterministic pseudo-random addresses built from the pieces that matter to canonical forms.
  static let addresses: [String] = {
    let schemes = ["http://", "https://", "HTTPS://", "Http://"]
    let hosts = [
      "www.riku.fi", "RIKU.fi", "protukipiste.fi.", "www.www.migri.fi", "a-b.example.com", "x", "www.",
    ]
    let paths = [
      "", "/", "/en", "/en/", "/en//", "/sv/?q=1", "/a/?b/", "?q", "#top", "/p#frag", "/Path/Case",
    ]
    var result: [String] = []
    for scheme in schemes { for host in hosts { for path in paths { result.append(scheme + host + path) } } }
    return result
  }()

  @Test("the byte-level fast path agrees with the general canonical form", arguments: addresses)
  func agrees(_ address: String) {
    let general = InvariantScanner.canonicalURL(address)
    let fast = InvariantScanner.simpleCanonicalURL(address)
    if let fast {
      #expect(general?.url == fast.url, "\(address)")
      #expect(general?.host == fast.host, "\(address)")
    }
  }

  @Test("the fast path declines what it does not handle")
  func declines() {
    for address in [
      "ftp://x.fi", "https://user@x.fi", "https://x.fi:8080/", "https://prоtukipiste.fi", "/relative",
      "https://a b.fi",
    ] {
      #expect(InvariantScanner.simpleCanonicalURL(address) == nil, "\(address)")
    }
  }
}
