import Foundation

/// One self-contained HTML page (`lockstep-report.html`): an inline stylesheet, no scripts and no
/// external assets (a Content-Security-Policy forbids both). It shows the verdict, a coverage matrix
/// of locales × contacts, permit rules and lists, where every status is a symbol and a word (never
/// colour alone), then each locale's findings with the source and translation side by side and the
/// changed invariant marked. Every piece of content goes through `ReportEscaping.xml`.
public struct HTMLReporter: Reporter {
  /// An HTML reporter.
  public init() {}

  /// `lockstep-report.html`.
  public var fileName: String { "lockstep-report.html" }

  /// One column of the coverage matrix: a contact, a permit rule or an enumeration.
  struct Column: Equatable {
    enum Kind: Equatable {
      case subject(ContentRules.Subject.Kind)
      case enumeration
    }

    var kind: Kind
    var id: String
    var name: String

    var label: String {
      switch kind {
      case .subject(.contact): "contact"
      case .subject(.permitRule): "permit rule"
      case .enumeration: "list"
      }
    }
  }

  /// The page.
  public func render(_ report: CheckReport) throws(LockstepError) -> String {
    let groups = report.localeGroups
    var out = """
      <!DOCTYPE html>
      <html lang="en" dir="ltr">
      <head>
      <meta charset="utf-8">
      <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>Lockstep check report</title>
      <style>
      \(Self.style)</style>
      </head>
      <body>
      <header>
      <h1>Lockstep check report</h1>

      """
    let summary = report.summary
    out +=
      "<p class=\"verdict \(summary.passed ? "passed" : "failed")\">"
      + "<span class=\"symbol\" aria-hidden=\"true\">\(summary.passed ? "✔" : "✘")</span> "
      + "\(Self.h(ReportText.verdict(summary)))</p>\n</header>\n<main>\n"
    out += Self.matrix(report, groups: groups)
    for (index, group) in groups.enumerated() {
      out += Self.section(
        group, id: "locale-\(index + 1)", sourceLocale: Self.sourceLocale(report, group.page))
    }
    out +=
      "</main>\n<footer><p>Written by \(Self.h(report.tool.name)) \(Self.h(report.tool.version)) "
      + "(\(Self.h(report.format))).</p></footer>\n</body>\n</html>\n"
    return out
  }

  /// The one escape of this page: element content and attribute values alike.
  static func h(_ text: some StringProtocol) -> String { ReportEscaping.xml(String(text), attribute: true) }

  /// The locale of `page`'s source: its result with origin `source`, else `en`.
  static func sourceLocale(_ report: CheckReport, _ page: String) -> String {
    report.locales.first { $0.page == page && $0.origin == "source" }?.locale ?? "en"
  }

  /// Every contact and permit rule, then every enumeration, in order of first appearance.
  static func columns(_ report: CheckReport) -> [Column] {
    var subjects: [Column] = []
    var enumerations: [Column] = []
    for result in report.locales {
      for subject in result.subjects {
        let column = Column(kind: .subject(subject.kind), id: subject.id, name: subject.name)
        if !subjects.contains(where: { $0.kind == column.kind && $0.id == column.id }) {
          subjects.append(column)
        }
      }
      for enumeration in result.enumerations where !enumerations.contains(where: { $0.id == enumeration.id })
      {
        enumerations.append(Column(kind: .enumeration, id: enumeration.id, name: enumeration.name))
      }
    }
    return subjects.filter { $0.kind == .subject(.contact) }
      + subjects.filter { $0.kind != .subject(.contact) }
      + enumerations
  }

