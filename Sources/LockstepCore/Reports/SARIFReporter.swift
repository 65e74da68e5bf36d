/// SARIF 2.1.0 (`lockstep.sarif`) for code-scanning tools: one run whose driver lists each rule id
/// the report uses (with its help), and one result per finding, with its place in the repository,
/// a stable fingerprint, and a suppression for a waived finding.
public struct SARIFReporter: Reporter {
  /// A SARIF reporter.
  public init() {}

  /// `lockstep.sarif`.
  public var fileName: String { "lockstep.sarif" }

  /// The SARIF version written.
  public static let version = "2.1.0"
  /// The schema the log names.
  public static let schema = "https://json.schemastore.org/sarif-2.1.0.json"
  /// The base id of every artifact location: the repository root.
  public static let sourceRoot = "%SRCROOT%"
  /// The key of the fingerprint in `partialFingerprints`.
  public static let fingerprintKey = "lockstepFinding/v1"

  /// The report as a SARIF log.
  public func render(_ report: CheckReport) throws(LockstepError) -> String {
    try Serialization.json(Self.log(report))
  }

  /// The SARIF log of `report`.
  static func log(_ report: CheckReport) -> SARIFLog {
    var ruleIDs: [String] = []
    var severities: [String: Diagnostic.Severity] = [:]
    for finding in report.findings where severities[finding.rule] == nil {
      ruleIDs.append(finding.rule)
      severities[finding.rule] = finding.severity
    }
    ruleIDs.sort()
    let index = Dictionary(uniqueKeysWithValues: ruleIDs.enumerated().map { ($1, $0) })
    let rules = ruleIDs.map { id in
      let description = RuleCatalog.description(of: id, level: severities[id] ?? .warning)
      return SARIFLog.Rule(
        id: id, shortDescription: .init(text: description.summary),
        fullDescription: .init(text: description.help),
        help: .init(text: description.help), defaultConfiguration: .init(level: description.level.rawValue))
    }
    let results = report.findings.map { finding in
      var locations: [SARIFLog.Location]?
      if !finding.file.isEmpty {
        let region =
          finding.line > 0
          ? SARIFLog.Region(startLine: finding.line, startColumn: finding.column > 0 ? finding.column : nil)
          : nil
        locations = [
          SARIFLog.Location(
            physicalLocation: .init(
              artifactLocation: .init(uri: uri(finding.file), uriBaseId: sourceRoot), region: region))
        ]
      }
      return SARIFLog.Result(
        ruleId: finding.rule, ruleIndex: index[finding.rule] ?? 0, level: finding.severity.rawValue,
        message: .init(text: finding.message), locations: locations,
        partialFingerprints: [fingerprintKey: fingerprint(finding)],
        suppressions: finding.waiver.map { [SARIFLog.Suppression(kind: "external", justification: $0)] },
        properties: SARIFLog.Properties(
          page: finding.page.isEmpty ? nil : finding.page,
          locale: finding.locale.isEmpty ? nil : finding.locale,
          unit: finding.unit, subject: finding.subject))
    }
    let driver = SARIFLog.Driver(
      name: report.tool.name, version: report.tool.version, semanticVersion: report.tool.version, rules: rules
    )
    return SARIFLog(
      schema: schema, version: version,
      runs: [SARIFLog.Run(tool: .init(driver: driver), results: results)])
  }

  /// A stable hash of what the finding is about: rule, page, locale, unit and message, but not its
  /// line, so the finding keeps its identity when lines above it move.
  public static func fingerprint(_ finding: CheckReport.Finding) -> String {
    let key = [finding.rule, finding.page, finding.locale, finding.unit ?? "", finding.message]
    return SHA256.hex(key.joined(separator: "\u{1F}"))
  }

  /// A relative URI reference for a repository-relative path: each segment percent-encoded, the
  /// slashes kept.
  static func uri(_ path: String) -> String {
    let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/".utf8)
    var out = ""
    for byte in path.utf8 {
      if unreserved.contains(byte) {
        out.unicodeScalars.append(Unicode.Scalar(byte))
      } else {
        let digits = Array("0123456789ABCDEF")
        out += "%\(digits[Int(byte >> 4)])\(digits[Int(byte & 0x0F)])"
      }
    }
    return out
  }
}

/// The subset of the SARIF 2.1.0 object model Lockstep writes; every optional member left nil is
/// left out of the JSON.
struct SARIFLog: Encodable, Sendable {
  /// `$schema`.
  var schema: String
  var version: String
  var runs: [Run]

  enum CodingKeys: String, CodingKey {
    case schema = "$schema"
    case version, runs
  }

  struct Run: Encodable, Sendable {
    var tool: Tool
    var results: [Result]
  }

  struct Tool: Encodable, Sendable {
    var driver: Driver
  }

  struct Driver: Encodable, Sendable {
    var name: String
    var version: String
    var semanticVersion: String
    var rules: [Rule]
  }

  struct Message: Encodable, Sendable {
    var text: String
  }

  struct Rule: Encodable, Sendable {
    var id: String
    var shortDescription: Message
    var fullDescription: Message
    var help: Message
    var defaultConfiguration: Configuration
  }

  struct Configuration: Encodable, Sendable {
    var level: String
  }

  struct Result: Encodable, Sendable {
    var ruleId: String
    var ruleIndex: Int
    var level: String
    var message: Message
    var locations: [Location]?
    var partialFingerprints: [String: String]
    var suppressions: [Suppression]?
    var properties: Properties
  }

  struct Location: Encodable, Sendable {
    var physicalLocation: PhysicalLocation
  }

  struct PhysicalLocation: Encodable, Sendable {
    var artifactLocation: ArtifactLocation
    var region: Region?
  }

  struct ArtifactLocation: Encodable, Sendable {
    var uri: String
    var uriBaseId: String
  }

  struct Region: Encodable, Sendable {
    var startLine: Int
    var startColumn: Int?
  }

  struct Suppression: Encodable, Sendable {
    var kind: String
    var justification: String
  }

  /// Lockstep's own facts about a result, in its property bag.
  struct Properties: Encodable, Sendable {
    var page: String?
    var locale: String?
    var unit: String?
    var subject: String?
  }
}
