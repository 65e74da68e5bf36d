import Foundation
import Testing

@testable import LockstepCore

@Suite("Check cache and parallelism")
struct CheckCacheTests {
  @Test("a warm check gives the same report; any change to a file it depends on is seen")
  func warmAndInvalidated() throws {
    let copy = try RepositoryCopy()
    let cache = copy.root.appendingPathComponent(".lockstep/cache").path
    let cold = try copy.check { $0.cacheFolder = cache }
    let entries = try FileManager.default.contentsOfDirectory(atPath: cache)
    #expect(entries.contains("file-hashes.json"))
    #expect(entries.filter { $0.hasSuffix(".json") }.count == 2)
    let warm = try copy.check { $0.cacheFolder = cache }
    #expect(warm == cold)
    // A damaged cache entry is a miss, not an error.
    for name in entries where name != "file-hashes.json" {
      try "{not json".write(toFile: cache + "/" + name, atomically: true, encoding: .utf8)
    }
    #expect(try copy.check { $0.cacheFolder = cache } == cold)
    // Changing a catalog changes the result, cache or not.
    try copy.editCatalog("ru") { catalog in
      let index = catalog.entries.firstIndex { $0.id == "victim-support-finland/links1/1" }!
      catalog.entries[index].url = "https://www.riku.ru/"
    }
    let changed = try copy.check { $0.cacheFolder = cache }
    #expect(!changed.summary.passed)
    #expect(changed.findings.contains { $0.locale == "ru" && $0.rule == "domain-changed" })
    // So does changing the rules file.
    let rules = copy.root.appendingPathComponent("schemas/pages/\(Shipped.page).yaml")
    let text = try String(contentsOf: rules, encoding: .utf8)
    try text.replacingOccurrences(of: "domains: [riku.fi]", with: "domains: [riku.fi, example.fi]")
      .write(to: rules, atomically: true, encoding: .utf8)
    let stricter = try copy.check { $0.cacheFolder = cache }
    #expect(stricter.findings.contains { $0.locale == "fi" && $0.message.contains("example.fi") })
  }

  @Test("one worker and all cores give the same report")
  func jobsAgree() throws {
    let copy = try RepositoryCopy()
    let one = try copy.check { $0.jobs = 1 }
    let all = try copy.check { $0.jobs = 0 }
    #expect(one == all)
  }

  @Test("the binary's cache: --no-cache writes nothing; the default writes under .lockstep/cache")
  func binaryCache() throws {
    let copy = try RepositoryCopy()
    let none = try LockstepBinary.run(["check", "--root", copy.root.path, "--no-cache", "--jobs", "1"])
    #expect(none.status == 0)
    #expect(!FileManager.default.fileExists(atPath: copy.root.appendingPathComponent(".lockstep").path))
    let cached = try LockstepBinary.run(["check", "--root", copy.root.path])
    #expect(cached.status == 0)
    #expect(cached.stdout == none.stdout)
    #expect(FileManager.default.fileExists(atPath: copy.root.appendingPathComponent(".lockstep/cache").path))
  }
}
