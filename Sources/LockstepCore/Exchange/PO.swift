import Foundation

/// GNU gettext PO: one entry per unit, `msgctxt` = unit id, links kept as `[text](url)` markers.
///
/// Outdated units are `#, fuzzy` with the translation and the previous source as `#| msgid`;
/// context and what must stay unchanged go in `#.` extracted comments.
enum PO {
  // MARK: Writing

  static func write(_ document: ExchangeDocument, date: String?) -> String {
    var header: [String] = ["Project-Id-Version: \(document.page)"]
    if let date {
      header.append("POT-Creation-Date: \(date) 00:00+0000")
      header.append("PO-Revision-Date: \(date) 00:00+0000")
    }
    header += [
      "Last-Translator: ", "Language-Team: \(document.targetLocale)", "Language: \(document.targetLocale)",
      "MIME-Version: 1.0", "Content-Type: text/plain; charset=UTF-8",
      "Content-Transfer-Encoding: 8bit", "Plural-Forms: \(pluralForms(document.targetLocale))",
      "X-Generator: Lockstep", "X-Lockstep-Page: \(document.page)",
      "X-Lockstep-Source-Language: \(document.sourceLocale)",
    ]
    var out =
      "# \(document.page): \(document.sourceLocale) → \(document.targetLocale), exported by Lockstep.\n"
    out += "msgid \"\"\nmsgstr \"\"\n"
    for line in header { out += quote(line + "\n") + "\n" }
    for unit in document.units {
      out += "\n"
      if let context = unit.context { out += comment("#.", context) }
      if let keep = ExchangeNotes.invariants(unit.invariants) { out += comment("#.", keep) }
      if unit.status == .outdated {
        out += "#, fuzzy\n"
        if let previous = unit.previousSource { out += field("#| msgid", previous) }
      }
      out += field("msgctxt", unit.id)
      out += field("msgid", unit.source)
      out += field("msgstr", unit.target ?? "")
    }
    return out
  }

  /// The Plural-Forms header of a locale (Lockstep has no plural entries; tools still want it).
  static func pluralForms(_ locale: String) -> String {
    let language = locale.split(separator: "-").first.map { $0.lowercased() } ?? locale
    switch language {
    case "zh", "ja", "ko", "th", "vi", "id", "ms", "lo", "my", "km":
      return "nplurals=1; plural=0;"
    case "ru", "uk", "be", "sr", "hr", "bs":
      return
        "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 "
        + ": 2);"
    case "ar":
      return
        "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);"
    case "fr", "pt", "fa", "tr", "hi":
      return "nplurals=2; plural=(n > 1);"
    default:
      return "nplurals=2; plural=(n != 1);"
    }
  }

  /// A comment, one `prefix` line per line of `text`.
  static func comment(_ prefix: String, _ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { "\(prefix) \($0)\n" }.joined()
  }

  /// `keyword "value"`, or the multi-line form when the value holds line breaks.
  static func field(_ keyword: String, _ value: String) -> String {
    let prefix = keyword.hasPrefix("#|") ? "#| " : ""
    guard value.contains("\n"), value.firstIndex(of: "\n") != value.index(before: value.endIndex) else {
      return "\(keyword) \(quote(value))\n"
    }
    var out = "\(keyword) \"\"\n"
    var line = ""
    for character in value {
      line.append(character)
      if character == "\n" {
        out += prefix + quote(line) + "\n"
        line = ""
      }
    }
    if !line.isEmpty { out += prefix + quote(line) + "\n" }
    return out
  }

  /// A C string literal.
  static func quote(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\\": out += "\\\\"
      case "\"": out += "\\\""
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          let octal = String(scalar.value, radix: 8)
          out += "\\" + String(repeating: "0", count: 3 - octal.count) + octal
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }

  // MARK: Reading

  /// One parsed PO entry.
  struct Entry {
    var context: String?
    var id: String?
    var string: String?
    var flags: Set<String> = []
    var line = 0
  }

