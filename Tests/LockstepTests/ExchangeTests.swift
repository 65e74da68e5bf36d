import Foundation
import LockstepXML
import Testing

@testable import LockstepCore

/// A temporary copy of the repository data with an `et` catalog that has missing and outdated units.
///
/// `et` is created with `lockstep init` on the shipped source page; its first half and the paragraph
/// with the link are translated; then the source page is edited: one list item and that paragraph
/// change (the paragraph gains a phone number and an e-mail address), so both become outdated.
private final class ExchangeRepository {
  static let page = "human-trafficking-and-forced-labour"
  static let changedParagraph = "aid-to-victims-of-human-trafficking/p1"
  static let changedItem = "intro/list1/4"

  let scratch: TemporaryDirectory
  var root: URL { scratch.url.appendingPathComponent("repo") }
  var catalogURL: URL { root.appendingPathComponent("locales/et/\(Self.page).yaml") }
  var sourceURL: URL { root.appendingPathComponent("locales/en/\(Self.page).html") }

  init() throws {
    scratch = try TemporaryDirectory()
    let english = root.appendingPathComponent("locales/en")
    try FileManager.default.createDirectory(at: english, withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: Paths.shippedPageURL, to: sourceURL)
    let created = try run(["init", "--locale", "et"])
    try #require(created.status == 0, "init failed: \(created.stderr)")

    var catalog = try Catalog.load(path: catalogURL.path)
    for index in catalog.entries.indices
    where index < catalog.entries.count / 2 || catalog.entries[index].id == Self.changedParagraph {
      catalog.entries[index].translation = "ET " + catalog.entries[index].source
      catalog.entries[index].state = .translated
    }
    try AtomicFile.write(try catalog.yaml(), to: catalogURL.path)

    try editSource(
      "You can find the contact information on the website.</p>",
      "You can also call 0295 166 500 or e-mail iaa@migri.fi.</p>")
    try editSource(
      "<li>forcing someone to marry.</li>", "<li>forcing someone to marry or to stay married.</li>")
  }

  /// Replaces `old` (which must occur once) with `new` in the source page.
  func editSource(_ old: String, _ new: String) throws {
    let html = try String(contentsOf: sourceURL, encoding: .utf8)
    try #require(html.components(separatedBy: old).count == 2, "the source page must hold '\(old)' once")
    try Data(html.replacingOccurrences(of: old, with: new).utf8).write(to: sourceURL)
  }

  /// Runs `lockstep arguments… --root <copy>`.
  @discardableResult
  func run(_ arguments: [String]) throws -> CommandResult {
    try LockstepBinary.run(arguments + ["--root", root.path])
  }

  /// The catalog's bytes.
  func catalogBytes() throws -> Data { try Data(contentsOf: catalogURL) }

  /// The catalog.
  func catalog() throws -> Catalog { try Catalog.load(path: catalogURL.path) }

  /// The source page, extracted.
  func source() throws -> PageDocument {
    try PageExtractor.extract(bytes: [UInt8](try Data(contentsOf: sourceURL)), file: "source.html").document
  }

  /// The catalog against the source page.
  func diff() throws -> LocaleDiff {
    Aligner.align(source: try source(), catalog: try catalog(), page: Self.page, file: "et.yaml").diff
  }

  /// Exports in `format` to a file in the scratch folder and returns its text.
  func export(_ format: ExchangeFormat, only: String? = nil, name: String? = nil) throws -> (URL, String) {
    let url = scratch.url.appendingPathComponent(name ?? "et.\(format.rawValue).\(format.fileExtension)")
    var arguments = ["export", "--locale", "et", "--format", format.rawValue, "--output", url.path]
    if let only { arguments += ["--only", only] }
    let result = try run(arguments)
    try #require(result.status == 0, "export failed: \(result.stderr)")
    return (url, try String(contentsOf: url, encoding: .utf8))
  }

  /// Writes `text` to a file in the scratch folder.
  func write(_ text: String, to name: String) throws -> URL {
    let url = scratch.url.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url
  }
}