  /// The coverage matrix: one row per locale result.
  static func matrix(_ report: CheckReport, groups: [LocaleGroup]) -> String {
    let columns = columns(report)
    let showPage = Set(report.locales.map(\.page)).count > 1
    var out = "<section id=\"coverage\">\n<h2>Coverage</h2>\n"
    out +=
      "<p class=\"legend\">Each cell: <span class=\"status present\">✔ present</span> "
      + "<span class=\"status incomplete\">◐ incomplete</span> "
      + "<span class=\"status missing\">✘ missing</span> "
      + "<span class=\"status na\">– not in the rules</span></p>\n"
    out += "<div class=\"scroll\">\n<table class=\"matrix\">\n"
    let pages = Set(report.locales.map(\.page)).sorted()
    let caption = "Locales × contacts, permit rules and lists" + (pages.count == 1 ? " of \(pages[0])" : "")
    out += "<caption>\(h(caption))</caption>\n<thead>\n<tr>"
    out += "<th scope=\"col\">Locale</th>" + (showPage ? "<th scope=\"col\">Page</th>" : "")
    for column in columns {
      out +=
        "<th scope=\"col\" title=\"\(h(column.name))\"><span class=\"kind\">\(h(column.label))</span> "
        + "<span class=\"id\">\(h(column.id))</span></th>"
    }
    out += "<th scope=\"col\">Units</th><th scope=\"col\">Errors</th><th scope=\"col\">Warnings</th></tr>\n"
    out += "</thead>\n<tbody>\n"
    for result in report.locales {
      let index = groups.firstIndex { $0.page == result.page && $0.locale == result.locale }
      let group = index.map { groups[$0] }
      var locale = h(result.locale)
      if let index { locale = "<a href=\"#locale-\(index + 1)\">\(locale)</a>" }
      if result.origin == "source" { locale += " <span class=\"origin\">(source)</span>" }
      out += "<tr><th scope=\"row\">\(locale)</th>" + (showPage ? "<td>\(h(result.page))</td>" : "")
      for column in columns {
        switch column.kind {
        case .subject(let kind):
          if let subject = result.subjects.first(where: { $0.kind == kind && $0.id == column.id }) {
            let detail = subject.missing.isEmpty ? nil : "lacks " + subject.missing.joined(separator: ", ")
            out += cell(subject.status, detail: detail)
          } else {
            out += notApplicable
          }
        case .enumeration:
          if let enumeration = result.enumerations.first(where: { $0.id == column.id }) {
            let detail =
              enumeration.status == .present ? nil : "\(enumeration.present) of \(enumeration.items) items"
            out += cell(enumeration.status, detail: detail)
          } else {
            out += notApplicable
          }
        }
      }
      let counts = result.counts
      out +=
        "<td class=\"number \(counts.translated == counts.total ? "good" : "warn")\">"
        + "\(counts.translated)/\(counts.total)</td>"
      let errors = group?.errors.count ?? 0
      let warnings = group?.warnings.count ?? 0
      out += "<td class=\"number \(errors == 0 ? "good" : "bad")\">\(errors)</td>"
      out += "<td class=\"number \(warnings == 0 ? "good" : "warn")\">\(warnings)</td></tr>\n"
    }
    out += "</tbody>\n</table>\n</div>\n</section>\n"
    return out
  }

  static let notApplicable = "<td class=\"status na\"><span aria-hidden=\"true\">–</span> n/a</td>"

  /// A status cell: a symbol and a word, then what is missing.
  static func cell(_ status: CheckReport.Status, detail: String?) -> String {
    let symbol =
      switch status {
      case .present: "✔"
      case .incomplete: "◐"
      case .missing: "✘"
      }
    var out =
      "<td class=\"status \(status.rawValue)\"><span class=\"word\">"
      + "<span class=\"symbol\" aria-hidden=\"true\">"
      + "\(symbol)</span> \(status.rawValue)</span>"
    if let detail { out += "<small>\(h(detail))</small>" }
    return out + "</td>"
  }

  /// One locale's section: its file and its findings.
  static func section(_ group: LocaleGroup, id: String, sourceLocale: String) -> String {
    var out = "<section id=\"\(h(id))\" class=\"locale\">\n<h2>\(h(group.title))</h2>\n"
    if let result = group.result {
      out +=
        "<p class=\"file\">\(h(result.origin)): <code>\(h(result.file))</code> · "
        + "\(h(ReportText.count(group.errors.count, "error"))), "
        + "\(h(ReportText.count(group.warnings.count, "warning")))</p>\n"
    }
    guard !group.findings.isEmpty else {
      return out + "<p class=\"clean\">✔ No findings.</p>\n</section>\n"
    }
    out += "<ol class=\"findings\">\n"
    for finding in group.findings {
      out += item(finding, sourceLocale: sourceLocale)
    }
    return out + "</ol>\n</section>\n"
  }

  /// One finding: where, what, and the unit side by side.
  static func item(_ finding: CheckReport.Finding, sourceLocale: String) -> String {
    let (kind, symbol, word): (String, String, String)
    if finding.waiver != nil {
      (kind, symbol, word) = ("waived", "✓", "waived \(finding.severity.rawValue)")
    } else {
      switch finding.severity {
      case .error: (kind, symbol, word) = ("error", "✘", "error")
      case .warning: (kind, symbol, word) = ("warning", "⚠", "warning")
      case .note: (kind, symbol, word) = ("note", "ℹ", "note")
      }
    }
    var out = "<li class=\"finding \(kind)\">\n"
    out +=
      "<p class=\"where\"><span class=\"badge \(kind)\"><span aria-hidden=\"true\">\(symbol)</span> "
      + "\(h(word))</span> <code>\(h(ReportText.location(finding)))</code> "
      + "<code class=\"rule\">\(h(finding.rule))</code></p>\n"
    out += "<p class=\"message\">\(h(finding.message))</p>\n"
    if let waiver = finding.waiver { out += "<p class=\"waiver\">Waived: \(h(waiver))</p>\n" }
    if finding.source != nil || finding.translation != nil {
      let needles = quoted(finding.message)
      let locale = finding.locale
      out += "<table class=\"side-by-side\">\n<thead><tr>"
      out +=
        "<th scope=\"col\">Source (\(h(sourceLocale)))</th><th scope=\"col\">Translation (\(h(locale)))</th>"
      out += "</tr></thead>\n<tbody><tr>"
      let none = "<em lang=\"en\" dir=\"ltr\">(none)</em>"
      out +=
        "<td lang=\"\(h(sourceLocale))\" dir=\"\(ReportText.direction(sourceLocale))\">"
        + "\(finding.source.map { highlighted($0, needles) } ?? none)</td>"
      out +=
        "<td class=\"translation\" lang=\"\(h(locale))\" dir=\"\(ReportText.direction(locale))\">"
        + "\(finding.translation.map { highlighted($0, needles) } ?? none)</td>"
      out += "</tr></tbody>\n</table>\n"
    }
    return out + "</li>\n"
  }

