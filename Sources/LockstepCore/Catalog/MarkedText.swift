import Foundation

/// Unit text with its inline links written the Markdown way, `[text](url)`, so translators can
/// place links in a plain YAML string. Literal brackets are escaped as `\[` and `\]`.
public enum MarkedText {
  /// A unit's text with its links marked.
  public static func render(_ unit: Unit) -> String {
    render(text: unit.text, links: unit.links ?? [])
  }

  /// `text` with `links` marked.
  public static func render(text: String, links: [InlineLink]) -> String {
    let scalars = Array(text.unicodeScalars)
    var out = ""
    var position = 0
    for link in links.sorted(by: { $0.offset < $1.offset })
    where link.offset >= position && link.offset + link.length <= scalars.count {
      out += escape(String(String.UnicodeScalarView(scalars[position..<link.offset])))
      out +=
        "[" + escape(String(String.UnicodeScalarView(scalars[link.offset..<link.offset + link.length])))
        + "](" + link.href + ")"
      position = link.offset + link.length
    }
    out += escape(String(String.UnicodeScalarView(scalars[position...])))
    return out
  }

  /// Escapes brackets scalar by scalar: a bracket followed by a combining mark is one Character,
  /// which a Character-wise replacement would miss (found by the round-trip property test).
  private static func escape(_ text: String) -> String {
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      if scalar == "[" || scalar == "]" { out.append("\\") }
      out.append(scalar)
    }
    return String(out)
  }

  /// Splits marked text into plain text and links (offsets in Unicode scalars of the plain text).
  public static func parse(_ marked: String) -> (text: String, links: [InlineLink]) {
    let scalars = Array(marked.unicodeScalars)
    var plain = String.UnicodeScalarView()
    var count = 0
    var links: [InlineLink] = []
    var index = 0
    func append(_ scalar: Unicode.Scalar) {
      plain.append(scalar)
      count += 1
    }
    while index < scalars.count {
      let scalar = scalars[index]
      if scalar == "\\", index + 1 < scalars.count, scalars[index + 1] == "[" || scalars[index + 1] == "]" {
        append(scalars[index + 1])
        index += 2
        continue
      }
      if scalar == "[", let close = closingBracket(scalars, from: index + 1), close + 1 < scalars.count,
        scalars[close + 1] == "(", let end = scalars[(close + 2)...].firstIndex(of: ")")
      {
        let start = count
        var inner = index + 1
        while inner < close {
          // Only `\[` and `\]` are escapes; any other backslash is text.
          if scalars[inner] == "\\", inner + 1 < close, scalars[inner + 1] == "[" || scalars[inner + 1] == "]"
          {
            inner += 1
          }
          append(scalars[inner])
          inner += 1
        }
        let href = String(String.UnicodeScalarView(scalars[(close + 2)..<end]))
        links.append(
          InlineLink(
            text: String(String.UnicodeScalarView(Array(plain)[start..<count])), href: href, offset: start,
            length: count - start))
        index = end + 1
        continue
      }
      append(scalar)
      index += 1
    }
    return (String(plain), links)
  }

  private static func closingBracket(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
    var index = start
    while index < scalars.count {
      if scalars[index] == "\\", index + 1 < scalars.count,
        scalars[index + 1] == "[" || scalars[index + 1] == "]"
      {
        index += 2
        continue
      }
      if scalars[index] == "[" { return nil }
      if scalars[index] == "]" { return index }
      index += 1
    }
    return nil
  }
}
