/// The result of `lockstep check`: the JSON report of `schemas/report.schema.json`, and what every
/// other report format renders.
public struct CheckReport: Codable, Sendable, Equatable {
  /// Whether a contact or permit rule survived in a locale.
  public enum Status: String, Codable, Sendable {
    /// Every part is there.
    case present
    /// Some parts are missing (listed).
    case incomplete
    /// Nothing of it is there.
    case missing
  }

  /// Where a contact or rule was found.
  public struct Evidence: Codable, Sendable, Equatable {
    /// The unit id.
    public var unit: String
    /// The locale's file.
    public var file: String
    /// 1-based line.
    public var line: Int
  }

  /// One contact or permit rule in one locale.
  public struct SubjectResult: Codable, Sendable, Equatable {
    /// Contact or permit rule.
    public var kind: ContentRules.Subject.Kind
    /// The id from the rules file.
    public var id: String
    /// The English name.
    public var name: String
    /// Present, incomplete or missing.
    public var status: Status
    /// What is missing, in words (`the link to riku.fi`).
    public var missing: [String]
    /// Where it was found.
    public var evidence: [Evidence]
  }

  /// One enumeration (a list whose items must all be there) in one locale.
  public struct EnumerationResult: Codable, Sendable, Equatable {
    /// The id from the rules file.
    public var id: String
    /// The English name.
    public var name: String
    /// Items in the source.
    public var items: Int
    /// Items present in the locale.
    public var present: Int
    /// Present, incomplete or missing.
    public var status: Status
  }

  /// One locale of one page.
  public struct LocaleResult: Codable, Sendable, Equatable {
    /// The page id.
    public var page: String
    /// The locale.
    public var locale: String
    /// The locale's file.
    public var file: String
    /// Catalog, official page, or the source itself.
    public var origin: String
    /// Unit counts.
    public var counts: LocaleDiff.Counts
    /// Every contact and permit rule, in rules-file order.
    public var subjects: [SubjectResult]
    /// Every enumeration.
    public var enumerations: [EnumerationResult]
  }

  /// One problem found, with its place.
  public struct Finding: Codable, Sendable, Equatable, Comparable {
    /// error, warning or note.
    public var severity: Diagnostic.Severity
    /// Stable kebab-case rule id.
    public var rule: String
    /// What is wrong.
    public var message: String
    /// The file.
    public var file: String
    /// 1-based line (0 when unknown).
    public var line: Int
    /// 1-based column (0 when unknown).
    public var column: Int
    /// The locale.
    public var locale: String
    /// The page id.
    public var page: String
    /// The unit id, when the finding is about one unit.
    public var unit: String?
    /// The contact or permit rule id, when it is about one.
    public var subject: String?
    /// The source text of the unit, for side-by-side display.
    public var source: String?
    /// The translation of the unit.
    public var translation: String?
    /// The reason of the waiver that accepted this finding.
    public var waiver: String?

    /// Ordered by file, line, column, rule, message: output is deterministic.
    public static func < (lhs: Finding, rhs: Finding) -> Bool {
      (lhs.file, lhs.line, lhs.column, lhs.rule, lhs.message, lhs.unit ?? "")
        < (rhs.file, rhs.line, rhs.column, rhs.rule, rhs.message, rhs.unit ?? "")
    }

    /// The diagnostic form (`file:line:col: severity: message [rule]`).
    public var diagnostic: Diagnostic {
      Diagnostic(
        severity, rule, message, file: file, line: line > 0 ? line : nil, column: column > 0 ? column : nil)
    }
  }

  /// Totals.
  public struct Summary: Codable, Sendable, Equatable {
    /// Findings at error level.
    public var errors: Int
    /// Findings at warning level.
    public var warnings: Int
    /// Findings accepted by a waiver.
    public var waived: Int
    /// Locale results.
    public var locales: Int
    /// Whether the check passed (no errors).
    public var passed: Bool
  }

  /// The format tag.
  public var format = "lockstep-report/1"
  /// The tool that wrote it.
  public var tool = ToolInfo()
  /// Totals.
  public var summary: Summary
  /// Every locale of every page checked, sorted by page and locale.
  public var locales: [LocaleResult]
  /// Every finding, sorted.
  public var findings: [Finding]

  /// A report from results and findings: sorted, with totals.
  public init(locales: [LocaleResult], findings: [Finding]) {
    self.locales = locales.sorted { ($0.page, $0.locale, $0.file) < ($1.page, $1.locale, $1.file) }
    self.findings = findings.sorted()
    let errors = findings.filter { $0.severity == .error && $0.waiver == nil }.count
    summary = Summary(
      errors: errors, warnings: findings.filter { $0.severity == .warning && $0.waiver == nil }.count,
      waived: findings.filter { $0.waiver != nil }.count, locales: locales.count, passed: errors == 0)
  }
}

/// Name and version of the tool, in reports.
public struct ToolInfo: Codable, Sendable, Equatable {
  /// `lockstep`.
  public var name = "lockstep"
  /// The version.
  public var version = ToolInfo.version
  /// Lockstep's version.
  public static let version = "0.1.0"
}
