/// One finding or problem, with a stable rule id and a location: the one type every command
/// reports through.
public struct Diagnostic: Codable, Sendable, Hashable, Comparable, Error, CustomStringConvertible {
  /// How serious a diagnostic is.
  public enum Severity: String, Codable, Sendable, Comparable, CaseIterable {
    case error, warning, note

    var rank: Int {
      switch self {
      case .error: 0
      case .warning: 1
      case .note: 2
      }
    }

    /// Errors first.
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
  }

  /// The severity.
  public var severity: Severity
  /// A stable kebab-case id (`phone-changed`, `contact-missing`, `html-parse`, …).
  public var rule: String
  /// What is wrong, in one sentence.
  public var message: String
  /// Repository-relative or given path.
  public var file: String?
  /// 1-based line.
  public var line: Int?
  /// 1-based column.
  public var column: Int?

  /// A diagnostic.
  public init(
    _ severity: Severity, _ rule: String, _ message: String, file: String? = nil, line: Int? = nil,
    column: Int? = nil
  ) {
    self.severity = severity
    self.rule = rule
    self.message = message
    self.file = file
    self.line = line
    self.column = column
  }

  /// `file:line:col: severity: message [rule]`, the form editors and CI logs understand.
  public var description: String {
    var location = ""
    if let file {
      location = file
      if let line, line > 0 {
        location += ":\(line)"
        if let column, column > 0 { location += ":\(column)" }
      }
      location += ": "
    }
    return "\(location)\(severity.rawValue): \(message) [\(rule)]"
  }

  /// Sorted by file, line, column, rule, then message, so output is deterministic.
  public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
    (lhs.file ?? "", lhs.line ?? 0, lhs.column ?? 0, lhs.rule, lhs.message)
      < (rhs.file ?? "", rhs.line ?? 0, rhs.column ?? 0, rhs.rule, rhs.message)
  }
}

/// A failure that stops a command, with the exit code the command line documents.
public struct LockstepError: Error, Sendable, CustomStringConvertible {
  /// The exit code for this failure.
  public enum Code: Int32, Sendable {
    /// Findings at error level.
    case findings = 1
    /// Could not run: bad input, I/O or configuration.
    case couldNotRun = 2
    /// Bad command-line usage.
    case usage = 64
  }

  /// What went wrong, with its location.
  public var diagnostic: Diagnostic
  /// The exit code.
  public var code: Code

  /// An error that makes the command exit with `code`.
  public init(_ diagnostic: Diagnostic, code: Code = .couldNotRun) {
    self.diagnostic = diagnostic
    self.code = code
  }

  /// A could-not-run error about `file`.
  public init(file: String?, rule: String, _ message: String, line: Int? = nil, column: Int? = nil) {
    self.init(Diagnostic(.error, rule, message, file: file, line: line, column: column))
  }

  /// The diagnostic's text form.
  public var description: String { diagnostic.description }
}
