/// One locale's text for each source unit, whether it comes from a curated catalog or from an
/// official translated page aligned to the source. Diff and check read this, never the files.
public struct Translation: Sendable {
  /// Where the text comes from.
  public enum Origin: String, Codable, Sendable {
    /// A curated catalog (`.yaml`).
    case catalog
    /// An official translated page (`.html`), aligned to the source structurally.
    case page
  }

  /// One source unit's translation.
  public struct TranslatedUnit: Sendable {
    /// The source unit id.
    public var id: String
    /// Plain text of the translation.
    public var text: String
    /// Inline links in the translation.
    public var links: [InlineLink]
    /// A link-list entry's target in this locale.
    public var url: String?
    /// Line in the locale's file.
    public var line: Int
    /// Column in the locale's file (0 when unknown).
    public var column: Int = 0
    /// Invariants of the translation (text, links and url).
    public var invariants: [Invariant]
  }

  /// The page id.
  public var page: String
  /// The locale.
  public var locale: String
  /// The locale's file (repository-relative where possible).
  public var file: String
  /// Catalog or official page.
  public var origin: Origin
  /// Per source unit id: its status against the source, and its translation when there is one.
  public var units: [String: TranslatedUnit]
  /// The diff of this locale against the source: missing, outdated, obsolete units.
  public var diff: LocaleDiff
}

extension Translation.TranslatedUnit {
  init(id: String, marked: String, url: String?, line: Int) {
    let parsed = MarkedText.parse(marked)
    self.id = id
    self.text = TextNormalization.normalize(parsed.text)
    self.links = parsed.links
    self.url = url
    self.line = line
    var hrefs = parsed.links.map(\.href)
    if let url { hrefs.insert(url, at: 0) }
    self.invariants = InvariantScanner.scan(parsed.text, hrefs: hrefs)
  }

  init(unit: Unit) {
    self.id = unit.id
    self.text = unit.text
    self.links = unit.links ?? []
    self.url = unit.url
    self.line = unit.line
    self.invariants = unit.invariants
  }
}
