import Foundation
import Synchronization

/// What `lockstep check` was asked to do.
public struct CheckOptions: Sendable {
  /// Files to check (catalogs or HTML pages); empty = every tracked page in every locale.
  public var paths: [String] = []
  /// Only this locale.
  public var locale: String?
  /// Only this page.
  public var page: String?
  /// Warnings count as errors.
  public var strict = false
  /// The waivers file; nil = `schemas/waivers.yaml` when it exists.
  public var waiversPath: String?
  /// Today's date (YYYY-MM-DD) for waiver expiry.
  public var today = Repository.today()
  /// Worker threads; 0 = one per core.
  public var jobs = 0
  /// Where to cache results by content hash; nil = no cache.
  public var cacheFolder: String?
  /// Mixed into every cache key: Lockstep's version and build.
  public var cacheSalt = ToolInfo.version

  /// Default options.
  public init() {}
}

/// Runs the check over a repository: the CI gate.
///
/// Pages are independent, so they are checked in parallel (one page with all its locales per
/// task, so memory holds only the pages in flight), and each page's result is cached under the
/// content hash of everything it depends on: its source page, its rules file, every locale file
/// checked, and Lockstep's build. Waivers and `--strict` apply afterwards, so they never make a
/// cached result stale.
public enum CheckRunner {
  /// One page and the files of it to check.
  struct PageJob: Sendable {
    var page: String
    /// (file, locale, whether it is the source page itself).
    var entries: [(file: String, locale: String?, isSource: Bool)]
  }

  /// What checking one page gave.
  struct PageOutcome: Codable, Sendable {
    var results: [CheckReport.LocaleResult]
    var findings: [CheckReport.Finding]
  }

  /// Checks what `options` asks for. Throws only when it cannot run at all (a missing source page,
  /// a broken rules file); a broken locale file is a finding for that locale.
  public static func run(_ workspace: Workspace, _ options: CheckOptions) throws(LockstepError) -> CheckReport
  {
    let repository = workspace.repository
    let jobs = try plan(workspace, options)
    let cache = options.cacheFolder.map { CheckCache(folder: $0, salt: options.cacheSalt) }
    let outcomes = Mutex<[Result<PageOutcome, LockstepError>?]>(Array(repeating: nil, count: jobs.count))
    let next = Mutex(0)
    let workers = max(
      1, min(options.jobs > 0 ? options.jobs : ProcessInfo.processInfo.activeProcessorCount, jobs.count))
    let work: @Sendable (Int) -> Void = { _ in
      while true {
        let index = next.withLock { value -> Int in
          defer { value += 1 }
          return value
        }
        guard index < jobs.count else { return }
        let outcome = checkPage(jobs[index], workspace: workspace, cache: cache)
        outcomes.withLock { $0[index] = outcome }
      }
    }
    if workers == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
    cache?.saveHashes()

    var results: [CheckReport.LocaleResult] = []
    var findings: [CheckReport.Finding] = []
    for outcome in outcomes.withLock({ $0 }) {
      switch outcome {
      case .success(let page):
        results += page.results
        findings += page.findings
      case .failure(let error): throw error
      case nil: break
      }
    }
    let waivers: Waivers
    let waiversPath = options.waiversPath ?? repository.root + "/schemas/waivers.yaml"
    if Repository.exists(waiversPath) || options.waiversPath != nil {
      waivers = try Waivers.load(path: waiversPath, displayPath: repository.relative(waiversPath))
    } else {
      waivers = .none(file: repository.relative(waiversPath))
    }
    findings = waivers.apply(to: findings, today: options.today)
    if options.strict {
      for index in findings.indices where findings[index].severity == .warning {
        findings[index].severity = .error
      }
    }
    return CheckReport(locales: results, findings: findings)
  }

  /// The pages to check and, per page, the files: the source and each locale's catalog (or, lacking
  /// one, its official page), or just the paths given.
  static func plan(_ workspace: Workspace, _ options: CheckOptions) throws(LockstepError) -> [PageJob] {
    let repository = workspace.repository
    var jobs: [PageJob] = []
    if options.paths.isEmpty {
      let pages: [String]
      if let page = options.page { pages = [page] } else { pages = try repository.pages() }
      let locales = options.locale.map { [$0] } ?? repository.locales()
      for page in pages {
        var job = PageJob(
          page: page, entries: [(repository.sourcePath(page: page), repository.sourceLocale, true)])
        for locale in locales where locale != repository.sourceLocale {
          let catalog = repository.catalogPath(page: page, locale: locale)
          let official = repository.officialPath(page: page, locale: locale)
          if Repository.exists(catalog) {
            job.entries.append((catalog, locale, false))
          } else if Repository.exists(official) {
            job.entries.append((official, locale, false))
          } else {
            // Reported, not skipped: a locale folder without this page is worth a look.
            job.entries.append((catalog, locale, false))
          }
        }
        jobs.append(job)
      }
      return jobs
    }
    for path in options.paths {
      let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
      let (page, locale) = try identify(absolute, repository: repository, workspace: workspace)
      if let only = options.page, only != page { continue }
      if let only = options.locale, let locale, only != locale { continue }
      let entry = (absolute, locale ?? options.locale, absolute == repository.sourcePath(page: page))
      if let index = jobs.firstIndex(where: { $0.page == page }) {
        jobs[index].entries.append(entry)
      } else {
        jobs.append(PageJob(page: page, entries: [entry]))
      }
    }
    return jobs
  }

