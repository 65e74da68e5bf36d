import Yams

/// What must survive translation on one tracked page: `schemas/pages/<page>.yaml`.
public struct ContentRules: Sendable {
  /// Words or names that must appear, with each locale's forms (any one form will do).
  public struct Term: Sendable {
    /// The term's id (`residence-permit`).
    public var id: String
    /// Forms per locale: exact substrings, matched case-insensitively.
    public var forms: [String: [String]]
    /// Line in the rules file.
    public var line: Int
  }

  /// A name that stays in the original (Finnish), with approved forms per locale.
  public struct KeptName: Sendable {
    /// The original name.
    public var name: String
    /// The units that must carry it.
    public var units: [String]
    /// Approved forms per locale (inflections, transliterations); the name itself always counts.
    public var forms: [String: [String]]
    /// Line in the rules file.
    public var line: Int
  }

  /// A contact (organisation) or a permit rule: an addressable record each locale must carry.
  public struct Subject: Sendable {
    /// Which of the two.
    public enum Kind: String, Codable, Sendable {
      case contact
      case permitRule = "permit-rule"
    }

    /// The kind.
    public var kind: Kind
    /// The id (`victim-support-finland`).
    public var id: String
    /// The English name.
    public var name: String
    /// The organisation's name in Finnish (contacts).
    public var originalName: String?
    /// What the rule says (permit rules).
    public var statement: String?
    /// The source units that carry it.
    public var units: [String]
    /// The names it goes by in each locale (contacts).
    public var names: [String: [String]]
    /// Names that must stay in the original.
    public var keep: [KeptName]
    /// Domains its links must point to.
    public var domains: [String]
    /// Phone numbers, canonical.
    public var phones: [String]
    /// E-mail addresses, canonical.
    public var emails: [String]
    /// Cities, each with its forms per locale.
    public var cities: [Term]
    /// Key terms with their forms per locale.
    public var terms: [Term]
    /// Line in the rules file.
    public var line: Int
  }

  /// A list whose items must all be there.
  public struct Enumeration: Sendable {
    /// The id.
    public var id: String
    /// The English name.
    public var name: String
    /// The source block id of the list.
    public var block: String
    /// How many items the list has.
    public var items: Int
    /// Line in the rules file.
    public var line: Int
  }

  /// The page id.
  public var page: String
  /// The page's English title.
  public var title: String?
  /// The locale of the source page.
  public var sourceLocale: String
  /// The official URL of each language version.
  public var urls: [String: String]
  /// Hosts `pull` may fetch from (and be redirected to).
  public var allowedHosts: [String]
  /// Contacts.
  public var contacts: [Subject]
  /// Permit rules.
  public var permitRules: [Subject]
  /// Enumerations.
  public var enumerations: [Enumeration]
  /// The file.
  public var file: String

  /// The format tag, `lockstep-rules/1`.
  public static let formatTag = "lockstep-rules/1"
}

