/// The one XML escape of the exchange writers, and a small indenting writer built on it.
enum XMLText {
  /// `text` safe as element content: `&`, `<`, `>` escaped; characters XML 1.0 cannot carry
  /// (C0 controls other than tab, newline and carriage return) written as U+FFFD.
  static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\r": out += "&#13;"
      default:
        if (scalar.value < 0x20 && scalar != "\t" && scalar != "\n") || scalar.value == 0xFFFE
          || scalar.value == 0xFFFF
        {
          out.unicodeScalars.append("\u{FFFD}")
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }

  /// `text` safe inside a double-quoted attribute: also `"` escaped, and tab and newline as
  /// character references so attribute normalisation keeps them.
  static func attribute(_ text: String) -> String {
    var out = ""
    for scalar in escape(text).unicodeScalars {
      switch scalar {
      case "\"": out += "&quot;"
      case "\n": out += "&#10;"
      case "\t": out += "&#9;"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

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