/// Translator edits made on the file text, the way a CAT tool or an editor changes it.
private enum TranslatorEdit {
  /// The range of the unit `id`'s block: from its opening tag (or `msgctxt`) to its end.
  static func block(_ text: String, unit id: String, format: ExchangeFormat) throws -> Range<String.Index> {
    let (start, end): (String, String) =
      switch format {
      case .xliff12: ("resname=\"\(id)\"", "</trans-unit>")
      case .xliff20: ("name=\"\(id)\"", "</unit>")
      case .po: ("msgctxt \"\(id)\"", "\n\n")
      }
    let opening = try #require(text.range(of: start), "no unit \(id) in the file")
    // A PO entry's comments come before its msgctxt: start at the blank line before it.
    let from =
      format == .po
      ? (text.range(of: "\n\n", options: .backwards, range: text.startIndex..<opening.lowerBound)?.upperBound
        ?? opening.lowerBound) : opening.lowerBound
    let closing = text.range(of: end, range: opening.upperBound..<text.endIndex)?.lowerBound ?? text.endIndex
    return from..<closing
  }

  /// The file with the unit `id` translated as `prefix` + its source (inline tags or link markers
  /// copied as a translator's tool does), marked done.
  static func translate(
    _ text: String, unit id: String, prefix: String, format: ExchangeFormat
  ) throws -> String {
    let range = try block(text, unit: id, format: format)
    var unit = String(text[range])
    switch format {
    case .xliff12:
      let source = try inner(unit, "<source>", "</source>")
      let target = "<target state=\"translated\">\(prefix)\(source)</target>"
      if let existing = unit.range(of: #"<target[^>]*/>"#, options: .regularExpression) {
        unit.replaceSubrange(existing, with: target)
      } else {
        let existing = try #require(unit.range(of: #"<target[^>]*>.*</target>"#, options: .regularExpression))
        unit.replaceSubrange(existing, with: target)
      }
    case .xliff20:
      let source = try inner(unit, "<source>", "</source>")
      unit = unit.replacingOccurrences(
        of: "<segment state=\"initial\">", with: "<segment state=\"translated\">")
      if let existing = unit.range(of: #"<target>.*</target>"#, options: .regularExpression) {
        unit.replaceSubrange(existing, with: "<target>\(prefix)\(source)</target>")
      } else {
        unit = unit.replacingOccurrences(
          of: "</source>", with: "</source>\n<target>\(prefix)\(source)</target>")
      }
    case .po:
      let trailing = unit.hasSuffix("\n") ? "\n" : ""
      let lines = unit.dropLast(trailing.count).split(separator: "\n", omittingEmptySubsequences: false)
      let msgid = try #require(lines.first { $0.hasPrefix("msgid \"") })
      let quoted = msgid.dropFirst("msgid \"".count)
      unit =
        lines.filter { !$0.hasPrefix("#,") && !$0.hasPrefix("#|") && !$0.hasPrefix("msgstr ") }
        .joined(separator: "\n") + "\nmsgstr \"\(prefix)\(quoted)" + trailing
    }
    return text.replacingCharacters(in: range, with: unit)
  }

  static func inner(_ text: String, _ open: String, _ close: String) throws -> String {
    let start = try #require(text.range(of: open))
    let end = try #require(text.range(of: close, range: start.upperBound..<text.endIndex))
    return String(text[start.upperBound..<end.lowerBound])
  }
}

/// Finds a command-line tool on PATH.
private enum ExchangeTool {
  static func find(_ name: String) -> URL? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for folder in path.split(separator: ":") {
      let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    return nil
  }

  /// Runs `name arguments…`; a missing tool fails the test with what to install.
  static func run(
    _ name: String, _ arguments: [String], in directory: URL, install: String
  ) throws -> CommandResult {
    let tool = try #require(find(name), "\(name) is not installed: \(install)")
    return try LockstepBinary.run(executable: tool, arguments, in: directory)
  }
}

@Suite("Translator round trip: export and import")
struct ExchangeTests {
  static let formats: [ExchangeFormat] = [.xliff12, .xliff20, .po]

