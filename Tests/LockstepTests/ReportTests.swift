import Foundation
import Testing

@testable import LockstepCore

/// The data a report is rendered from: the shipped repository (which passes), or a broken copy
/// (`Fixtures/reports/repository`) with findings in ar, fi, sv and zh: a changed domain and an
/// injected `<script>` in Arabic, a dropped Pro-tukipiste in Finnish, an `"><img onerror=…>`
/// payload in Swedish (accepted by a waiver), missing units and permit rules in Chinese, and an
/// expired waiver.
enum ReportScenario: String, CaseIterable, Sendable, CustomTestStringConvertible {
  case shipped
  case mutated

  var testDescription: String { rawValue }

  /// The day the check runs on, fixed so waiver expiry (and so the bytes) never change.
  static let today = "2026-01-15"

  /// A repository to check: the shipped one in place, or a fresh copy of the broken fixture.
  func repository() throws -> ReportRepository {
    switch self {
    case .shipped: return ReportRepository(root: Paths.repositoryRoot, scratch: nil)
    case .mutated:
      let scratch = try TemporaryDirectory()
      let root = scratch.url.appendingPathComponent("repository")
      try FileManager.default.copyItem(at: try Paths.fixture("reports/repository"), to: root)
      // The source page and its rules are the shipped ones: only the catalogs are broken.
      for shared in ["locales/en/human-trafficking-and-forced-labour.html", "schemas/pages"] {
        let target = root.appendingPathComponent(shared)
        try FileManager.default.createDirectory(
          at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Paths.repositoryRoot.appendingPathComponent(shared), to: target)
      }
      return ReportRepository(root: root, scratch: scratch)
    }
  }

  /// The check report, computed in process.
  func report() throws -> CheckReport {
    try repository().report()
  }
}

/// A repository root to check; a temporary copy lives as long as this value.
struct ReportRepository {
  var root: URL
  var scratch: TemporaryDirectory?

  func report() throws -> CheckReport {
    var options = CheckOptions()
    options.today = ReportScenario.today
    return try CheckRunner.run(Workspace(repository: Repository(root: root.path)), options)
  }
}

/// What an external program printed.
struct ToolOutput {
  var status: Int32
  var stdout: String
  var stderr: String

  var text: String { stdout + stderr }
}

/// External programs the tests use as real consumers of the reports (check-jsonschema, sarif-tools,
/// junitparser, chromium). A missing program fails the test with the command that installs it: these
/// tests never skip.
enum ExternalTool {
  /// `name` on the PATH, or nil.
  static func find(_ name: String) -> URL? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for folder in path.split(separator: ":") {
      let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    return nil
  }

  /// `name` on the PATH; fails the test, naming `install`, when it is not there.
  static func require(_ name: String, install: String) throws -> URL {
    try #require(find(name), "\(name) is not installed (\(install))")
  }

  /// Runs `executable` with `arguments` (`LockstepBinary.run(executable:…)`: output through
  /// files, killed after `timeout` seconds).
  static func run(
    _ executable: URL, _ arguments: [String], environment: [String: String] = [:],
    in directory: URL = Paths.repositoryRoot, timeout: TimeInterval = 180
  ) throws -> ToolOutput {
    let result = try LockstepBinary.run(
      executable: executable, arguments, in: directory, environment: environment, timeout: timeout)
    return ToolOutput(status: result.status, stdout: result.stdout, stderr: result.stderr)
  }

  /// Runs a Python snippet; fails the test when python3 or `module` is missing.
  static func python(
    _ code: String, _ arguments: [String], module: String, package: String
  ) throws -> ToolOutput {
    let python = try require("python3", install: "apt-get install -y python3")
    let probe = try run(python, ["-c", "import \(module)"])
    try #require(probe.status == 0, "the Python module \(module) is not installed (pip install \(package))")
    return try run(python, ["-c", code] + arguments)
  }

  /// Validates `files` against `schema` with check-jsonschema.
  static func checkJSONSchema(schema: URL, _ files: [URL]) throws -> ToolOutput {
    let arguments = ["--schemafile", schema.path] + files.map(\.path)
    if let executable = find("check-jsonschema") { return try run(executable, arguments) }
    let python = try require("python3", install: "apt-get install -y python3")
    let probe = try run(python, ["-c", "import check_jsonschema"])
    try #require(probe.status == 0, "check-jsonschema is not installed (pip install check-jsonschema)")
    return try run(python, ["-m", "check_jsonschema"] + arguments)
  }

