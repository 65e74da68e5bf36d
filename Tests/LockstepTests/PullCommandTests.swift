import Foundation
import Testing

@testable import LockstepCore

/// `lockstep pull` end to end: the built binary against a real HTTP server on loopback serving the
/// tracked page, in a temporary copy of the repository.
@Suite("pull command", .serialized)
struct PullCommandTests {
  let copy: RepositoryCopy
  let served: TemporaryDirectory
  let server: LoopbackServer

  init() throws {
    copy = try RepositoryCopy()
    served = try TemporaryDirectory()
    try FileManager.default.copyItem(at: copy.sourceURL, to: served.url.appendingPathComponent("en.html"))
    try FileManager.default.copyItem(
      at: try Paths.fixture("official/\(Shipped.page).fi.html"),
      to: served.url.appendingPathComponent("fi.html"))
    server = try LoopbackServer(fixtures: served.url)
    let rulesURL = copy.root.appendingPathComponent("schemas/pages/\(Shipped.page).yaml")
    var rules = try String(contentsOf: rulesURL, encoding: .utf8)
    let start = rules.range(of: "urls:\n")!
    let end = rules.range(of: "contacts:\n")!
    rules.replaceSubrange(
      start.lowerBound..<end.lowerBound,
      with:
        "urls:\n  en: \(server.url("/pages/en.html"))\n  fi: \(server.url("/pages/fi.html"))\nallowed-hosts: [127.0.0.1]\n"
    )
    try rules.write(to: rulesURL, atomically: true, encoding: .utf8)
  }

  func pull(_ extra: [String] = []) throws -> CommandResult {
    try LockstepBinary.run(
      ["pull", "--root", copy.root.path, "--allow-private-addresses", "--quiet"] + extra)
  }

  var fiSnapshot: URL { copy.root.appendingPathComponent("locales/fi/\(Shipped.page).html") }
  var enProvenance: URL {
    copy.root.appendingPathComponent("locales/en/\(Shipped.page).html.provenance.json")
  }

  @Test("first pull stores snapshots and provenance; the second gets 304s and changes nothing")
  func firstAndSecond() throws {
    let first = try pull(["--format", "json"])
    #expect(first.status == 3, "\(first.stdout)\(first.stderr)")
    let report = try JSONDecoder().decode(PullReport.self, from: first.stdoutData)
    #expect(report.entries.map(\.status) == [.unchanged, .new])
    #expect(FileManager.default.fileExists(atPath: fiSnapshot.path))
    let provenance = try #require(try SnapshotStore.loadProvenance(for: copy.sourceURL.path))
    #expect(provenance.etag != nil)
    #expect(provenance.sha256 == SHA256.hex(try Data(contentsOf: copy.sourceURL)))
    let before = try [copy.sourceURL, enProvenance, fiSnapshot].map { try Data(contentsOf: $0) }
    let second = try pull()
    #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
    #expect(second.stdout.contains("2 pulled: 0 changed, 0 failed, 2 unchanged"))
    #expect(try [copy.sourceURL, enProvenance, fiSnapshot].map { try Data(contentsOf: $0) } == before)
  }

  @Test("a changed source paragraph: the change report names the unit, its rules and the locales it outdates")
  func changedSource() throws {
    _ = try pull()
    let servedPage = served.url.appendingPathComponent("en.html")
    let old =
      "If you are in a particularly vulnerable situation, you can obtain a continuous residence permit."
    let new =
      "If you are in a particularly vulnerable situation, you can obtain a continuous residence permit (A)."
    let html = try String(contentsOf: servedPage, encoding: .utf8)
    try html.replacingOccurrences(of: old, with: new).write(to: servedPage, atomically: true, encoding: .utf8)

    let dry = try pull(["--dry-run"])
    #expect(dry.status == 3)
    #expect(!(try String(contentsOf: copy.sourceURL, encoding: .utf8)).contains("permit (A)"))

    let result = try pull(["--format", "json"])
    #expect(result.status == 3, "\(result.stderr)")
    let report = try JSONDecoder().decode(PullReport.self, from: result.stdoutData)
    let english = try #require(report.entries.first { $0.locale == "en" })
    #expect(english.status == .changed)
    let unit = "residence-permit-for-victims-of-human-trafficking/p1"
    #expect(english.impact.map(\.unit) == [unit])
    let impact = try #require(english.impact.first)
    #expect(impact.change == "changed")
    #expect(
      Set(impact.subjects) == [
        "finnish-immigration-service", "victim-residence-permit", "continuous-residence-permit",
      ])
    #expect(impact.outdatedIn == Shipped.locales)
    #expect(try String(contentsOf: copy.sourceURL, encoding: .utf8).contains("permit (A)"))
    // Exactly that unit is now outdated in every curated locale.
    for locale in Shipped.locales {
      let diff = try copy.diff(locale)
      #expect(diff.changes.map(\.id) == [unit], "\(locale)")
      #expect(diff.changes.first?.status == .outdated)
    }
    let markdown = try pull(["--format", "markdown"])
    #expect(markdown.status == 0)
  }

  @Test("a failing locale exits 1 and leaves its snapshot and provenance byte-identical")
  func failure() throws {
    _ = try pull()
    let before = try [copy.sourceURL, enProvenance].map { try Data(contentsOf: $0) }
    try FileManager.default.removeItem(at: served.url.appendingPathComponent("en.html"))
    let result = try pull()
    #expect(result.status == 1)
    #expect(result.stderr.contains("en failed"))
    #expect(try [copy.sourceURL, enProvenance].map { try Data(contentsOf: $0) } == before)
  }

  @Test("--discover also fetches the language versions the source page's menu links to")
  func discover() throws {
    let result = try pull(["--discover", "--dry-run", "--format", "json"])
    let report = try JSONDecoder().decode(PullReport.self, from: result.stdoutData)
    let discovered = report.entries.filter { !["en", "fi"].contains($0.locale) }
    // The shipped page's menu offers 12 languages; the rules name en and fi.
    #expect(discovered.count == 10, "\(report.entries.map(\.locale))")
    let swedish = try #require(discovered.first { $0.locale == "sv" })
    #expect(
      swedish.url
        == server.url("/sv/work-and-enterprise/problems-in-working-life/human-trafficking-and-forced-labour"))
    #expect(swedish.status == .failed)  // the loopback server has no such page: a 404, reported
    #expect(result.status == 1)
  }
}
