import Foundation
import Testing

@testable import LockstepCore

#if canImport(Glibc)
  import Glibc
#endif

/// Every input that ever crashed a fuzz target, replayed through the same checks the target makes.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
  static let crashesFolder = Paths.repositoryRoot.appendingPathComponent("Fuzz/Crashes")

  static func inputs(_ target: String) -> [URL] {
    let folder = crashesFolder.appendingPathComponent(target)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { !$0.hasPrefix(".") }.sorted().map { folder.appendingPathComponent($0) }
  }

  @Test(
    "saved fuzz inputs no longer crash", arguments: ["extract", "catalog", "rules", "exchange", "invariants"])
  func replay(target: String) throws {
    for url in Self.inputs(target) {
      let bytes = [UInt8](try Data(contentsOf: url))
      let name = url.lastPathComponent
      switch target {
      case "extract":
        if let document = try? PageExtractor.extract(bytes: bytes, file: name).document {
          let ids = document.units.map(\.id)
          #expect(Set(ids).count == ids.count, "\(name)")
        }
      case "catalog":
        if let text = String(validating: bytes, as: UTF8.self),
          let catalog = try? Catalog.parse(text, file: name),
          let yaml = try? catalog.yaml()
        {
          #expect(try Catalog.parse(yaml, file: name).entries == catalog.entries, "\(name)")
        }
      case "rules":
        if let text = String(validating: bytes, as: UTF8.self),
          let rules = try? ContentRules.parse(text, file: name)
        {
          #expect(rules.urls.keys.allSatisfy(Repository.isValidLocale), "\(name)")
        }
      case "exchange":
        if let (format, document) = try? ExchangeImporter.read(bytes: bytes, file: name) {
          let text = ExchangeExporter.render(document, as: format)
          _ = try? ExchangeImporter.read(bytes: Array(text.utf8), file: name)
        }
      default:
        let text = String(decoding: bytes, as: UTF8.self)
        _ = InvariantScanner.scan(text, hrefs: [text])
        if let phone = InvariantScanner.canonicalPhone(text) {
          #expect(InvariantScanner.canonicalPhone(phone) == phone, "\(name)")
        }
        if let url = InvariantScanner.canonicalURL(text) {
          #expect(InvariantScanner.canonicalURL(url.url)?.url == url.url, "\(name)")
        }
      }
    }
  }

  @Test("the fuzz-found URL inputs have idempotent canonical forms")
  func fuzzFoundURLs() {
    // `/` became the empty string, `x:80.` lost its dot but kept its port, and a `://` inside a path
    // was taken for a scheme: each canonical form read back as another URL, or as none.
    for text in [
      "/", ";\u{FF}..", "https://WWW.Migrittps://WW.fi:443/e*n/permits/?lang=fi#top", "x.fi:80.", "a/?q",
      "//www.www.a.fi",
    ] {
      if let url = InvariantScanner.canonicalURL(text) {
        #expect(
          InvariantScanner.canonicalURL(url.url)?.url == url.url, "\(text.debugDescription) → \(url.url)")
      }
    }
    #expect(InvariantScanner.canonicalURL("/")?.url == "/")
    #expect(InvariantScanner.canonicalURL("https://migri.fi/en/?lang=fi")?.url == "migri.fi/en?lang=fi")
  }
}

/// The repository lock, stale temporary files, concurrent writers and crash safety.
@Suite("Hardening", .serialized)
struct HardeningTests {
  // MARK: Lock

  @Test("a second holder is refused with the first holder's pid and command")
  func secondHolderIsRefused() throws {
    let scratch = try TemporaryDirectory()
    let lock = try RepositoryLock.acquire(root: scratch.url.path, command: "import")
    defer { lock.release() }
    do {
      _ = try RepositoryLock.acquire(root: scratch.url.path, command: "pull")
      Issue.record("the second acquire succeeded")
    } catch {
      #expect(error.diagnostic.rule == "repository-locked")
      #expect(error.code == .couldNotRun)
      #expect(error.diagnostic.message.contains("another lockstep (pid \(getpid()), import) holds the lock"))
    }
    lock.release()
    let again = try RepositoryLock.acquire(root: scratch.url.path, command: "pull")
    again.release()
  }

