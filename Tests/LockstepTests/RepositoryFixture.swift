import Foundation
import Testing

@testable import LockstepCore

/// The shipped repository data, loaded once, and temporary copies of it to break.
enum Shipped {
  static let page = "human-trafficking-and-forced-labour"
  static let locales = ["ar", "fi", "ru", "sv", "th", "zh"]
  static let today = "2026-11-29"

  static var repository: Repository { Repository(root: Paths.repositoryRoot.path) }

  static func source() throws -> PageDocument {
    try Workspace(repository: repository).source(page: page).document
  }

  static func rules() throws -> ContentRules {
    try ContentRules.load(path: repository.rulesPath(page: page))
  }

  static func catalog(_ locale: String) throws -> Catalog {
    try Catalog.load(path: repository.catalogPath(page: page, locale: locale))
  }

  /// Checks `catalog` in memory against the shipped source and rules.
  static func check(_ catalog: Catalog, source: PageDocument, rules: ContentRules) -> [CheckReport.Finding] {
    let translation = Aligner.align(
      source: source, catalog: catalog, page: page, file: "\(catalog.locale).yaml")
    let checker = Checker(source: source, sourceFile: "en.html", rules: rules)
    return checker.check(translation).1
  }

  /// Checks `catalog` and returns the result for the locale too.
  static func result(
    _ catalog: Catalog, source: PageDocument, rules: ContentRules
  ) -> CheckReport.LocaleResult {
    let translation = Aligner.align(
      source: source, catalog: catalog, page: page, file: "\(catalog.locale).yaml")
    return Checker(source: source, sourceFile: "en.html", rules: rules).check(translation).0
  }
}

/// A temporary copy of the repository's `locales/` and `schemas/` folders.
final class RepositoryCopy {
  let directory: TemporaryDirectory
  var root: URL { directory.url }
  var repository: Repository { Repository(root: root.path) }

  init() throws {
    directory = try TemporaryDirectory()
    for folder in ["locales", "schemas"] {
      try FileManager.default.copyItem(
        at: Paths.repositoryRoot.appendingPathComponent(folder), to: root.appendingPathComponent(folder))
    }
  }

  var sourceURL: URL { root.appendingPathComponent("locales/en/\(Shipped.page).html") }

  func catalogURL(_ locale: String) -> URL {
    root.appendingPathComponent("locales/\(locale)/\(Shipped.page).yaml")
  }

  /// Rewrites the English source page's HTML.
  func editSource(_ transform: (String) -> String) throws {
    let html = try String(contentsOf: sourceURL, encoding: .utf8)
    let edited = transform(html)
    #expect(edited != html, "the edit changed nothing")
    try edited.write(to: sourceURL, atomically: true, encoding: .utf8)
  }

  /// Rewrites a catalog through its model.
  func editCatalog(_ locale: String, _ transform: (inout Catalog) -> Void) throws {
    var catalog = try Catalog.load(path: catalogURL(locale).path)
    transform(&catalog)
    try catalog.yaml().write(to: catalogURL(locale), atomically: true, encoding: .utf8)
  }

  func diff(_ locale: String) throws -> LocaleDiff {
    let workspace = Workspace(repository: repository)
    let source = try workspace.source(page: Shipped.page).document
    return try #require(try workspace.translation(page: Shipped.page, locale: locale, source: source)).0.diff
  }

  func check(_ configure: (inout CheckOptions) -> Void = { _ in }) throws -> CheckReport {
    var options = CheckOptions()
    options.today = Shipped.today
    configure(&options)
    return try CheckRunner.run(Workspace(repository: repository), options)
  }
}