  @Test("the fixture has missing and outdated units")
  func fixtureState() throws {
    let repository = try ExchangeRepository()
    let diff = try repository.diff()
    #expect(diff.counts.missing > 5)
    #expect(
      Set(diff.changes.filter { $0.status == .outdated }.map(\.id)) == [
        ExchangeRepository.changedItem, ExchangeRepository.changedParagraph,
      ])
  }

  @Test("export writes exactly the missing and outdated units, deterministically", arguments: formats)
  func exportSelection(format: ExchangeFormat) throws {
    let repository = try ExchangeRepository()
    let diff = try repository.diff()
    let (_, first) = try repository.export(format)
    let (_, second) = try repository.export(format, name: "again")
    #expect(first == second)
    let document = try ExchangeImporter.read(bytes: Array(first.utf8), file: "export").document
    #expect(document.units.map(\.id) == diff.changes.filter { $0.status != .obsolete }.map(\.id))
    #expect(document.page == ExchangeRepository.page)
    #expect(document.targetLocale == "et")
    #expect(document.sourceLocale == "en")
    let source = try repository.source()
    for unit in document.units {
      let current = try #require(source.units.first { $0.id == unit.id })
      #expect(unit.source == MarkedText.render(current), "source of \(unit.id) survives the file")
    }
    let paragraph = try #require(document.units.first { $0.id == ExchangeRepository.changedParagraph })
    #expect(paragraph.target?.hasPrefix("ET ") == true, "the outdated unit carries its translation")
    let all = try repository.export(format, only: "all", name: "all").1
    let everything = try ExchangeImporter.read(bytes: Array(all.utf8), file: "all").document
    #expect(everything.units.count == source.units.count)
  }

  @Test("the exported files say what a translator needs", arguments: formats)
  func exportContent(format: ExchangeFormat) throws {
    let repository = try ExchangeRepository()
    let (_, text) = try repository.export(format)
    #expect(!text.contains("T00:00:00Z"), "no date without LOCKSTEP_DATE")
    switch format {
    case .xliff12:
      #expect(text.contains("source-language=\"en\" target-language=\"et\""))
      #expect(text.contains("original=\"\(ExchangeRepository.page)\""))
      #expect(text.contains("resname=\"\(ExchangeRepository.changedParagraph)\""))
      #expect(text.contains("<ph id=\"p1\" ctype=\"x-lockstep-phone\">0295 166 500</ph>"))
      #expect(text.contains("<ph id=\"p2\" ctype=\"x-lockstep-email\">iaa@migri.fi</ph>"))
      #expect(text.contains("<g id=\"l1\" ctype=\"link\" xhtml:href=\"https://www.ihmiskauppa.fi/en\">"))
      #expect(text.contains("<target state=\"needs-review-translation\">"))
      #expect(text.contains("<target state=\"needs-translation\"/>"))
      #expect(text.contains("Translated from an older source text: forcing someone to marry."))
      #expect(
        text.contains("context-type=\"x-lockstep-section\">Section: Aid to victims of human trafficking"))
    case .xliff20:
      #expect(text.contains("srcLang=\"en\" trgLang=\"et\""))
      #expect(text.contains("name=\"\(ExchangeRepository.changedParagraph)\""))
      #expect(text.contains("<ph id=\"p1\" dataRef=\"d-p1\" disp=\"0295 166 500\" equiv=\"0295 166 500\"/>"))
      #expect(text.contains("<pc id=\"l1\" type=\"link\" dataRefStart=\"d-l1\" dataRefEnd=\"d-l1-end\">"))
      #expect(
        text.contains("<data id=\"d-l1\">&lt;a href=&quot;https://www.ihmiskauppa.fi/en&quot;&gt;</data>"))
      #expect(text.contains("<note category=\"context\">Section: Aid to victims of human trafficking"))
      #expect(text.contains("<segment state=\"initial\">"))
    case .po:
      #expect(text.contains("\"Language: et\\n\""))
      #expect(text.contains("\"Content-Type: text/plain; charset=UTF-8\\n\""))
      #expect(text.contains("\"Plural-Forms: nplurals=2; plural=(n != 1);\\n\""))
      #expect(text.contains("\"X-Generator: Lockstep\\n\""))
      #expect(text.contains("#, fuzzy\n#| msgid \"forcing someone to marry.\"\nmsgctxt \"intro/list1/4\""))
      #expect(
        text.contains(
          "#. Keep unchanged: link https://www.ihmiskauppa.fi/en; e-mail iaa@migri.fi; phone 0295 166 500"))
      #expect(
        text.contains("[Assistance system for victims of human trafficking](https://www.ihmiskauppa.fi/en)"))
    }
  }

  @Test("round trip: fill a missing unit, fix an outdated one; re-import changes nothing", arguments: formats)
  func roundTrip(format: ExchangeFormat) throws {
    let repository = try ExchangeRepository()
    let before = try repository.catalog()
    let diff = try repository.diff()
    let missing = try #require(diff.changes.first { $0.status == .missing }?.id)
    let (_, exported) = try repository.export(format)
    var edited = try TranslatorEdit.translate(exported, unit: missing, prefix: "Uus: ", format: format)
    edited = try TranslatorEdit.translate(
      edited, unit: ExchangeRepository.changedParagraph, prefix: "Parandatud: ", format: format)
    let file = try repository.write(edited, to: "edited.\(format.fileExtension)")

    let result = try repository.run(["import", file.path])
    #expect(result.status == 0, "stderr: \(result.stderr)")
    #expect(result.stdout.contains("2 updated"), "stdout: \(result.stdout)")
    #expect(result.stdout.contains("updated: \(missing)"))
    #expect(result.stdout.contains("updated: \(ExchangeRepository.changedParagraph)"))
    #expect(result.stdout.contains("unchanged: \(ExchangeRepository.changedItem)"))

    let after = try repository.catalog()
    let source = try repository.source()
    for id in [missing, ExchangeRepository.changedParagraph] {
      let unit = try #require(source.units.first { $0.id == id })
      let entry = try #require(after.entry(id))
      let prefix = id == missing ? "Uus: " : "Parandatud: "
      #expect(entry.translation == prefix + MarkedText.render(unit))
      #expect(entry.source == MarkedText.render(unit))
      #expect(entry.fingerprint == unit.fingerprint)
      #expect(entry.state == .translated)
    }
    for entry in before.entries where entry.id != missing && entry.id != ExchangeRepository.changedParagraph {
      #expect(after.entry(entry.id) == entry, "entry \(entry.id) is untouched")
    }
    let newDiff = try repository.diff()
    #expect(newDiff.counts.missing == diff.counts.missing - 1)
    #expect(newDiff.changes.filter { $0.status == .outdated }.map(\.id) == [ExchangeRepository.changedItem])

    let bytes = try repository.catalogBytes()
    let again = try repository.run(["import", file.path])
    #expect(again.status == 0)
    #expect(again.stdout.contains("0 updated"), "stdout: \(again.stdout)")
    #expect(try repository.catalogBytes() == bytes, "re-importing changes nothing")
  }

  @Test(
    "confirming an outdated translation unchanged brings it up to date",
    arguments: [ExchangeFormat.xliff12, .xliff20])
  func confirmOutdated(format: ExchangeFormat) throws {
    let repository = try ExchangeRepository()
    let (_, exported) = try repository.export(format)
    let range = try TranslatorEdit.block(exported, unit: ExchangeRepository.changedParagraph, format: format)
    var unit = String(exported[range])
    unit = unit.replacingOccurrences(of: "needs-review-translation", with: "translated")
      .replacingOccurrences(of: "<segment state=\"initial\">", with: "<segment state=\"translated\">")
    let file = try repository.write(exported.replacingCharacters(in: range, with: unit), to: "confirm.xlf")
    let result = try repository.run(["import", file.path])
    #expect(result.status == 0, "stderr: \(result.stderr)")
    let entry = try #require(try repository.catalog().entry(ExchangeRepository.changedParagraph))
    #expect(entry.translation?.hasPrefix("ET ") == true)
    #expect(!(try repository.diff().changes.contains { $0.id == ExchangeRepository.changedParagraph }))
  }

  @Test("a unit whose source changed since the export is kept aside, not written", arguments: formats)
  func sourceChangedKeptAside(format: ExchangeFormat) throws {
    let repository = try ExchangeRepository()
    let (_, exported) = try repository.export(format)
    let edited = try TranslatorEdit.translate(
      exported, unit: ExchangeRepository.changedParagraph, prefix: "Parandatud: ", format: format)
    let file = try repository.write(edited, to: "late.\(format.fileExtension)")
    try repository.editSource("You can also call 0295 166 500", "You can also phone 0295 166 500")
    let before = try repository.catalogBytes()
    let result = try repository.run(["import", file.path])
    #expect(result.status == 0, "stderr: \(result.stderr)")
    #expect(result.stdout.contains("1 kept aside"), "stdout: \(result.stdout)")
    #expect(result.stdout.contains("kept aside (source-changed): \(ExchangeRepository.changedParagraph)"))
    #expect(result.stderr.contains("warning:"))
    #expect(result.stderr.contains("[import-source-changed]"))
    #expect(try repository.catalogBytes() == before)
  }

  @Test("an empty target never blanks a translation")
  func emptyTargetKeepsTranslation() throws {
    let repository = try ExchangeRepository()
    let (_, exported) = try repository.export(.xliff12, only: "all")
    let blanked = exported.replacingOccurrences(
      of: #"<target state="translated">[^<]*</target>"#, with: #"<target state="translated"></target>"#,
      options: .regularExpression)
    #expect(blanked != exported)
    let file = try repository.write(blanked, to: "blank.xlf")
    let before = try repository.catalogBytes()
    let result = try repository.run(["import", file.path])
    #expect(result.status == 0, "stderr: \(result.stderr)")
    #expect(result.stdout.contains("0 updated"))
    #expect(try repository.catalogBytes() == before)
  }

  @Test("a PO entry still marked fuzzy with a new text is kept aside")
  func fuzzyKeptAside() throws {
    let repository = try ExchangeRepository()
    let (_, exported) = try repository.export(.po)
    let edited = exported.replacingOccurrences(
      of: "msgstr \"ET forcing someone to marry.\"", with: "msgstr \"uus\"")
    #expect(edited != exported)
    let file = try repository.write(edited, to: "fuzzy.po")
    let before = try repository.catalogBytes()
    let result = try repository.run(["import", file.path])
    #expect(result.status == 0)
    #expect(result.stdout.contains("kept aside (fuzzy): \(ExchangeRepository.changedItem)"))
    #expect(try repository.catalogBytes() == before)
  }

  @Test("--dry-run reports without writing")
  func dryRun() throws {
    let repository = try ExchangeRepository()
    let (_, exported) = try repository.export(.po)
    let edited = try TranslatorEdit.translate(
      exported, unit: ExchangeRepository.changedParagraph, prefix: "P: ", format: .po)
    let file = try repository.write(edited, to: "dry.po")
    let before = try repository.catalogBytes()
    let result = try repository.run(["import", file.path, "--dry-run"])
    #expect(result.status == 0)
    #expect(result.stdout.contains("1 would update"))
    #expect(try repository.catalogBytes() == before)
  }

  @Test("LOCKSTEP_DATE adds a date; without it there is none")
  func dated() {
    let document = ExchangeDocument(page: "p", sourceLocale: "en", targetLocale: "fi", units: [])
    #expect(
      ExchangeExporter.render(document, as: .xliff12, date: "2026-01-02").contains(
        "date=\"2026-01-02T00:00:00Z\""))
    #expect(
      ExchangeExporter.render(document, as: .po, date: "2026-01-02").contains("PO-Revision-Date: 2026-01-02"))
  }

  // MARK: Real tools

  @Test("msgfmt accepts the PO file")
  func msgfmtAccepts() throws {
    let repository = try ExchangeRepository()
    let (url, _) = try repository.export(.po)
    let result = try ExchangeTool.run(
      "msgfmt", ["--check-format", "--check", "-o", "/dev/null", url.path], in: repository.scratch.url,
      install: "apt-get install gettext")
    #expect(result.status == 0, "msgfmt: \(result.stderr)")
  }

  @Test("Translate Toolkit reads XLIFF 1.2, XLIFF 2.0 and PO and counts the units")
  func translateToolkitReads() throws {
    let repository = try ExchangeRepository()
    let expected = try repository.diff().changes.filter { $0.status != .obsolete }.count
    let install = "pip install translate-toolkit"
    for format in [ExchangeFormat.xliff12, .po] {
      let (url, _) = try repository.export(format)
      let result = try ExchangeTool.run(
        "pocount", ["--csv", url.path], in: repository.scratch.url, install: install)
      #expect(result.status == 0, "pocount: \(result.stderr)")
      let row = try #require(result.stdout.split(separator: "\n").last { $0.hasPrefix(url.path) })
      let fields = row.split(separator: ",").map(String.init)
      // Filename, translated, …, untranslated, untranslated words, total messages, …
      #expect(fields.count >= 9 && Int(fields[8]) == expected, "pocount: \(row)")
    }
    let (xliff20, _) = try repository.export(.xliff20)
    let script = """
      import sys
      from translate.storage import xliff2
      store = xliff2.Xliff2File.parsefile(sys.argv[1])
      print(len([unit for unit in store.units if not unit.isheader()]))
      """
    let counted = try ExchangeTool.run(
      "python3", ["-c", script, xliff20.path], in: repository.scratch.url, install: install)
    #expect(counted.status == 0, "python3: \(counted.stderr)")
    #expect(counted.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == String(expected))

    let (xliff12, _) = try repository.export(.xliff12)
    let converted = repository.scratch.url.appendingPathComponent("converted.po")
    let conversion = try ExchangeTool.run(
      "xliff2po", [xliff12.path, converted.path], in: repository.scratch.url, install: install)
    #expect(conversion.status == 0, "xliff2po: \(conversion.stderr)")
    let po = try String(contentsOf: converted, encoding: .utf8)
    #expect(po.contains("forcing someone to marry or to stay married."))
  }

  // MARK: Hostile and wrong inputs

  struct Refusal: Sendable, CustomTestStringConvertible {
    var name: String
    var fixture: String
    var message: String
    var hasLine: Bool
    var testDescription: String { name }
  }

  static let refusals: [Refusal] = [
    Refusal(name: "XXE", fixture: "xxe.xlf", message: "declares the entity 'xxe'", hasLine: true),
    Refusal(
      name: "billion laughs", fixture: "billion-laughs.xlf", message: "declares the entity 'lol'",
      hasLine: true),
    Refusal(name: "external DTD", fixture: "external-dtd.xlf", message: "has a DOCTYPE", hasLine: true),
    Refusal(
      name: "malformed XML", fixture: "malformed.xlf", message: "is not well-formed XML", hasLine: true),
    Refusal(name: "broken PO string", fixture: "broken-string.po", message: "not terminated", hasLine: true),
  ]

  @Test(
    "hostile and malformed files are refused fast, with a location, and change nothing", arguments: refusals)
  func refused(refusal: Refusal) throws {
    let repository = try ExchangeRepository()
    let before = try repository.catalogBytes()
    let fixture = try Paths.fixture("exchange/\(refusal.fixture)")
    let clock = ContinuousClock()
    var result: CommandResult?
    let elapsed = try clock.measure { result = try repository.run(["import", fixture.path]) }
    let outcome = try #require(result)
    #expect(elapsed < .seconds(2), "refused in \(elapsed)")
    #expect(outcome.status == 2)
    #expect(outcome.stderr.contains(refusal.message), "stderr: \(outcome.stderr)")
    if refusal.hasLine {
      #expect(outcome.stderr.contains(refusal.fixture + ":"), "stderr: \(outcome.stderr)")
      #expect(outcome.stderr.range(of: #"\.(xlf|po):\d+"#, options: .regularExpression) != nil)
    }
    #expect(!outcome.stderr.contains("root:x:"), "no file outside the input was read")
    #expect(try repository.catalogBytes() == before)
  }

  struct WrongFile: Sendable, CustomTestStringConvertible {
    var name: String
    var format: ExchangeFormat
    var replace: String
    var with: String
    var arguments: [String]
    var message: String
    var testDescription: String { name }
  }

  static let wrongFiles: [WrongFile] = [
    WrongFile(
      name: "unknown unit id (XLIFF 1.2)", format: .xliff12, replace: "resname=\"intro/list1/4\"",
      with: "resname=\"intro/list9/4\"", arguments: [], message: "unit 'intro/list9/4' is not a unit"),
    WrongFile(
      name: "unknown unit id (PO)", format: .po, replace: "msgctxt \"intro/list1/4\"",
      with: "msgctxt \"nowhere/p1\"", arguments: [], message: "unit 'nowhere/p1' is not a unit"),
    WrongFile(
      name: "wrong target language", format: .xliff12, replace: "target-language=\"et\"",
      with: "target-language=\"sv\"", arguments: ["--locale", "et"], message: "is a translation into 'sv'"),
    WrongFile(
      name: "wrong target language (XLIFF 2.0)", format: .xliff20, replace: "trgLang=\"et\"",
      with: "trgLang=\"fi\"", arguments: ["--locale", "et"], message: "is a translation into 'fi'"),
    WrongFile(
      name: "another page", format: .xliff12, replace: "original=\"human-trafficking-and-forced-labour\"",
      with: "original=\"residence-permits\"", arguments: [], message: "is for page 'residence-permits'"),
    WrongFile(
      name: "another page (PO, --page)", format: .po, replace: "X-Generator", with: "X-Generator",
      arguments: ["--page", "residence-permits"],
      message: "is for page 'human-trafficking-and-forced-labour', not 'residence-permits'"),
  ]

  @Test("files for another unit set, language or page are refused and change nothing", arguments: wrongFiles)
  func wrongFile(wrong: WrongFile) throws {
    let repository = try ExchangeRepository()
    let (_, exported) = try repository.export(wrong.format)
    var edited = try TranslatorEdit.translate(
      exported, unit: ExchangeRepository.changedParagraph, prefix: "P: ", format: wrong.format)
    #expect(edited.contains(wrong.replace))
    edited = edited.replacingOccurrences(of: wrong.replace, with: wrong.with)
    let file = try repository.write(edited, to: "wrong.\(wrong.format.fileExtension)")
    let before = try repository.catalogBytes()
    let result = try repository.run(["import", file.path] + wrong.arguments)
    #expect(result.status == 2)
    #expect(result.stderr.contains(wrong.message), "stderr: \(result.stderr)")
    #expect(result.stderr.contains("wrong.\(wrong.format.fileExtension)"))
    #expect(try repository.catalogBytes() == before)
  }
}