  @Test("waiting for the lock succeeds once the holder lets go")
  func waitForLock() async throws {
    let scratch = try TemporaryDirectory()
    let root = scratch.url.path
    let lock = try RepositoryLock.acquire(root: root, command: "import")
    let releaser = Task.detached {
      try await Task.sleep(for: .milliseconds(300))
      lock.release()
    }
    let started = Date()
    let second = try RepositoryLock.acquire(root: root, command: "init", waitSeconds: 10)
    second.release()
    #expect(Date().timeIntervalSince(started) < 9)
    try await releaser.value
  }

  @Test("a lock left by a killed process is recovered")
  func staleLockIsRecovered() throws {
    let scratch = try TemporaryDirectory()
    let root = scratch.url.path
    // A record naming a pid that is not alive, as a SIGKILLed holder leaves it.
    try FileManager.default.createDirectory(atPath: root + "/.lockstep", withIntermediateDirectories: true)
    try "999999999 import\n".write(
      toFile: RepositoryLock.path(root: root), atomically: false, encoding: .utf8)
    let lock = try RepositoryLock.acquire(root: root, command: "import")
    lock.release()
    // A real holder that takes the lock and is killed with SIGKILL while holding it.
    let script = """
      import fcntl, os, sys
      f = open(sys.argv[1], "w"); fcntl.flock(f, fcntl.LOCK_EX); f.write(f"{os.getpid()} import\\n"); f.flush()
      os.kill(os.getpid(), 9)
      """
    let result = try LockstepBinary.run(
      executable: URL(fileURLWithPath: "/usr/bin/env"),
      ["python3", "-c", script, RepositoryLock.path(root: root)],
      in: scratch.url)
    #expect(!result.exitedNormally)
    let recovered = try RepositoryLock.acquire(root: root, command: "import")
    recovered.release()
  }

  @Test("temporary files of dead writers are removed, those of live ones kept")
  func staleTemporariesAreRemoved() throws {
    let scratch = try TemporaryDirectory()
    let folder = scratch.url.appendingPathComponent("locales/fi")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let dead = folder.appendingPathComponent(".page.yaml.lockstep-999999999-42.tmp")
    let live = folder.appendingPathComponent(".page.yaml.lockstep-\(getpid())-43.tmp")
    let other = folder.appendingPathComponent(".page.yaml.other-999999999-1.tmp")
    for url in [dead, live, other] { try Data("partial".utf8).write(to: url) }
    #expect(AtomicFile.temporaryWriter(dead.lastPathComponent) == 999_999_999)
    #expect(AtomicFile.temporaryWriter("page.yaml") == nil)
    let lock = try RepositoryLock.acquire(root: scratch.url.path, command: "import")
    lock.release()
    #expect(!FileManager.default.fileExists(atPath: dead.path))
    #expect(FileManager.default.fileExists(atPath: live.path))
    #expect(FileManager.default.fileExists(atPath: other.path))
  }

  // MARK: Concurrent processes

  /// A PO export of `locale` with the translation of the `nth` translated, non-fuzzy entry changed.
  static func changedExport(_ copy: RepositoryCopy, locale: String, nth: Int, text: String) throws -> String {
    let exported = try ExchangeExporter.export(
      Workspace(repository: copy.repository), page: Shipped.page, locale: locale, format: .po,
      include: Set(ExchangeStatus.allCases)
    ).text
    var blocks = exported.components(separatedBy: "\n\n")
    var seen = 0
    for index in blocks.indices where !blocks[index].contains("#, fuzzy") && blocks[index].contains("msgctxt")
    {
      guard let range = blocks[index].range(of: #"(?m)^msgstr ".+"$"#, options: .regularExpression) else {
        continue
      }
      if seen == nth {
        blocks[index].replaceSubrange(range, with: "msgstr \"\(text)\"")
        return blocks.joined(separator: "\n\n")
      }
      seen += 1
    }
    Issue.record("no translated entry \(nth) in the export")
    return exported
  }

