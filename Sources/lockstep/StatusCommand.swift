import ArgumentParser
import LockstepCore

struct StatusCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "status",
    abstract: "One row per locale and page: translated, outdated, missing, obsolete, percent complete.",
    discussion: "Exit codes: 0 shown; 2 a file could not be read; 64 bad usage.")

  @OptionGroup var repositoryOptions: RepositoryOptions

  @Option(help: "Only this locale.")
  var locale: String?

  @Option(help: "Only this page.")
  var page: String?

  @Option(help: "Output format: text or json.")
  var format: ReportFormat = .text

  func run() throws {
    try runReporting { () throws(LockstepError) in
      let workspace = repositoryOptions.workspace
      let (diffs, warnings) = try workspace.diffs(
        pages: try repositoryOptions.pages(page), locales: try repositoryOptions.locales(locale),
        requireEach: false)
      Console.warnings(warnings)
      switch format {
      case .text:
        Console.out(
          diffs.isEmpty ? "no translations found under locales/\n" : DiffRenderer.statusTable(diffs))
      case .json: Console.out(try Serialization.json(StatusReport(locales: diffs.map(StatusReport.Row.init))))
      }
    }
  }
}

/// The JSON form of `status`.
struct StatusReport: Encodable {
  struct Row: Encodable {
    var locale: String
    var page: String
    var file: String
    var origin: String
    var counts: LocaleDiff.Counts
    var percentComplete: Double

    init(_ diff: LocaleDiff) {
      locale = diff.locale
      page = diff.page
      file = diff.file
      origin = diff.origin.rawValue
      counts = diff.counts
      percentComplete = diff.counts.percentComplete
    }
  }

  var format = "lockstep-status/1"
  var locales: [Row]
}
