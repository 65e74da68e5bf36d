import Foundation
import Yams

/// One curated translation of one page into one locale: `locales/<locale>/<page>.yaml`.
public struct Catalog: Sendable, Equatable {
  /// The state a translator gives a unit.
  public enum State: String, Sendable, CaseIterable {
    case translated, reviewed
  }

  /// One unit's translation and the source text it was made from.
  public struct Entry: Sendable, Equatable {
    /// The source unit id.
    public var id: String
    /// The source text the translation was made from (inline links as `[text](url)`).
    public var source: String
    /// The fingerprint of `source`'s plain text when it was translated.
    public var fingerprint: String
    /// The translation (inline links as `[text](url)`); nil or empty when not yet translated.
    public var translation: String?
    /// For a link-list entry: the link target in this locale, when it differs from the source's.
    public var url: String?
    /// The translator's state.
    public var state: State?
    /// A note from or for the translator.
    public var note: String?
    /// 1-based line of the entry in the file.
    public var line: Int
    /// 1-based line and column of the translation's value, when it has one.
    public var translationPosition: (line: Int, column: Int)?

    /// Entries are equal when their content is; positions do not count.
    public static func == (lhs: Entry, rhs: Entry) -> Bool {
      lhs.id == rhs.id && lhs.source == rhs.source && lhs.fingerprint == rhs.fingerprint
        && lhs.translation == rhs.translation && lhs.url == rhs.url && lhs.state == rhs.state
        && lhs.note == rhs.note
    }

    /// An entry.
    public init(
      id: String, source: String, fingerprint: String, translation: String? = nil, url: String? = nil,
      state: State? = nil, note: String? = nil, line: Int = 0
    ) {
      self.id = id
      self.source = source
      self.fingerprint = fingerprint
      self.translation = translation
      self.url = url
      self.state = state
      self.note = note
      self.line = line
    }

    /// Whether there is a translation.
    public var isTranslated: Bool {
      !(translation ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    }
  }

  /// The format tag, `lockstep-catalog/1`.
  public static let formatTag = "lockstep-catalog/1"

  /// The page id (the file name of the source page without `.html`).
  public var page: String
  /// The BCP 47 locale.
  public var locale: String
  /// The source snapshot the catalog was last brought up to date with: content hash.
  public var sourceHash: String
  /// The source snapshot's published date, as the page shows it.
  public var sourcePublished: String?
  /// When the catalog was last brought up to date (YYYY-MM-DD).
  public var updated: String?
  /// The entries in source order.
  public var entries: [Entry]
  /// The file it was read from.
  public var file: String?

  /// A catalog.
  public init(
    page: String, locale: String, sourceHash: String, sourcePublished: String?, updated: String?,
    entries: [Entry], file: String? = nil
  ) {
    self.page = page
    self.locale = locale
    self.sourceHash = sourceHash
    self.sourcePublished = sourcePublished
    self.updated = updated
    self.entries = entries
    self.file = file
  }

  /// The entry with `id`.
  public func entry(_ id: String) -> Entry? { entries.first { $0.id == id } }

  /// A new catalog for `locale`: every unit of `source` present and untranslated.
  public static func empty(for source: PageDocument, page: String, locale: String, date: String?) -> Catalog {
    Catalog(
      page: page, locale: locale, sourceHash: source.contentHash, sourcePublished: source.published,
      updated: date,
      entries: source.units.map {
        Entry(id: $0.id, source: MarkedText.render($0), fingerprint: $0.fingerprint)
      })
  }
}

// MARK: Reading

extension Catalog {
  static let topKeys: Set<String> = ["format", "page", "locale", "source", "units"]
  static let sourceKeys: Set<String> = ["content-hash", "published", "updated"]
  static let entryKeys: Set<String> = ["source", "fingerprint", "translation", "url", "state", "note"]

  /// Reads a catalog file; every problem is an error naming the file, line and column.
  public static func load(path: String) throws(LockstepError) -> Catalog {
    let bytes = try InputFile.read(path, maximumBytes: 8 << 20)
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw LockstepError(file: path, rule: "catalog-encoding", "is not valid UTF-8")
    }
    return try parse(text, file: path)
  }

