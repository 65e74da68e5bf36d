import LockstepCore

/// `lockstep-bench catalogs`: `lockstep init --from-page` for a whole corpus in one process.
enum CatalogWriter {
  static func run(_ arguments: [String]) throws {
    var root: String?
    var locales: [String] = []
    var rest = arguments[...]
    while let argument = rest.popFirst() {
      switch argument {
      case "--root": root = rest.popFirst()
      case "--locale":
        guard let locale = rest.popFirst() else { throw UsageError("--locale needs a value") }
        locales.append(locale)
      default: throw UsageError("unknown argument '\(argument)'")
      }
    }
    guard let root, !locales.isEmpty else { throw UsageError("catalogs needs --root and --locale") }
    let workspace = Workspace(repository: Repository(root: root))
    let repository = workspace.repository
    var written = 0
    for page in try repository.pages() {
      let source = try workspace.source(page: page).document
      for locale in locales {
        let official = repository.officialPath(page: page, locale: locale)
        guard Repository.exists(official) else { continue }
        let (translation, _) = try workspace.translation(
          file: official, page: page, locale: locale, source: source)
        var catalog = Catalog.empty(for: source, page: page, locale: locale, date: Repository.today())
        catalog = CatalogBuilder.filled(catalog, from: translation, source: source)
        try AtomicFile.write(try catalog.yaml(), to: repository.catalogPath(page: page, locale: locale))
        written += 1
      }
    }
    BenchIO.error("wrote \(written) catalogs")
  }
}
