/// The findings of one locale of one page, next to its result: what every per-locale part of a
/// report (a JUnit suite, an HTML section, a Markdown list) shows.
struct LocaleGroup: Sendable {
  /// The page id ("" for findings about no page, such as a waiver).
  var page: String
  /// The locale ("" for findings about no locale).
  var locale: String
  /// The locale's result, when the locale could be checked.
  var result: CheckReport.LocaleResult?
  /// Its findings, sorted.
  var findings: [CheckReport.Finding]

  /// `page (locale)`, with placeholders for findings about no page or no locale.
  var title: String {
    "\(page.isEmpty ? "(repository)" : page) (\(locale.isEmpty ? "all locales" : locale))"
  }

  /// The findings that count: not accepted by a waiver.
  var active: [CheckReport.Finding] { findings.filter { $0.waiver == nil } }

  /// Active findings at error level.
  var errors: [CheckReport.Finding] { active.filter { $0.severity == .error } }

  /// Active findings at warning level.
  var warnings: [CheckReport.Finding] { active.filter { $0.severity == .warning } }
}

extension CheckReport {
  /// One group per locale result, in report order, then one per other (page, locale) pair that has
  /// findings (a locale file that could not be read, a waiver), sorted.
  var localeGroups: [LocaleGroup] {
    var byKey: [String: [Finding]] = [:]
    for finding in findings {
      byKey[Self.groupKey(finding.page, finding.locale), default: []].append(finding)
    }
    var groups: [LocaleGroup] = []
    var seen: Set<String> = []
    for result in locales {
      let key = Self.groupKey(result.page, result.locale)
      guard seen.insert(key).inserted else { continue }
      groups.append(
        LocaleGroup(page: result.page, locale: result.locale, result: result, findings: byKey[key] ?? []))
    }
    var rest: [LocaleGroup] = []
    for (key, found) in byKey where !seen.contains(key) {
      let first = found[0]
      rest.append(LocaleGroup(page: first.page, locale: first.locale, result: nil, findings: found.sorted()))
    }
    return groups + rest.sorted { ($0.page, $0.locale) < ($1.page, $1.locale) }
  }

  private static func groupKey(_ page: String, _ locale: String) -> String { page + "\u{1F}" + locale }
}

/// Facts about locales and text that more than one report needs.
enum ReportText {
  /// Languages written right to left (by their primary subtag).
  static let rightToLeft: Set<String> = ["ar", "fa", "he", "ur", "ps", "sd", "ug", "yi", "dv", "ckb"]

  /// The primary language subtag of `locale` (`zh` of `zh-Hans`), lower-cased.
  static func language(_ locale: String) -> String {
    String(locale.split(separator: "-").first ?? Substring(locale)).lowercased()
  }

  /// `rtl` for a right-to-left locale, else `ltr`.
  static func direction(_ locale: String) -> String {
    rightToLeft.contains(language(locale)) ? "rtl" : "ltr"
  }

  /// `file:line:col`, `file:line` or `file`, as far as the finding knows.
  static func location(_ finding: CheckReport.Finding) -> String {
    var text = finding.file
    if finding.line > 0 {
      text += ":\(finding.line)"
      if finding.column > 0 { text += ":\(finding.column)" }
    }
    return text
  }

  /// `1 error`, `2 errors`.
  static func count(_ number: Int, _ noun: String) -> String {
    "\(number) \(noun)\(number == 1 ? "" : "s")"
  }

  /// The text form of a finding with its waiver: `file:line:col: severity: message [rule]`.
  static func line(_ finding: CheckReport.Finding) -> String {
    var text = finding.diagnostic.description
    if let waiver = finding.waiver { text += " (waived: \(waiver))" }
    return text
  }

  /// The report's verdict: `check passed: 0 errors, 1 warning in 7 locale results`.
  static func verdict(_ summary: CheckReport.Summary) -> String {
    var text =
      "check \(summary.passed ? "passed" : "failed"): \(count(summary.errors, "error")), "
      + count(summary.warnings, "warning")
    if summary.waived > 0 { text += ", \(summary.waived) waived" }
    return text + " in \(count(summary.locales, "locale result"))"
  }
}
