import ArgumentParser
import Foundation
import LockstepCore

/// `--report` and `--output-dir`: the report files `check` writes and `report` re-renders.
struct ReportOptions: ParsableArguments {
  @Option(
    name: .customLong("report"),
    help: ArgumentHelp(
      "Report files to write, comma-separated or repeated: json, junit, sarif, markdown, html, github.",
      valueName: "formats"))
  var formats: [String] = []

  @Option(
    help:
      "The folder for the report files (default: reports/ in the repository root for check, here for report)."
  )
  var outputDir: String?

  /// The chosen formats, validated.
  var kinds: [ReportKind] { (try? ReportKind.parse(formats)) ?? [] }

  func validate() throws {
    do { _ = try ReportKind.parse(formats) } catch { throw ValidationError(error.diagnostic.message) }
  }

  /// The output folder: `--output-dir` (relative to the current folder), else `reports/` in `root`.
  func folder(root: String) -> String {
    guard let outputDir else { return root + "/reports" }
    return outputDir.hasPrefix("/") ? outputDir : FileManager.default.currentDirectoryPath + "/" + outputDir
  }

  /// Writes the chosen reports of `report`; with `github` chosen inside GitHub Actions
  /// (`GITHUB_ACTIONS=true`), also prints the annotations, to standard output or, when that
  /// carries JSON, to standard error.
  func write(_ report: CheckReport, root: String, stdoutIsJSON: Bool = false) throws(LockstepError) {
    let kinds = kinds
    guard !kinds.isEmpty else { return }
    try ReportWriter.write(report, kinds: kinds, to: folder(root: root))
    if kinds.contains(.github), ProcessInfo.processInfo.environment["GITHUB_ACTIONS"] == "true" {
      let annotations = try GitHubReporter().render(report)
      if stdoutIsJSON {
        FileHandle.standardError.write(Data(annotations.utf8))
      } else {
        Console.out(annotations)
      }
    }
  }
}

struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Render a saved JSON check report in other formats.",
    discussion: """
      Reads a report that `lockstep check --format json` printed (or `--report json` wrote) and \
      writes the chosen formats into --output-dir (default: reports/ in the current folder): json \
      (lockstep-report.json), junit (lockstep-junit.xml), sarif (lockstep.sarif), markdown \
      (lockstep-summary.md), html (lockstep-report.html), github (github-annotations.txt; also \
      printed when GITHUB_ACTIONS=true). The same report always gives the same bytes.
      Exit codes: 0 the reports were written (whatever the findings); 2 could not run (unreadable \
      or malformed report, I/O failure); 64 bad usage (such as an unknown format).
      """)

  @Option(help: "The saved JSON report (- reads standard input).")
  var input: String

  @OptionGroup var reportOptions: ReportOptions

  func validate() throws {
    if reportOptions.formats.isEmpty { throw ValidationError("give at least one --report format") }
  }

  func run() throws {
    try runReporting { () throws(LockstepError) in
      let bytes = try InputFile.read(input)
      let report: CheckReport
      do {
        report = try JSONDecoder().decode(CheckReport.self, from: Data(bytes))
      } catch {
        throw LockstepError(
          file: input, rule: "report-format", "is not a lockstep JSON report: \(Self.describe(error))")
      }
      let expected = CheckReport(locales: [], findings: []).format
      guard report.format == expected else {
        throw LockstepError(
          file: input, rule: "report-format", "has format '\(report.format)', expected '\(expected)'")
      }
      try reportOptions.write(report, root: FileManager.default.currentDirectoryPath)
    }
  }

  /// A decoding error in one line, with the path of the value at fault.
  static func describe(_ error: any Error) -> String {
    guard let error = error as? DecodingError else { return "\(error)" }
    func path(_ context: DecodingError.Context) -> String {
      let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
      return keys.isEmpty ? "" : " at \(keys)"
    }
    switch error {
    case .keyNotFound(let key, let context): return "lacks '\(key.stringValue)'\(path(context))"
    case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
      return context.debugDescription + path(context)
    @unknown default: return "\(error)"
    }
  }
}