  /// The DOM of `file` after a real headless browser loaded it (Debian's chromium).
  static func browserDOM(_ file: URL) throws -> String {
    let browser = try #require(
      find("chromium") ?? find("chromium-browser") ?? find("google-chrome"),
      "no headless browser: install Debian's chromium (apt-get install -y chromium)")
    let profile = try TemporaryDirectory()
    let output = try run(
      browser,
      [
        "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
        "--user-data-dir=\(profile.url.path)", "--dump-dom", file.absoluteString,
      ])
    try #require(output.status == 0, "chromium failed (\(output.status)): \(output.stderr.suffix(2000))")
    try #require(output.stdout.contains("</html>"), "chromium printed no DOM: \(output.stderr.suffix(2000))")
    return output.stdout
  }
}

/// Helpers for reading the reports back.
enum ReportFiles {
  /// Writes `text` to a fresh file named `name` and returns it with the folder that holds it.
  static func write(_ text: String, named name: String) throws -> (URL, TemporaryDirectory) {
    let scratch = try TemporaryDirectory()
    return (try scratch.write(text, to: name), scratch)
  }

  /// The path of the golden file of `kind` in `scenario`.
  static func golden(_ scenario: ReportScenario, _ kind: ReportKind) -> String {
    "reports/\(scenario.rawValue)/\(kind.reporter.fileName)"
  }

  /// How often `pattern` (a regular expression) matches `text`.
  static func count(_ pattern: String, in text: String) throws -> Int {
    let expression = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
    return expression.numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text))
  }
}

@Suite("Reports")
struct ReportTests {
  // MARK: Golden files

  static let everyRender: [(ReportScenario, ReportKind)] = ReportScenario.allCases.flatMap { scenario in
    ReportKind.allCases.map { (scenario, $0) }
  }

  @Test("every format matches its golden file", arguments: everyRender)
  func golden(scenario: ReportScenario, kind: ReportKind) throws {
    let report = try scenario.report()
    let text = try kind.reporter.render(report)
    if Golden.isRecording {
      try FileManager.default.createDirectory(
        at: Paths.goldenFolder.appendingPathComponent("reports/\(scenario.rawValue)"),
        withIntermediateDirectories: true)
    }
    try Golden.expectMatch(text, named: ReportFiles.golden(scenario, kind))
  }

  @Test("the same report gives the same bytes, also after a round trip through JSON", arguments: everyRender)
  func deterministic(scenario: ReportScenario, kind: ReportKind) throws {
    let first = try scenario.report()
    let second = try scenario.report()
    let decoded = try JSONDecoder().decode(
      CheckReport.self, from: Data(try JSONReporter().render(first).utf8))
    #expect(decoded == first)
    let bytes = try kind.reporter.render(first)
    #expect(try kind.reporter.render(second) == bytes)
    #expect(try kind.reporter.render(decoded) == bytes)
  }

  @Test("the mutated copy has the findings the reports are tested on")
  func mutatedFindings() throws {
    let report = try ReportScenario.mutated.report()
    #expect(!report.summary.passed)
    #expect(report.summary.errors == 10)
    #expect(report.summary.warnings == 3)
    #expect(report.summary.waived == 1)
    #expect(Set(report.findings.map(\.locale)).isSuperset(of: ["ar", "fi", "sv", "zh"]))
    #expect(report.findings.contains { $0.translation?.contains("<script>alert(1)</script>") == true })
    #expect(report.findings.contains { $0.translation?.contains("\"><img src=x onerror=alert(1)>") == true })
    let shipped = try ReportScenario.shipped.report()
    #expect(shipped.summary.passed)
  }

  // MARK: Real consumers

  @Test(
    "JSON: valid against schemas/report.schema.json (check-jsonschema)", arguments: ReportScenario.allCases)
  func jsonSchema(scenario: ReportScenario) throws {
    let (file, scratch) = try ReportFiles.write(
      try JSONReporter().render(try scenario.report()), named: "lockstep-report.json")
    let schema = Paths.repositoryRoot.appendingPathComponent("schemas/report.schema.json")
    let result = try ExternalTool.checkJSONSchema(schema: schema, [file])
    #expect(result.status == 0, "check-jsonschema: \(result.text)")
    withExtendedLifetime(scratch) {}
  }

