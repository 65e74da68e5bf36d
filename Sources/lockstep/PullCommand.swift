import ArgumentParser
import Foundation
import LockstepCore

/// Output formats of `pull`.
enum PullFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json, markdown
}

struct PullCommand: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "pull",
    abstract: "Fetch the latest official page in every locale and tell maintainers what changed.",
    discussion: """
      URLs and allowed hosts come from each page's content rules (schemas/pages/<page>.yaml). \
      Each locale is fetched with If-None-Match/If-Modified-Since from its last provenance; \
      redirects are followed only to allowed hosts; bodies are size-limited; timeouts and 429/5xx \
      are retried with backoff. A snapshot (locales/<locale>/<page>.html) and its provenance \
      (<snapshot>.provenance.json) are written atomically, only when the page parses and its \
      content changed; a failed download leaves both untouched.
      Exit codes: 0 nothing changed; 3 changes pulled (or found, with --dry-run); 1 some locale \
      failed; 2 bad configuration or another lockstep holds the repository's lock; 64 bad usage.
      """)

  @OptionGroup var repositoryOptions: RepositoryOptions

  @Option(help: "Only this page.")
  var page: String?

  @Option(help: "A locale, or all (default).")
  var locale: String = "all"

  @Flag(help: "Fetch and report, but write nothing.")
  var dryRun = false

  @Flag(help: "Also fetch the language versions the source page's language menu links to.")
  var discover = false

  @Option(help: "Report format: text, json or markdown.")
  var format: PullFormat = .text

  @Flag(help: "No progress lines.")
  var quiet = false

  @Option(help: "Seconds a whole request may take.")
  var timeout: Int = 60

  @Flag(help: "Allow loopback and private addresses (for testing against a local server).")
  var allowPrivateAddresses = false

  @Option(help: "Seconds to wait while another lockstep holds the repository's lock (default: fail at once).")
  var wait: Double = 0

  func run() async throws {
    var options = PullOptions()
    options.dryRun = dryRun
    options.discover = discover
    options.allowPrivateAddresses = allowPrivateAddresses
    options.timeoutSeconds = timeout
    options.lockWaitSeconds = wait
    let environment = ProcessInfo.processInfo.environment
    if !quiet, isatty(STDERR_FILENO) != 0, environment["CI"] == nil {
      options.progress = { line in Console.error("pulled \(line)") }
    }
    let report: PullReport
    do {
      if locale != "all" {
        try RepositoryOptions.validate(locale: locale)
        options.locales = [locale]
      }
      if let page { options.page = try repositoryOptions.pages(page).first }
      report = try await PullRunner.run(repositoryOptions.workspace, options)
    } catch {
      Console.error(error.diagnostic.description)
      throw ExitCode(error.code.rawValue)
    }
    for entry in report.entries where entry.status == .failed {
      Console.error("\(entry.snapshot): error: \(entry.locale) failed: \(entry.message ?? "") [pull-failed]")
    }
    do {
      switch format {
      case .text: Console.out(PullRenderer.text(report))
      case .json: Console.out(try Serialization.json(report))
      case .markdown: Console.out(PullRenderer.markdown(report))
      }
    } catch {
      Console.error(error.diagnostic.description)
      throw ExitCode(2)
    }
    if report.anyFailed { throw ExitCode(1) }
    if report.anyChanged { throw ExitCode(3) }
  }
}
