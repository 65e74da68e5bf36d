import Foundation
import Testing

@testable import LockstepCore

// The HTTP layer of `lockstep pull`, against a real HTTP server on loopback
// (`scripts/test-http-server.py`, started once per suite by `.loopbackServer`).

// MARK: - Helpers

/// A fresh folder for snapshots, removed when the value goes away.
private final class PullScratch {
  let path: String

  init() throws {
    path =
      FileManager.default.temporaryDirectory
      .appendingPathComponent("lockstep-pull-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }

  /// The snapshot path of `locale`.
  func snapshot(_ locale: String) -> String { path + "/\(locale).html" }
}

/// Records the delays the fetcher asks for between retries, without waiting.
private final class RecordingSleeper: @unchecked Sendable {
  private let lock = NSLock()
  private var recorded: [Duration] = []

  var delays: [Duration] {
    lock.withLock { recorded }
  }

  var sleep: @Sendable (Duration) async -> Void {
    { [self] delay in lock.withLock { recorded.append(delay) } }
  }
}

/// The byte content and modification date of a file, to prove it was not touched.
private struct FileState: Equatable {
  var bytes: Data
  var modified: Date

  init(_ path: String) throws {
    bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    modified = try #require(
      try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date)
  }
}

private func fixtureBytes(_ name: String) throws -> [UInt8] {
  [UInt8](try Data(contentsOf: LoopbackServer.fixtures.appendingPathComponent(name)))
}

/// The loopback policy of the tests: 127.0.0.1 allowed, small limits, fast retries.
private func loopbackPolicy(
  totalTimeout: Duration = .seconds(3), maximumBodyBytes: Int = 64 << 10
) -> FetchPolicy {
  FetchPolicy(
    allowedHosts: ["127.0.0.1"], allowPrivateAddresses: true, connectTimeout: .seconds(5),
    totalTimeout: totalTimeout, maximumBodyBytes: maximumBodyBytes, retryBaseDelay: .milliseconds(10))
}

/// What `lockstep pull` does with one page: a conditional fetch, then validate and commit on success.
@discardableResult
private func pull(_ fetcher: PageFetcher, url: String, into snapshot: String) async throws -> FetchOutcome {
  let previous = try SnapshotStore.loadProvenance(for: snapshot)
  let outcome = await fetcher.fetch(url: url, previous: previous)
  if case .fetched(let body, let provenance, let charset) = outcome {
    try SnapshotStore.validateAndCommit(body: body, provenance: provenance, charset: charset, to: snapshot)
  }
  return outcome
}

private extension FetchOutcome {
  var failure: FetchFailure? {
    if case .failed(_, let reason) = self { return reason }
    return nil
  }

  var fetchedProvenance: Provenance? {
    if case .fetched(_, let provenance, _) = self { return provenance }
    return nil
  }

  var body: [UInt8]? {
    if case .fetched(let body, _, _) = self { return body }
    return nil
  }
}

// MARK: - Against the loopback server

@Suite("Pull: fetching over loopback HTTP", .serialized, .loopbackServer)
struct PullFetchTests {
  let server = LoopbackServer.current!

  @Test("A first fetch stores the snapshot and a provenance with the right hash and ETag")
  func firstFetch() async throws {
    let scratch = try PullScratch()
    let fetcher = PageFetcher(policy: loopbackPolicy())
    let url = server.url("/pages/en.html")
    let outcome = try await pull(fetcher, url: url, into: scratch.snapshot("en"))

    let expected = try fixtureBytes("en.html")
    guard case .fetched(let body, let provenance, let charset) = outcome else {
      Issue.record("expected a fetched page, got \(outcome)")
      return
    }
    #expect(body == expected)
    #expect(charset == "utf-8")
    let hash = SHA256.hex(expected)
    #expect(provenance.sha256 == hash)
    #expect(provenance.bytes == expected.count)
    #expect(provenance.etag == "\"\(hash.prefix(16))\"")
    #expect(provenance.lastModified == "Wed, 10 Apr 2024 08:00:00 GMT")
    #expect(provenance.contentType == "text/html; charset=utf-8")
    #expect(provenance.status == 200)
    #expect(provenance.url == url)
    #expect(provenance.finalURL == url)
    #expect(provenance.fetchedAt.hasSuffix("Z") && provenance.fetchedAt.count == 20)

    let stored = try [UInt8](Data(contentsOf: URL(fileURLWithPath: scratch.snapshot("en"))))
    #expect(stored == expected)
    #expect(try SnapshotStore.loadProvenance(for: scratch.snapshot("en")) == provenance)
    let json = try String(
      contentsOfFile: Provenance.path(forSnapshot: scratch.snapshot("en")), encoding: .utf8)
    #expect(json == (try Serialization.json(provenance)))

    let headers = try await server.lastHeaders("/pages/en.html")
    #expect(headers["User-Agent"] == "lockstep/0.1")
    #expect(headers["If-None-Match"] == nil)
  }

