/// Loads what commands work on: source pages and each locale's translation, with warnings.
public struct Workspace: Sendable {
  /// The repository.
  public var repository: Repository
  /// Extraction limits for every page read.
  public var limits: ExtractionLimits

  /// A workspace over `repository`.
  public init(repository: Repository, limits: ExtractionLimits = ExtractionLimits()) {
    self.repository = repository
    self.limits = limits
  }

  /// The source page of `page`, extracted.
  public func source(page: String) throws(LockstepError) -> Extraction {
    let path = repository.sourcePath(page: page)
    guard Repository.exists(path) else {
      throw LockstepError(
        file: repository.relative(path), rule: "page-unknown",
        "no source page '\(page)' (expected \(repository.relative(path)))")
    }
    return try extract(path)
  }

  /// Extracts the page at `path`, naming it repository-relative in messages.
  public func extract(_ path: String) throws(LockstepError) -> Extraction {
    let bytes = try InputFile.read(path, maximumBytes: limits.maximumBytes)
    return try PageExtractor.extract(bytes: bytes, file: repository.relative(path), limits: limits)
  }

  /// The translation of `page` into `locale`: the catalog when there is one, else the official
  /// translated page; nil when the locale has neither.
  public func translation(
    page: String, locale: String, source: PageDocument
  ) throws(LockstepError) -> (Translation, [Diagnostic])? {
    let catalogPath = repository.catalogPath(page: page, locale: locale)
    if Repository.exists(catalogPath) {
      return try translation(file: catalogPath, page: page, locale: locale, source: source)
    }
    let officialPath = repository.officialPath(page: page, locale: locale)
    if Repository.exists(officialPath) {
      return try translation(file: officialPath, page: page, locale: locale, source: source)
    }
    return nil
  }

  /// The translation in `file` (a catalog `.yaml`/`.yml`, or an HTML page).
  public func translation(
    file: String, page: String, locale: String?, source: PageDocument
  ) throws(LockstepError) -> (Translation, [Diagnostic]) {
    let relative = repository.relative(file)
    if file.hasSuffix(".yaml") || file.hasSuffix(".yml") {
      let catalog = try Catalog.load(path: file)
      var warnings: [Diagnostic] = []
      if catalog.page != page {
        warnings.append(
          Diagnostic(
            .warning, "catalog-page", "is a catalog of page '\(catalog.page)', checked against '\(page)'",
            file: relative, line: 1))
      }
      if let locale, catalog.locale != locale {
        throw LockstepError(
          file: relative, rule: "catalog-locale",
          "says locale '\(catalog.locale)' but lies in the folder of '\(locale)'", line: 1)
      }
      return (Aligner.align(source: source, catalog: catalog, page: page, file: relative), warnings)
    }
    let extraction = try extract(file)
    guard let pageLocale = locale ?? extraction.document.locale else {
      throw LockstepError(
        file: relative, rule: "locale-unknown",
        "has no <html lang> and lies outside locales/<locale>/: pass --locale")
    }
    return (
      Aligner.align(
        source: source, translated: extraction.document, page: page, locale: pageLocale, file: relative),
      extraction.warnings
    )
  }

  /// Each locale's diff of each page, with the warnings met on the way. A locale without a
  /// catalog or official page is skipped, or with `requireEach` an error.
  public func diffs(
    pages: [String], locales: [String], requireEach: Bool
  ) throws(LockstepError) -> (
    [LocaleDiff], [Diagnostic]
  ) {
    var diffs: [LocaleDiff] = []
    var warnings: [Diagnostic] = []
    for page in pages {
      let source = try source(page: page)
      warnings += source.warnings
      for locale in locales {
        guard let (translation, more) = try translation(page: page, locale: locale, source: source.document)
        else {
          guard requireEach else { continue }
          throw LockstepError(
            file: repository.relative(repository.catalogPath(page: page, locale: locale)),
            rule: "catalog-missing",
            "no catalog or official page for locale '\(locale)': create one with lockstep init --locale \(locale)"
          )
        }
        warnings += more
        diffs.append(translation.diff)
      }
    }
    return (diffs, warnings)
  }

  /// The changes between two versions of a source page, as a diff whose "translation" is the old
  /// page: outdated = changed, missing = added, obsolete = removed.
  public static func versions(old: PageDocument, new: PageDocument, page: String, file: String) -> LocaleDiff
  {
    let entries = old.units.map { unit in
      Catalog.Entry(
        id: unit.id, source: MarkedText.render(unit), fingerprint: unit.fingerprint,
        translation: MarkedText.render(unit), line: unit.line)
    }
    let catalog = Catalog(
      page: page, locale: new.locale ?? "", sourceHash: old.contentHash, sourcePublished: old.published,
      updated: nil, entries: entries)
    return Aligner.align(source: new, catalog: catalog, page: page, file: file).diff
  }
}
