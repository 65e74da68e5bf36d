/// Builds catalogs from other sources of text.
public enum CatalogBuilder {
  /// `catalog` with every unit that `translation` covers filled in, marked `translated`.
  public static func filled(
    _ catalog: Catalog, from translation: Translation, source: PageDocument
  ) -> Catalog {
    var result = catalog
    let sourceUnits = Dictionary(source.units.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    for index in result.entries.indices {
      let id = result.entries[index].id
      guard let translated = translation.units[id] else { continue }
      result.entries[index].translation = MarkedText.render(text: translated.text, links: translated.links)
      if let url = translated.url, url != sourceUnits[id]?.url { result.entries[index].url = url }
      result.entries[index].state = .translated
    }
    return result
  }
}
