/// A Markdown summary (`lockstep-summary.md`) for a pull-request comment or a job summary: the
/// verdict, a table of locales with ✅/⚠️/❌ and numbers, then the findings grouped by locale. All
/// content is escaped, so a translation cannot add links, images or HTML.
public struct MarkdownReporter: Reporter {
  /// A Markdown reporter.
  public init() {}

  /// `lockstep-summary.md`.
  public var fileName: String { "lockstep-summary.md" }

  /// The summary as GitHub-flavoured Markdown.
  public func render(_ report: CheckReport) throws(LockstepError) -> String {
    let md = ReportEscaping.markdown
    let summary = report.summary
    var out = "## Lockstep check\n\n"
    out += "\(summary.passed ? "✅" : "❌") **\(md(ReportText.verdict(summary)))**\n\n"
    if !report.locales.isEmpty {
      out += "| Locale | Page | Contacts | Permit rules | Lists | Units | Errors | Warnings |\n"
      out += "|---|---|---|---|---|---|--:|--:|\n"
      let groups = report.localeGroups
      for result in report.locales {
        let group = groups.first { $0.page == result.page && $0.locale == result.locale }
        let contacts = result.subjects.filter { $0.kind == .contact }.map(\.status)
        let rules = result.subjects.filter { $0.kind == .permitRule }.map(\.status)
        let errors = group?.errors.count ?? 0
        let warnings = group?.warnings.count ?? 0
        let locale = md(result.locale) + (result.origin == "source" ? " (source)" : "")
        let cells = [
          locale, md(result.page), Self.coverage(contacts), Self.coverage(rules),
          Self.coverage(result.enumerations.map(\.status)),
          Self.units(result.counts.translated, result.counts.total),
          errors == 0 ? "✅ 0" : "❌ \(errors)", warnings == 0 ? "✅ 0" : "⚠️ \(warnings)",
        ]
        out += "| " + cells.joined(separator: " | ") + " |\n"
      }
      out += "\n"
    }
    let groups = report.localeGroups
    for (title, pick) in [
      ("Errors", { (group: LocaleGroup) in group.errors }),
      ("Warnings", { (group: LocaleGroup) in group.warnings }),
      ("Waived", { (group: LocaleGroup) in group.findings.filter { $0.waiver != nil } }),
    ] {
      let listed = groups.map { ($0, pick($0)) }.filter { !$0.1.isEmpty }
      guard !listed.isEmpty else { continue }
      out += "### \(title)\n\n"
      for (group, findings) in listed {
        out += "#### \(md(group.title))\n\n"
        for finding in findings {
          var line = "- **\(md(ReportText.location(finding)))**: \(md(finding.message)) (\(md(finding.rule)))"
          if let waiver = finding.waiver { line += " — waived: \(md(waiver))" }
          out += line + "\n"
        }
        out += "\n"
      }
    }
    return out
  }

  /// `✅ 4 of 4 present`, `❌ 3 of 4 present (1 incomplete)`, or `— none`.
  static func coverage(_ statuses: [CheckReport.Status]) -> String {
    guard !statuses.isEmpty else { return "— none" }
    let present = statuses.filter { $0 == .present }.count
    let incomplete = statuses.filter { $0 == .incomplete }.count
    let missing = statuses.filter { $0 == .missing }.count
    var text = "\(present == statuses.count ? "✅" : "❌") \(present) of \(statuses.count) present"
    let gaps = [
      incomplete > 0 ? "\(incomplete) incomplete" : nil, missing > 0 ? "\(missing) missing" : nil,
    ].compactMap { $0 }
    if !gaps.isEmpty { text += " (\(gaps.joined(separator: ", ")))" }
    return text
  }

  /// `✅ 29 of 29 translated` or `⚠️ 26 of 29 translated`.
  static func units(_ translated: Int, _ total: Int) -> String {
    "\(translated == total ? "✅" : "⚠️") \(translated) of \(total) translated"
  }
}
