import Foundation
import Testing

@testable import LockstepCore

/// The schemas under `schemas/` against the files Lockstep ships and the JSON it prints, validated with
/// check-jsonschema. A missing checker fails these tests (the validator exits 2), it never skips them.
@Suite("Schemas")
struct SchemaTests {
  static let schemaFolder = Paths.repositoryRoot.appendingPathComponent("schemas")
  static let validator = Paths.repositoryRoot.appendingPathComponent("scripts/validate-json-schema")
  static let schemaNames = [
    "catalog", "content", "waivers", "provenance", "pull-report", "diff", "status", "page", "report",
  ]

  /// A waivers file with every key, valid under the schema (the shipped one has no waivers).
  static let fullWaivers = """
    format: lockstep-waivers/1
    waivers:
    - rule: link-changed
      locale: fi
      page: human-trafficking-and-forced-labour
      unit: victim-support-finland/links1/1
      subject: victim-support-finland
      reason: The Finnish page links to the organisation's Finnish site.
      expires: 2099-12-31

    """

  static func schema(_ name: String) -> URL {
    schemaFolder.appendingPathComponent("\(name).schema.json")
  }

  /// Runs scripts/validate-json-schema: 0 valid, 1 invalid, 2 could not run.
  static func validate(_ schema: String, _ files: [URL]) throws -> CommandResult {
    try LockstepBinary.run(
      executable: validator, [Self.schema(schema).path] + files.map(\.path), in: Paths.repositoryRoot)
  }

