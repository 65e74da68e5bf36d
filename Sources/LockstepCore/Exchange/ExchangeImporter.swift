internal import LockstepXML

/// What one import did (or, on a dry run, would do) to a catalog.
public struct ImportReport: Sendable, Equatable {
  /// A unit whose target was not applied, and why.
  public struct KeptAside: Sendable, Equatable {
    /// Why a target was kept aside.
    public enum Reason: String, Sendable {
      /// The source text in the file differs from the current source: the source changed since
      /// the export, so the target translates a text the page no longer has.
      case sourceChanged = "source-changed"
      /// A PO entry still marked `fuzzy` whose text differs from the catalog's.
      case fuzzy
    }

    /// The unit id.
    public var id: String
    /// Why.
    public var reason: Reason
    /// 1-based line of the unit in the imported file (0 when unknown).
    public var line: Int
  }

  /// The imported file, as given.
  public var file: String
  /// Its format.
  public var format: ExchangeFormat
  /// The page.
  public var page: String
  /// The locale.
  public var locale: String
  /// The catalog, repository-relative.
  public var catalogFile: String
  /// Units whose entry changed, in file order.
  public var updated: [String]
  /// Units whose entry stays as it is (same text, empty target, or still pending), in file order.
  public var unchanged: [String]
  /// Units not applied, in file order.
  public var keptAside: [KeptAside]
  /// Whether the catalog file was written.
  public var written: Bool

  /// The kept-aside units as warnings on the imported file.
  public var warnings: [Diagnostic] {
    keptAside.map { item in
      let message =
        switch item.reason {
        case .sourceChanged:
          "unit '\(item.id)' kept aside: its source text differs from the current source (the page "
            + "changed since the export); export again and translate the new text"
        case .fuzzy:
          "unit '\(item.id)' kept aside: the entry is still marked fuzzy; remove the flag when the "
            + "translation is done"
        }
      return Diagnostic(.warning, "import-\(item.reason.rawValue)", message, file: file, line: item.line)
    }
  }

  /// A short human-readable account: counts, then each unit id by outcome.
  public func text(dryRun: Bool) -> String {
    let verb = dryRun ? "would update" : "updated"
    var lines = [
      "\(catalogFile): \(updated.count) \(verb), \(unchanged.count) unchanged, \(keptAside.count) kept aside"
        + (dryRun ? " (dry run, nothing written)" : "")
    ]
    lines += updated.map { "  \(verb): \($0)" }
    lines += keptAside.map { "  kept aside (\($0.reason.rawValue)): \($0.id)" }
    lines += unchanged.map { "  unchanged: \($0)" }
    return lines.joined(separator: "\n") + "\n"
  }
}

/// Reads a translator's XLIFF or PO file and merges it into a catalog.
///
/// Policy: a target is applied when it is not empty, its source text is the page's current source
/// and the translator either changed it or marked it done; it then gets state `translated` and the
/// entry's `source` and `fingerprint` become the current source's. An empty target never blanks an
/// entry. A target whose source changed since the export is kept aside and listed, never written:
/// applying it would present a translation of the old text as current, or replace a translation of
/// the new text with one of the old. Nothing is written unless something changed, and then the whole
/// catalog at once.
public enum ExchangeImporter {
  /// The largest exchange file read: 16 MiB.
  public static let maximumBytes = 16 << 20
  /// The most units one exchange file may hold (a page has hundreds).
  public static let maximumUnits = 100_000
  /// The longest line a PO file may have: 1 MiB.
  public static let maximumLineBytes = 1 << 20

  /// The format and content of an exchange file, told apart by content: XML with an `<xliff>`
  /// root (version 1.2 or 2.x), else PO.
  public static func read(
    bytes: [UInt8], file: String
  ) throws(LockstepError) -> (format: ExchangeFormat, document: ExchangeDocument) {
    var body = bytes[...]
    if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
    let firstByte = body.first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
    guard let firstByte else {
      throw LockstepError(file: file, rule: "exchange-empty", "is empty")
    }
    if firstByte == UInt8(ascii: "<") {
      let root: LockstepXML.XMLElement
      do { root = try XMLReader.parse(utf8: bytes, fileName: file) } catch {
        throw LockstepError(
          file: file, rule: "xml-\(error.kind.rawValue)", error.message,
          line: error.line > 0 ? error.line : nil, column: error.column > 0 ? error.column : nil)
      }
      guard root.name == "xliff" else {
        throw LockstepError(
          file: file, rule: "exchange-format", "is XML with root <\(root.name)>, not XLIFF", line: root.line)
      }
      let version = root.attribute("version") ?? ""
      if root.namespace == XLIFF20.namespace || version.hasPrefix("2.") {
        return (.xliff20, try checkedUnitCount(try XLIFF20.read(root, file: file), file: file))
      }
      if root.namespace == XLIFF12.namespace || version == "1.2" {
        return (.xliff12, try checkedUnitCount(try XLIFF12.read(root, file: file), file: file))
      }
      throw LockstepError(
        file: file, rule: "exchange-format",
        "is XLIFF version '\(version)'; Lockstep reads 1.2 and 2.0", line: root.line)
    }
    guard let text = String(validating: body, as: UTF8.self) else {
      throw LockstepError(file: file, rule: "exchange-encoding", "is not valid UTF-8")
    }
    guard text.contains("msgid") else {
      throw LockstepError(file: file, rule: "exchange-format", "is neither XLIFF nor a PO file")
    }
    try InputFile.checkLineLength(body, limit: maximumLineBytes, file: file)
    return (.po, try checkedUnitCount(try PO.read(text, file: file), file: file))
  }