  @Test("A second fetch is conditional, gets 304 and rewrites nothing")
  func secondFetchNotModified() async throws {
    let scratch = try PullScratch()
    let snapshot = scratch.snapshot("fi")
    let fetcher = PageFetcher(policy: loopbackPolicy())
    let url = server.url("/pages/fi.html")
    let first = try await pull(fetcher, url: url, into: snapshot)
    let provenance = try #require(first.fetchedProvenance)
    let before = (try FileState(snapshot), try FileState(Provenance.path(forSnapshot: snapshot)))
    try await Task.sleep(for: .milliseconds(20))  // a rewrite would show in the modification date

    let second = try await pull(fetcher, url: url, into: snapshot)
    guard case .notModified(let unchanged) = second else {
      Issue.record("expected notModified, got \(second)")
      return
    }
    #expect(unchanged == provenance)
    let headers = try await server.lastHeaders("/pages/fi.html")
    #expect(headers["If-None-Match"] == provenance.etag)
    #expect(headers["If-Modified-Since"] == provenance.lastModified)
    #expect(try FileState(snapshot) == before.0)
    #expect(try FileState(Provenance.path(forSnapshot: snapshot)) == before.1)
    #expect(try await server.count("/pages/fi.html") == 2)
  }

  @Test("If-Modified-Since alone also gives 304")
  func lastModifiedOnly() async throws {
    let fetcher = PageFetcher(policy: loopbackPolicy())
    let url = server.url("/pages/sv.html")
    var provenance = try #require(await fetcher.fetch(url: url, previous: nil).fetchedProvenance)
    provenance.etag = nil
    let outcome = await fetcher.fetch(url: url, previous: provenance)
    guard case .notModified = outcome else {
      Issue.record("expected notModified, got \(outcome)")
      return
    }
    let headers = try await server.lastHeaders("/pages/sv.html")
    #expect(headers["If-None-Match"] == nil)
    #expect(headers["If-Modified-Since"] == "Wed, 10 Apr 2024 08:00:00 GMT")
  }

  /// One fault mode: a route and the failure it must give.
  struct FaultCase: Sendable, CustomTestStringConvertible {
    var path: String
    var rule: String
    var requests: Int
    var totalTimeout: Duration = .seconds(3)
    var testDescription: String { "\(path) → \(rule)" }
  }

  static let faults: [FaultCase] = [
    FaultCase(path: "/status/404", rule: "fetch-http-status", requests: 1),
    FaultCase(path: "/status/503", rule: "fetch-http-status", requests: 4),
    FaultCase(path: "/redirect/7", rule: "fetch-too-many-redirects", requests: 1),
    FaultCase(path: "/redirect-evil", rule: "fetch-disallowed-host", requests: 1),
    FaultCase(path: "/redirect-ftp", rule: "fetch-disallowed-scheme", requests: 1),
    FaultCase(path: "/loop/a", rule: "fetch-redirect-loop", requests: 1),
    FaultCase(path: "/huge", rule: "fetch-too-large", requests: 1),
    FaultCase(path: "/huge-declared", rule: "fetch-too-large", requests: 1),
    FaultCase(path: "/truncated", rule: "fetch-connection-lost", requests: 4),
    FaultCase(path: "/slow", rule: "fetch-timeout", requests: 4, totalTimeout: .milliseconds(300)),
    FaultCase(path: "/json", rule: "fetch-not-html", requests: 1),
  ]