  /// The texts a message quotes in single quotes (`the source has 'riku.fi', the translation has
  /// 'rikku.fi'`): the invariants or names a finding is about.
  static func quoted(_ message: String) -> [String] {
    let parts = message.split(separator: "'", omittingEmptySubsequences: false)
    guard parts.count >= 3 else { return [] }
    return stride(from: 1, to: parts.count - 1, by: 2).map { String(parts[$0]) }.filter { !$0.isEmpty }
  }

  /// `text`, escaped, with every occurrence of a needle wrapped in `<mark>`: the raw text is split
  /// first, then each piece is escaped, so the markup can never come from the content.
  static func highlighted(_ text: String, _ needles: [String]) -> String {
    var marks: [Range<String.Index>] = []
    for needle in needles.sorted(by: { ($0.count, $0) > ($1.count, $1) }) {
      var start = text.startIndex
      while start < text.endIndex,
        let range = text.range(of: needle, options: .literal, range: start..<text.endIndex)
      {
        if !marks.contains(where: { $0.overlaps(range) }) { marks.append(range) }
        start = range.upperBound
      }
    }
    marks.sort { $0.lowerBound < $1.lowerBound }
    var out = ""
    var cursor = text.startIndex
    for range in marks {
      out += h(text[cursor..<range.lowerBound]) + "<mark>" + h(text[range]) + "</mark>"
      cursor = range.upperBound
    }
    return out + h(text[cursor...])
  }

  /// The stylesheet: readable in light and dark mode; status colours always come with a symbol and a word.
  static let style = """
    :root { color-scheme: light dark; --fg: #1b1b1b; --bg: #ffffff; --muted: #5a5a5a; --line: #c9c9c9;
      --good-bg: #e3f4e6; --good-fg: #0b5a1e; --warn-bg: #fff2c6; --warn-fg: #5c4300;
      --bad-bg: #fde3e4; --bad-fg: #9c1c24; --na-bg: #f0f0f0; --mark: #ffe066; }
    @media (prefers-color-scheme: dark) {
      :root { --fg: #ececec; --bg: #161616; --muted: #b0b0b0; --line: #4a4a4a;
        --good-bg: #143d1f; --good-fg: #b7f0c4; --warn-bg: #433300; --warn-fg: #ffe39a;
        --bad-bg: #4a1418; --bad-fg: #ffc4c7; --na-bg: #2a2a2a; --mark: #7a5f00; }
    }
    body { font: 15px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); margin: 0 auto;
      padding: 1rem 1.5rem; max-width: 90rem; }
    h1 { font-size: 1.6rem; margin: 0 0 .5rem; }
    h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid var(--line); }
    code { font-family: ui-monospace, monospace; font-size: .9em; }
    .verdict { font-weight: 600; padding: .5rem .75rem; border-radius: 4px; display: inline-block; }
    .verdict.passed { background: var(--good-bg); color: var(--good-fg); }
    .verdict.failed { background: var(--bad-bg); color: var(--bad-fg); }
    .scroll { overflow-x: auto; }
    table { border-collapse: collapse; }
    th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: start; vertical-align: top; }
    caption { text-align: start; color: var(--muted); padding-bottom: .25rem; }
    .matrix thead th { font-weight: 600; font-size: .85rem; }
    .matrix .kind { display: block; color: var(--muted); font-weight: normal; }
    .matrix small { display: block; }
    .matrix .word, .matrix th[scope=row] { white-space: nowrap; }
    .status.present, .number.good { background: var(--good-bg); color: var(--good-fg); }
    .status.incomplete, .number.warn { background: var(--warn-bg); color: var(--warn-fg); }
    .status.missing, .number.bad { background: var(--bad-bg); color: var(--bad-fg); }
    .status.na { background: var(--na-bg); color: var(--muted); }
    .legend .status { padding: .1rem .4rem; border-radius: 3px; }
    .number { text-align: end; font-variant-numeric: tabular-nums; }
    .origin, .file { color: var(--muted); }
    .findings { padding-inline-start: 1.5rem; }
    .finding { margin-bottom: 1rem; }
    .finding p { margin: .2rem 0; }
    .badge { font-weight: 600; padding: 0 .4rem; border-radius: 3px; }
    .badge.error { background: var(--bad-bg); color: var(--bad-fg); }
    .badge.warning { background: var(--warn-bg); color: var(--warn-fg); }
    .badge.note, .badge.waived { background: var(--na-bg); color: var(--fg); }
    .rule { color: var(--muted); }
    .side-by-side { width: 100%; table-layout: fixed; margin-top: .3rem; }
    .side-by-side td { white-space: pre-wrap; overflow-wrap: anywhere; }
    mark { background: var(--mark); color: inherit; padding: 0 .1rem; }
    footer { margin-top: 2rem; color: var(--muted); font-size: .85rem; }

    """
}
