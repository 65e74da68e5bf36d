/// Aligns a locale's text with the source page: a catalog by unit id (with moved units matched by
/// fingerprint and similarity), an official translated page by structure.
public enum Aligner {
  /// The part of a unit id below its section: `p2`, `list1/3`, `heading`.
  static func localID(_ id: String) -> String {
    guard let slash = id.firstIndex(of: "/") else { return id }
    return String(id[id.index(after: slash)...])
  }

  /// A catalog against the source page.
  ///
  /// Matching runs in stages, so an inserted, deleted or moved paragraph does not make its
  /// neighbours look changed: (1) same id and same source text; (2) same source text under another
  /// id (the unit moved: its translation is still good, only its id changed); (3) same id, changed
  /// text (outdated); (4) similar text under another id (a reworded unit that also moved, such as
  /// the heading that names its section: outdated). What is left is missing or obsolete.
  public static func align(source: PageDocument, catalog: Catalog, page: String, file: String) -> Translation
  {
    var units: [String: Translation.TranslatedUnit] = [:]
    var changes: [LocaleDiff.Change] = []
    var counts = LocaleDiff.Counts()
    counts.total = source.units.count
    var entries: [Catalog.Entry] = []
    var seenIDs: Set<String> = []
    for entry in catalog.entries where seenIDs.insert(entry.id).inserted { entries.append(entry) }
    let entryIndex = Dictionary(
      entries.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    var matched: [String: (entry: Int, moved: Bool)] = [:]
    var usedEntries: Set<Int> = []

    // (1) Same id, same text.
    for unit in source.units {
      if let index = entryIndex[unit.id], entries[index].fingerprint == unit.fingerprint {
        matched[unit.id] = (index, false)
        usedEntries.insert(index)
      }
    }
    // (2) Same text under another id, nearest in the same section first.
    var byFingerprint: [String: [Int]] = [:]
    for (index, entry) in entries.enumerated() where !usedEntries.contains(index) {
      byFingerprint[entry.fingerprint, default: []].append(index)
    }
    for unit in source.units where matched[unit.id] == nil {
      let candidates = (byFingerprint[unit.fingerprint] ?? []).filter { !usedEntries.contains($0) }
      let section = sectionID(unit.id)
      if let index = candidates.first(where: { sectionID(entries[$0].id) == section }) ?? candidates.first {
        matched[unit.id] = (index, true)
        usedEntries.insert(index)
      }
    }
    // (3) Same id, changed text.
    for unit in source.units where matched[unit.id] == nil {
      if let index = entryIndex[unit.id], !usedEntries.contains(index) {
        matched[unit.id] = (index, false)
        usedEntries.insert(index)
      }
    }
    // (4) Similar text under another id.
    var candidates: [(score: Double, unit: Int, entry: Int)] = []
    for (unitIndex, unit) in source.units.enumerated() where matched[unit.id] == nil {
      for (index, entry) in entries.enumerated() where !usedEntries.contains(index) {
        let alike = similarity(MarkedText.parse(entry.source).text, unit.text)
        guard alike >= 0.5 else { continue }
        let place = localID(entry.id) == localID(unit.id) ? 0.25 : 0
        candidates.append((alike + place, unitIndex, index))
      }
    }
    candidates.sort { ($0.score, -$0.unit, -$0.entry) > ($1.score, -$1.unit, -$1.entry) }
    for candidate in candidates {
      let unit = source.units[candidate.unit]
      guard matched[unit.id] == nil, !usedEntries.contains(candidate.entry) else { continue }
      matched[unit.id] = (candidate.entry, true)
      usedEntries.insert(candidate.entry)
    }

    // (5) A reworded heading names a new section: it is the heading of the old section that the
    // rest of its units came from.
    for unit in source.units where matched[unit.id] == nil && unit.kind == .heading {
      let section = sectionID(unit.id)
      let origins = source.units.filter { sectionID($0.id) == section && $0.id != unit.id }.compactMap {
        other in
        matched[other.id].map { sectionID(entries[$0.entry].id) }
      }
      let counted = Dictionary(origins.map { ($0, 1) }, uniquingKeysWith: +)
      guard let (origin, votes) = counted.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }),
        votes * 2 > origins.count,
        origin != section, let index = entryIndex["\(origin)/heading"], !usedEntries.contains(index)
      else { continue }
      matched[unit.id] = (index, true)
      usedEntries.insert(index)
    }

