import ArgumentParser
import Foundation
import LockstepCore

/// Options every repository command shares.
struct RepositoryOptions: ParsableArguments {
  @Option(help: "The repository root (holding locales/ and schemas/).")
  var root: String = "."

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

/// How `check` uses the machine: threads and the result cache.
struct PerformanceOptions: ParsableArguments {
  @Option(help: "Worker threads; 0 = one per core.")
  var jobs: Int = 0

  @Option(help: "Cache folder for results keyed by content hash (default: <root>/.lockstep/cache).")
  var cache: String?

  @Flag(help: "Do not read or write the result cache.")
  var noCache = false

  func validate() throws {
    if jobs < 0 { throw ValidationError("--jobs must be 0 (all cores) or more") }
  }

  /// Applies these options to `options` for the repository at `root`.
  func apply(to options: inout CheckOptions, root: String) {
    options.jobs = jobs
    options.cacheFolder = noCache ? nil : (cache ?? root + "/.lockstep/cache")
    options.cacheSalt = Self.buildSalt
  }

  /// Lockstep's version plus the size and time of this executable, so a rebuilt Lockstep never
  /// reuses results of another build.
  static var buildSalt: String {
    let executable = Bundle.main.executablePath ?? CommandLine.arguments[0]
    let attributes = try? FileManager.default.attributesOfItem(atPath: executable)
    let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
    let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
    return "\(ToolInfo.version)|\(size)|\(modified)"
  }
}