  /// Parses catalog YAML.
  public static func parse(_ text: String, file: String) throws(LockstepError) -> Catalog {
    let reader = YAMLReader(file: file)
    let root = try reader.root(text)
    let top = try reader.mapping(root, "the catalog", allowed: topKeys)
    let format = try reader.string(try reader.required(top, "format", in: "the catalog", at: root), "format")
    guard format == formatTag else {
      throw reader.error(
        top.first { $0.key == "format" }?.value, "catalog-format",
        "format is '\(format)', expected '\(formatTag)'")
    }
    let page = try reader.string(try reader.required(top, "page", in: "the catalog", at: root), "page")
    let locale = try reader.string(try reader.required(top, "locale", in: "the catalog", at: root), "locale")
    let sourceNode = try reader.required(top, "source", in: "the catalog", at: root)
    let source = try reader.mapping(sourceNode, "source", allowed: sourceKeys)
    let hash = try reader.string(
      try reader.required(source, "content-hash", in: "source", at: sourceNode), "source.content-hash")
    let published = try reader.optionalString(
      source.first { $0.key == "published" }?.value, "source.published")
    let updated = try reader.optionalString(source.first { $0.key == "updated" }?.value, "source.updated")
    let unitsNode = try reader.required(top, "units", in: "the catalog", at: root)
    var entries: [Entry] = []
    if case .scalar(let scalar) = unitsNode, scalar.string.isEmpty || scalar.string == "{}" {
      // No units yet.
    } else {
      for (id, keyNode, value) in try reader.mappingDuplicatesAsIDs(unitsNode) {
        let fields = try reader.mapping(value, "unit '\(id)'", allowed: entryKeys)
        let what = "unit '\(id)'"
        let stateText = try reader.optionalString(fields.first { $0.key == "state" }?.value, "\(what) state")
        var state: State?
        if let stateText {
          guard let parsed = State(rawValue: stateText) else {
            throw reader.error(
              fields.first { $0.key == "state" }?.value, "yaml-type",
              "\(what): state '\(stateText)' is not one of: \(State.allCases.map(\.rawValue).joined(separator: ", "))"
            )
          }
          state = parsed
        }
        let fingerprintNode = try reader.required(fields, "fingerprint", in: what, at: value)
        let fingerprint = try reader.string(fingerprintNode, "\(what) fingerprint")
        guard fingerprint.count == 16, fingerprint.allSatisfy(\.isHexDigit) else {
          throw reader.error(fingerprintNode, "yaml-type", "\(what): fingerprint must be 16 hex digits")
        }
        let translationNode = fields.first { $0.key == "translation" }?.value
        var entry = Entry(
          id: id,
          source: try reader.string(
            try reader.required(fields, "source", in: what, at: value), "\(what) source"),
          fingerprint: fingerprint,
          translation: try reader.optionalString(
            fields.first { $0.key == "translation" }?.value, "\(what) translation"),
          url: try reader.optionalString(fields.first { $0.key == "url" }?.value, "\(what) url"),
          state: state,
          note: try reader.optionalString(fields.first { $0.key == "note" }?.value, "\(what) note"),
          line: keyNode.mark?.line ?? 0)
        if let mark = translationNode?.mark { entry.translationPosition = (mark.line, mark.column) }
        entries.append(entry)
      }
    }
    return Catalog(
      page: page, locale: locale, sourceHash: hash, sourcePublished: published, updated: updated,
      entries: entries,
      file: file)
  }
}

extension YAMLReader {
  /// The units mapping, where a repeated key is a duplicate unit id.
  func mappingDuplicatesAsIDs(
    _ node: Node
  ) throws(LockstepError) -> [(key: String, keyNode: Node, value: Node)] {
    guard case .mapping(let mapping) = node else {
      throw error(
        node, "yaml-type", "units must be a mapping of unit id to entry, found \(Self.describe(node))")
    }
    var seen: [String: Int] = [:]
    var entries: [(key: String, keyNode: Node, value: Node)] = []
    for (keyNode, value) in mapping {
      let key = try string(keyNode, "a unit id")
      if let first = seen[key] {
        throw error(keyNode, "catalog-duplicate-id", "duplicate unit id '\(key)' (first at line \(first))")
      }
      seen[key] = keyNode.mark?.line ?? 0
      entries.append((key, keyNode, value))
    }
    return entries
  }
}

// MARK: Writing

extension Catalog {
  /// The catalog as YAML, in source order: same catalog, same bytes.
  public func yaml() throws(LockstepError) -> String {
    let units = entries.map { entry -> (String, Node?) in
      (
        entry.id,
        YAMLWriter.mapping([
          ("source", YAMLWriter.string(entry.source)),
          ("fingerprint", YAMLWriter.string(entry.fingerprint)),
          ("translation", YAMLWriter.string(entry.translation ?? "")),
          ("url", entry.url.map(YAMLWriter.string)),
          ("state", entry.state.map { YAMLWriter.string($0.rawValue) }),
          ("note", entry.note.map(YAMLWriter.string)),
        ])
      )
    }
    let root = YAMLWriter.mapping([
      ("format", YAMLWriter.string(Self.formatTag)),
      ("page", YAMLWriter.string(page)),
      ("locale", YAMLWriter.string(locale)),
      (
        "source",
        YAMLWriter.mapping([
          ("content-hash", YAMLWriter.string(sourceHash)),
          ("published", sourcePublished.map(YAMLWriter.string)),
          ("updated", updated.map(YAMLWriter.string)),
        ])
      ),
      ("units", YAMLWriter.mapping(units)),
    ])
    return try YAMLWriter.serialize(root)
  }
}