  @Test("JSON: the schema rejects what the model does not have")
  func jsonSchemaRejects() throws {
    let text = try JSONReporter().render(try ReportScenario.mutated.report())
    var object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    var findings = try #require(object["findings"] as? [[String: Any]])
    findings[0]["colour"] = "red"
    object["findings"] = findings
    let (file, scratch) = try ReportFiles.write(
      String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self),
      named: "broken.json")
    let schema = Paths.repositoryRoot.appendingPathComponent("schemas/report.schema.json")
    let result = try ExternalTool.checkJSONSchema(schema: schema, [file])
    #expect(result.status == 1, "an unknown finding key was accepted: \(result.text)")
    withExtendedLifetime(scratch) {}
  }

  @Test("SARIF: valid SARIF 2.1.0, and sarif-tools counts every result", arguments: ReportScenario.allCases)
  func sarif(scenario: ReportScenario) throws {
    let report = try scenario.report()
    let (file, scratch) = try ReportFiles.write(try SARIFReporter().render(report), named: "lockstep.sarif")
    let fetch = try ExternalTool.run(
      Paths.repositoryRoot.appendingPathComponent("scripts/fetch-sarif-schema"), [])
    try #require(fetch.status == 0, "scripts/fetch-sarif-schema failed: \(fetch.stderr)")
    let schema = URL(fileURLWithPath: fetch.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    let validation = try ExternalTool.checkJSONSchema(schema: schema, [file])
    #expect(validation.status == 0, "the SARIF schema rejects the log: \(validation.text)")

    let sarif = try ExternalTool.require("sarif", install: "pip install sarif-tools")
    let summary = try ExternalTool.run(sarif, ["summary", file.path])
    #expect(summary.status == 0, "sarif summary failed: \(summary.text)")
    var counted: [String: Int] = [:]
    for line in summary.stdout.split(separator: "\n") {
      let parts = line.split(separator: ":")
      if parts.count == 2, ["error", "warning", "note"].contains(String(parts[0])),
        let number = Int(parts[1].trimmingCharacters(in: .whitespaces))
      {
        counted[String(parts[0])] = number
      }
    }
    for severity in Diagnostic.Severity.allCases {
      let expected = report.findings.filter { $0.severity == severity }.count
      #expect(
        counted[severity.rawValue] ?? 0 == expected, "sarif summary counted \(severity.rawValue)s wrongly")
    }
    let loaded = try ExternalTool.python(
      "import sys; from sarif import loader; print(loader.load_sarif_file(sys.argv[1]).get_result_count())",
      [file.path], module: "sarif", package: "sarif-tools")
    #expect(loaded.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "\(report.findings.count)")
    withExtendedLifetime(scratch) {}
  }

  @Test("SARIF: rules, locations, fingerprints and suppressions")
  func sarifContent() throws {
    let report = try ReportScenario.mutated.report()
    let text = try SARIFReporter().render(report)
    let log = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(log["version"] as? String == "2.1.0")
    #expect(log["$schema"] as? String == "https://json.schemastore.org/sarif-2.1.0.json")
    let run = try #require((log["runs"] as? [[String: Any]])?.first)
    let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
    #expect(driver["name"] as? String == "lockstep")
    #expect(driver["version"] as? String == ToolInfo.version)
    let rules = try #require(driver["rules"] as? [[String: Any]])
    let ruleIDs = rules.compactMap { $0["id"] as? String }
    #expect(ruleIDs == Set(report.findings.map(\.rule)).sorted())
    let results = try #require(run["results"] as? [[String: Any]])
    #expect(results.count == report.findings.count)
    var fingerprints: Set<String> = []
    for (result, finding) in zip(results, report.findings) {
      let index = try #require(result["ruleIndex"] as? Int)
      #expect(ruleIDs[index] == finding.rule)
      let location = try #require(
        (result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
      let artifact = try #require(location["artifactLocation"] as? [String: Any])
      #expect(artifact["uri"] as? String == finding.file)
      #expect(artifact["uriBaseId"] as? String == "%SRCROOT%")
      let region = location["region"] as? [String: Any]
      if finding.line == 0 {
        #expect(region == nil)
      } else {
        #expect(region?["startLine"] as? Int == finding.line)
      }
      let fingerprint = try #require((result["partialFingerprints"] as? [String: String])?.values.first)
      fingerprints.insert(fingerprint)
      let suppressions = result["suppressions"] as? [[String: String]]
      if let waiver = finding.waiver {
        #expect(suppressions == [["kind": "external", "justification": waiver]])
      } else {
        #expect(suppressions == nil)
      }
    }
    #expect(fingerprints.count == results.count, "fingerprints are not unique")
    // Every rule the mutated check reports has its own help, not the generic fallback.
    for rule in ruleIDs {
      #expect(!RuleCatalog.description(of: rule, level: .error).summary.hasPrefix("Lockstep rule"), "\(rule)")
    }
  }

  @Test("JUnit: junitparser reads the suites, tests and failures")
  func junit() throws {
    let code = """
      import sys
      from junitparser import JUnitXml, Failure
      xml = JUnitXml.fromfile(sys.argv[1])
      suites = list(xml)
      cases = [case for suite in suites for case in suite]
      failing = [case for case in cases if any(isinstance(r, Failure) for r in case.result)]
      tests = sum(s.tests for s in suites)
      failures = sum(s.failures for s in suites)
      print(len(suites), len(cases), len(failing), tests, failures, xml.tests, xml.failures)
      for case in failing:
          print(case.classname, case.name, case.result[0].type)
      """
    func parse(_ scenario: ReportScenario) throws -> [String] {
      let (file, scratch) = try ReportFiles.write(
        try JUnitReporter().render(try scenario.report()), named: "lockstep-junit.xml")
      let output = try ExternalTool.python(code, [file.path], module: "junitparser", package: "junitparser")
      #expect(output.status == 0, "junitparser: \(output.text)")
      withExtendedLifetime(scratch) {}
      return output.stdout.split(separator: "\n").map(String.init)
    }
    // Mutated: 6 suites (5 locales and the waivers file); 5 × 11 contacts, permit rules and lists,
    // plus 2 ar units and the expired waiver = 58 tests; 8 of them fail.
    let mutated = try parse(.mutated)
    #expect(mutated.first == "6 58 8 58 8 58 8")
    #expect(
      Array(mutated.dropFirst()) == [
        "human-trafficking-and-forced-labour.ar unit lead number-extra",
        "human-trafficking-and-forced-labour.ar unit victim-support-finland/p1 domain-changed",
        "human-trafficking-and-forced-labour.fi contact pro-tukipiste contact-incomplete",
        "human-trafficking-and-forced-labour.zh contact finnish-immigration-service contact-incomplete",
        "human-trafficking-and-forced-labour.zh permit-rule victim-residence-permit permit-rule-missing",
        "human-trafficking-and-forced-labour.zh permit-rule continuous-residence-permit permit-rule-missing",
        "human-trafficking-and-forced-labour.zh enumeration signs-of-human-trafficking "
          + "enumeration-incomplete",
        "repository.zh waiver-expired waiver-expired",
      ])
    let shipped = try ReportScenario.shipped.report()
    let tests = shipped.locales.reduce(0) { $0 + $1.subjects.count + $1.enumerations.count }
    let count = shipped.locales.count
    #expect(try parse(.shipped) == ["\(count) \(tests) 0 \(tests) 0 \(tests) 0"])
  }

  @Test(
    "HTML: a real browser shows the matrix, RTL cells and the payloads as text",
    arguments: ReportScenario.allCases)
  func htmlInBrowser(scenario: ReportScenario) throws {
    let report = try scenario.report()
    let html = try HTMLReporter().render(report)
    let (file, scratch) = try ReportFiles.write(html, named: "lockstep-report.html")
    let dom = try ExternalTool.browserDOM(file)
    withExtendedLifetime(scratch) {}

    // The matrix: one row per locale result.
    let matrix = try #require(dom.range(of: "<table class=\"matrix\">"))
    let tableEnd = try #require(dom.range(of: "</table>", range: matrix.upperBound..<dom.endIndex))
    let table = String(dom[matrix.upperBound..<tableEnd.lowerBound])
    let body = try #require(table.components(separatedBy: "<tbody>").last)
    #expect(try ReportFiles.count("<tr[ >]", in: body) == report.locales.count)
    let cells = report.locales.reduce(0) { $0 + $1.subjects.count + $1.enumerations.count }
    #expect(try ReportFiles.count("<td class=\"status (present|incomplete|missing)\">", in: body) == cells)
    #expect(try ReportFiles.count("✔</span> present</span>", in: body) > 0)

    // No script, no image, no event handler: the payloads are text.
    #expect(try ReportFiles.count("<script", in: dom) == 0)
    #expect(try ReportFiles.count("<img", in: dom) == 0)
    #expect(try ReportFiles.count("<[a-z][^>]*\\son[a-z]+\\s*=", in: dom) == 0)
    #expect(try ReportFiles.count("<(link|iframe|object|embed)\\b", in: dom) == 0)
    #expect(
      try ReportFiles.count("\\s(src|srcset)\\s*=", in: dom.replacingOccurrences(of: "src=x", with: "")) == 0)
    #expect(dom.contains("default-src 'none'"))
    if scenario == .mutated {
      #expect(dom.contains("&lt;script&gt;alert(<mark>1</mark>)&lt;/script&gt;"))
      #expect(dom.contains("\"&gt;&lt;img src=x onerror=alert(<mark>1</mark>)&gt;"))
      // Translations carry their language and direction; Arabic is right to left.
      #expect(try ReportFiles.count("<td class=\"translation\" lang=\"ar\" dir=\"rtl\">", in: dom) == 3)
      #expect(try ReportFiles.count("lang=\"ar\" dir=\"ltr\"", in: dom) == 0)
      #expect(try ReportFiles.count("<td class=\"translation\" lang=\"fi\" dir=\"ltr\">", in: dom) > 0)
      // The changed domain is marked in both columns.
      #expect(dom.contains("<mark>rikku.fi</mark>"))
      #expect(dom.contains("<mark>riku.fi</mark>"))
      #expect(dom.contains("◐ incomplete"))
      #expect(dom.contains("✘ missing"))
    }
  }

  // MARK: Escaping

  @Test("XML escaping: markup characters and characters XML 1.0 forbids")
  func xmlEscaping() {
    #expect(ReportEscaping.xml("a & b < c > d \" e ' f") == "a &amp; b &lt; c &gt; d &quot; e &#39; f")
    #expect(ReportEscaping.xml("bell\u{07}nul\u{00}\u{FFFE}end") == "bellnulend")
    #expect(ReportEscaping.xml("one\ntwo\r\tthree") == "one\ntwo&#13;\tthree")
    #expect(ReportEscaping.xml("one\ntwo\t", attribute: true) == "one&#10;two&#9;")
    #expect(ReportEscaping.xml("عربي 中文 😀") == "عربي 中文 😀")
  }

  @Test("Markdown escaping: no link, image, HTML, table cell or new block from content")
  func markdownEscaping() {
    #expect(ReportEscaping.markdown("<script>x</script>") == "\\<script\\>x\\</script\\>")
    #expect(ReportEscaping.markdown("![i](u) [l](u)") == "\\!\\[i\\]\\(u\\) \\[l\\]\\(u\\)")
    #expect(ReportEscaping.markdown("a | b\n# c\r\n- d") == "a \\| b \\# c \\- d")
    #expect(ReportEscaping.markdown("*_`{}+.\\") == "\\*\\_\\`\\{\\}\\+\\.\\\\")
  }

  @Test("workflow-command escaping: data and properties")
  func workflowEscaping() {
    #expect(ReportEscaping.workflowData("100% done\r\nnext::x") == "100%25 done%0D%0Anext::x")
    #expect(ReportEscaping.workflowProperty("a:b,c%\n") == "a%3Ab%2Cc%25%0A")
    var finding = CheckReport.Finding(
      severity: .warning, rule: "unit-missing", message: "line one\nline two ::error::fake",
      file: "a,b:c.yaml",
      line: 3, column: 0, locale: "fi", page: "p")
    #expect(
      GitHubReporter.command(finding)
        == "::warning file=a%2Cb%3Ac.yaml,line=3,title=lockstep unit-missing (fi)::"
        + "line one%0Aline two ::error::fake"
    )
    finding.waiver = "ok"
    #expect(GitHubReporter.command(finding).hasPrefix("::notice "))
  }

  @Test("HTML highlighting splits the raw text first, then escapes every piece")
  func highlighting() {
    #expect(
      HTMLReporter.quoted("domain changed: the source has 'riku.fi', the translation has 'rikku.fi'") == [
        "riku.fi", "rikku.fi",
      ])
    #expect(
      HTMLReporter.highlighted("<b>riku.fi</b>", ["riku.fi"]) == "&lt;b&gt;<mark>riku.fi</mark>&lt;/b&gt;")
    #expect(HTMLReporter.highlighted("a<b>c", ["<b>"]) == "a<mark>&lt;b&gt;</mark>c")
    #expect(HTMLReporter.highlighted("0295 0295", ["0295", "95"]) == "<mark>0295</mark> <mark>0295</mark>")
    #expect(ReportText.direction("ar") == "rtl")
    #expect(ReportText.direction("fa-IR") == "rtl")
    #expect(ReportText.direction("zh-Hans") == "ltr")
  }

  @Test("an unknown format is named in the error; formats may be repeated or comma-separated")
  func parsing() throws {
    #expect(try ReportKind.parse(["json,sarif", "json", " html "]) == [.json, .sarif, .html])
    #expect(throws: LockstepError.self) { try ReportKind.parse(["json,bogus"]) }
    do {
      _ = try ReportKind.parse(["bogus"])
    } catch {
      #expect(error.code == .usage)
      #expect(error.diagnostic.message.contains("'bogus'"))
    }
  }

  // MARK: The binary

  @Test("lockstep check --report json,sarif --output-dir writes those files")
  func checkWritesReports() throws {
    let repository = try ReportScenario.mutated.repository()
    let output = try TemporaryDirectory()
    let result = try LockstepBinary.run(
      [
        "check", "--root", repository.root.path, "--report", "json,sarif", "--output-dir", output.url.path,
      ])
    #expect(result.status == 1, "stderr: \(result.stderr)")
    #expect(result.stdout.contains("check failed"))
    let written = try FileManager.default.contentsOfDirectory(atPath: output.url.path).sorted()
    #expect(written == ["lockstep-report.json", "lockstep.sarif"])
    let data = try Data(contentsOf: output.url.appendingPathComponent("lockstep-report.json"))
    let report = try JSONDecoder().decode(CheckReport.self, from: data)
    #expect(report.summary.errors == 10)
    #expect(report.findings.map(\.file).allSatisfy { !$0.hasPrefix("/") })
  }

  @Test("without --output-dir, reports go to reports/ in the repository root; github prints in Actions")
  func defaultFolder() throws {
    let repository = try ReportScenario.mutated.repository()
    let binary = try LockstepBinary.url()
    let result = try ExternalTool.run(
      binary, ["check", "--root", repository.root.path, "--report", "markdown,github"],
      environment: ["GITHUB_ACTIONS": "true", "NO_COLOR": "1"])
    #expect(result.status == 1)
    let folder = repository.root.appendingPathComponent("reports")
    let written = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    #expect(written == ["github-annotations.txt", "lockstep-summary.md"])
    let annotations = try String(
      contentsOf: folder.appendingPathComponent("github-annotations.txt"), encoding: .utf8)
    #expect(result.stdout.hasSuffix(annotations))
    #expect(annotations.split(separator: "\n").count == 14)
  }

  @Test("lockstep check --report bogus exits 64 (usage)")
  func bogusFormat() throws {
    let result = try LockstepBinary.run(["check", "--report", "json,bogus"])
    #expect(result.status == 64)
    #expect(result.stderr.contains("bogus"))
    #expect(result.stdout.isEmpty)
  }

  @Test("lockstep report --input re-renders a saved JSON report byte for byte")
  func reportCommand() throws {
    let report = try ReportScenario.mutated.report()
    let (saved, scratch) = try ReportFiles.write(try JSONReporter().render(report), named: "saved.json")
    let output = try TemporaryDirectory()
    let result = try LockstepBinary.run(
      [
        "report", "--input", saved.path, "--report", "html,sarif,junit,markdown,github", "--output-dir",
        output.url.path,
      ])
    #expect(result.status == 0, "stderr: \(result.stderr)")
    for kind in [ReportKind.html, .sarif, .junit, .markdown, .github] {
      let written = try String(
        contentsOf: output.url.appendingPathComponent(kind.reporter.fileName), encoding: .utf8)
      #expect(written == (try kind.reporter.render(report)), "\(kind) differs")
    }
    withExtendedLifetime(scratch) {}

    let (broken, brokenScratch) = try ReportFiles.write(
      "{\"format\": \"lockstep-report/1\"}", named: "broken.json")
    let failure = try LockstepBinary.run(["report", "--input", broken.path, "--report", "html"])
    #expect(failure.status == 2)
    #expect(failure.stderr.contains("report-format"))
    withExtendedLifetime(brokenScratch) {}

    let usage = try LockstepBinary.run(["report", "--input", saved.path])
    #expect(usage.status == 64)
  }
}
