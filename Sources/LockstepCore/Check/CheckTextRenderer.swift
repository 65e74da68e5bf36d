/// The terminal form of a check report: findings as `file:line:col: severity: message [rule]`,
/// grouped by locale, then a summary table of locales × contacts and permit rules.
public enum CheckTextRenderer {
  /// Renders `report`; `color` adds ANSI colours (only on a terminal, never with NO_COLOR).
  public static func render(_ report: CheckReport, color: Bool = false) -> String {
    func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    var out = ""
    let groups = Dictionary(grouping: report.findings) { $0.locale }
    for locale in groups.keys.sorted() {
      let findings = groups[locale]!.sorted()
      out += paint("== \(locale.isEmpty ? "(repository)" : locale)", "1") + "\n"
      for finding in findings {
        var line = finding.diagnostic.description
        if let waiver = finding.waiver { line += " (waived: \(waiver))" }
        switch finding.severity {
        case .error where finding.waiver == nil: line = paint(line, "31")
        case .warning where finding.waiver == nil: line = paint(line, "33")
        default: line = paint(line, "2")
        }
        out += line + "\n"
      }
      out += "\n"
    }
    var rows = [["locale", "page", "contacts", "permit rules", "lists", "units", "errors", "warnings"]]
    for result in report.locales {
      let contacts = result.subjects.filter { $0.kind == .contact }
      let rules = result.subjects.filter { $0.kind == .permitRule }
      let mine = report.findings.filter {
        $0.locale == result.locale && $0.page == result.page && $0.waiver == nil
      }
      rows.append([
        result.locale + (result.origin == "source" ? " (source)" : ""), result.page,
        ratio(contacts.filter { $0.status == .present }.count, contacts.count),
        ratio(rules.filter { $0.status == .present }.count, rules.count),
        ratio(result.enumerations.filter { $0.status == .present }.count, result.enumerations.count),
        ratio(result.counts.translated, result.counts.total),
        "\(mine.filter { $0.severity == .error }.count)", "\(mine.filter { $0.severity == .warning }.count)",
      ])
    }
    out += DiffRenderer.table(rows, numericColumns: [2, 3, 4, 5, 6, 7])
    let summary = report.summary
    let verdict = summary.passed ? paint("check passed", "32") : paint("check failed", "31")
    out +=
      "\n\(verdict): \(summary.errors) error\(summary.errors == 1 ? "" : "s"), \(summary.warnings) warning\(summary.warnings == 1 ? "" : "s")"
    if summary.waived > 0 { out += ", \(summary.waived) waived" }
    out += " in \(summary.locales) locale result\(summary.locales == 1 ? "" : "s")\n"
    return out
  }

  private static func ratio(_ present: Int, _ total: Int) -> String {
    total == 0 ? "-" : "\(present)/\(total)"
  }
}