  /// Parses PO text strictly; every syntax error names the line and column.
  static func parse(_ text: String, file: String) throws(LockstepError) -> [Entry] {
    var entries: [Entry] = []
    var entry = Entry()
    enum Field { case context, id, string, previous, none }
    var field = Field.none
    var sawKeyword = false

    func fail(_ line: Int, _ column: Int, _ message: String) -> LockstepError {
      LockstepError(file: file, rule: "po-syntax", message, line: line, column: column)
    }
    func flush(_ line: Int) throws(LockstepError) {
      guard sawKeyword else { return }
      guard entry.id != nil else { throw fail(entry.line, 1, "an entry without msgid") }
      guard entry.string != nil else { throw fail(entry.line, 1, "msgid without msgstr") }
      entries.append(entry)
      entry = Entry()
      sawKeyword = false
      field = .none
    }

    var lineNumber = 0
    for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
      lineNumber += 1
      var line = Substring(rawLine)
      if line.hasSuffix("\r") { line.removeLast() }
      let trimmed = line.drop { $0 == " " || $0 == "\t" }
      let indent = line.count - trimmed.count
      if trimmed.isEmpty { continue }
      if trimmed.hasPrefix("#~") { continue }
      if trimmed.hasPrefix("#|") {
        if entry.string != nil { try flush(lineNumber) }
        let rest = trimmed.dropFirst(2).drop { $0 == " " }
        if rest.hasPrefix("\"") {
          guard field == .previous else { throw fail(lineNumber, indent + 1, "a string continues nothing") }
          _ = try string(
            rest, line: lineNumber, column: indent + 1 + (trimmed.count - rest.count), file: file)
        } else {
          let keyword = rest.prefix { $0 != " " && $0 != "\t" }
          guard keyword == "msgid" || keyword == "msgctxt" || keyword == "msgid_plural" else {
            throw fail(lineNumber, indent + 3, "unknown keyword '\(keyword)' in a #| comment")
          }
          let value = rest.dropFirst(keyword.count).drop { $0 == " " || $0 == "\t" }
          _ = try string(
            value, line: lineNumber, column: indent + 1 + (trimmed.count - value.count), file: file)
          field = .previous
        }
        continue
      }
      if trimmed.hasPrefix("#") {
        if entry.string != nil { try flush(lineNumber) }
        field = .none
        if trimmed.hasPrefix("#,") {
          for flag in trimmed.dropFirst(2).split(separator: ",") {
            entry.flags.insert(flag.trimmingCharacters(in: .whitespaces))
          }
        }
        continue
      }
      if trimmed.hasPrefix("\"") {
        let value = try string(trimmed, line: lineNumber, column: indent + 1, file: file)
        switch field {
        case .context: entry.context! += value
        case .id: entry.id! += value
        case .string: entry.string! += value
        case .previous, .none: throw fail(lineNumber, indent + 1, "a string continues nothing")
        }
        continue
      }
      let keyword = trimmed.prefix { $0 != " " && $0 != "\t" && $0 != "\"" }
      let value = trimmed.dropFirst(keyword.count).drop { $0 == " " || $0 == "\t" }
      let column = indent + 1 + (trimmed.count - value.count)
      switch keyword {
      case "msgctxt":
        if entry.string != nil { try flush(lineNumber) }
        guard entry.id == nil, entry.context == nil else {
          throw fail(lineNumber, indent + 1, "msgctxt must come before msgid")
        }
        entry.context = try string(value, line: lineNumber, column: column, file: file)
        field = .context
      case "msgid":
        if entry.string != nil { try flush(lineNumber) }
        guard entry.id == nil else { throw fail(lineNumber, indent + 1, "a second msgid without msgstr") }
        entry.id = try string(value, line: lineNumber, column: column, file: file)
        field = .id
      case "msgstr":
        guard entry.id != nil, entry.string == nil else {
          throw fail(lineNumber, indent + 1, "msgstr without a msgid before it")
        }
        entry.string = try string(value, line: lineNumber, column: column, file: file)
        field = .string
      case "msgid_plural":
        throw fail(lineNumber, indent + 1, "plural entries are not supported: Lockstep units have no plurals")
      default:
        if keyword.hasPrefix("msgstr[") {
          throw fail(
            lineNumber, indent + 1, "plural entries are not supported: Lockstep units have no plurals")
        }
        throw fail(lineNumber, indent + 1, "unknown keyword '\(keyword.prefix(40))'")
      }
      if !sawKeyword {
        sawKeyword = true
        entry.line = lineNumber
      }
    }
    try flush(lineNumber + 1)
    if entry.id != nil || entry.context != nil {
      throw fail(entry.line, 1, "the last entry has no msgstr")
    }
    return entries
  }

  /// One C string literal that must fill the rest of the line.
  static func string(
    _ text: Substring, line: Int, column: Int, file: String
  ) throws(LockstepError) -> String {
    func fail(_ offset: Int, _ message: String) -> LockstepError {
      LockstepError(file: file, rule: "po-syntax", message, line: line, column: column + offset)
    }
    let characters = Array(text)
    guard characters.first == "\"" else { throw fail(0, "expected a string in double quotes") }
    var out = ""
    var index = 1
    while true {
      guard index < characters.count else { throw fail(index, "the string is not terminated") }
      let character = characters[index]
      if character == "\"" { break }
      if character == "\\" {
        guard index + 1 < characters.count else { throw fail(index, "the string is not terminated") }
        let escape = characters[index + 1]
        index += 2
        switch escape {
        case "n": out += "\n"
        case "t": out += "\t"
        case "r": out += "\r"
        case "a": out += "\u{07}"
        case "b": out += "\u{08}"
        case "f": out += "\u{0C}"
        case "v": out += "\u{0B}"
        case "\\", "\"", "'", "?": out.append(escape)
        case "0"..."7":
          var value = Int(String(escape))!
          var digits = 1
          while digits < 3, index < characters.count, let digit = Int(String(characters[index])), digit < 8 {
            value = value * 8 + digit
            index += 1
            digits += 1
          }
          guard value < 0x80 else { throw fail(index - digits - 1, "octal escape above 127 in a UTF-8 file") }
          out.unicodeScalars.append(Unicode.Scalar(UInt8(value)))
        case "x":
          var value = 0
          var digits = 0
          while index < characters.count, let digit = characters[index].hexDigitValue, digits < 2 {
            value = value * 16 + digit
            index += 1
            digits += 1
          }
          guard digits > 0, value < 0x80 else {
            throw fail(index - digits - 2, "bad hexadecimal escape (\\x with 1–2 digits below 80)")
          }
          out.unicodeScalars.append(Unicode.Scalar(UInt8(value)))
        default:
          throw fail(index - 2, "unknown escape '\\\(escape)'")
        }
        continue
      }
      out.append(character)
      index += 1
    }
    let rest = characters[(index + 1)...]
    guard rest.allSatisfy({ $0 == " " || $0 == "\t" }) else {
      throw fail(index + 1, "text after the closing quote")
    }
    return out
  }

  /// The header's `Key: value` fields.
  static func header(_ entries: [Entry]) -> [String: String] {
    guard let header = entries.first(where: { $0.context == nil && $0.id == "" }) else { return [:] }
    var fields: [String: String] = [:]
    for line in (header.string ?? "").split(separator: "\n") {
      guard let colon = line.firstIndex(of: ":") else { continue }
      fields[String(line[..<colon]).trimmingCharacters(in: .whitespaces)] =
        String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
    }
    return fields
  }

  /// The exchange document of a PO file.
  static func read(_ text: String, file: String) throws(LockstepError) -> ExchangeDocument {
    let entries = try parse(text, file: file)
    let fields = header(entries)
    guard let page = fields["X-Lockstep-Page"], !page.isEmpty else {
      throw LockstepError(
        file: file, rule: "exchange-structure",
        "the PO header lacks X-Lockstep-Page: is this a file that lockstep export wrote?", line: 1)
    }
    var units: [ExchangeUnit] = []
    for entry in entries where !(entry.context == nil && entry.id == "") {
      guard let context = entry.context, !context.isEmpty else {
        throw LockstepError(
          file: file, rule: "exchange-structure",
          "an entry without msgctxt: Lockstep keeps the unit id there", line: entry.line)
      }
      let target = entry.string ?? ""
      units.append(
        ExchangeUnit(
          id: context, source: InlineMarkup.collapsingWhitespace(entry.id ?? ""),
          target: target.isEmpty ? nil : InlineMarkup.collapsingWhitespace(target),
          state: entry.flags.contains("fuzzy") ? .fuzzy : .done, line: entry.line))
    }
    return ExchangeDocument(
      page: page, sourceLocale: fields["X-Lockstep-Source-Language"] ?? "",
      targetLocale: fields["Language"] ?? "", units: units)
  }
}
