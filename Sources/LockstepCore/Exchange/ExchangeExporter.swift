/// Builds the exchange file of the units that need work in one locale of one page.
public enum ExchangeExporter {
  /// The units of `source` whose status is in `include`, with the catalog's current translations,
  /// the previous source of outdated units, their context on the page and their invariants.
  public static func document(
    page: String, source: PageDocument, catalog: Catalog, sourceLocale: String,
    include: Set<ExchangeStatus>
  ) -> ExchangeDocument {
    let translation = Aligner.align(source: source, catalog: catalog, page: page, file: catalog.file ?? "")
    var changes: [String: LocaleDiff.Change] = [:]
    for change in translation.diff.changes where change.status != .obsolete { changes[change.id] = change }
    let contexts = contexts(source)
    var units: [ExchangeUnit] = []
    for unit in source.units {
      let change = changes[unit.id]
      let status: ExchangeStatus =
        switch change?.status {
        case .missing: .missing
        case .outdated: .outdated
        default: .translated
        }
      guard include.contains(status) else { continue }
      var target: String?
      if status != .missing, let entry = catalog.entry(change?.movedFrom ?? unit.id), entry.isTranslated {
        target = entry.translation
      }
      units.append(
        ExchangeUnit(
          id: unit.id, source: MarkedText.render(unit), target: target, status: status,
          previousSource: status == .outdated ? change?.oldSource : nil, context: contexts[unit.id],
          invariants: unit.invariants))
    }
    return ExchangeDocument(
      page: page, sourceLocale: sourceLocale, targetLocale: catalog.locale, units: units)
  }

  /// The file text of `document` in `format`. `date` (YYYY-MM-DD) is written only when given, so
  /// the same input gives the same bytes.
  public static func render(
    _ document: ExchangeDocument, as format: ExchangeFormat, date: String? = nil
  ) -> String {
    switch format {
    case .xliff12: XLIFF12.write(document, date: date)
    case .xliff20: XLIFF20.write(document)
    case .po: PO.write(document, date: date)
    }
  }

  /// Reads the source page and the catalog of `locale` and renders the units in `include`.
  public static func export(
    _ workspace: Workspace, page: String, locale: String, format: ExchangeFormat,
    include: Set<ExchangeStatus>, date: String? = nil
  ) throws(LockstepError) -> (text: String, document: ExchangeDocument, warnings: [Diagnostic]) {
    let repository = workspace.repository
    let source = try workspace.source(page: page)
    let path = repository.catalogPath(page: page, locale: locale)
    guard Repository.exists(path) else {
      throw LockstepError(
        file: repository.relative(path), rule: "catalog-missing",
        "no catalog for locale '\(locale)': create one with lockstep init --locale \(locale)")
    }
    var catalog = try Catalog.load(path: path)
    catalog.file = repository.relative(path)
    guard catalog.locale == locale else {
      throw LockstepError(
        file: repository.relative(path), rule: "catalog-locale",
        "says locale '\(catalog.locale)' but lies in the folder of '\(locale)'", line: 1)
    }
    let document = document(
      page: page, source: source.document, catalog: catalog, sourceLocale: repository.sourceLocale,
      include: include)
    return (render(document, as: format, date: date), document, source.warnings)
  }

  /// Where each unit sits on the page, in words a translator can use.
  static func contexts(_ source: PageDocument) -> [String: String] {
    var contexts: [String: String] = [:]
    if let title = source.title { contexts[title.id] = "Page title" }
    if let lead = source.lead { contexts[lead.id] = "Lead paragraph under the title" }
    for section in source.sections {
      let place = section.heading.map { "Section: \($0.text)" } ?? "Introduction, before the first heading"
      if let heading = section.heading { contexts[heading.id] = "Section heading" }
      for block in section.blocks {
        for unit in block.units { contexts[unit.id] = "\(place) (\(kindName(unit.kind)))" }
      }
    }
    return contexts
  }

  static func kindName(_ kind: Unit.Kind) -> String {
    switch kind {
    case .title: "title"
    case .lead: "lead"
    case .heading: "heading"
    case .subheading: "subheading"
    case .paragraph: "paragraph"
    case .item: "list item"
    case .link: "link in a list of links"
    case .contactName: "contact name"
    case .address: "address"
    case .phone: "phone"
    case .email: "e-mail"
    case .hours: "opening hours"
    }
  }
}
