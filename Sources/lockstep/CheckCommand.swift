import ArgumentParser
import Foundation
import LockstepCore

struct CheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Check that every contact, permit rule and invariant survives in every locale: the CI gate.",
    discussion: """
      Without PATHs: every tracked page (locales/<source>/*.html) in every locale under locales/, and \
      the source page itself against its content rules. With PATHs: just those catalogs or HTML pages \
      (of any locale, inside or outside locales/). Findings print as file:line:col: severity: message \
      [rule-id], grouped by locale, then a summary table.
      Severity: a missing or incomplete contact or permit rule, a changed phone, e-mail, link, domain \
      or number, a translated-away name, a list with a missing item and a structural departure are \
      errors; outdated, missing or obsolete units and gaps in the rules file are warnings (--strict \
      makes them errors). Waivers in schemas/waivers.yaml accept findings, each with a reason and an \
      expiry date; an expired or reasonless waiver is an error.
      --report writes report files besides the terminal output, into --output-dir (default: \
      reports/ in the repository root): json (lockstep-report.json), junit (lockstep-junit.xml), sarif \
      (lockstep.sarif), markdown (lockstep-summary.md), html (lockstep-report.html), github \
      (github-annotations.txt; with GITHUB_ACTIONS=true also printed, to standard output, or to \
      standard error with --format json). `lockstep report` renders them again from a saved JSON report.
      Exit codes: 0 clean (warnings allowed); 1 errors found; 2 could not run (bad input or \
      configuration); 64 bad usage.
      """)

  @OptionGroup var repositoryOptions: RepositoryOptions

  @Argument(help: "Catalogs or HTML pages to check (default: everything).")
  var paths: [String] = []

  @Option(help: "Only this locale.")
  var locale: String?

  @Option(help: "Only this page.")
  var page: String?

  @Option(help: "Output format on standard output: text or json.")
  var format: ReportFormat = .text

  @OptionGroup var reportOptions: ReportOptions

  @OptionGroup var performanceOptions: PerformanceOptions

  @Flag(help: "Treat warnings as errors.")
  var strict = false

  @Option(help: "The waivers file (default: schemas/waivers.yaml when present).")
  var waivers: String?

  func run() throws {
    var exitCode: Int32 = 0
    try runReporting { () throws(LockstepError) in
      var options = CheckOptions()
      options.paths = paths
      if let locale { try RepositoryOptions.validate(locale: locale) }
      options.locale = locale
      if let page { options.page = try repositoryOptions.pages(page).first }
      options.strict = strict
      options.waiversPath = waivers
      performanceOptions.apply(to: &options, root: repositoryOptions.repository.root)
      let report = try CheckRunner.run(repositoryOptions.workspace, options)
      switch format {
      case .text:
        let color = isatty(STDOUT_FILENO) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        Console.out(CheckTextRenderer.render(report, color: color))
      case .json:
        Console.out(try Serialization.json(report))
      }
      try reportOptions.write(report, root: repositoryOptions.repository.root, stdoutIsJSON: format == .json)
      exitCode = report.summary.passed ? 0 : LockstepError.Code.findings.rawValue
    }
    if exitCode != 0 { throw ExitCode(exitCode) }
  }
}
