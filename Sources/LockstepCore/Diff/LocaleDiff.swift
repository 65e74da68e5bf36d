/// What a translator must do in one locale of one page.
public struct LocaleDiff: Codable, Sendable, Equatable {
  /// One unit that needs work.
  public struct Change: Codable, Sendable, Equatable {
    /// Why the unit needs work.
    public enum Status: String, Codable, Sendable, Comparable {
      /// No translation.
      case missing
      /// The source changed since it was translated (or the unit moved to a new id).
      case outdated
      /// In the catalog, gone from the source.
      case obsolete
      /// Translated and current, but its id changed (an inserted or deleted paragraph before it,
      /// a reworded section heading): the catalog should be re-keyed.
      case moved

      /// Missing first, then outdated, then obsolete.
      public static func < (lhs: Status, rhs: Status) -> Bool {
        let order: [Status] = [.missing, .outdated, .obsolete, .moved]
        return order.firstIndex(of: lhs)! < order.firstIndex(of: rhs)!
      }
    }

    /// The unit id (the current source id; for obsolete units the catalog id).
    public var id: String
    /// The status.
    public var status: Status
    /// Line in the locale's file (0 when the unit has no entry there).
    public var line: Int
    /// The source text the translation was made from.
    public var oldSource: String?
    /// The source text now.
    public var newSource: String?
    /// The word diff from old to new source.
    public var sourceDiff: WordDiff?
    /// The current translation.
    public var translation: String?
    /// For a unit whose id changed (a reworded heading, a moved section): its id in the catalog.
    public var movedFrom: String?
  }

  /// Unit counts.
  public struct Counts: Codable, Sendable, Equatable {
    /// Units in the source.
    public var total = 0
    /// Translated and current.
    public var translated = 0
    /// Translated from an older source text.
    public var outdated = 0
    /// Without translation.
    public var missing = 0
    /// In the catalog but not in the source.
    public var obsolete = 0
    /// Translated and current under a new id (counted in `translated` too).
    public var moved = 0

    /// Translated and current, as a percentage of the source's units (0–100, one decimal).
    public var percentComplete: Double {
      total == 0 ? 100 : (Double(translated) / Double(total) * 1000).rounded() / 10
    }
  }

  /// The page id.
  public var page: String
  /// The locale.
  public var locale: String
  /// The locale's file.
  public var file: String
  /// Catalog or official page.
  public var origin: Translation.Origin
  /// The counts.
  public var counts: Counts
  /// Every unit that needs work, in source order (obsolete ones last).
  public var changes: [Change]
  /// Where an official page's structure departs from the source's.
  public var structure: [Diagnostic]
}