  @Test("Every fault mode fails with its reason and leaves the stored pair byte-identical", arguments: faults)
  func faultLeavesFilesAlone(_ fault: FaultCase) async throws {
    let scratch = try PullScratch()
    let snapshot = scratch.snapshot("en")
    let old = try fixtureBytes("en.html")
    let oldProvenance = Provenance(
      url: server.url(fault.path), finalURL: server.url(fault.path), fetchedAt: "2024-04-11T08:00:00Z",
      status: 200, etag: "\"old\"", contentType: "text/html", bytes: old.count, sha256: SHA256.hex(old))
    try SnapshotStore.commit(body: old, provenance: oldProvenance, to: snapshot)
    let before = (try FileState(snapshot), try FileState(Provenance.path(forSnapshot: snapshot)))
    let countBefore = try await server.count(fault.path)

    let fetcher = PageFetcher(
      policy: loopbackPolicy(totalTimeout: fault.totalTimeout), sleep: RecordingSleeper().sleep)
    let started = ContinuousClock.now
    let outcome = try await pull(fetcher, url: server.url(fault.path), into: snapshot)
    let elapsed = ContinuousClock.now - started

    let failure = try #require(outcome.failure, "expected a failure, got \(outcome)")
    #expect(failure.rule == fault.rule, "\(failure)")
    #expect(!failure.message.contains("\n"))
    #expect(outcome.diagnostic?.file == server.url(fault.path))
    #expect(try FileState(snapshot) == before.0)
    #expect(try FileState(Provenance.path(forSnapshot: snapshot)) == before.1)
    #expect(try await server.count(fault.path) - countBefore == fault.requests)
    #expect(elapsed < .seconds(5), "took \(elapsed)")
  }

  @Test("Fault reasons carry the details: status, host, scheme, loop target, limit, type")
  func faultDetails() async throws {
    let fetcher = PageFetcher(policy: loopbackPolicy(), sleep: RecordingSleeper().sleep)
    #expect(await fetcher.fetch(url: server.url("/status/404")).failure == .httpStatus(404))
    #expect(await fetcher.fetch(url: server.url("/redirect/7")).failure == .tooManyRedirects(limit: 5))
    #expect(await fetcher.fetch(url: server.url("/redirect-evil")).failure == .disallowedHost("evil.example"))
    #expect(await fetcher.fetch(url: server.url("/redirect-ftp")).failure == .disallowedScheme("ftp"))
    #expect(await fetcher.fetch(url: server.url("/loop/a")).failure == .redirectLoop(server.url("/loop/a")))
    #expect(await fetcher.fetch(url: server.url("/huge")).failure == .bodyTooLarge(limit: 64 << 10))
    #expect(
      await fetcher.fetch(url: server.url("/json")).failure == .notHTML(contentType: "application/json"))
    #expect(FetchFailure.httpStatus(404).message == "the server answered HTTP 404 Not Found")
  }

  @Test("The timeout fires well within 10 s, retries included")
  func timeoutIsFast() async throws {
    let fetcher = PageFetcher(policy: loopbackPolicy(totalTimeout: .milliseconds(300)))
    let started = ContinuousClock.now
    let outcome = await fetcher.fetch(url: server.url("/slow"))
    let elapsed = ContinuousClock.now - started
    #expect(outcome.failure == .timeout(seconds: 0.3))
    #expect(elapsed < .seconds(4), "took \(elapsed)")
  }

  @Test("500 twice, then 200: succeeds on the third request with doubling delays")
  func retriesServerErrors() async throws {
    let sleeper = RecordingSleeper()
    let fetcher = PageFetcher(policy: loopbackPolicy(), sleep: sleeper.sleep)
    let outcome = await fetcher.fetch(url: server.url("/flaky/2/en.html"))
    #expect(outcome.body == (try fixtureBytes("en.html")))
    #expect(try await server.count("/flaky/2/en.html") == 3)
    #expect(sleeper.delays == [.milliseconds(10), .milliseconds(20)])
  }

