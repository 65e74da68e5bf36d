import ArgumentParser
import LockstepCore

struct ImportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Merge a translator's XLIFF or PO file back into the locale's catalog.",
    discussion: """
      The format is told from the content (XLIFF 1.2, XLIFF 2.0 or PO); the page and the language \
      come from the file (XLIFF original and target-language, PO X-Lockstep-Page and Language). A \
      target is applied when it is not empty and the translator changed it or marked it done \
      (a PO entry still marked fuzzy is not): it gets state translated, and the entry's source and \
      fingerprint become the current source's. An empty target never blanks a translation. A unit \
      whose source text in the file differs from the current source (the page changed since the \
      export) is kept aside: listed as a warning, never written; export again to translate the new \
      text. The whole catalog is written at once, and only when something changed: importing the \
      same file twice changes nothing. Unknown unit ids, another page, another language, malformed \
      XML or PO, and DOCTYPEs or entity declarations (refused, never expanded) stop the import with \
      nothing written.
      Exit codes: 0 imported (kept-aside units are warnings); 2 the file was refused or another lockstep holds the \
      repository's lock (see --wait), nothing written; 64 bad usage.
      """)

  @OptionGroup var repositoryOptions: RepositoryOptions

  @Argument(help: "The XLIFF or PO file to import.")
  var file: String

  @Option(help: "The locale the file must translate into (default: the file's target language).")
  var locale: String?

  @Option(help: "The page the file must be for (default: the file's page).")
  var page: String?

  @Flag(help: "Report what would change without writing the catalog.")
  var dryRun = false

  @Option(help: "Seconds to wait while another lockstep holds the repository's lock (default: fail at once).")
  var wait: Double = 0

  func run() throws {
    try runReporting { () throws(LockstepError) in
      if let locale { try RepositoryOptions.validate(locale: locale) }
      if let page { _ = try repositoryOptions.pages(page) }
      let report = try ExchangeImporter.run(
        repositoryOptions.workspace, file: file, locale: locale, page: page, dryRun: dryRun,
        waitSeconds: wait)
      Console.warnings(report.warnings)
      Console.out(report.text(dryRun: dryRun))
    }
  }
}
