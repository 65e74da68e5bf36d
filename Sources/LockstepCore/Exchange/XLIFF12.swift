internal import LockstepXML

/// XLIFF 1.2: one `<file>` per page, one `<trans-unit>` per unit.
///
/// The trans-unit `id` is a counter (unit ids hold `/`); `resname` is the Lockstep unit id. Links are
/// `<g ctype="link" xhtml:href>`, protected invariants `<ph ctype="x-lockstep-…">`. States: missing
/// `needs-translation`, outdated `needs-review-translation`, current `translated`.
enum XLIFF12 {
  static let namespace = "urn:oasis:names:tc:xliff:document:1.2"
  static let xhtmlNamespace = "http://www.w3.org/1999/xhtml"

  // MARK: Writing

  static func write(_ document: ExchangeDocument, date: String?) -> String {
    var xml = XMLLines()
    xml.open("xliff", [("version", "1.2"), ("xmlns", namespace), ("xmlns:xhtml", xhtmlNamespace)])
    xml.open(
      "file",
      [
        ("original", document.page), ("source-language", document.sourceLocale),
        ("target-language", document.targetLocale), ("datatype", "plaintext"),
        ("date", date.map { $0 + "T00:00:00Z" }),
      ])
    xml.open("header")
    xml.empty("tool", [("tool-id", "lockstep"), ("tool-name", "Lockstep")])
    xml.close("header")
    xml.open("body")
    for (index, unit) in document.units.enumerated() {
      xml.open("trans-unit", [("id", String(index + 1)), ("resname", unit.id)])
      let source = InlineMarkup.source(unit.source)
      xml.element("source", content: inline(source.pieces))
      let state: String =
        switch unit.status {
        case .missing: "needs-translation"
        case .outdated: "needs-review-translation"
        case .translated: "translated"
        }
      if let target = unit.target, !target.isEmpty {
        let pieces = InlineMarkup.target(target, matching: source).pieces
        xml.element("target", [("state", state)], content: inline(pieces))
      } else {
        xml.empty("target", [("state", state)])
      }
      if let context = unit.context {
        xml.open("context-group", [("name", "location"), ("purpose", "information")])
        xml.text("context", [("context-type", "x-lockstep-section")], context)
        xml.close("context-group")
        xml.text("note", [("from", "lockstep"), ("annotates", "general")], context)
      }
      if let previous = unit.previousSource {
        xml.text(
          "note", [("from", "lockstep"), ("annotates", "source")],
          ExchangeNotes.previousSource(previous))
      }
      if let keep = ExchangeNotes.invariants(unit.invariants) {
        xml.text("note", [("from", "lockstep"), ("annotates", "general")], keep)
      }
      xml.close("trans-unit")
    }
    xml.close("body")
    xml.close("file")
    xml.close("xliff")
    return xml.document
  }

  static func inline(_ pieces: [InlinePiece]) -> String {
    pieces.map { piece in
      switch piece {
      case .text(let text):
        return XMLText.escape(text)
      case .code(let id, let kind, let text):
        return XMLText.tag("ph", [("id", id), ("ctype", "x-lockstep-\(kind.rawValue)")])
          + XMLText.escape(text) + "</ph>"
      case .link(let id, let href, let content):
        return XMLText.tag("g", [("id", id), ("ctype", "link"), ("xhtml:href", href)])
          + inline(content) + "</g>"
      }
    }.joined()
  }

  // MARK: Reading

  static func read(_ root: LockstepXML.XMLElement, file: String) throws(LockstepError) -> ExchangeDocument {
    let files = root.elements.filter { $0.name == "file" && isXLIFF($0) }
    guard files.count == 1, let fileElement = files.first else {
      throw LockstepError(
        file: file, rule: "exchange-structure",
        "has \(files.count) <file> elements; Lockstep reads one page per XLIFF file", line: root.line)
    }
    let page = try required(fileElement, "original", file: file)
    let sourceLocale = try required(fileElement, "source-language", file: file)
    let targetLocale = try required(fileElement, "target-language", file: file)
    guard let body = fileElement.elements.first(where: { $0.name == "body" && isXLIFF($0) }) else {
      throw LockstepError(
        file: file, rule: "exchange-structure", "<file> has no <body>", line: fileElement.line)
    }
    var units: [ExchangeUnit] = []
    try collect(body, into: &units, file: file)
    return ExchangeDocument(page: page, sourceLocale: sourceLocale, targetLocale: targetLocale, units: units)
  }

  static func isXLIFF(_ element: LockstepXML.XMLElement) -> Bool {
    element.namespace == namespace || element.namespace == nil
  }

  static func required(
    _ element: LockstepXML.XMLElement, _ name: String, file: String
  ) throws(LockstepError) -> String {
    guard let value = element.attribute(name), !value.isEmpty else {
      throw LockstepError(
        file: file, rule: "exchange-structure", "<\(element.name)> lacks the attribute \(name)",
        line: element.line)
    }
    return value
  }