@Suite("Safe XML reader")
struct ExchangeXMLReaderTests {
  @Test("elements, namespaces, attributes, text and lines")
  func parses() throws {
    let xml = """
      <?xml version="1.0" encoding="UTF-8"?>
      <a xmlns="urn:x" xmlns:h="urn:h">
        <b h:href="x&amp;y" id="1">one &lt;two&gt; <![CDATA[<three>]]></b>
      </a>
      """
    let root = try XMLReader.parse(utf8: Array(xml.utf8), fileName: "t.xml")
    #expect(root.name == "a")
    #expect(root.namespace == "urn:x")
    let b = try #require(root.element("b"))
    #expect(b.line == 3)
    #expect(b.attribute("href", namespace: "urn:h") == "x&y")
    #expect(b.attribute("id") == "1")
    #expect(b.text == "one <two> <three>")
  }

  @Test("errors carry a line and a column")
  func errorLine() {
    let xml = "<a>\n<b>\n</a>\n"
    #expect {
      try XMLReader.parse(utf8: Array(xml.utf8), fileName: "t.xml")
    } throws: { error in
      guard let error = error as? XMLReadError else { return false }
      return error.kind == .malformed && error.line == 3 && error.column > 0
    }
  }

  @Test("an undeclared entity is an error, not text")
  func undeclaredEntity() {
    #expect(throws: XMLReadError.self) {
      try XMLReader.parse(utf8: Array("<a>&nope;</a>".utf8), fileName: "t.xml")
    }
  }

  @Test("nesting deeper than the limit is refused")
  func depth() {
    let xml = String(repeating: "<a>", count: 100) + String(repeating: "</a>", count: 100)
    #expect {
      try XMLReader.parse(utf8: Array(xml.utf8), fileName: "t.xml", limits: XMLReadLimits(maximumDepth: 50))
    } throws: { error in
      (error as? XMLReadError)?.kind == .limit
    }
  }

  @Test("non-UTF-8 input is refused")
  func encoding() {
    #expect(throws: XMLReadError.self) {
      try XMLReader.parse(utf8: Array("<a>".utf8) + [0xFF, 0xFE] + Array("</a>".utf8), fileName: "t.xml")
    }
  }
}