  @Test("two concurrent imports into one locale: each applies whole or is refused cleanly")
  func concurrentImports() throws {
    let copy = try RepositoryCopy()
    let first = try copy.directory.write(
      try Self.changedExport(copy, locale: "fi", nth: 0, text: "Ensimmäinen tuonti"), to: "first.po")
    let second = try copy.directory.write(
      try Self.changedExport(copy, locale: "fi", nth: 1, text: "Toinen tuonti"), to: "second.po")
    let original = try Data(contentsOf: copy.catalogURL("fi"))
    // The expected results: either file alone, or both one after the other (either order).
    func outcome(_ files: [URL]) throws -> Data {
      try original.write(to: copy.catalogURL("fi"))
      for file in files {
        _ = try ExchangeImporter.run(Workspace(repository: copy.repository), file: file.path)
      }
      return try Data(contentsOf: copy.catalogURL("fi"))
    }
    // Each export holds every unit, so the later of two whole imports wins: both orders are valid.
    let sequential = [try outcome([first, second]), try outcome([second, first])]
    let expected = [try outcome([first]), try outcome([second])] + sequential
    let binary = try LockstepBinary.url()
    for round in 0..<4 {
      try original.write(to: copy.catalogURL("fi"))
      let processes = [first, second].map { file in
        let process = Process()
        process.executableURL = binary
        process.arguments = ["import", file.path, "--locale", "fi", "--root", copy.root.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        return process
      }
      for process in processes { try process.run() }
      for process in processes { process.waitUntilExit() }
      let codes = processes.map(\.terminationStatus)
      #expect(codes.allSatisfy { $0 == 0 || $0 == 2 }, "round \(round): exit codes \(codes)")
      #expect(codes.contains(0), "round \(round): neither import succeeded")
      let result = try Data(contentsOf: copy.catalogURL("fi"))
      #expect(expected.contains(result), "round \(round): the catalog is none of the expected results")
      _ = try Catalog.parse(String(decoding: result, as: UTF8.self), file: "fi.yaml")
      if codes == [0, 0] {
        #expect(sequential.contains(result), "round \(round): both succeeded, one was lost")
      }
    }
  }

  @Test("a held lock refuses import, init and pull with exit code 2 and the holder named")
  func commandsRespectTheLock() throws {
    let copy = try RepositoryCopy()
    let file = try copy.directory.write(
      try Self.changedExport(copy, locale: "fi", nth: 0, text: "Lukittu"), to: "locked.po")
    let before = try Data(contentsOf: copy.catalogURL("fi"))
    // pull's URLs point at a closed loopback port: nothing leaves the machine.
    let rules = copy.root.appendingPathComponent("schemas/pages/\(Shipped.page).yaml")
    let text = try String(contentsOf: rules, encoding: .utf8)
      .replacingOccurrences(of: "https://www.infofinland.fi", with: "http://127.0.0.1:9")
      .replacingOccurrences(of: "allowed-hosts: [", with: "allowed-hosts: [127.0.0.1, ")
    try text.write(to: rules, atomically: true, encoding: .utf8)
    let lock = try RepositoryLock.acquire(root: copy.root.path, command: "pull")
    defer { lock.release() }
    for arguments in [
      ["import", file.path, "--locale", "fi"], ["init", "--locale", "et"],
      ["pull", "--allow-private-addresses", "--locale", "fi", "--timeout", "1"],
    ] {
      let result = try LockstepBinary.run(arguments + ["--root", copy.root.path])
      if arguments[0] == "pull", result.status == 1 { continue }  // fetching failed before the lock: fine
      #expect(result.status == 2, "\(arguments[0]): \(result.stderr)")
      #expect(
        result.stderr.contains("another lockstep (pid \(getpid()), pull) holds the lock"),
        "\(arguments[0]): \(result.stderr)")
    }
    #expect(try Data(contentsOf: copy.catalogURL("fi")) == before)
    #expect(!FileManager.default.fileExists(atPath: copy.root.appendingPathComponent("locales/et").path))
    lock.release()
    let imported = try LockstepBinary.run(["import", file.path, "--locale", "fi", "--root", copy.root.path])
    #expect(imported.status == 0, "\(imported.stderr)")
  }

