/// The exchange writers' XML helpers, built on the one XML escape every writer shares
/// (`ReportEscaping.xml`).
enum XMLText {
  /// `text` safe as element content.
  static func escape(_ text: String) -> String { ReportEscaping.xml(text) }

  /// `text` safe inside a double-quoted attribute (tab and newline as character references).
  static func attribute(_ text: String) -> String { ReportEscaping.xml(text, attribute: true) }

  /// A start tag with attributes in the given order; nil values are left out.
  static func tag(_ name: String, _ attributes: [(String, String?)], empty: Bool = false) -> String {
    var out = "<" + name
    for (key, value) in attributes {
      guard let value else { continue }
      out += " \(key)=\"\(attribute(value))\""
    }
    return out + (empty ? "/>" : ">")
  }
}

/// Lines of XML with two-space indentation.
struct XMLLines {
  private(set) var lines: [String] = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>"]
  private var depth = 0

  /// Opens an element on its own line.
  mutating func open(_ name: String, _ attributes: [(String, String?)] = []) {
    add(XMLText.tag(name, attributes))
    depth += 1
  }

  /// Closes the innermost open element.
  mutating func close(_ name: String) {
    depth -= 1
    add("</\(name)>")
  }

  /// An element whose content (already XML) stays on one line.
  mutating func element(_ name: String, _ attributes: [(String, String?)] = [], content: String) {
    add(XMLText.tag(name, attributes) + content + "</\(name)>")
  }

  /// An element with escaped text content on one line.
  mutating func text(_ name: String, _ attributes: [(String, String?)] = [], _ text: String) {
    element(name, attributes, content: XMLText.escape(text))
  }

  /// An empty element.
  mutating func empty(_ name: String, _ attributes: [(String, String?)] = []) {
    add(XMLText.tag(name, attributes, empty: true))
  }

  private mutating func add(_ line: String) {
    lines.append(String(repeating: "  ", count: depth) + line)
  }

  /// The document, ending in a newline.
  var document: String { lines.joined(separator: "\n") + "\n" }
}