  private static func checkedUnitCount(
    _ document: ExchangeDocument, file: String
  ) throws(LockstepError) -> ExchangeDocument {
    guard document.units.count <= maximumUnits else {
      throw LockstepError(
        file: file, rule: "exchange-too-many-units",
        "holds \(document.units.count) units, over the limit of \(maximumUnits); nothing was imported")
    }
    return document
  }

  /// Merges `document` into `catalog`: the new catalog and what happened to each unit. Throws, and
  /// changes nothing, when a unit id is not a unit of the page or appears twice.
  public static func merge(
    _ document: ExchangeDocument, into catalog: Catalog, source: PageDocument, file: String
  ) throws(LockstepError) -> (
    catalog: Catalog, updated: [String], unchanged: [String], keptAside: [ImportReport.KeptAside]
  ) {
    let sourceUnits = Dictionary(source.units.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    var seen: [String: Int] = [:]
    for unit in document.units {
      guard sourceUnits[unit.id] != nil else {
        let unknown = document.units.filter { sourceUnits[$0.id] == nil }
        let more = unknown.count > 1 ? " (and \(unknown.count - 1) more unknown ids)" : ""
        throw LockstepError(
          file: file, rule: "import-unknown-unit",
          "unit '\(unit.id)' is not a unit of page '\(document.page)'\(more); nothing was imported",
          line: unit.line > 0 ? unit.line : nil)
      }
      if let first = seen[unit.id] {
        throw LockstepError(
          file: file, rule: "import-duplicate-unit",
          "unit '\(unit.id)' appears twice (first at line \(first)); nothing was imported",
          line: unit.line > 0 ? unit.line : nil)
      }
      seen[unit.id] = unit.line
    }

    let alignment = Aligner.align(source: source, catalog: catalog, page: document.page, file: file)
    var movedFrom: [String: String] = [:]
    for change in alignment.diff.changes where change.status != .obsolete {
      if let old = change.movedFrom { movedFrom[change.id] = old }
    }
    var entries = catalog.entries
    var added: [String: Catalog.Entry] = [:]
    var updated: [String] = []
    var unchanged: [String] = []
    var keptAside: [ImportReport.KeptAside] = []

    for unit in document.units {
      let current = sourceUnits[unit.id]!
      let target = InlineMarkup.collapsingWhitespace(unit.target ?? "")
      guard !target.isEmpty else {
        unchanged.append(unit.id)
        continue
      }
      let currentSource = MarkedText.render(current)
      guard
        InlineMarkup.collapsingWhitespace(unit.source) == InlineMarkup.collapsingWhitespace(currentSource)
      else {
        keptAside.append(.init(id: unit.id, reason: .sourceChanged, line: unit.line))
        continue
      }
      let index =
        entries.firstIndex { $0.id == unit.id }
        ?? movedFrom[unit.id].flatMap { old in entries.firstIndex { $0.id == old } }
      let existing = index.map { entries[$0] }
      let existingText = existing.flatMap { $0.isTranslated ? $0.translation : nil }
      let sameText = existingText.map(InlineMarkup.collapsingWhitespace) == target
      let upToDate = existing.map { $0.id == unit.id && $0.fingerprint == current.fingerprint } ?? false
      if sameText, upToDate || unit.state != .done {
        unchanged.append(unit.id)
        continue
      }
      if !sameText, unit.state == .fuzzy {
        keptAside.append(.init(id: unit.id, reason: .fuzzy, line: unit.line))
        continue
      }
      var entry =
        existing ?? Catalog.Entry(id: unit.id, source: currentSource, fingerprint: current.fingerprint)
      entry.id = unit.id
      entry.source = currentSource
      entry.fingerprint = current.fingerprint
      entry.translation = target
      entry.state = .translated
      if let index {
        guard entry != entries[index] else {
          unchanged.append(unit.id)
          continue
        }
        entries[index] = entry
      } else {
        added[unit.id] = entry
      }
      updated.append(unit.id)
    }

    // Units the catalog has no entry for go after the entry of the nearest unit before them.
    if !added.isEmpty {
      for (position, unit) in source.units.enumerated() {
        guard let entry = added[unit.id] else { continue }
        let earlier = Set(source.units[..<position].map(\.id))
        let insertAt = (entries.lastIndex { earlier.contains($0.id) }).map { $0 + 1 } ?? 0
        entries.insert(entry, at: insertAt)
      }
    }
    var result = catalog
    result.entries = entries
    return (result, updated, unchanged, keptAside)
  }

  /// Imports `file` into its catalog: checks page, languages and unit ids, merges, and writes the
  /// catalog atomically when something changed and `dryRun` is false.
  ///
  /// Unless `dryRun`, the repository's lock (`RepositoryLock`) is held from reading the catalog to
  /// writing it, so a concurrent import, pull or init never interleaves; when another process holds
  /// it, the import waits up to `waitSeconds` and then fails with `repository-locked`.
  public static func run(
    _ workspace: Workspace, file: String, locale: String? = nil, page: String? = nil, dryRun: Bool = false,
    waitSeconds: Double = 0
  ) throws(LockstepError) -> ImportReport {
    if dryRun { return try runUnlocked(workspace, file: file, locale: locale, page: page, dryRun: true) }
    return try RepositoryLock.withLock(
      root: workspace.repository.root, command: "import", waitSeconds: waitSeconds
    ) { () throws(LockstepError) -> ImportReport in
      try runUnlocked(workspace, file: file, locale: locale, page: page, dryRun: false)
    }
  }

  private static func runUnlocked(
    _ workspace: Workspace, file: String, locale: String?, page: String?, dryRun: Bool
  ) throws(LockstepError) -> ImportReport {
    let repository = workspace.repository
    let bytes = try InputFile.read(file, maximumBytes: maximumBytes)
    let (format, document) = try read(bytes: bytes, file: file)

    let fileLocale = normalizedLocale(document.targetLocale)
    if let locale, !fileLocale.isEmpty, fileLocale.lowercased() != normalizedLocale(locale).lowercased() {
      throw LockstepError(
        file: file, rule: "import-wrong-language",
        "is a translation into '\(document.targetLocale)', not '\(locale)'; nothing was imported", line: 1)
    }
    guard let targetLocale = locale ?? (fileLocale.isEmpty ? nil : fileLocale) else {
      throw LockstepError(
        file: file, rule: "import-wrong-language", "names no target language: pass --locale", line: 1)
    }
    guard Repository.isValidLocale(targetLocale) else {
      throw LockstepError(
        file: file, rule: "import-wrong-language",
        "names the target language '\(targetLocale)', not a BCP 47 code",
        line: 1)
    }
    if !document.sourceLocale.isEmpty,
      normalizedLocale(document.sourceLocale).lowercased() != repository.sourceLocale.lowercased()
    {
      throw LockstepError(
        file: file, rule: "import-wrong-language",
        "translates from '\(document.sourceLocale)', but the source pages are in "
          + "'\(repository.sourceLocale)'",
        line: 1)
    }
    guard Repository.isValidPageID(document.page) else {
      throw LockstepError(
        file: file, rule: "import-wrong-page", "names the page '\(document.page)', which is not a page id",
        line: 1)
    }
    if let page, page != document.page {
      throw LockstepError(
        file: file, rule: "import-wrong-page",
        "is for page '\(document.page)', not '\(page)'; nothing was imported", line: 1)
    }
    let source: Extraction
    do { source = try workspace.source(page: document.page) } catch {
      throw LockstepError(
        file: file, rule: "import-wrong-page",
        "is for page '\(document.page)', which this repository does not track (\(error.diagnostic.message))",
        line: 1)
    }
    let path = repository.catalogPath(page: document.page, locale: targetLocale)
    let catalogFile = repository.relative(path)
    guard Repository.exists(path) else {
      throw LockstepError(
        file: catalogFile, rule: "catalog-missing",
        "no catalog for locale '\(targetLocale)': create one with lockstep init --locale \(targetLocale)")
    }
    let original = try InputFile.read(path, maximumBytes: 8 << 20)
    guard let originalText = String(validating: original, as: UTF8.self) else {
      throw LockstepError(file: catalogFile, rule: "catalog-encoding", "is not valid UTF-8")
    }
    let catalog = try Catalog.parse(originalText, file: catalogFile)
    guard catalog.locale == targetLocale, catalog.page == document.page else {
      throw LockstepError(
        file: catalogFile, rule: "catalog-locale",
        "is the catalog of '\(catalog.page)' in '\(catalog.locale)', expected '\(document.page)' in "
          + "'\(targetLocale)'",
        line: 1)
    }
    let merged = try merge(document, into: catalog, source: source.document, file: file)
    var written = false
    if !merged.updated.isEmpty, !dryRun {
      let yaml = try merged.catalog.yaml()
      if Array(yaml.utf8) != original {
        try repository.checkWritable(path)
        try AtomicFile.write(yaml, to: path)
        written = true
      }
    }
    return ImportReport(
      file: file, format: format, page: document.page, locale: targetLocale, catalogFile: catalogFile,
      updated: merged.updated, unchanged: merged.unchanged, keptAside: merged.keptAside, written: written)
  }

  /// `pt_BR` → `pt-BR`; an encoding suffix (`fi.UTF-8`) dropped.
  static func normalizedLocale(_ locale: String) -> String {
    let base = locale.split(separator: ".").first.map(String.init) ?? locale
    return String(base.map { $0 == "_" ? "-" : $0 })
  }
}
