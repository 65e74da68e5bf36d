import Foundation

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

  /// Default options.
  public init() {}
}

/// Runs the check over a repository: the CI gate.
public enum CheckRunner {
  /// Checks what `options` asks for. Throws only when it cannot run at all; every problem in the
  /// content is a finding in the report. Problems reading a locale's file are findings too.
  public static func run(_ workspace: Workspace, _ options: CheckOptions) throws(LockstepError) -> CheckReport
  {
    let repository = workspace.repository
    var jobs: [(page: String, file: String?, locale: String?)] = []
    if options.paths.isEmpty {
      let pages: [String]
      if let page = options.page { pages = [page] } else { pages = try repository.pages() }
      for page in pages {
        jobs.append((page, repository.sourcePath(page: page), repository.sourceLocale))
        let locales = options.locale.map { [$0] } ?? repository.locales()
        for locale in locales where locale != repository.sourceLocale {
          jobs.append((page, nil, locale))
        }
      }
    } else {
      for path in options.paths {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let (page, locale) = try identify(absolute, repository: repository, workspace: workspace)
        if let only = options.page, only != page { continue }
        if let only = options.locale, let locale, only != locale { continue }
        jobs.append((page, absolute, locale ?? options.locale))
      }
    }

    var results: [CheckReport.LocaleResult] = []
    var findings: [CheckReport.Finding] = []
    var checkers: [String: Checker] = [:]
    for job in jobs {
      let checker: Checker
      if let cached = checkers[job.page] {
        checker = cached
      } else {
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
        checker = Checker(
          source: source.document, sourceFile: repository.relative(repository.sourcePath(page: job.page)),
          rules: rules)
        checkers[job.page] = checker
      }
      let isSource = job.file == repository.sourcePath(page: job.page)
      let translation: Translation
      if isSource {
        translation = checker.sourceAsTranslation(page: job.page)
      } else {
        do {
          let loaded: (Translation, [Diagnostic])?
          if let file = job.file {
            loaded = try workspace.translation(
              file: file, page: job.page, locale: job.locale, source: checker.source)
          } else {
            loaded = try workspace.translation(
              page: job.page, locale: job.locale ?? "", source: checker.source)
          }
          guard let (found, warnings) = loaded else { continue }
          translation = found
          findings += warnings.map { finding($0, locale: found.locale, page: job.page) }
        } catch {
          // A broken locale file stops that locale, not the whole check.
          findings.append(finding(error.diagnostic, locale: job.locale ?? "", page: job.page))
          continue
        }
      }
      let (result, found) = checker.check(translation, isSource: isSource)
      results.append(result)
      findings += found
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

  /// The page id of a file name: without folder and extension.
  static func pageID(fromPath path: String) -> String {
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