extension ContentRules {
  /// Reads a rules file; every problem is an error with file, line and column.
  public static func load(path: String, displayPath: String? = nil) throws(LockstepError) -> ContentRules {
    let shown = displayPath ?? path
    let bytes: [UInt8]
    do { bytes = try InputFile.read(path, maximumBytes: 4 << 20) } catch {
      var failure = error
      failure.diagnostic.file = shown
      throw failure
    }
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw LockstepError(file: shown, rule: "rules-encoding", "is not valid UTF-8")
    }
    return try parse(text, file: shown)
  }

  /// Parses rules YAML.
  public static func parse(_ text: String, file: String) throws(LockstepError) -> ContentRules {
    let reader = YAMLReader(file: file)
    let root = try reader.root(text)
    let top = try reader.mapping(
      root, "the rules",
      allowed: [
        "format", "page", "title", "source-locale", "urls", "allowed-hosts", "contacts", "permit-rules",
        "enumerations",
      ])
    func value(_ key: String) -> Node? { top.first { $0.key == key }?.value }
    let format = try reader.string(try reader.required(top, "format", in: "the rules", at: root), "format")
    guard format == formatTag else {
      throw reader.error(value("format"), "rules-format", "format is '\(format)', expected '\(formatTag)'")
    }
    var urls: [String: String] = [:]
    if let node = value("urls") {
      for (locale, _, url) in try reader.mapping(node, "urls") {
        guard Repository.isValidLocale(locale) else {
          throw reader.error(url, "rules-locale", "'\(locale)' is not a BCP 47 locale code")
        }
        urls[locale] = try reader.string(url, "the URL of \(locale)")
      }
    }
    var rules = ContentRules(
      page: try reader.string(try reader.required(top, "page", in: "the rules", at: root), "page"),
      title: try reader.optionalString(value("title"), "title"),
      sourceLocale: try reader.optionalString(value("source-locale"), "source-locale") ?? "en", urls: urls,
      allowedHosts: try value("allowed-hosts").map { node throws(LockstepError) in
        try reader.strings(node, "allowed-hosts")
      } ?? [],
      contacts: [], permitRules: [], enumerations: [], file: file)
    if let node = value("contacts") {
      for item in try reader.sequence(node, "contacts") {
        rules.contacts.append(try subject(item, kind: .contact, reader))
      }
    }
    if let node = value("permit-rules") {
      for item in try reader.sequence(node, "permit-rules") {
        rules.permitRules.append(try subject(item, kind: .permitRule, reader))
      }
    }
    if let node = value("enumerations") {
      for item in try reader.sequence(node, "enumerations") {
        let fields = try reader.mapping(item, "an enumeration", allowed: ["id", "name", "block", "items"])
        let countNode = try reader.required(fields, "items", in: "an enumeration", at: item)
        guard let count = Int(try reader.string(countNode, "items")), count > 0 else {
          throw reader.error(countNode, "yaml-type", "items must be a positive whole number")
        }
        rules.enumerations.append(
          Enumeration(
            id: try reader.string(try reader.required(fields, "id", in: "an enumeration", at: item), "id"),
            name: try reader.string(
              try reader.required(fields, "name", in: "an enumeration", at: item), "name"),
            block: try reader.string(
              try reader.required(fields, "block", in: "an enumeration", at: item), "block"),
            items: count, line: item.mark?.line ?? 0))
      }
    }
    var seen: Set<String> = []
    for subject in rules.contacts + rules.permitRules where !seen.insert(subject.id).inserted {
      throw LockstepError(
        file: file, rule: "rules-duplicate-id", "the id '\(subject.id)' is used twice", line: subject.line)
    }
    return rules
  }

  private static func subject(
    _ node: Node, kind: Subject.Kind, _ reader: YAMLReader
  ) throws(LockstepError) -> Subject {
    let what = kind == .contact ? "a contact" : "a permit rule"
    let fields = try reader.mapping(
      node, what,
      allowed: [
        "id", "name", "original-name", "statement", "units", "names", "keep", "domains", "phones", "emails",
        "cities", "terms",
      ])
    func value(_ key: String) -> Node? { fields.first { $0.key == key }?.value }
    func list(_ key: String) throws(LockstepError) -> [String] {
      guard let node = value(key) else { return [] }
      return try reader.strings(node, key)
    }
    let id = try reader.string(try reader.required(fields, "id", in: what, at: node), "id")
    var keep: [KeptName] = []
    if let keepNode = value("keep") {
      for item in try reader.sequence(keepNode, "keep") {
        let entry = try reader.mapping(item, "a kept name", allowed: ["name", "units", "forms"])
        let unitsNode = entry.first { $0.key == "units" }?.value
        keep.append(
          KeptName(
            name: try reader.string(try reader.required(entry, "name", in: "a kept name", at: item), "name"),
            units: try unitsNode.map { node throws(LockstepError) in try reader.strings(node, "units") }
              ?? [],
            forms: try localeForms(entry.first { $0.key == "forms" }?.value, reader),
            line: item.mark?.line ?? 0))
      }
    }
    let units = try list("units")
    guard !units.isEmpty else {
      throw reader.error(node, "rules-units", "\(what) '\(id)' names no source units")
    }
    return Subject(
      kind: kind, id: id,
      name: try reader.string(try reader.required(fields, "name", in: what, at: node), "name"),
      originalName: try reader.optionalString(value("original-name"), "original-name"),
      statement: try reader.optionalString(value("statement"), "statement"), units: units,
      names: try localeForms(value("names"), reader), keep: keep,
      domains: try list("domains").map { $0.lowercased() },
      phones: try list("phones").map { raw throws(LockstepError) in
        guard let phone = InvariantScanner.canonicalPhone(raw) else {
          throw reader.error(value("phones"), "rules-phone", "'\(raw)' is not a phone number")
        }
        return phone
      }, emails: try list("emails").map(InvariantScanner.canonicalEmail),
      cities: try terms(value("cities"), key: "name", reader),
      terms: try terms(value("terms"), key: "id", reader),
      line: node.mark?.line ?? 0)
  }

  private static func terms(_ node: Node?, key: String, _ reader: YAMLReader) throws(LockstepError) -> [Term]
  {
    guard let node else { return [] }
    var result: [Term] = []
    for item in try reader.sequence(node, key == "id" ? "terms" : "cities") {
      let fields = try reader.mapping(item, key == "id" ? "a term" : "a city", allowed: [key, "forms"])
      result.append(
        Term(
          id: try reader.string(try reader.required(fields, key, in: "a term", at: item), key),
          forms: try localeForms(fields.first { $0.key == "forms" }?.value, reader),
          line: item.mark?.line ?? 0))
    }
    return result
  }

  private static func localeForms(
    _ node: Node?, _ reader: YAMLReader
  ) throws(LockstepError) -> [String: [String]] {
    guard let node else { return [:] }
    var result: [String: [String]] = [:]
    for (locale, _, value) in try reader.mapping(node, "forms per locale") {
      guard Repository.isValidLocale(locale) else {
        throw reader.error(value, "rules-locale", "'\(locale)' is not a BCP 47 locale code")
      }
      result[locale] = try reader.strings(value, "the forms of \(locale)").filter { !$0.isEmpty }
    }
    return result
  }
}