  @Test("500 more often than the retries allow: fails after 1 + 3 requests")
  func retriesGiveUp() async throws {
    let sleeper = RecordingSleeper()
    let fetcher = PageFetcher(policy: loopbackPolicy(), sleep: sleeper.sleep)
    let outcome = await fetcher.fetch(url: server.url("/flaky/9/en.html"))
    #expect(outcome.failure == .httpStatus(500))
    #expect(try await server.count("/flaky/9/en.html") == 4)
    #expect(sleeper.delays == [.milliseconds(10), .milliseconds(20), .milliseconds(40)])
  }

  @Test("429 with Retry-After: 1, then 200: waits the second the server asked for")
  func honoursRetryAfter() async throws {
    let sleeper = RecordingSleeper()
    let fetcher = PageFetcher(policy: loopbackPolicy(), sleep: sleeper.sleep)
    let outcome = await fetcher.fetch(url: server.url("/throttle/en.html"))
    #expect(outcome.body == (try fixtureBytes("en.html")))
    #expect(try await server.count("/throttle/en.html") == 2)
    #expect(sleeper.delays == [.seconds(1)])
  }

  @Test("A chain of 3 redirects is followed, and the provenance names both ends")
  func redirectChain() async throws {
    let fetcher = PageFetcher(policy: loopbackPolicy())
    let outcome = await fetcher.fetch(url: server.url("/redirect/3"))
    let provenance = try #require(outcome.fetchedProvenance, "\(outcome)")
    #expect(provenance.url == server.url("/redirect/3"))
    #expect(provenance.finalURL == server.url("/redirect/0"))
    #expect(outcome.body == (try fixtureBytes("en.html")))
    for hop in 0...3 { #expect(try await server.count("/redirect/\(hop)") >= 1) }
  }

  @Test("A relative Location is resolved against the redirecting URL")
  func relativeRedirect() async throws {
    let fetcher = PageFetcher(policy: loopbackPolicy())
    let outcome = await fetcher.fetch(url: server.url("/redirect-relative"))
    #expect(outcome.fetchedProvenance?.finalURL == server.url("/pages/en.html"))
  }

  @Test("A Latin-1 page with its charset in the header extracts with \"Työ\" intact")
  func latin1Page() async throws {
    let scratch = try PullScratch()
    let fetcher = PageFetcher(policy: loopbackPolicy())
    let outcome = await fetcher.fetch(url: server.url("/latin1"))
    guard case .fetched(let body, let provenance, let charset) = outcome else {
      Issue.record("expected a fetched page, got \(outcome)")
      return
    }
    #expect(charset == "iso-8859-1")
    #expect(body.contains(0xF6))  // ö in Latin-1: the bytes are stored as sent
    let extraction = try SnapshotStore.validateAndCommit(
      body: body, provenance: provenance, charset: charset, to: scratch.snapshot("fi"))
    #expect(extraction.document.title?.text == "Työ ja yrittäminen")
    #expect(extraction.document.units.contains { $0.text.contains("Työ on tärkeä osa elämää.") })
    #expect(
      try fixtureBytes("latin1.html")
        == [UInt8](Data(contentsOf: URL(fileURLWithPath: scratch.snapshot("fi")))))
  }

  @Test(
    "Schemes other than http and https are refused before any request",
    arguments: [
      ("file:///etc/passwd", "file"), ("ftp://127.0.0.1/pages/en.html", "ftp"),
      ("gopher://127.0.0.1/", "gopher"),
    ])
  func refusesSchemes(_ url: String, _ scheme: String) async throws {
    let sleeper = RecordingSleeper()
    let fetcher = PageFetcher(policy: loopbackPolicy(), sleep: sleeper.sleep)
    #expect(await fetcher.fetch(url: url).failure == .disallowedScheme(scheme))
    #expect(sleeper.delays.isEmpty)
  }

