/// The escapes of every report syntax, in one place: every piece of content a report shows goes
/// through exactly one of these, so a translation can never inject markup or commands.
public enum ReportEscaping {
  /// Text for XML 1.0 and HTML, in element content and in quoted attribute values: escapes
  /// `& < > " '`, drops the characters XML 1.0 forbids (C0 controls other than tab, line feed and
  /// carriage return; U+FFFE and U+FFFF) and writes a carriage return as `&#13;` so it survives
  /// line-end normalisation. With `attribute`, tabs and line feeds become character references too,
  /// so they survive attribute-value normalisation.
  public static func xml(_ text: String, attribute: Bool = false) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      case "\r": out += "&#13;"
      case "\n": out += attribute ? "&#10;" : "\n"
      case "\t": out += attribute ? "&#9;" : "\t"
      default:
        if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// The characters `markdown(_:)` escapes with a backslash: every ASCII punctuation character
  /// that can start or end Markdown (CommonMark and GitHub's extensions) markup.
  static let markdownSpecials: Set<Unicode.Scalar> = [
    "\\", "`", "*", "_", "{", "}", "[", "]", "<", ">", "(", ")", "#", "+", "-", ".", "!", "|", "&", "~",
  ]

  /// Text for Markdown, in a paragraph, list item or table cell: every markup character is
  /// backslash-escaped (so `<script>` shows as text, `[x](y)` makes no link, `|` ends no cell) and
  /// line breaks become spaces (so content cannot start a new block). Control characters are dropped.
  public static func markdown(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    var previousWasBreak = false
    for scalar in text.unicodeScalars {
      if scalar == "\n" || scalar == "\r" {
        if !previousWasBreak { out += " " }
        previousWasBreak = true
        continue
      }
      previousWasBreak = false
      if markdownSpecials.contains(scalar) {
        out += "\\"
        out.unicodeScalars.append(scalar)
      } else if scalar.value < 0x20 || scalar.value == 0x7F {
        if scalar == "\t" { out += " " }
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// The message of a GitHub Actions workflow command (after `::`): `%`, carriage return and
  /// line feed are percent-encoded, so content cannot end the command or start another.
  public static func workflowData(_ text: String) -> String {
    var out = ""
    for character in text.unicodeScalars {
      switch character {
      case "%": out += "%25"
      case "\r": out += "%0D"
      case "\n": out += "%0A"
      default: out.unicodeScalars.append(character)
      }
    }
    return out
  }

  /// A property value of a GitHub Actions workflow command (`file=…,title=…`): as
  /// `workflowData(_:)`, and `:` and `,` percent-encoded too, so content cannot end the property.
  public static func workflowProperty(_ text: String) -> String {
    var out = ""
    for character in workflowData(text).unicodeScalars {
      switch character {
      case ":": out += "%3A"
      case ",": out += "%2C"
      default: out.unicodeScalars.append(character)
      }
    }
    return out
  }
}
