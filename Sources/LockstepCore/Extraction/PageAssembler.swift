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

    // Units are hashed as they are made, in the order of `PageDocument.forEachUnit` (title, lead,
    // then each section's heading and blocks), so no unit is copied out of the document again.
    var hash = SHA256()
    let titleUnit = title.map { unit($0, id: "title", hash: &hash) }
    let leadUnit = lead.map { unit($0, id: "lead", hash: &hash) }

    var usedSectionIDs: Set<String> = []
    usedSectionIDs.reserveCapacity(rawSections.count)
    var sections: [Section] = []
    sections.reserveCapacity(rawSections.count)
    for (index, raw) in rawSections.enumerated() {
      // Unit texts are captured in normal form; `slug` checks that cheaply and normalises a text
      // that is not, so a capture bug cannot change a slug silently.
      var key = raw.heading.map { TextNormalization.slug($0.text) } ?? "intro"
      if key.isEmpty { key = Self.makeID("section", "-", number: index + 1) }
      var unique = key
      var suffix = 2
      while !usedSectionIDs.insert(unique).inserted {
        unique = Self.makeID(key, "-", number: suffix)
        suffix += 1
      }
      sections.append(
        makeSection(
          id: unique, raw.heading, level: raw.level, anchor: raw.anchor, blocks: raw.blocks, hash: &hash))
    }

    let locale = collector.locale
    return PageDocument(
      file: file, locale: locale, direction: collector.direction ?? Self.direction(of: locale),
      title: titleUnit, finnishTitle: collector.finnishTitle,
      published: collector.published, canonicalURL: collector.canonicalURL,
      languageVersions: collector.languageVersions, contentHash: hexString(hash.finalize()),
      lead: leadUnit, sections: sections)
  }

  static func direction(of locale: String?) -> String {
    guard let language = locale?.split(separator: "-").first else { return "ltr" }
    return ["ar", "fa", "he", "ur", "ps", "ckb", "yi", "dv"].contains(String(language)) ? "rtl" : "ltr"
  }

  private func makeSection(
    id: String, _ heading: RawUnit?, level: Int, anchor: String?, blocks rawBlocks: [RawBlock],
    hash: inout SHA256
  ) -> Section {
    // The heading is hashed before the blocks.
    let headingUnit = heading.map { unit($0, id: Self.makeID(id, "/", "heading"), hash: &hash) }
    // Blocks of each kind are numbered in order: p1, p2, list1…
    var paragraphs = 0
    var subheadings = 0
    var lists = 0
    var linkLists = 0
    var contacts = 0
    var blocks: [Block] = []
    blocks.reserveCapacity(rawBlocks.count)
    for raw in rawBlocks {
      let number: Int
      switch raw.kind {
      case .paragraph:
        paragraphs += 1
        number = paragraphs
      case .subheading:
        subheadings += 1
        number = subheadings
      case .list:
        lists += 1
        number = lists
      case .links:
        linkLists += 1
        number = linkLists
      case .contact:
        contacts += 1
        number = contacts
      }
      let blockID = Self.makeID(id, "/", Self.prefix(raw.kind), number: number)
      var units: [Unit] = []
      units.reserveCapacity(raw.units.count)
      switch raw.kind {
      case .paragraph, .subheading:
        for rawUnit in raw.units { units.append(unit(rawUnit, id: blockID, hash: &hash)) }
      case .list, .links:
        for (index, rawUnit) in raw.units.enumerated() {
          units.append(unit(rawUnit, id: Self.makeID(blockID, "/", number: index + 1), hash: &hash))
        }
      case .contact:
        // Fields of each kind are numbered in order (phone1, phone2…); the name has no number.
        // A block holds a handful of kinds, so a list searched in order beats hashing each one.
        var fieldCounts: [(kind: Unit.Kind, count: Int)] = []
        for field in raw.units {
          let fieldID: String
          if field.kind == .contactName {
            fieldID = Self.makeID(blockID, "/", "name")
          } else {
            let count: Int
            if let slot = fieldCounts.firstIndex(where: { $0.kind == field.kind }) {
              fieldCounts[slot].count += 1
              count = fieldCounts[slot].count
            } else {
              fieldCounts.append((field.kind, 1))
              count = 1
            }
            fieldID = Self.makeID(blockID, "/", field.kind.rawValue, number: count)
          }
          units.append(unit(field, id: fieldID, hash: &hash))
        }
      }
      blocks.append(Block(id: blockID, kind: raw.kind, ordered: raw.ordered, line: raw.line, units: units))
    }
    return Section(id: id, heading: headingUnit, level: level, anchor: anchor, blocks: blocks)
  }

  /// `head`, `separator`, `name`, then `number` in decimal if given, built in one allocation from
  /// bytes (none when the id fits in a small string): unit ids are made for every unit of every
  /// page, and `String` appends cost hundreds of instructions each.
  static func makeID(
    _ head: String, _ separator: Unicode.Scalar, _ name: String = "", number: Int? = nil
  ) -> String {
    precondition(separator.isASCII, "an id separator is one ASCII character")
    precondition((number ?? 0) >= 0, "an id number is not negative")
    var digits = 0
    if let number {
      var rest = number
      repeat {
        digits += 1
        rest /= 10
      } while rest > 0
    }
    let headLength = head.utf8.count
    let nameLength = name.utf8.count
    let length = headLength + 1 + nameLength + digits
    return String(unsafeUninitializedCapacity: length) { out in
      copyUTF8(head, into: out, at: 0)
      out[headLength] = UInt8(separator.value)
      copyUTF8(name, into: out, at: headLength + 1)
      if var rest = number {
        for position in stride(from: length - 1, through: length - digits, by: -1) {
          out[position] = UInt8(ascii: "0") + UInt8(rest % 10)
          rest /= 10
        }
      }
      return length
    }
  }

  /// Copies the UTF-8 of `string` into `out` at `offset`.
  @inline(__always)
  private static func copyUTF8(
    _ string: String, into out: UnsafeMutableBufferPointer<UInt8>, at offset: Int
  ) {
    let copied: Void? = string.utf8.withContiguousStorageIfAvailable { source in
      guard let base = source.baseAddress else { return }
      (out.baseAddress! + offset).initialize(from: base, count: source.count)
    }
    if copied == nil {
      var position = offset
      for byte in string.utf8 {
        out[position] = byte
        position += 1
      }
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

  /// The unit for `raw`, its id and fingerprint fed into the content hash.
  private func unit(_ raw: RawUnit, id: String, hash: inout SHA256) -> Unit {
    let unit = Unit(
      id: id, kind: raw.kind, normalizedText: raw.text, line: raw.line,
      links: raw.links.isEmpty ? nil : raw.links,
      site: raw.site, url: raw.url, languages: raw.languages.isEmpty ? nil : raw.languages,
      invariants: raw.invariants ?? (raw.textMayHoldInvariant ? nil : linkInvariants(raw)))
    // id, US, fingerprint, RS: the separators fed from the stack, without an array each.
    hash.update(unit.id)
    withUnsafeBytes(of: UInt8(0x1F)) { hash.update(raw: $0) }
    hash.update(unit.fingerprint)
    withUnsafeBytes(of: UInt8(0x1E)) { hash.update(raw: $0) }
    return unit
  }
}
