import Foundation
internal import LockstepXML

/// XLIFF 2.0: one `<file>` per page, one `<unit>` with one `<segment>` per unit.
///
/// The unit `id` is a counter (ids are NMTOKENs, unit ids hold `/`); `name` is the Lockstep unit
/// id. Links are `<pc type="link">` whose start code (the `<a href>`) sits in `<originalData>`;
/// protected invariants are `<ph>` with their text in `<originalData>` and in `disp`/`equiv`.
/// States: missing and outdated `initial`, current `translated`.
enum XLIFF20 {
  static let namespace = "urn:oasis:names:tc:xliff:document:2.0"

  // MARK: Writing

  static func write(_ document: ExchangeDocument) -> String {
    var xml = XMLLines()
    xml.open(
      "xliff",
      [
        ("xmlns", namespace), ("version", "2.0"), ("srcLang", document.sourceLocale),
        ("trgLang", document.targetLocale),
      ])
    xml.open("file", [("id", "f1"), ("original", document.page)])
    for (index, unit) in document.units.enumerated() {
      xml.open("unit", [("id", "u\(index + 1)"), ("name", unit.id)])
      var notes: [(String, String)] = []
      if let context = unit.context { notes.append(("context", context)) }
      if let previous = unit.previousSource {
        notes.append(("previous-source", ExchangeNotes.previousSource(previous)))
      }
      if let keep = ExchangeNotes.invariants(unit.invariants) { notes.append(("invariants", keep)) }
      if !notes.isEmpty {
        xml.open("notes")
        for (category, text) in notes { xml.text("note", [("category", category)], text) }
        xml.close("notes")
      }
      let source = InlineMarkup.source(unit.source)
      var target: InlineContent?
      if let text = unit.target, !text.isEmpty { target = InlineMarkup.target(text, matching: source) }
      let (data, references) = originalData(source, target)
      if !data.isEmpty {
        xml.open("originalData")
        for (id, text) in data { xml.text("data", [("id", id)], text) }
        xml.close("originalData")
      }
      xml.open("segment", [("state", unit.status == .translated ? "translated" : "initial")])
      xml.element("source", content: inline(source.pieces, references))
      if let target { xml.element("target", content: inline(target.pieces, references)) }
      xml.close("segment")
      xml.close("unit")
    }
    xml.close("file")
    xml.close("xliff")
    return xml.document
  }

  /// The original data of every code in source and target, once each, in order of first use, and
  /// the data id of each link (by id and target). A target link paired with a source link but
  /// pointing at a localised address gets data of its own (`d-l1-t`), so its address survives the
  /// round trip instead of being replaced by the source's.
  static func originalData(
    _ source: InlineContent, _ target: InlineContent?
  ) -> (data: [(String, String)], links: [String: String]) {
    var data: [(String, String)] = []
    var seen: Set<String> = []
    var links: [String: String] = [:]
    func add(_ pieces: [InlinePiece]) {
      for piece in pieces {
        switch piece {
        case .text: continue
        case .code(let id, _, let text):
          if seen.insert("d-\(id)").inserted { data.append(("d-\(id)", text)) }
        case .link(let id, let href, let content):
          let key = linkKey(id, href)
          if links[key] == nil {
            var reference = "d-\(id)"
            var suffix = 0
            while seen.contains(reference) {
              suffix += 1
              reference = "d-\(id)-t" + (suffix > 1 ? "\(suffix)" : "")
            }
            seen.insert(reference)
            links[key] = reference
            data.append((reference, "<a href=\"\(XMLText.attribute(href))\">"))
            data.append((reference + "-end", "</a>"))
          }
          add(content)
        }
      }
    }
    add(source.pieces)
    if let target { add(target.pieces) }
    return (data, links)
  }

  private static func linkKey(_ id: String, _ href: String) -> String { id + "\u{0}" + href }

  static func inline(_ pieces: [InlinePiece], _ links: [String: String] = [:]) -> String {
    pieces.map { piece in
      switch piece {
      case .text(let text):
        return XMLText.escape(text)
      case .code(let id, _, let text):
        return XMLText.tag(
          "ph", [("id", id), ("dataRef", "d-\(id)"), ("disp", text), ("equiv", text)], empty: true)
      case .link(let id, let href, let content):
        let reference = links[linkKey(id, href)] ?? "d-\(id)"
        return XMLText.tag(
          "pc",
          [("id", id), ("type", "link"), ("dataRefStart", reference), ("dataRefEnd", reference + "-end")])
          + inline(content, links) + "</pc>"
      }
    }.joined()
  }

  // MARK: Reading

  static func read(_ root: LockstepXML.XMLElement, file: String) throws(LockstepError) -> ExchangeDocument {
    let files = root.elements.filter { $0.name == "file" && $0.namespace == namespace }
    guard files.count == 1, let fileElement = files.first else {
      throw LockstepError(
        file: file, rule: "exchange-structure",
        "has \(files.count) <file> elements; Lockstep reads one page per XLIFF file", line: root.line)
    }
    let page = try XLIFF12.required(fileElement, "original", file: file)
    let sourceLocale = try XLIFF12.required(root, "srcLang", file: file)
    guard let targetLocale = root.attribute("trgLang"), !targetLocale.isEmpty else {
      throw LockstepError(
        file: file, rule: "exchange-structure", "<xliff> lacks the attribute trgLang", line: root.line)
    }
    var units: [ExchangeUnit] = []
    try collect(fileElement, into: &units, file: file)
    return ExchangeDocument(page: page, sourceLocale: sourceLocale, targetLocale: targetLocale, units: units)
  }

