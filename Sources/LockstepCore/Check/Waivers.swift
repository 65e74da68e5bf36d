import Foundation
import Yams

/// Accepted findings: `schemas/waivers.yaml`. Each waiver needs a reason and an expiry date; an
/// expired or reasonless waiver is itself an error, so nothing stays accepted by accident.
public struct Waivers: Sendable {
  /// One accepted finding (or family of findings).
  public struct Waiver: Sendable {
    /// The finding's rule id (required).
    public var rule: String
    /// Only in this locale.
    public var locale: String?
    /// Only on this page.
    public var page: String?
    /// Only for this unit.
    public var unit: String?
    /// Only for this contact or permit rule.
    public var subject: String?
    /// Why it is accepted.
    public var reason: String?
    /// Last day it applies (YYYY-MM-DD).
    public var expires: String?
    /// Line in the file.
    public var line: Int

    func matches(_ finding: CheckReport.Finding) -> Bool {
      rule == finding.rule && (locale == nil || locale == finding.locale)
        && (page == nil || page == finding.page)
        && (unit == nil || unit == finding.unit) && (subject == nil || subject == finding.subject)
    }
  }

  /// The waivers in file order.
  public var waivers: [Waiver]
  /// The file (repository-relative).
  public var file: String

  /// The format tag.
  public static let formatTag = "lockstep-waivers/1"

  /// No waivers.
  public static func none(file: String) -> Waivers { Waivers(waivers: [], file: file) }

  /// Reads a waivers file.
  public static func load(path: String, displayPath: String) throws(LockstepError) -> Waivers {
    let bytes: [UInt8]
    do { bytes = try InputFile.read(path, maximumBytes: 4 << 20) } catch {
      var failure = error
      failure.diagnostic.file = displayPath
      throw failure
    }
    let reader = YAMLReader(file: displayPath)
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw LockstepError(file: displayPath, rule: "waivers-encoding", "is not valid UTF-8")
    }
    let root = try reader.root(text)
    let top = try reader.mapping(root, "the waivers file", allowed: ["format", "waivers"])
    let format = try reader.string(
      try reader.required(top, "format", in: "the waivers file", at: root), "format")
    guard format == formatTag else {
      throw reader.error(root, "waivers-format", "format is '\(format)', expected '\(formatTag)'")
    }
    var result: [Waiver] = []
    if let list = top.first(where: { $0.key == "waivers" })?.value {
      for item in try reader.sequence(list, "waivers") {
        let fields = try reader.mapping(
          item, "a waiver", allowed: ["rule", "locale", "page", "unit", "subject", "reason", "expires"])
        func value(_ key: String) throws(LockstepError) -> String? {
          try reader.optionalString(fields.first { $0.key == key }?.value, key)
        }
        result.append(
          Waiver(
            rule: try reader.string(try reader.required(fields, "rule", in: "a waiver", at: item), "rule"),
            locale: try value("locale"), page: try value("page"), unit: try value("unit"),
            subject: try value("subject"),
            reason: try value("reason"), expires: try value("expires"), line: item.mark?.line ?? 0))
      }
    }
    return Waivers(waivers: result, file: displayPath)
  }

  /// Marks the findings a valid waiver accepts, and adds an error for each invalid or expired waiver.
  public func apply(to findings: [CheckReport.Finding], today: String) -> [CheckReport.Finding] {
    var result = findings
    var problems: [CheckReport.Finding] = []
    for waiver in waivers {
      var problem: String?
      if (waiver.reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
        problem = "waiver for '\(waiver.rule)' has no reason"
      } else if let expires = waiver.expires {
        if !Self.isDate(expires) {
          problem = "waiver for '\(waiver.rule)' has expiry '\(expires)', not a date (YYYY-MM-DD)"
        } else if expires < today {
          problem = "waiver for '\(waiver.rule)' expired on \(expires)"
        }
      } else {
        problem = "waiver for '\(waiver.rule)' has no expiry date"
      }
      if let problem {
        problems.append(
          CheckReport.Finding(
            severity: .error, rule: problem.contains("expired") ? "waiver-expired" : "waiver-invalid",
            message: problem,
            file: file, line: waiver.line, column: 0, locale: waiver.locale ?? "", page: waiver.page ?? ""))
        continue
      }
      for index in result.indices where result[index].waiver == nil && waiver.matches(result[index]) {
        result[index].waiver = waiver.reason
      }
    }
    return result + problems
  }

  static func isDate(_ text: String) -> Bool {
    let parts = text.split(separator: "-")
    return parts.count == 3 && parts[0].count == 4 && parts[1].count == 2 && parts[2].count == 2
      && parts.allSatisfy { $0.allSatisfy(\.isNumber) }
  }
}
