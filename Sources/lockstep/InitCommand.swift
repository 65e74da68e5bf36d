import ArgumentParser
import LockstepCore

struct InitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init",
    abstract: "Create the catalog of a new locale: every unit of the source page, untranslated.",
    discussion: """
      Writes locales/<locale>/<page>.yaml. Refuses to overwrite an existing catalog. With --from-page, \
      the translations are taken from an official translated page, aligned to the source by structure.
      Exit codes: 0 created; 2 the catalog exists, an input is bad or another lockstep holds the repository's lock; 64 bad usage.
      """)

  @OptionGroup var repositoryOptions: RepositoryOptions

  @Option(help: "The new locale (BCP 47, e.g. fi, sv, zh).")
  var locale: String

  @Option(help: "The page (default: every tracked page).")
  var page: String?

  @Option(help: "Fill the translations from this official translated page (HTML).")
  var fromPage: String?

  @Option(help: "Seconds to wait while another lockstep holds the repository's lock (default: fail at once).")
  var wait: Double = 0

  func run() throws {
    try runReporting { () throws(LockstepError) in
      try RepositoryOptions.validate(locale: locale)
      let workspace = repositoryOptions.workspace
      let repository = workspace.repository
      let pages = try repositoryOptions.pages(page)
      // Held from the existence check to the write, so two inits never both create one catalog.
      let lock = try RepositoryLock.acquire(root: repository.root, command: "init", waitSeconds: wait)
      defer { lock.release() }
      for page in pages {
        let path = repository.catalogPath(page: page, locale: locale)
        guard !Repository.exists(path) else {
          throw LockstepError(
            file: repository.relative(path), rule: "catalog-exists",
            "already exists; init never overwrites a catalog")
        }
        let source = try workspace.source(page: page)
        var catalog = Catalog.empty(
          for: source.document, page: page, locale: locale, date: Repository.today())
        if let fromPage {
          let (translation, warnings) = try workspace.translation(
            file: fromPage, page: page, locale: locale, source: source.document)
          Console.warnings(warnings + translation.diff.structure)
          catalog = CatalogBuilder.filled(catalog, from: translation, source: source.document)
        }
        try repository.checkWritable(path)
        try AtomicFile.write(try catalog.yaml(), to: path)
        let translated = catalog.entries.filter(\.isTranslated).count
        Console.error(
          "created \(repository.relative(path)): \(catalog.entries.count) units, \(translated) translated")
      }
    }
  }
}
