/// Turns the collector's raw items into a `PageDocument`: picks the content region, splits
/// sections at `<h2>`, and derives every id from the section structure.
struct PageAssembler {
  let collector: PageEventCollector

  func assemble(file: String?) -> PageDocument {
    let region = collector.regionFound
    var title: RawUnit?
    var lead: RawUnit?
    var rawSections: [(heading: RawUnit?, level: Int, anchor: String?, blocks: [RawBlock])] = [
      (nil, 0, nil, [])
    ]
    for (item, itemRegion) in collector.items where itemRegion >= region {
      switch item {
      case .title(let unit):
        if title == nil {
          title = unit
        } else {
          rawSections[rawSections.count - 1].blocks.append(
            RawBlock(kind: .subheading, line: unit.line, units: [unit]))
        }
      case .lead(let unit):
        if lead == nil {
          lead = unit
        } else {
          rawSections[rawSections.count - 1].blocks.append(
            RawBlock(kind: .paragraph, line: unit.line, units: [unit]))
        }
      case .heading(let unit, let level, let anchor):
        rawSections.append((unit, level, anchor, []))
      case .block(let block):
        rawSections[rawSections.count - 1].blocks.append(block)
      }
    }
    if title == nil, region != .body {
      // A page whose <h1> sits outside <main> (in a header, say) still has a title.
      for entry in collector.items {
        if case .title(let unit) = entry.item {
          title = unit
          break
        }
      }
    }
    if rawSections[0].blocks.isEmpty { rawSections.removeFirst() }

    var usedSectionIDs: Set<String> = []
    var sections: [Section] = []
    for (index, raw) in rawSections.enumerated() {
      var key = raw.heading.map { TextNormalization.slug($0.text) } ?? "intro"
      if key.isEmpty { key = "section-\(index + 1)" }
      var unique = key
      var suffix = 2
      while !usedSectionIDs.insert(unique).inserted {
        unique = "\(key)-\(suffix)"
        suffix += 1
      }
      sections.append(
        makeSection(id: unique, raw.heading, level: raw.level, anchor: raw.anchor, blocks: raw.blocks))
    }

    let locale = collector.locale
    var document = PageDocument(
      file: file, locale: locale, direction: collector.direction ?? Self.direction(of: locale),
      title: title.map { unit($0, id: "title") }, finnishTitle: collector.finnishTitle,
      published: collector.published, canonicalURL: collector.canonicalURL,
      languageVersions: collector.languageVersions, contentHash: "",
      lead: lead.map { unit($0, id: "lead") }, sections: sections)
    var hash = SHA256()
    document.forEachUnit { unit in
      hash.update(unit.id)
      hash.update(CollectionOfOne(0x1F))
      hash.update(unit.fingerprint)
      hash.update(CollectionOfOne(0x1E))
    }
    document.contentHash = hexString(hash.finalize())
    return document
  }

  static func direction(of locale: String?) -> String {
    guard let language = locale?.split(separator: "-").first else { return "ltr" }
    return ["ar", "fa", "he", "ur", "ps", "ckb", "yi", "dv"].contains(String(language)) ? "rtl" : "ltr"
  }

  private func makeSection(
    id: String, _ heading: RawUnit?, level: Int, anchor: String?, blocks rawBlocks: [RawBlock]
  ) -> Section {
    // Blocks of each kind are numbered in order: p1, p2, list1…
    var counters = [0, 0, 0, 0, 0]
    var blocks: [Block] = []
    blocks.reserveCapacity(rawBlocks.count)
    for raw in rawBlocks {
      let slot = Self.slot(raw.kind)
      counters[slot] += 1
      let number = counters[slot]
      let blockID = Self.path(id, Self.prefix(raw.kind) + String(number))
      var units: [Unit] = []
      switch raw.kind {
      case .paragraph, .subheading:
        units = raw.units.map { unit($0, id: blockID) }
      case .list, .links:
        units = raw.units.enumerated().map { unit($1, id: Self.path(blockID, String($0 + 1))) }
      case .contact:
        var fieldCounters: [Unit.Kind: Int] = [:]
        for field in raw.units {
          fieldCounters[field.kind, default: 0] += 1
          let name =
            field.kind == .contactName ? "name" : "\(field.kind.rawValue)\(fieldCounters[field.kind]!)"
          units.append(unit(field, id: Self.path(blockID, name)))
        }
      }
      blocks.append(Block(id: blockID, kind: raw.kind, ordered: raw.ordered, line: raw.line, units: units))
    }
    return Section(
      id: id, heading: heading.map { unit($0, id: Self.path(id, "heading")) }, level: level, anchor: anchor,
      blocks: blocks)
  }

  /// `parent/child`, built in one allocation (ids are longer than the strings Swift keeps inline).
  private static func path(_ parent: String, _ child: String) -> String {
    var result = ""
    result.reserveCapacity(parent.utf8.count + 1 + child.utf8.count)
    result += parent
    result += "/"
    result += child
    return result
  }

  /// Where a kind's counter is kept.
  private static func slot(_ kind: Block.Kind) -> Int {
    switch kind {
    case .paragraph: 0
    case .subheading: 1
    case .list: 2
    case .links: 3
    case .contact: 4
    }
  }

  private static func prefix(_ kind: Block.Kind) -> String {
    switch kind {
    case .paragraph: "p"
    case .subheading: "h"
    case .list: "list"
    case .links: "links"
    case .contact: "contact"
    }
  }

  /// The invariants of a unit whose text can hold none: those of its link targets.
  private func linkInvariants(_ raw: RawUnit) -> [Invariant] {
    var hrefs = raw.links.map(\.href)
    if let url = raw.url { hrefs.insert(url, at: 0) }
    return hrefs.isEmpty ? [] : InvariantScanner.scan("", hrefs: hrefs)
  }

  private func unit(_ raw: RawUnit, id: String) -> Unit {
    Unit(
      id: id, kind: raw.kind, normalizedText: raw.text, line: raw.line,
      links: raw.links.isEmpty ? nil : raw.links,
      site: raw.site, url: raw.url, languages: raw.languages.isEmpty ? nil : raw.languages,
      invariants: raw.invariants ?? (raw.textMayHoldInvariant ? nil : linkInvariants(raw)))
  }
}