@Suite("PO reading")
struct ExchangePOTests {
  @Test("multi-line strings, escapes, flags and previous strings")
  func parses() throws {
    let text = """
      msgid ""
      msgstr ""
      "Language: fi\\n"
      "X-Lockstep-Page: p\\n"

      #. context
      #, fuzzy, c-format
      #| msgid "old"
      #| "er"
      msgctxt "s/p1"
      msgid ""
      "a \\"quoted\\" "
      "line\\tand \\\\ \\101"
      msgstr "x"

      #~ msgid "obsolete"
      #~ msgstr "gone"
      """
    let entries = try PO.parse(text, file: "t.po")
    #expect(entries.count == 2)
    #expect(entries[1].context == "s/p1")
    #expect(entries[1].id == "a \"quoted\" line\tand \\ A")
    #expect(entries[1].string == "x")
    #expect(entries[1].flags == ["fuzzy", "c-format"])
    #expect(entries[1].line == 10)
    let document = try PO.read(text, file: "t.po")
    #expect(document.page == "p")
    #expect(document.targetLocale == "fi")
    #expect(document.units.first?.state == .fuzzy)
  }

  @Test(
    "syntax errors name the line and column",
    arguments: [
      ("msgid \"a\"\nmsgstr \"b\\q\"\n", 2, "unknown escape"),
      ("msgid \"a\"\nmsgstr \"b\n", 2, "not terminated"),
      ("msgid \"a\"\n\n", 1, "msgid without msgstr"),
      ("msgid \"a\" x\nmsgstr \"\"\n", 1, "text after the closing quote"),
      ("msgid \"a\"\nmsgid_plural \"b\"\n", 2, "plural"),
      ("hello\n", 1, "unknown keyword"),
    ])
  func errors(text: String, line: Int, message: String) {
    #expect {
      try PO.parse(text, file: "t.po")
    } throws: { error in
      guard let error = error as? LockstepError else { return false }
      return error.diagnostic.line == line && error.diagnostic.message.contains(message)
        && error.diagnostic.rule == "po-syntax"
    }
  }

  @Test("strings written are strings read back")
  func quoting() throws {
    let value = "tab\t, quote \", backslash \\, bell \u{07}, ä 中"
    let entries = try PO.parse("msgid \"x\"\nmsgstr \(PO.quote(value))\n", file: "t.po")
    #expect(entries.first?.string == value)
  }
}