  /// Checks one page in every locale asked for, from the cache when nothing it depends on changed.
  static func checkPage(
    _ job: PageJob, workspace: Workspace, cache: CheckCache?
  ) -> Result<PageOutcome, LockstepError> {
    let repository = workspace.repository
    let rulesPath = repository.rulesPath(page: job.page)
    let sourcePath = repository.sourcePath(page: job.page)
    let key = cache?.key(
      files: [sourcePath, rulesPath] + job.entries.map(\.file),
      extra: job.entries.map { "\($0.locale ?? "")|\($0.isSource)" })
    if let cache, let key, let cached: PageOutcome = cache.load(key) { return .success(cached) }
    do {
      let outcome = try checkPageUncached(job, workspace: workspace)
      if let cache, let key { cache.store(outcome, key: key) }
      return .success(outcome)
    } catch {
      return .failure(error)
    }
  }

  static func checkPageUncached(_ job: PageJob, workspace: Workspace) throws(LockstepError) -> PageOutcome {
    let repository = workspace.repository
    var findings: [CheckReport.Finding] = []
    var results: [CheckReport.LocaleResult] = []
    let source = try workspace.source(page: job.page)
    findings += source.warnings.map { finding($0, locale: repository.sourceLocale, page: job.page) }
    let rulesPath = repository.rulesPath(page: job.page)
    var rules: ContentRules?
    if Repository.exists(rulesPath) {
      rules = try ContentRules.load(path: rulesPath, displayPath: repository.relative(rulesPath))
    } else {
      findings.append(
        CheckReport.Finding(
          severity: .warning, rule: "rules-missing",
          message:
            "page '\(job.page)' has no content rules (\(repository.relative(rulesPath))): only invariants and the diff are checked",
          file: repository.relative(repository.sourcePath(page: job.page)), line: 0, column: 0,
          locale: repository.sourceLocale, page: job.page))
    }
    let checker = Checker(
      source: source.document, sourceFile: repository.relative(repository.sourcePath(page: job.page)),
      rules: rules)
    for entry in job.entries {
      if !entry.isSource, !Repository.exists(entry.file) {
        findings.append(
          CheckReport.Finding(
            severity: .warning, rule: "locale-without-page",
            message:
              "locale '\(entry.locale ?? "")' has no catalog or official page of '\(job.page)': create one with "
              + "lockstep init --locale \(entry.locale ?? "xx")",
            file: repository.relative(entry.file), line: 0, column: 0, locale: entry.locale ?? "",
            page: job.page))
        continue
      }
      let translation: Translation
      if entry.isSource {
        translation = checker.sourceAsTranslation(page: job.page)
      } else {
        do {
          let (found, warnings) = try workspace.translation(
            file: entry.file, page: job.page, locale: entry.locale, source: checker.source)
          translation = found
          findings += warnings.map { finding($0, locale: found.locale, page: job.page) }
        } catch {
          // A broken locale file stops that locale, not the whole check.
          findings.append(finding(error.diagnostic, locale: entry.locale ?? "", page: job.page))
          continue
        }
      }
      let (result, found) = checker.check(translation, isSource: entry.isSource)
      results.append(result)
      findings += found
    }
    return PageOutcome(results: results, findings: findings)
  }

  private static func finding(_ diagnostic: Diagnostic, locale: String, page: String) -> CheckReport.Finding {
    CheckReport.Finding(
      severity: diagnostic.severity, rule: diagnostic.rule, message: diagnostic.message,
      file: diagnostic.file ?? "",
      line: diagnostic.line ?? 0, column: diagnostic.column ?? 0, locale: locale, page: page)
  }

  /// Which tracked page and locale a file given on the command line is: a catalog says so itself;
  /// a page is known by its canonical URL, then its file name; its locale by `<html lang>`, then
  /// by a `locales/<locale>/` folder in its path.
  static func identify(
    _ path: String, repository: Repository, workspace: Workspace
  ) throws(LockstepError) -> (String, String?) {
    let shown = repository.relative(path)
    let pages = try repository.pages()
    if path.hasSuffix(".yaml") || path.hasSuffix(".yml") {
      let catalog = try Catalog.load(path: path)
      guard pages.contains(catalog.page) else {
        throw LockstepError(
          file: shown, rule: "page-unknown", "is a catalog of '\(catalog.page)', which is not a tracked page")
      }
      return (catalog.page, catalog.locale)
    }
    let extraction = try workspace.extract(path)
    var page: String?
    if let canonical = extraction.document.canonicalURL {
      let last =
        canonical.split(separator: "?").first.map { $0.split(separator: "/").last.map(String.init) ?? "" }
        ?? ""
      if pages.contains(last) { page = last }
    }
    if page == nil, pages.contains(pageID(fromPath: path)) { page = pageID(fromPath: path) }
    guard let page else {
      throw LockstepError(
        file: shown, rule: "page-unknown",
        "is not a tracked page: neither its canonical URL nor its file name matches one of \(pages.joined(separator: ", "))"
      )
    }
    var locale = extraction.document.locale
    if locale == nil {
      let components = path.split(separator: "/").map(String.init)
      if let index = components.lastIndex(of: "locales"), index + 1 < components.count - 1 {
        locale = components[index + 1]
      }
    }
    return (page, locale)
  }

  /// The page id of a file name: without folder and extension (`fi.html`-style locale suffixes too).
  public static func pageID(fromPath path: String) -> String {
    var name = path.split(separator: "/").last.map(String.init) ?? path
    for suffix in [".html", ".htm", ".yaml", ".yml"] where name.hasSuffix(suffix) {
      name.removeLast(suffix.count)
    }
    if let dot = name.lastIndex(of: "."), name[name.index(after: dot)...].count <= 5 {
      name = String(name[..<dot])
    }
    return name
  }
}
