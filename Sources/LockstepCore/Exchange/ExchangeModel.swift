/// The file formats of the translator round trip.
public enum ExchangeFormat: String, Sendable, CaseIterable {
  /// XLIFF 1.2 (OASIS), what most CAT tools read.
  case xliff12
  /// XLIFF 2.0 (OASIS).
  case xliff20
  /// GNU gettext PO.
  case po

  /// The usual file extension.
  public var fileExtension: String { self == .po ? "po" : "xlf" }

  /// The name people know the format by.
  public var displayName: String {
    switch self {
    case .xliff12: "XLIFF 1.2"
    case .xliff20: "XLIFF 2.0"
    case .po: "PO"
    }
  }
}

/// Why a unit is in an export: what the translator has to do with it.
public enum ExchangeStatus: String, Sendable, CaseIterable, Comparable {
  /// Not translated yet.
  case missing
  /// Translated from an older source text: check and fix the translation.
  case outdated
  /// Translated and current (exported only on request, for review).
  case translated

  /// Missing first, then outdated, then translated.
  public static func < (lhs: ExchangeStatus, rhs: ExchangeStatus) -> Bool {
    allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
  }
}

/// What a translator said about a target in an imported file.
public enum TargetState: String, Sendable, Equatable {
  /// Marked done (XLIFF `translated`, `final`, `signed-off`, `reviewed`; a PO entry without `fuzzy`;
  /// or no state at all).
  case done
  /// Marked as still needing work (XLIFF `needs-…`, `new`, `initial`). CAT tools do not always
  /// update states, so a target the translator changed is still taken.
  case pending
  /// PO `#, fuzzy`: gettext treats the entry as untranslated, and so does the import.
  case fuzzy
}

/// One unit of an exchange file: a source unit with what the translator needs around it.
public struct ExchangeUnit: Sendable, Equatable {
  /// The stable Lockstep unit id (`section/p1`).
  public var id: String
  /// The source text, inline links as `[text](url)`.
  public var source: String
  /// The translation, inline links as `[text](url)`; nil when there is none.
  public var target: String?
  /// Why the unit is exported.
  public var status: ExchangeStatus
  /// For an outdated unit: the source text the current translation was made from.
  public var previousSource: String?
  /// Where the unit sits on the page (`Section: …`), for the translator.
  public var context: String?
  /// What the translation must keep unchanged (phones, e-mails, links, numbers).
  public var invariants: [Invariant]
  /// On import: what the translator marked the target as.
  public var state: TargetState
  /// On import: 1-based line of the unit in the file (0 when unknown).
  public var line: Int

  /// A unit.
  public init(
    id: String, source: String, target: String? = nil, status: ExchangeStatus = .missing,
    previousSource: String? = nil, context: String? = nil, invariants: [Invariant] = [],
    state: TargetState = .done, line: Int = 0
  ) {
    self.id = id
    self.source = source
    self.target = target
    self.status = status
    self.previousSource = previousSource
    self.context = context
    self.invariants = invariants
    self.state = state
    self.line = line
  }
}

/// The content of one exchange file: one page, one target locale.
public struct ExchangeDocument: Sendable, Equatable {
  /// The page id (XLIFF `original`, PO `X-Lockstep-Page`).
  public var page: String
  /// The source locale (`en`).
  public var sourceLocale: String
  /// The target locale (`fi`).
  public var targetLocale: String
  /// The units in source order.
  public var units: [ExchangeUnit]

  /// A document.
  public init(page: String, sourceLocale: String, targetLocale: String, units: [ExchangeUnit]) {
    self.page = page
    self.sourceLocale = sourceLocale
    self.targetLocale = targetLocale
    self.units = units
  }
}
