import ArgumentParser
import Foundation
import LockstepCore

/// Options every repository command shares.
struct RepositoryOptions: ParsableArguments {
  @Option(help: "The repository root (holding locales/ and schemas/).")
  var root: String = FileManager.default.currentDirectoryPath

  @Option(help: "The locale of the official source pages.")
  var sourceLocale: String = "en"

  var repository: Repository {
    var path = root
    if !path.hasPrefix("/") { path = FileManager.default.currentDirectoryPath + "/" + path }
    while path.count > 1, path.hasSuffix("/") { path.removeLast() }
    return Repository(root: URL(fileURLWithPath: path).standardizedFileURL.path, sourceLocale: sourceLocale)
  }

  var workspace: Workspace { Workspace(repository: repository) }

  /// The pages to work on: `page` if given (validated), else every tracked page.
  func pages(_ page: String?) throws(LockstepError) -> [String] {
    if let page {
      guard Repository.isValidPageID(page) else {
        throw LockstepError(
          Diagnostic(.error, "usage", "'\(page)' is not a page id (lower-case letters, digits, hyphens)"),
          code: .usage)
      }
      return [page]
    }
    return try repository.pages()
  }

  /// The locales to work on: `locale` if given (validated), else every locale folder.
  func locales(_ locale: String?) throws(LockstepError) -> [String] {
    if let locale {
      try Self.validate(locale: locale)
      return [locale]
    }
    return repository.locales()
  }

  static func validate(locale: String) throws(LockstepError) {
    guard Repository.isValidLocale(locale) else {
      throw LockstepError(
        Diagnostic(.error, "usage", "'\(locale)' is not a BCP 47 locale code (like fi, sv, zh-Hans)"),
        code: .usage)
    }
  }
}

/// Text or JSON output of a report-like command.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json
}