@Suite("Inline markup")
struct ExchangeInlineMarkupTests {
  @Test(
    "marked text survives pieces: links and protected invariants",
    arguments: [
      "Call 0295 166 500 or write to [the office](https://example.fi/contact) at info@example.fi.",
      "Plain \\[bracketed\\] text with [a link](https://a.fi/x) and [another](https://b.fi/y).",
      "A link whose text is a number: [0295 166 500](tel:+358295166500).",
    ])
  func roundTrip(marked: String) {
    let content = InlineMarkup.source(marked)
    #expect(InlineMarkup.marked(content.pieces) == marked)
    let xml12 = XLIFF12.inline(content.pieces)
    let xml20 = XLIFF20.inline(content.pieces)
    #expect(!xml12.isEmpty && !xml20.isEmpty)
  }

  @Test("phones and e-mails become placeholders, links keep their ids in the target")
  func ids() {
    let source = InlineMarkup.source("Call 0295 166 500 or see [site](https://a.fi/en).")
    #expect(source.codes.map(\.id) == ["p1"])
    #expect(source.links.map(\.id) == ["l1"])
    let target = InlineMarkup.target("Soita 0295 166 500 tai katso [sivu](https://a.fi/).", matching: source)
    #expect(target.codes.map(\.id) == ["p1"])
    #expect(target.links.map(\.id) == ["l1"], "a localised link target pairs by position")
  }
}
