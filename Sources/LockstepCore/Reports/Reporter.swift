import Foundation

/// One output format of a check report: a small type that turns a `CheckReport` into the text of
/// one file. Renderers are pure: the same report always gives the same bytes (no timestamps).
public protocol Reporter: Sendable {
  /// The file the report is written to, inside the output folder.
  var fileName: String { get }

  /// The report in this format.
  func render(_ report: CheckReport) throws(LockstepError) -> String
}

/// The report formats: a closed set, so the command line rejects an unknown name before running.
public enum ReportKind: String, CaseIterable, Codable, Sendable {
  /// The JSON report of `schemas/report.schema.json` (`lockstep-report.json`).
  case json
  /// JUnit XML for CI test dashboards (`lockstep-junit.xml`).
  case junit
  /// SARIF 2.1.0 for code-scanning tools (`lockstep.sarif`).
  case sarif
  /// A Markdown summary for a pull-request comment or job summary (`lockstep-summary.md`).
  case markdown
  /// One self-contained HTML page with the coverage matrix (`lockstep-report.html`).
  case html
  /// GitHub Actions workflow commands, one annotation per finding (`github-annotations.txt`).
  case github

  /// The reporter that renders this format.
  public var reporter: any Reporter {
    switch self {
    case .json: JSONReporter()
    case .junit: JUnitReporter()
    case .sarif: SARIFReporter()
    case .markdown: MarkdownReporter()
    case .html: HTMLReporter()
    case .github: GitHubReporter()
    }
  }

  /// The formats named in `arguments`, each a comma-separated list (`json,sarif`), in the order
  /// given and without repeats. An unknown name is a usage error (exit 64).
  public static func parse(_ arguments: [String]) throws(LockstepError) -> [ReportKind] {
    var kinds: [ReportKind] = []
    for argument in arguments {
      for name in argument.split(separator: ",", omittingEmptySubsequences: false) {
        let trimmed = name.trimmingCharacters(in: .whitespaces).lowercased()
        guard let kind = ReportKind(rawValue: trimmed) else {
          let known = allCases.map(\.rawValue).joined(separator: ", ")
          throw LockstepError(
            Diagnostic(
              .error, "usage",
              "'\(trimmed)' is not a report format; choose from \(known) (comma-separated)"),
            code: .usage)
        }
        if !kinds.contains(kind) { kinds.append(kind) }
      }
    }
    return kinds
  }
}

/// Writes the chosen reports of one check into a folder.
public enum ReportWriter {
  /// Renders `report` in each of `kinds` and writes `folder/<fileName>` atomically (creating the
  /// folder); returns the paths written, in the order of `kinds`. Every report is rendered before
  /// the first is written, so a rendering failure leaves the folder as it was.
  @discardableResult
  public static func write(
    _ report: CheckReport, kinds: [ReportKind], to folder: String
  ) throws(LockstepError) -> [String] {
    var rendered: [(path: String, text: String)] = []
    for kind in kinds {
      let reporter = kind.reporter
      let base = folder.hasSuffix("/") ? folder : folder + "/"
      rendered.append((base + reporter.fileName, try reporter.render(report)))
    }
    for (path, text) in rendered { try AtomicFile.write(text, to: path) }
    return rendered.map(\.path)
  }
}
