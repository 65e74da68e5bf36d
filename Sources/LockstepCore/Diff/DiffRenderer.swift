import Foundation

/// Text output of `status` and `diff`, for people at a terminal.
public enum DiffRenderer {
  /// One row per locale and page: translated, outdated, missing, obsolete, percent complete.
  public static func statusTable(_ diffs: [LocaleDiff]) -> String {
    let header = ["locale", "page", "translated", "outdated", "missing", "obsolete", "complete", "from"]
    var rows = [header]
    for diff in diffs {
      let counts = diff.counts
      rows.append([
        diff.locale, diff.page, "\(counts.translated)/\(counts.total)", "\(counts.outdated)",
        "\(counts.missing)",
        "\(counts.obsolete)", String(format: "%.1f%%", counts.percentComplete), diff.origin.rawValue,
      ])
    }
    return table(rows, numericColumns: [2, 3, 4, 5, 6])
  }

  /// A table with aligned columns (right-aligned numbers), widths counted in characters.
  public static func table(_ rows: [[String]], numericColumns: Set<Int> = []) -> String {
    guard let first = rows.first else { return "" }
    var widths = [Int](repeating: 0, count: first.count)
    for row in rows {
      for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
    }
    var out = ""
    for (rowIndex, row) in rows.enumerated() {
      let cells = row.enumerated().map { index, cell -> String in
        let padding = String(repeating: " ", count: widths[index] - cell.count)
        return numericColumns.contains(index) && rowIndex > 0 ? padding + cell : cell + padding
      }
      out += cells.joined(separator: "  ").trimmingTrailingSpaces() + "\n"
      if rowIndex == 0 {
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
      }
    }
    return out
  }

  /// What a translator must do in one locale, unit by unit.
  public static func diff(_ diff: LocaleDiff, labels: Labels = .translation) -> String {
    var out =
      "\(diff.file): \(diff.locale) \(diff.page): \(diff.counts.translated)/\(diff.counts.total) translated"
    out +=
      ", \(diff.counts.outdated) \(labels.outdated), \(diff.counts.missing) \(labels.missing), \(diff.counts.obsolete) \(labels.obsolete)\n"
    for problem in diff.structure { out += "  \(problem.description)\n" }
    for change in diff.changes {
      let location = change.line > 0 ? "\(diff.file):\(change.line): " : ""
      switch change.status {
      case .missing:
        out += "\n\(location)\(labels.missing) [\(change.id)]\(moved(change))\n"
        if let source = change.newSource { out += "    source:      \(source)\n" }
      case .outdated:
        out += "\n\(location)\(labels.outdated) [\(change.id)]\(moved(change))\n"
        if let old = change.oldSource { out += "    old source:  \(old)\n" }
        if let new = change.newSource { out += "    new source:  \(new)\n" }
        if let diff = change.sourceDiff, diff.hasChanges { out += "    changes:     \(diff.marked)\n" }
        if let translation = change.translation, labels.showsTranslation {
          out += "    translation: \(translation)\n"
        }
      case .moved:
        out += "\n\(location)\(labels.moved) [\(change.id)]\(moved(change))\n"
        if let source = change.newSource { out += "    source:      \(source)\n" }
      case .obsolete:
        out += "\n\(location)\(labels.obsolete) [\(change.id)]\n"
        if let old = change.oldSource { out += "    source was:  \(old)\n" }
        if let translation = change.translation, labels.showsTranslation {
          out += "    translation: \(translation)\n"
        }
      }
    }
    return out
  }

  private static func moved(_ change: LocaleDiff.Change) -> String {
    change.movedFrom.map { " (was [\($0)])" } ?? ""
  }

  /// The words used for each status: a translator's or a maintainer's view.
  public struct Labels: Sendable {
    var missing: String
    var outdated: String
    var obsolete: String
    var moved = "moved"
    var showsTranslation: Bool

    /// missing, outdated, obsolete.
    public static let translation = Labels(
      missing: "missing", outdated: "outdated", obsolete: "obsolete", showsTranslation: true)
    /// added, changed, removed: two versions of the source.
    public static let versions = Labels(
      missing: "added", outdated: "changed", obsolete: "removed", showsTranslation: false)
  }
}

extension String {
  func trimmingTrailingSpaces() -> String {
    var result = self
    while result.hasSuffix(" ") { result.removeLast() }
    return result
  }
}