  @Test("two concurrent inits of one locale create one valid catalog")
  func concurrentInits() throws {
    let copy = try RepositoryCopy()
    let binary = try LockstepBinary.url()
    let path = copy.root.appendingPathComponent("locales/et/\(Shipped.page).yaml")
    var expected: Data?
    for round in 0..<3 {
      try? FileManager.default.removeItem(at: path)
      let processes = (0..<2).map { _ in
        let process = Process()
        process.executableURL = binary
        process.arguments = ["init", "--locale", "et", "--root", copy.root.path]
        process.environment = ["LOCKSTEP_DATE": Shipped.today]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        return process
      }
      for process in processes { try process.run() }
      for process in processes { process.waitUntilExit() }
      let codes = processes.map(\.terminationStatus).sorted()
      #expect(codes == [0, 2], "round \(round): exit codes \(codes)")
      let data = try Data(contentsOf: path)
      if let expected { #expect(data == expected) } else { expected = data }
      _ = try Catalog.parse(String(decoding: data, as: UTF8.self), file: "et.yaml")
    }
  }

  @Test("SIGKILL at random moments never leaves a partial file (short crash-safety run)")
  func crashSafety() throws {
    let binary = try LockstepBinary.url()
    let script = Paths.repositoryRoot.appendingPathComponent("scripts/crash-safety")
    let result = try LockstepBinary.run(
      executable: URL(fileURLWithPath: "/usr/bin/env"),
      ["python3", script.path, "--iterations", "4", "--binary", binary.path, "--seed", "7", "--quiet"],
      in: Paths.repositoryRoot)
    #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
    #expect(result.stdout.contains(", 0 corrupted files, 0 other problems"), "\(result.stdout)")
  }
}

/// Locale codes and page ids from files or the command line never name a path outside the repository.
@Suite("Path escapes")
struct PathEscapeTests {
  static let hostile = ["../fi", "../../etc", "/etc", "fi/../../x", "fi\u{0}", "", ".", "..", "fi/sv"]

  @Test("locale codes and page ids that could escape are invalid", arguments: hostile)
  func hostileNamesAreInvalid(name: String) {
    #expect(!Repository.isValidLocale(name))
    #expect(!Repository.isValidPageID(name))
  }

