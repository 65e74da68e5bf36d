import ArgumentParser
import LockstepCore

struct DiffCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff",
    abstract: "What a translator must do: missing, outdated and obsolete units of a locale.",
    discussion: """
      With --locale: the locale's catalog (or official translated page) against the source page. \
      Outdated units show the old and the new source with a word diff ([-removed-]{+added+}) and \
      the current translation. With --old and --new: the changes between two versions of a source \
      page, section by section (added, changed, removed).
      Exit codes: 0 shown; 2 a file could not be read; 64 bad usage.
      """)

  @OptionGroup var repositoryOptions: RepositoryOptions

  @Option(help: "The locale to compare with the source.")
  var locale: String?

  @Option(help: "Only this page.")
  var page: String?

  @Option(help: "An older version of a source page (with --new).")
  var old: String?

  @Option(help: "A newer version of a source page (with --old).")
  var new: String?

  @Option(help: "Output format: text or json.")
  var format: ReportFormat = .text

  func validate() throws {
    if (old == nil) != (new == nil) { throw ValidationError("--old and --new go together") }
    if old == nil, locale == nil { throw ValidationError("give --locale, or --old and --new") }
    if old != nil, locale != nil { throw ValidationError("--locale does not go with --old/--new") }
  }

  func run() throws {
    try runReporting { () throws(LockstepError) in
      let workspace = repositoryOptions.workspace
      if let old, let new {
        let before = try workspace.extract(old)
        let after = try workspace.extract(new)
        Console.warnings(before.warnings + after.warnings)
        let page = page ?? CheckRunner.pageID(fromPath: new)
        let diff = Workspace.versions(
          old: before.document, new: after.document, page: page, file: workspace.repository.relative(new))
        switch format {
        case .text: Console.out(DiffRenderer.diff(diff, labels: .versions))
        case .json: Console.out(try Serialization.json(diff))
        }
        return
      }
      let (diffs, warnings) = try workspace.diffs(
        pages: try repositoryOptions.pages(page), locales: try repositoryOptions.locales(locale),
        requireEach: true)
      Console.warnings(warnings)
      switch format {
      case .text: Console.out(diffs.map { DiffRenderer.diff($0) }.joined(separator: "\n"))
      case .json: Console.out(try Serialization.json(diffs))
      }
    }
  }
}