  static func collect(
    _ element: LockstepXML.XMLElement, into units: inout [ExchangeUnit], file: String
  ) throws(LockstepError) {
    for child in element.elements where child.namespace == namespace {
      if child.name == "group" {
        try collect(child, into: &units, file: file)
      } else if child.name == "unit" {
        units.append(try unit(child, file: file))
      }
    }
  }

  static func unit(_ element: LockstepXML.XMLElement, file: String) throws(LockstepError) -> ExchangeUnit {
    guard let id = element.attribute("name") ?? element.attribute("id"), !id.isEmpty else {
      throw LockstepError(
        file: file, rule: "exchange-structure", "<unit> has neither name nor id", line: element.line)
    }
    var data: [String: String] = [:]
    for original in element.elements where original.name == "originalData" {
      for item in original.elements where item.name == "data" {
        if let dataID = item.attribute("id") { data[dataID] = item.text }
      }
    }
    var references = InlineReferences()
    var source: [InlinePiece] = []
    var target: [InlinePiece] = []
    var hasTarget = false
    var segmentWithoutTarget = false
    var done = true
    let parts = element.elements.filter {
      $0.namespace == namespace && ($0.name == "segment" || $0.name == "ignorable")
    }
    guard !parts.isEmpty else {
      throw LockstepError(
        file: file, rule: "exchange-structure", "<unit> '\(id)' has no <segment>", line: element.line)
    }
    for part in parts {
      guard let sourceElement = part.element("source") else {
        throw LockstepError(
          file: file, rule: "exchange-structure", "<\(part.name)> of unit '\(id)' has no <source>",
          line: part.line)
      }
      references.resolving = false
      let partSource = try pieces(sourceElement, data: data, references: &references, file: file)
      source += partSource
      references.resolving = true
      if let targetElement = part.element("target") {
        hasTarget = true
        target += try pieces(targetElement, data: data, references: &references, file: file)
      } else if part.name == "ignorable" {
        target += partSource
      } else {
        segmentWithoutTarget = true
      }
      if part.name == "segment",
        !["", "translated", "reviewed", "final"].contains(part.attribute("state") ?? "")
      {
        done = false
      }
    }
    var unit = ExchangeUnit(id: id, source: InlineMarkup.marked(source), line: element.line)
    if hasTarget, !segmentWithoutTarget { unit.target = InlineMarkup.marked(target) }
    unit.state = done ? .done : .pending
    return unit
  }

  static func pieces(
    _ element: LockstepXML.XMLElement, data: [String: String], references: inout InlineReferences,
    file: String
  ) throws(LockstepError) -> [InlinePiece] {
    var out: [InlinePiece] = []
    for child in element.children {
      switch child {
      case .text(let text):
        out.append(.text(text))
      case .element(let inner):
        let id = inner.attribute("id") ?? ""
        switch inner.name {
        case "pc":
          let content = try pieces(inner, data: data, references: &references, file: file)
          let start = inner.attribute("dataRefStart").flatMap { data[$0] }
          if let href = start.flatMap(hrefAttribute) ?? references.links[id] {
            if !references.resolving { references.links[id] = href }
            out.append(.link(id: id, href: href, content: content))
          } else {
            out += content
          }
        case "ph":
          let text =
            inner.attribute("dataRef").flatMap { data[$0] } ?? references.codes[id]
            ?? inner.attribute("equiv")
          guard let text else {
            throw LockstepError(
              file: file, rule: "exchange-inline", "<ph id=\"\(id)\"> has no original data", line: inner.line)
          }
          if !references.resolving { references.codes[id] = text }
          out.append(.code(id: id, kind: .phone, text: text))
        case "cp":
          guard let hex = inner.attribute("hex"), let value = UInt32(hex, radix: 16),
            let scalar = Unicode.Scalar(value)
          else {
            throw LockstepError(
              file: file, rule: "exchange-inline", "<cp> has no valid hex attribute", line: inner.line)
          }
          out.append(.text(String(Character(scalar))))
        case "mrk":
          out += try pieces(inner, data: data, references: &references, file: file)
        case "sm", "em":
          continue
        default:
          throw LockstepError(
            file: file, rule: "exchange-inline",
            "inline element <\(inner.name)> is not supported (Lockstep writes <pc>, <ph> and <mrk>)",
            line: inner.line)
        }
      }
    }
    return out
  }

  /// The `href` of a start code such as `<a href="…">`, unescaped.
  static func hrefAttribute(_ code: String) -> String? {
    guard let start = code.range(of: "href=\"") else { return nil }
    let rest = code[start.upperBound...]
    guard let end = rest.firstIndex(of: "\"") else { return nil }
    return String(rest[..<end])
      .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
      .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&#10;", with: "\n")
      .replacingOccurrences(of: "&#9;", with: "\t").replacingOccurrences(of: "&amp;", with: "&")
  }
}