  /// Expects every file to be valid under the schema.
  static func expectValid(
    _ schema: String, _ files: [URL], sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let result = try validate(schema, files)
    #expect(
      result.exitedNormally && result.status == 0,
      "check-jsonschema (\(schema)): \(result.stdout)\(result.stderr)", sourceLocation: sourceLocation)
  }

  /// The files in `folder` (repository-relative) whose names end in `suffix`, sorted.
  static func files(under folder: String, suffix: String) throws -> [URL] {
    let root = Paths.repositoryRoot.appendingPathComponent(folder)
    guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
      return []
    }
    return walker.compactMap { $0 as? URL }.filter { $0.lastPathComponent.hasSuffix(suffix) }
      .sorted { $0.path < $1.path }
  }

  // MARK: Documents

  /// A provenance record, built in process.
  static func provenance() -> Provenance {
    Provenance(
      url: "https://www.infofinland.fi/en/work-and-enterprise/human-trafficking-and-forced-labour",
      finalURL: "https://www.infofinland.fi/en/work-and-enterprise/human-trafficking-and-forced-labour",
      fetchedAt: "2024-04-11T08:00:00Z", status: 200, etag: "\"abc123\"",
      lastModified: "Thu, 11 Apr 2024 08:00:00 GMT", contentType: "text/html; charset=utf-8", bytes: 4,
      sha256: SHA256.hex(Array("page".utf8)))
  }

  /// A pull report with every kind of entry: the source page changed (a real diff of the shipped page
  /// against an edited copy, with its impact), a new snapshot, an unchanged and a failed locale.
  static func pullReport() throws -> PullReport {
    let page = "human-trafficking-and-forced-labour"
    let html = String(decoding: try Extract.shippedPageBytes(), as: UTF8.self)
    let edited = html.replacingOccurrences(
      of: "forcing someone to sell sex", with: "forcing someone to sell sex or organs")
    try #require(edited != html)
    let old = try Extract.shippedPage()
    let new = try Extract.document(html: edited, file: Paths.shippedPage)
    let changes = Workspace.versions(old: old, new: new, page: page, file: Paths.shippedPage)
    try #require(!changes.changes.isEmpty)
    var provenance = provenance()
    provenance.etag = nil
    let impact = changes.changes.map {
      PullReport.Entry.Impact(
        unit: $0.id, change: "changed", subjects: ["victim-support-finland"], outdatedIn: ["fi"])
    }
    return PullReport(
      dryRun: false,
      entries: [
        PullReport.Entry(
          page: page, locale: "en", url: Self.provenance().url, snapshot: Paths.shippedPage, status: .changed,
          provenance: Self.provenance(), changes: changes, impact: impact),
        PullReport.Entry(
          page: page, locale: "fi", url: "https://www.infofinland.fi/fi/x", snapshot: "official/fi/x.html",
          status: .failed, message: "the server answered 503", impact: []),
        PullReport.Entry(
          page: page, locale: "ru", url: "https://www.infofinland.fi/ru/x", snapshot: "official/ru/x.html",
          status: .new, provenance: provenance, impact: []),
        PullReport.Entry(
          page: page, locale: "sv", url: "https://www.infofinland.fi/sv/x", snapshot: "official/sv/x.html",
          status: .unchanged, provenance: provenance, impact: []),
      ])
  }

  /// Writes the document a schema describes to `scratch` and returns it.
  static func sample(for schema: String, in scratch: TemporaryDirectory) throws -> URL {
    switch schema {
    case "catalog":
      return Paths.repositoryRoot.appendingPathComponent(
        "locales/fi/human-trafficking-and-forced-labour.yaml")
    case "content":
      return Paths.repositoryRoot.appendingPathComponent(
        "schemas/pages/human-trafficking-and-forced-labour.yaml")
    case "waivers":
      return try scratch.write(fullWaivers, to: "waivers.yaml")
    case "provenance":
      return try scratch.write(try Serialization.json(provenance()), to: "provenance.json")
    case "pull-report":
      return try scratch.write(try Serialization.json(try pullReport()), to: "pull.json")
    case "diff":
      let result = try LockstepBinary.run(["diff", "--format", "json", "--locale", "fi"])
      try #require(result.exitedNormally && result.status == 0, "lockstep diff: \(result.stderr)")
      return try scratch.write(result.stdoutData, to: "diff.json")
    default:
      let result = try LockstepBinary.run(["status", "--format", "json"])
      try #require(result.exitedNormally && result.status == 0, "lockstep status: \(result.stderr)")
      return try scratch.write(result.stdoutData, to: "status.json")
    }
  }

  // MARK: Valid documents

  @Test("every schema is a valid JSON Schema (check-jsonschema --check-metaschema)")
  func metaschema() throws {
    // The validator installs check-jsonschema when it is missing; a failure to do so fails here.
    let probe = try Self.validate("waivers", [Self.schemaFolder.appendingPathComponent("waivers.yaml")])
    #expect(probe.status == 0, "check-jsonschema: \(probe.stdout)\(probe.stderr)")
    let script = """
      if command -v check-jsonschema >/dev/null 2>&1; then exec check-jsonschema --check-metaschema "$@"; fi
      exec python3 -m check_jsonschema --check-metaschema "$@"
      """
    let result = try LockstepBinary.run(
      executable: URL(fileURLWithPath: "/bin/sh"),
      ["-c", script, "sh"] + Self.schemaNames.map { Self.schema($0).path },
      in: Paths.repositoryRoot)
    #expect(result.exitedNormally && result.status == 0, "\(result.stdout)\(result.stderr)")
  }

  @Test("every shipped catalog is valid")
  func shippedCatalogs() throws {
    let catalogs = try Self.files(under: "locales", suffix: ".yaml")
    #expect(catalogs.count >= 6)
    try Self.expectValid("catalog", catalogs)
  }

  @Test("the shipped content rules are valid")
  func shippedRules() throws {
    let rules = try Self.files(under: "schemas/pages", suffix: ".yaml")
    try #require(!rules.isEmpty)
    try Self.expectValid("content", rules)
  }

  @Test("the shipped waivers file and a waiver with every key are valid")
  func shippedWaivers() throws {
    let scratch = try TemporaryDirectory()
    let full = try Self.sample(for: "waivers", in: scratch)
    let parsed = try Waivers.load(path: full.path, displayPath: "waivers.yaml")
    #expect(parsed.waivers.count == 1)
    try Self.expectValid("waivers", [Self.schemaFolder.appendingPathComponent("waivers.yaml"), full])
  }

  @Test("a provenance record and a pull report encoded by Lockstep are valid")
  func pullDocuments() throws {
    let scratch = try TemporaryDirectory()
    try Self.expectValid("provenance", [try Self.sample(for: "provenance", in: scratch)])
    try Self.expectValid("pull-report", [try Self.sample(for: "pull-report", in: scratch)])
  }

  @Test("the output of lockstep diff --format json is valid, with --locale and with --old/--new")
  func diffOutput() throws {
    let scratch = try TemporaryDirectory()
    let byLocale = try Self.sample(for: "diff", in: scratch)
    let html = String(decoding: try Extract.shippedPageBytes(), as: UTF8.self)
    let old = try scratch.write(
      html.replacingOccurrences(of: "forcing someone to sell sex", with: "forcing someone to beg"),
      to: "old.html")
    let versions = try LockstepBinary.run(
      ["diff", "--format", "json", "--old", old.path, "--new", Paths.shippedPageURL.path])
    #expect(versions.exitedNormally && versions.status == 0, "lockstep diff: \(versions.stderr)")
    let versionsJSON = try scratch.write(versions.stdoutData, to: "versions.json")
    try Self.expectValid("diff", [byLocale, versionsJSON])
  }

  @Test("the output of lockstep status --format json is valid")
  func statusOutput() throws {
    let scratch = try TemporaryDirectory()
    try Self.expectValid("status", [try Self.sample(for: "status", in: scratch)])
  }

  // MARK: Broken documents

  /// One deliberate breakage of a valid document.
  struct Breakage: Sendable, CustomTestStringConvertible {
    /// How the document is broken.
    enum Edit: Sendable {
      /// Replace the first occurrence of a text (YAML documents).
      case text(String, String)
      /// Set the value at a path (object keys, or array indices as digits) to a JSON literal.
      case json([String], String)
    }

    var schema: String
    var what: String
    var edit: Edit
    /// Whether Lockstep's own reader accepts it (only the waivers schema is stricter than the reader).
    var readerAccepts = false

    var testDescription: String { "\(schema): \(what)" }
  }

  static let breakages: [Breakage] = [
    Breakage(
      schema: "catalog", what: "unknown key",
      edit: .text("    state: translated\n", "    state: translated\n    colour: red\n")),
    Breakage(
      schema: "catalog", what: "wrong type",
      edit: .text("fingerprint: fd529fdd98650416", "fingerprint: [fd529fdd98650416]")),
    Breakage(schema: "catalog", what: "bad enum", edit: .text("state: translated", "state: done")),
    Breakage(schema: "catalog", what: "bad format", edit: .text("lockstep-catalog/1", "lockstep-catalog/2")),
    Breakage(
      schema: "catalog", what: "bad fingerprint",
      edit: .text("fingerprint: fd529fdd98650416", "fingerprint: fd529fdd9865041")),
    Breakage(schema: "catalog", what: "missing key", edit: .text("locale: fi\n", "")),
    Breakage(schema: "content", what: "unknown key", edit: .text("title:", "subtitle:")),
    Breakage(
      schema: "content", what: "wrong type",
      edit: .text("  names:\n    en: [Assistance", "  names:\n    - en: [Assistance")),
    Breakage(schema: "content", what: "bad locale", edit: .text("\n  fi: https:", "\n  finnish: https:")),
    Breakage(schema: "content", what: "bad count", edit: .text("items: 4", "items: 0")),
    Breakage(
      schema: "content", what: "no units",
      edit: .text(
        "  units: [aid-to-victims-of-human-trafficking/p1, aid-to-victims-of-human-trafficking/links1/1]",
        "  units: []")),
    Breakage(schema: "waivers", what: "unknown key", edit: .text("  locale: fi", "  language: fi")),
    Breakage(schema: "waivers", what: "wrong type", edit: .text("  unit: victim", "  unit:\n      - victim")),
    Breakage(schema: "waivers", what: "bad format", edit: .text("lockstep-waivers/1", "lockstep-waivers/2")),
    Breakage(
      schema: "waivers", what: "no reason (reader accepts, check reports it)",
      edit: .text("  reason: The Finnish page links to the organisation's Finnish site.\n", ""),
      readerAccepts: true),
    Breakage(
      schema: "waivers", what: "expiry not a date (reader accepts, check reports it)",
      edit: .text("expires: 2099-12-31", "expires: next year"), readerAccepts: true),
    Breakage(schema: "provenance", what: "unknown key", edit: .json(["colour"], "\"red\"")),
    Breakage(schema: "provenance", what: "wrong type", edit: .json(["status"], "\"200\"")),
    Breakage(schema: "provenance", what: "bad hash", edit: .json(["sha256"], "\"XYZ\"")),
    Breakage(schema: "pull-report", what: "unknown key", edit: .json(["entries", "0", "colour"], "\"red\"")),
    Breakage(schema: "pull-report", what: "wrong type", edit: .json(["dryRun"], "\"no\"")),
    Breakage(
      schema: "pull-report", what: "bad enum", edit: .json(["entries", "1", "status"], "\"skipped\"")),
    Breakage(
      schema: "pull-report", what: "bad nested enum",
      edit: .json(["entries", "0", "changes", "changes", "0", "status"], "\"stale\"")),
    Breakage(schema: "pull-report", what: "null optional", edit: .json(["entries", "0", "message"], "null")),
    Breakage(schema: "diff", what: "unknown key", edit: .json(["0", "colour"], "\"red\"")),
    Breakage(schema: "diff", what: "wrong type", edit: .json(["0", "counts", "total"], "\"12\"")),
    Breakage(schema: "diff", what: "bad enum", edit: .json(["0", "origin"], "\"machine\"")),
    Breakage(schema: "status", what: "unknown key", edit: .json(["locales", "0", "colour"], "\"red\"")),
    Breakage(
      schema: "status", what: "wrong type", edit: .json(["locales", "0", "percentComplete"], "\"100\"")),
    Breakage(schema: "status", what: "bad enum", edit: .json(["locales", "0", "origin"], "\"machine\"")),
    Breakage(schema: "status", what: "bad format", edit: .json(["format"], "\"lockstep-status/2\"")),
  ]

  @Test("a broken document is rejected", arguments: breakages)
  func brokenDocument(breakage: Breakage) throws {
    let scratch = try TemporaryDirectory()
    let sample = try Self.sample(for: breakage.schema, in: scratch)
    let broken: URL
    switch breakage.edit {
    case .text(let target, let replacement):
      let text = try String(contentsOf: sample, encoding: .utf8)
      let range = try #require(text.range(of: target), "the sample lacks '\(target)'")
      let edited = text.replacingCharacters(in: range, with: replacement)
      broken = try scratch.write(edited, to: "broken.yaml")
      #expect(Self.readerAccepts(edited, schema: breakage.schema, scratch: scratch) == breakage.readerAccepts)
    case .json(let path, let literal):
      let value = try JSONSerialization.jsonObject(with: Data(literal.utf8), options: .fragmentsAllowed)
      let object = try JSONSerialization.jsonObject(with: try Data(contentsOf: sample))
      let edited = try Self.setting(value, at: path[...], in: object)
      broken = try scratch.write(
        try JSONSerialization.data(withJSONObject: edited, options: [.sortedKeys]), to: "broken.json")
    }
    let result = try Self.validate(breakage.schema, [broken])
    #expect(result.exitedNormally && result.status == 1, "check-jsonschema: \(result.stdout)\(result.stderr)")
  }

  /// Whether Lockstep's own reader accepts a YAML document.
  static func readerAccepts(_ text: String, schema: String, scratch: TemporaryDirectory) -> Bool {
    switch schema {
    case "catalog": return (try? Catalog.parse(text, file: "broken.yaml")) != nil
    case "content": return (try? ContentRules.parse(text, file: "broken.yaml")) != nil
    default:
      guard let file = try? scratch.write(text, to: "reader.yaml") else { return false }
      return (try? Waivers.load(path: file.path, displayPath: "reader.yaml")) != nil
    }
  }

  /// `object` with the value at `path` replaced (or added) by `value`.
  static func setting(_ value: Any, at path: ArraySlice<String>, in object: Any) throws -> Any {
    guard let key = path.first else { return value }
    if var array = object as? [Any] {
      let index = try #require(Int(key), "'\(key)' is not an array index")
      try #require(array.indices.contains(index), "no item \(index)")
      array[index] = try setting(value, at: path.dropFirst(), in: array[index])
      return array
    }
    var dictionary = try #require(object as? [String: Any], "cannot descend into '\(key)'")
    if path.count > 1 {
      let child = try #require(dictionary[key], "no key '\(key)'")
      dictionary[key] = try setting(value, at: path.dropFirst(), in: child)
    } else {
      dictionary[key] = value
    }
    return dictionary
  }
}