  static func xliff(page: String, target: String) -> String {
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
      <file original="\(page)" source-language="en" target-language="\(target)" datatype="plaintext">
        <body></body>
      </file>
    </xliff>
    """
  }

  @Test("an XLIFF whose target-language or original escapes is refused")
  func xliffNamesCannotEscape() throws {
    let copy = try RepositoryCopy()
    let workspace = Workspace(repository: copy.repository)
    for (page, target, rule) in [
      (Shipped.page, "../../outside", "import-wrong-language"),
      (Shipped.page, "/tmp", "import-wrong-language"),
      ("../../outside", "fi", "import-wrong-page"), ("..", "fi", "import-wrong-page"),
    ] {
      let file = try copy.directory.write(Self.xliff(page: page, target: target), to: "hostile.xlf")
      #expect {
        try ExchangeImporter.run(workspace, file: file.path)
      } throws: { ($0 as? LockstepError)?.diagnostic.rule == rule }
    }
    let po = "msgid \"\"\nmsgstr \"\"\n\"Language: ../../x\\n\"\n\"X-Lockstep-Page: \(Shipped.page)\\n\"\n"
    let file = try copy.directory.write(po, to: "hostile.po")
    #expect {
      try ExchangeImporter.run(workspace, file: file.path)
    } throws: { ($0 as? LockstepError)?.diagnostic.rule == "import-wrong-language" }
  }

  @Test("a rules file whose urls key escapes is refused")
  func rulesLocaleCannotEscape() {
    let text = "format: lockstep-rules/1\npage: p\nurls:\n  ../../x: https://example.fi/\n"
    #expect {
      try ContentRules.parse(text, file: "rules.yaml")
    } throws: { ($0 as? LockstepError)?.diagnostic.rule == "rules-locale" }
  }

  @Test("a catalog whose locale or page differs from its place is refused on import")
  func catalogNamesAreChecked() throws {
    let copy = try RepositoryCopy()
    try copy.editCatalog("fi") { $0.locale = "../../x" }
    let file = try copy.directory.write(
      try HardeningTests.changedExport(RepositoryCopy(), locale: "fi", nth: 0, text: "x"), to: "fi.po")
    #expect {
      try ExchangeImporter.run(Workspace(repository: copy.repository), file: file.path)
    } throws: { ($0 as? LockstepError)?.diagnostic.rule == "catalog-locale" }
  }

  // (A NUL cannot reach argv; hostileNamesAreInvalid covers it.)
  @Test("--locale and --page that could escape are usage errors", arguments: ["../x", "/tmp", "fi/../../x"])
  func commandLineNamesCannotEscape(name: String) async throws {
    let copy = try RepositoryCopy()
    for arguments in [
      ["init", "--locale", name], ["init", "--locale", "et", "--page", name], ["export", "--locale", name],
    ] {
      let result = try LockstepBinary.run(arguments + ["--root", copy.root.path])
      #expect(result.status == 64, "\(arguments): \(result.stderr)")
    }
    var options = PullOptions()
    options.page = name
    await #expect(throws: LockstepError.self) {
      try await PullRunner.run(Workspace(repository: copy.repository), options)
    }
  }

  @Test("import refuses to write through a locale folder that is a symlink out of the repository")
  func importRefusesSymlinkOut() throws {
    let copy = try RepositoryCopy()
    let outside = try TemporaryDirectory()
    let fi = copy.root.appendingPathComponent("locales/fi")
    try FileManager.default.moveItem(at: fi, to: outside.url.appendingPathComponent("fi"))
    try FileManager.default.createSymbolicLink(
      at: fi, withDestinationURL: outside.url.appendingPathComponent("fi"))
    let before = try Data(contentsOf: copy.catalogURL("fi"))
    let file = try copy.directory.write(
      try HardeningTests.changedExport(RepositoryCopy(), locale: "fi", nth: 0, text: "Ulos"), to: "out.po")
    #expect {
      try ExchangeImporter.run(Workspace(repository: copy.repository), file: file.path)
    } throws: { ($0 as? LockstepError)?.diagnostic.rule == "path-outside-repository" }
    #expect(try Data(contentsOf: copy.catalogURL("fi")) == before)
  }

  @Test("init refuses a locale folder or catalog that is a symlink out of the repository")
  func initRefusesSymlinkOut() throws {
    let copy = try RepositoryCopy()
    let outside = try TemporaryDirectory()
    let et = copy.root.appendingPathComponent("locales/et")
    try FileManager.default.createSymbolicLink(at: et, withDestinationURL: outside.url)
    let result = try LockstepBinary.run(["init", "--locale", "et", "--root", copy.root.path])
    #expect(result.status == 2, "\(result.stderr)")
    #expect(result.stderr.contains("[path-outside-repository]"), "\(result.stderr)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: outside.url.path).isEmpty)
    // A symlink inside the repository is fine.
    try FileManager.default.removeItem(at: et)
    try FileManager.default.createDirectory(
      at: copy.root.appendingPathComponent("locales/et-real"), withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(
      at: et, withDestinationURL: copy.root.appendingPathComponent("locales/et-real"))
    #expect(throws: Never.self) {
      try copy.repository.checkWritable(copy.repository.catalogPath(page: Shipped.page, locale: "et"))
    }
    // A snapshot that is a symlink out (pull writes snapshots through the same check).
    let snapshot = copy.repository.officialPath(page: Shipped.page, locale: "fi")
    try FileManager.default.createSymbolicLink(
      atPath: snapshot, withDestinationPath: outside.url.appendingPathComponent("x.html").path)
    #expect {
      try copy.repository.checkWritable(snapshot)
    } throws: { ($0 as? LockstepError)?.diagnostic.rule == "path-outside-repository" }
  }
}

/// Documented limits, each enforced with its own clear error.
@Suite("Limits")
struct LimitTests {
  @Test("a page with more units than the limit is refused")
  func unitLimit() throws {
    #expect(ExtractionLimits().maximumUnits == 100_000)
    let html = "<html><body><main>" + String(repeating: "<p>Text</p>", count: 20) + "</main></body></html>"
    #expect {
      try PageExtractor.extract(
        bytes: Array(html.utf8), file: "many.html", limits: ExtractionLimits(maximumUnits: 10))
    } throws: { error in
      let error = error as? LockstepError
      return error?.diagnostic.rule == "page-too-many-units"
        && error?.diagnostic.message.contains("over the limit of 10") == true
    }
  }

  @Test("an exchange file with more than 100,000 units is refused")
  func exchangeUnitLimit() throws {
    var po = "msgid \"\"\nmsgstr \"\"\n\"Language: fi\\n\"\n\"X-Lockstep-Page: p\\n\"\n"
    po.reserveCapacity(4 << 20)
    for index in 0...ExchangeImporter.maximumUnits {
      po += "\nmsgctxt \"u\(index)\"\nmsgid \"a\"\nmsgstr \"\"\n"
    }
    #expect {
      try ExchangeImporter.read(bytes: Array(po.utf8), file: "many.po")
    } throws: { ($0 as? LockstepError)?.diagnostic.rule == "exchange-too-many-units" }
  }

  @Test("a YAML or PO line over 1 MiB is refused with its line number")
  func lineLimit() throws {
    let long = String(repeating: "x", count: (1 << 20) + 1)
    let yaml = "format: lockstep-catalog/1\npage: p\nlocale: fi\nnote: \(long)\n"
    #expect {
      try Catalog.parse(yaml, file: "long.yaml")
    } throws: { error in
      let error = error as? LockstepError
      return error?.diagnostic.rule == "line-too-long" && error?.diagnostic.line == 4
    }
    #expect {
      try ContentRules.parse(yaml, file: "long.yaml")
    } throws: { ($0 as? LockstepError)?.diagnostic.rule == "line-too-long" }
    let po =
      "msgid \"\"\nmsgstr \"\"\n\"X-Lockstep-Page: p\\n\"\n\nmsgctxt \"a\"\nmsgid \"\(long)\"\nmsgstr \"\"\n"
    #expect {
      try ExchangeImporter.read(bytes: Array(po.utf8), file: "long.po")
    } throws: { error in
      let error = error as? LockstepError
      return error?.diagnostic.rule == "line-too-long" && error?.diagnostic.line == 6
    }
  }

  @Test("YAML nested deeper than libyaml's 1,000 levels is a syntax error, not a crash")
  func yamlDepthLimit() {
    let deep = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
    #expect {
      try Catalog.parse(deep, file: "deep.yaml")
    } throws: { ($0 as? LockstepError)?.diagnostic.rule == "yaml-syntax" }
  }

  @Test("HTML nested deeper than 512 levels and XML deeper than 64 are refused")
  func markupDepthLimits() {
    let html = "<html><body>" + String(repeating: "<div>", count: 600) + "</body></html>"
    #expect {
      try PageExtractor.extract(bytes: Array(html.utf8), file: "deep.html")
    } throws: { ($0 as? LockstepError)?.diagnostic.rule == "html-too-deep" }
    let xml =
      "<xliff version=\"1.2\">" + String(repeating: "<g>", count: 100) + String(repeating: "</g>", count: 100)
      + "</xliff>"
    #expect {
      try ExchangeImporter.read(bytes: Array(xml.utf8), file: "deep.xlf")
    } throws: { ($0 as? LockstepError)?.diagnostic.rule == "xml-limit" }
  }
}