    for unit in source.units {
      let newSource = MarkedText.render(unit)
      guard let (index, moved) = matched[unit.id] else {
        counts.missing += 1
        changes.append(LocaleDiff.Change(id: unit.id, status: .missing, line: 0, newSource: newSource))
        continue
      }
      let entry = entries[index]
      let movedFrom = moved ? entry.id : nil
      guard entry.isTranslated else {
        counts.missing += 1
        changes.append(
          LocaleDiff.Change(
            id: unit.id, status: .missing, line: entry.line, newSource: newSource, movedFrom: movedFrom))
        continue
      }
      var translated = Translation.TranslatedUnit(
        id: unit.id, marked: entry.translation ?? "", url: entry.url ?? unit.url,
        line: entry.translationPosition?.line ?? entry.line)
      translated.column = entry.translationPosition?.column ?? 0
      units[unit.id] = translated
      if entry.fingerprint == unit.fingerprint {
        counts.translated += 1
        if moved {
          counts.moved += 1
          changes.append(
            LocaleDiff.Change(
              id: unit.id, status: .moved, line: entry.line, newSource: newSource,
              translation: entry.translation, movedFrom: movedFrom))
        }
        continue
      }
      counts.outdated += 1
      changes.append(
        LocaleDiff.Change(
          id: unit.id, status: .outdated, line: entry.line, oldSource: entry.source, newSource: newSource,
          sourceDiff: WordDiff(old: entry.source, new: newSource), translation: entry.translation,
          movedFrom: movedFrom))
    }
    for (index, entry) in entries.enumerated() where !usedEntries.contains(index) {
      counts.obsolete += 1
      changes.append(
        LocaleDiff.Change(
          id: entry.id, status: .obsolete, line: entry.line, oldSource: entry.source,
          translation: entry.translation))
    }
    let diff = LocaleDiff(
      page: page, locale: catalog.locale, file: file, origin: .catalog, counts: counts, changes: changes,
      structure: [])
    return Translation(
      page: page, locale: catalog.locale, file: file, origin: .catalog, units: units, diff: diff)
  }

  /// The section part of a unit id (`intro` of `intro/p1`).
  static func sectionID(_ id: String) -> String {
    String(id.prefix { $0 != "/" })
  }

  /// An official translated page against the source page, by structure: sections by anchor (Drupal
  /// keeps one id per paragraph across languages) or position, blocks by kind and position, units
  /// by position.
  public static func align(
    source: PageDocument, translated: PageDocument, page: String, locale: String, file: String
  ) -> Translation {
    var units: [String: Translation.TranslatedUnit] = [:]
    var structure: [Diagnostic] = []
    func problem(_ rule: String, _ message: String, line: Int?) {
      structure.append(Diagnostic(.error, rule, message, file: file, line: line))
    }
    if let title = source.title, let target = translated.title { units[title.id] = .init(unit: target) }
    if let lead = source.lead, let target = translated.lead { units[lead.id] = .init(unit: target) }

    var usedTargets: Set<Int> = []
    for (index, section) in source.sections.enumerated() {
      var targetIndex: Int?
      if let anchor = section.anchor,
        let match = translated.sections.firstIndex(where: { $0.anchor == anchor })
      {
        targetIndex = match
      } else if index < translated.sections.count, !usedTargets.contains(index),
        translated.sections[index].anchor == nil || section.anchor == nil
      {
        targetIndex = index
      } else if section.heading == nil, let first = translated.sections.first, first.heading == nil {
        targetIndex = 0
      }
      guard let targetIndex, !usedTargets.contains(targetIndex) else {
        let name = section.heading.map { "'\($0.text)'" } ?? "the introduction"
        problem(
          "structure-section-missing", "lacks the section \(name) [\(section.id)] of the source", line: nil)
        continue
      }
      usedTargets.insert(targetIndex)
      let target = translated.sections[targetIndex]
      if let heading = section.heading, let targetHeading = target.heading {
        units[heading.id] = .init(unit: targetHeading)
      }
      let targetBlocks = Dictionary(
        target.blocks.map { (localID($0.id), $0) }, uniquingKeysWith: { first, _ in first })
      let sourceBlockIDs = Set(section.blocks.map { localID($0.id) })
      for block in section.blocks {
        guard let targetBlock = targetBlocks[localID(block.id)] else {
          problem(
            "structure-block-missing",
            "section [\(section.id)] lacks \(describe(block)) of the source [\(block.id)]",
            line: target.heading?.line)
          continue
        }
        if block.kind == .contact {
          let fields = Dictionary(
            targetBlock.units.map { (localID($0.id).split(separator: "/").last.map(String.init) ?? "", $0) },
            uniquingKeysWith: { first, _ in first })
          for unit in block.units {
            let key = localID(unit.id).split(separator: "/").last.map(String.init) ?? ""
            if let match = fields[key] { units[unit.id] = .init(unit: match) }
          }
        } else {
          for (position, unit) in block.units.enumerated() where position < targetBlock.units.count {
            units[unit.id] = .init(unit: targetBlock.units[position])
          }
        }
        if block.units.count != targetBlock.units.count, block.kind == .list || block.kind == .links {
          let noun = block.kind == .list ? "items" : "links"
          problem(
            "structure-count",
            "\(describe(block)) [\(block.id)] has \(targetBlock.units.count) \(noun) where the source has \(block.units.count)",
            line: targetBlock.line)
        }
      }
      for targetBlock in target.blocks where !sourceBlockIDs.contains(localID(targetBlock.id)) {
        problem(
          "structure-block-extra", "has \(describe(targetBlock)) that the source does not have",
          line: targetBlock.line)
      }
    }
    for (index, section) in translated.sections.enumerated() where !usedTargets.contains(index) {
      let name = section.heading.map { "'\($0.text)'" } ?? "an introduction"
      problem(
        "structure-section-extra", "has a section \(name) that the source does not have",
        line: section.heading?.line)
    }

    var counts = LocaleDiff.Counts()
    counts.total = source.units.count
    var changes: [LocaleDiff.Change] = []
    for unit in source.units {
      if units[unit.id] != nil {
        counts.translated += 1
      } else {
        counts.missing += 1
        changes.append(
          LocaleDiff.Change(id: unit.id, status: .missing, line: 0, newSource: MarkedText.render(unit)))
      }
    }
    let diff = LocaleDiff(
      page: page, locale: locale, file: file, origin: .page, counts: counts, changes: changes,
      structure: structure.sorted())
    return Translation(page: page, locale: locale, file: file, origin: .page, units: units, diff: diff)
  }

  static func describe(_ block: Block) -> String {
    let local = localID(block.id)
    let number = local.drop { !$0.isNumber }
    switch block.kind {
    case .paragraph: return "paragraph \(number)"
    case .subheading: return "subheading \(number)"
    case .list: return "list \(number)"
    case .links: return "link list \(number)"
    case .contact: return "contact block \(number)"
    }
  }
}
