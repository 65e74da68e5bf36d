/// The page document as an outline a person reads in a terminal.
public enum PageTextRenderer {
  /// One line per unit, indented under its section, with ids and invariants.
  public static func render(_ document: PageDocument) -> String {
    var out = ""
    func line(_ text: String) { out += text + "\n" }
    line("page: \(document.title?.text ?? "(no title)")")
    if let finnish = document.finnishTitle { line("finnish title: \(finnish)") }
    line("locale: \(document.locale ?? "?") (\(document.direction))")
    if let published = document.published { line("published: \(published)") }
    if let canonical = document.canonicalURL { line("canonical: \(canonical)") }
    if !document.languageVersions.isEmpty {
      line("languages: " + document.languageVersions.map(\.locale).joined(separator: " "))
    }
    line("content hash: \(document.contentHash)")
    if let lead = document.lead { line("\n[lead] \(lead.text)\(invariants(lead))") }
    for section in document.sections {
      line("")
      if let heading = section.heading {
        line("## \(heading.text)  {\(section.id)}")
      } else {
        line("## (introduction)  {\(section.id)}")
      }
      for block in section.blocks {
        switch block.kind {
        case .paragraph, .subheading:
          for unit in block.units { line("  [\(unit.id)] \(unit.text)\(invariants(unit))") }
        case .list:
          line("  [\(block.id)] \(block.ordered == true ? "numbered " : "")list")
          for (index, unit) in block.units.enumerated() {
            line(
              "    \(block.ordered == true ? "\(index + 1)." : "•") \(unit.text)  [\(unit.id)]\(invariants(unit))"
            )
          }
        case .links:
          line("  [\(block.id)] links")
          for unit in block.units {
            let site = unit.site.map { "\($0): " } ?? ""
            line("    → \(site)\(unit.text) <\(unit.url ?? "")>  [\(unit.id)]")
            for language in unit.languages ?? [] { line("        \(language.name) <\(language.url)>") }
          }
        case .contact:
          line("  [\(block.id)] contact")
          for unit in block.units { line("    \(unit.kind.rawValue): \(unit.text)  [\(unit.id)]") }
        }
      }
    }
    return out
  }

  private static func invariants(_ unit: Unit) -> String {
    let shown = unit.invariants.filter { $0.kind != .domain }
    guard !shown.isEmpty else { return "" }
    return "\n      invariants: " + shown.map { "\($0.kind.rawValue) \($0.value)" }.joined(separator: ", ")
  }
}
