import ArgumentParser
import Foundation
import LockstepCore

/// The exchange formats `export` writes.
enum ExchangeFormatArgument: String, ExpressibleByArgument, CaseIterable {
  case xliff12, xliff20, po

  var format: ExchangeFormat {
    switch self {
    case .xliff12: .xliff12
    case .xliff20: .xliff20
    case .po: .po
    }
  }
}

struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Write the units of a locale that need work as XLIFF or PO, for a translator's CAT tool.",
    discussion: """
      Each unit carries its Lockstep unit id (XLIFF 1.2 resname, XLIFF 2.0 name, PO msgctxt), the \
      source text, the current translation when there is one, the previous source of an outdated \
      unit, its place on the page, and what must stay unchanged: links are inline tags, phone \
      numbers, e-mail and web addresses protected placeholders (PO keeps links as [text](url) and \
      lists the invariants in a #. comment). States: missing = needs-translation (1.2) / initial \
      (2.0) / empty msgstr; outdated = needs-review-translation / initial / #, fuzzy with #| msgid. \
      The output is deterministic; LOCKSTEP_DATE adds a date. Bring the file back with lockstep import.
      Exit codes: 0 written; 2 no catalog or a bad input; 64 bad usage.
      """)

  @OptionGroup var repositoryOptions: RepositoryOptions

  @Option(help: "The locale to export (its catalog must exist: lockstep init).")
  var locale: String

  @Option(help: "The page (default: the only tracked page).")
  var page: String?

  @Option(help: "xliff12, xliff20 or po.")
  var format: ExchangeFormatArgument = .xliff12

  @Option(help: "Which units: a comma-separated list of missing, outdated, translated; or all.")
  var only: String = "missing,outdated"

  @Option(name: .shortAndLong, help: "Write to this file (atomically) instead of standard output.")
  var output: String?

  func validate() throws { _ = try statuses() }

  /// The statuses `--only` names.
  func statuses() throws(ValidationError) -> Set<ExchangeStatus> {
    if only == "all" { return Set(ExchangeStatus.allCases) }
    var result: Set<ExchangeStatus> = []
    for name in only.split(separator: ",", omittingEmptySubsequences: false) {
      let trimmed = name.trimmingCharacters(in: .whitespaces)
      guard let status = ExchangeStatus(rawValue: trimmed) else {
        throw ValidationError(
          "--only takes missing, outdated, translated (comma-separated) or all, not '\(trimmed)'")
      }
      result.insert(status)
    }
    return result
  }

  func run() throws {
    let include = try statuses()
    try runReporting { () throws(LockstepError) in
      try RepositoryOptions.validate(locale: locale)
      let pages = try repositoryOptions.pages(page)
      guard pages.count == 1, let page = pages.first else {
        throw LockstepError(
          Diagnostic(
            .error, "usage",
            pages.isEmpty
              ? "no tracked pages" : "\(pages.count) tracked pages: pass --page (one page per file)"),
          code: .usage)
      }
      let date = ProcessInfo.processInfo.environment["LOCKSTEP_DATE"].flatMap { $0.isEmpty ? nil : $0 }
      let export = try ExchangeExporter.export(
        repositoryOptions.workspace, page: page, locale: locale, format: format.format, include: include,
        date: date)
      Console.warnings(export.warnings)
      try Console.emit(export.text, to: output)
      if let output {
        Console.error("wrote \(output): \(export.document.units.count) units (\(format.format.displayName))")
      }
    }
  }
}