  /// The trans-units of a body or group, groups included, in document order.
  static func collect(
    _ element: LockstepXML.XMLElement, into units: inout [ExchangeUnit], file: String
  ) throws(LockstepError) {
    for child in element.elements where isXLIFF(child) {
      if child.name == "group" {
        try collect(child, into: &units, file: file)
      } else if child.name == "trans-unit" {
        units.append(try unit(child, file: file))
      }
    }
  }

  static func unit(_ element: LockstepXML.XMLElement, file: String) throws(LockstepError) -> ExchangeUnit {
    guard let id = element.attribute("resname") ?? element.attribute("id"), !id.isEmpty else {
      throw LockstepError(
        file: file, rule: "exchange-structure", "<trans-unit> has neither resname nor id", line: element.line)
    }
    guard let sourceElement = element.elements.first(where: { $0.name == "source" && isXLIFF($0) }) else {
      throw LockstepError(
        file: file, rule: "exchange-structure", "<trans-unit> '\(id)' has no <source>", line: element.line)
    }
    var references = InlineReferences()
    let source = try pieces(sourceElement, references: &references, file: file)
    var unit = ExchangeUnit(id: id, source: InlineMarkup.marked(source), line: element.line)
    if let targetElement = element.elements.first(where: { $0.name == "target" && isXLIFF($0) }) {
      references.resolving = true
      unit.target = InlineMarkup.marked(try pieces(targetElement, references: &references, file: file))
      switch targetElement.attribute("state") ?? "" {
      case "", "translated", "final", "signed-off": unit.state = .done
      default: unit.state = .pending
      }
    }
    if element.attribute("approved") == "yes" { unit.state = .done }
    return unit
  }

  static func pieces(
    _ element: LockstepXML.XMLElement, references: inout InlineReferences, file: String
  ) throws(LockstepError) -> [InlinePiece] {
    var out: [InlinePiece] = []
    for child in element.children {
      switch child {
      case .text(let text):
        out.append(.text(text))
      case .element(let inner):
        let id = inner.attribute("id") ?? ""
        switch inner.name {
        case "g":
          let content = try pieces(inner, references: &references, file: file)
          if let href = inner.attribute("href", namespace: xhtmlNamespace) ?? references.links[id] {
            if !references.resolving { references.links[id] = href }
            out.append(.link(id: id, href: href, content: content))
          } else {
            out += content
          }
        case "ph":
          let text = inner.text.isEmpty ? references.codes[id] : inner.text
          guard let text else {
            throw LockstepError(
              file: file, rule: "exchange-inline", "<ph id=\"\(id)\"> is empty and not in the source",
              line: inner.line)
          }
          if !references.resolving { references.codes[id] = text }
          out.append(.code(id: id, kind: .phone, text: text))
        case "x":
          guard let text = references.codes[id] else {
            throw LockstepError(
              file: file, rule: "exchange-inline", "<x id=\"\(id)\"> matches no placeholder of the source",
              line: inner.line)
          }
          out.append(.code(id: id, kind: .phone, text: text))
        case "mrk":
          out += try pieces(inner, references: &references, file: file)
        default:
          throw LockstepError(
            file: file, rule: "exchange-inline",
            "inline element <\(inner.name)> is not supported (Lockstep writes <g>, <ph>, <x> and <mrk>)",
            line: inner.line)
        }
      }
    }
    return out
  }
}

/// What a unit's source defines, for its target to refer to: link targets and placeholder text by id.
struct InlineReferences {
  /// Link targets by inline id.
  var links: [String: String] = [:]
  /// Placeholder text by inline id.
  var codes: [String: String] = [:]
  /// Set while reading a target: ids are looked up, not defined.
  var resolving = false
}

/// The notes every format writes for the translator.
enum ExchangeNotes {
  /// The note on an outdated unit.
  static func previousSource(_ text: String) -> String {
    "Translated from an older source text: \(text)"
  }

  /// What must stay unchanged, or nil when nothing must.
  static func invariants(_ invariants: [Invariant]) -> String? {
    let urls = invariants.filter { $0.kind == .url }.map(\.raw)
    let shown = invariants.filter { invariant in
      invariant.kind != .domain || !urls.contains { $0.contains(invariant.raw) }
    }
    guard !shown.isEmpty else { return nil }
    let names: [Invariant.Kind: String] = [
      .url: "link", .domain: "domain", .email: "e-mail", .phone: "phone", .number: "number",
    ]
    return "Keep unchanged: "
      + shown.map { "\(names[$0.kind] ?? $0.kind.rawValue) \($0.raw)" }.joined(separator: "; ")
  }
}