  @Test("Hosts outside the allowed list are refused before any request")
  func refusesHosts() async throws {
    let fetcher = PageFetcher(policy: loopbackPolicy())
    #expect(await fetcher.fetch(url: "http://evil.example/page").failure == .disallowedHost("evil.example"))
    #expect(await fetcher.fetch(url: "not a url").failure?.rule == "fetch-invalid-url")
  }

  @Test("Private addresses are refused when the flag is off, before any request")
  func refusesPrivateAddresses() async throws {
    let policy = FetchPolicy(allowedHosts: ["127.0.0.1", "localhost"], retryBaseDelay: .milliseconds(1))
    let fetcher = PageFetcher(policy: policy)
    let outcome = await fetcher.fetch(url: server.url("/status/418"))
    #expect(outcome.failure == .privateAddress(host: "127.0.0.1", address: "127.0.0.1"))
    let named = await fetcher.fetch(url: "http://localhost:\(server.port)/status/418")
    #expect(named.failure == .privateAddress(host: "localhost", address: "localhost"))
    #expect(try await server.count("/status/418") == 0)
  }

  @Test("fetchAll over 4 locales returns outcomes in input order, at most 2 at a time per host")
  func fetchAllInOrder() async throws {
    try await server.reset()
    let fetcher = PageFetcher(policy: loopbackPolicy())
    // The first requests are the slowest, so answers arrive out of input order.
    let locales = ["ru", "en", "sv", "fi"]
    let delays = ["ru": "0.4", "en": "0.3", "sv": "0.2", "fi": "0.1"]
    let urls = locales.map { server.url("/pages/\($0).html?delay=\(delays[$0]!)") }
    let requests = zip(locales, urls).map { PageFetcher.Request(locale: $0, url: $1) }
    let started = ContinuousClock.now
    let outcomes = await fetcher.fetchAll(requests)
    let elapsed = ContinuousClock.now - started
    #expect(outcomes.count == 4)
    for (index, outcome) in outcomes.enumerated() {
      #expect(outcome.fetchedProvenance?.url == urls[index])
      #expect(outcome.body == (try fixtureBytes("\(locales[index]).html")))
    }
    // Two at a time: ru and en, then sv when en is done, then fi when ru is done.
    #expect(elapsed >= .milliseconds(500), "took \(elapsed)")
    #expect(try await server.maxInFlight() == 2)
  }
}

// MARK: - Without a server

@Suite("Pull: snapshot store and policy")
struct PullStoreTests {
  private func provenance(for body: [UInt8]) -> Provenance {
    Provenance(
      url: "https://www.infofinland.fi/en/page", finalURL: "https://www.infofinland.fi/en/page",
      fetchedAt: "2024-04-11T08:00:00Z", status: 200, etag: "\"abc\"", contentType: "text/html",
      bytes: body.count, sha256: SHA256.hex(body))
  }

  @Test("loadProvenance: nil when there is none")
  func missingProvenance() throws {
    let scratch = try PullScratch()
    #expect(try SnapshotStore.loadProvenance(for: scratch.snapshot("en")) == nil)
  }

  @Test(
    "loadProvenance: a clear error when the JSON is malformed", arguments: ["{ not json", "{\"url\": 1}"])
  func malformedProvenance(_ text: String) throws {
    let scratch = try PullScratch()
    try AtomicFile.write(text, to: Provenance.path(forSnapshot: scratch.snapshot("en")))
    let error = try #require(throws: LockstepError.self) {
      try SnapshotStore.loadProvenance(for: scratch.snapshot("en"))
    }
    #expect(error.diagnostic.rule == "provenance-malformed")
    #expect(error.diagnostic.file == Provenance.path(forSnapshot: scratch.snapshot("en")))
    #expect(!error.description.contains("\n"))
  }

  @Test("validateAndCommit refuses a body that does not parse and leaves the old pair alone")
  func refusesUnparsableBody() throws {
    let scratch = try PullScratch()
    let snapshot = scratch.snapshot("en")
    let old = try fixtureBytes("en.html")
    try SnapshotStore.commit(body: old, provenance: provenance(for: old), to: snapshot)
    let before = (try FileState(snapshot), try FileState(Provenance.path(forSnapshot: snapshot)))
    for bad: [UInt8] in [Array("   \n".utf8), Array("{\"json\": true}".utf8), [0xFF, 0xFE, 0x00]] {
      #expect(throws: LockstepError.self) {
        try SnapshotStore.validateAndCommit(
          body: bad, provenance: provenance(for: bad), charset: nil, to: snapshot)
      }
    }
    #expect(try FileState(snapshot) == before.0)
    #expect(try FileState(Provenance.path(forSnapshot: snapshot)) == before.1)
  }

  @Test("commit refuses a provenance that does not describe the body")
  func refusesMismatchedProvenance() throws {
    let scratch = try PullScratch()
    let body = try fixtureBytes("en.html")
    #expect(throws: LockstepError.self) {
      try SnapshotStore.commit(
        body: body, provenance: provenance(for: [1, 2, 3]), to: scratch.snapshot("en"))
    }
    #expect(!FileManager.default.fileExists(atPath: scratch.snapshot("en")))
  }

  @Test("Backoff doubles from the base; Retry-After wins when longer, up to its cap")
  func retryDelays() {
    let policy = FetchPolicy(
      allowedHosts: ["x"], retryBaseDelay: .milliseconds(100), maximumRetryAfter: .seconds(5))
    #expect(policy.retryDelay(retry: 0) == .milliseconds(100))
    #expect(policy.retryDelay(retry: 2) == .milliseconds(400))
    #expect(policy.retryDelay(retry: 0, retryAfter: .seconds(1)) == .seconds(1))
    #expect(policy.retryDelay(retry: 0, retryAfter: .seconds(3600)) == .seconds(5))
    #expect(FetchPolicy.infoFinland.allows(host: "WWW.InfoFinland.fi."))
    #expect(!FetchPolicy.infoFinland.allows(host: "infofinland.fi.evil.example"))
  }

  @Test("Content-Type: media type and charset")
  func contentTypes() {
    #expect(ContentType.isHTML("text/html; charset=UTF-8"))
    #expect(ContentType.isHTML("Application/XHTML+XML"))
    #expect(!ContentType.isHTML("application/json"))
    #expect(!ContentType.isHTML("text/htmlx"))
    #expect(ContentType.charset("text/html; charset=\"ISO-8859-1\"") == "iso-8859-1")
    #expect(ContentType.charset("text/html") == nil)
  }

  @Test("Private, loopback and link-local addresses are recognised; public ones are not")
  func privateAddresses() {
    let v4: [([UInt8], Bool)] = [
      ([127, 0, 0, 1], true), ([10, 1, 2, 3], true), ([172, 16, 0, 1], true), ([172, 32, 0, 1], false),
      ([192, 168, 1, 1], true), ([169, 254, 169, 254], true), ([0, 0, 0, 0], true), ([100, 64, 0, 1], true),
      ([93, 184, 216, 34], false), ([8, 8, 8, 8], false),
    ]
    for (bytes, expected) in v4 { #expect(AddressCheck.Address.v4(bytes).isPrivate == expected, "\(bytes)") }
    var loopback = [UInt8](repeating: 0, count: 16)
    loopback[15] = 1
    var mapped = [UInt8](repeating: 0, count: 16)
    mapped[10] = 0xFF
    mapped[11] = 0xFF
    mapped[12] = 127
    mapped[15] = 1
    let linkLocal: [UInt8] = [0xFE, 0x80] + [UInt8](repeating: 0, count: 13) + [1]
    let uniqueLocal: [UInt8] = [0xFD, 0x00] + [UInt8](repeating: 0, count: 13) + [1]
    let global: [UInt8] = [0x26, 0x06, 0x47, 0x00] + [UInt8](repeating: 0, count: 11) + [1]
    #expect(AddressCheck.Address.v6(loopback).isPrivate)
    #expect(AddressCheck.Address.v6(mapped).isPrivate)
    #expect(AddressCheck.Address.v6(linkLocal).isPrivate)
    #expect(AddressCheck.Address.v6(uniqueLocal).isPrivate)
    #expect(!AddressCheck.Address.v6(global).isPrivate)
  }
}
