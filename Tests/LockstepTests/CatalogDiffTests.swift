import Foundation
import Testing

@testable import LockstepCore

@Suite("Catalogs and diff")
struct CatalogDiffTests {
  @Test("every shipped locale is complete")
  func shippedComplete() throws {
    let copy = try RepositoryCopy()
    for locale in Shipped.locales {
      let diff = try copy.diff(locale)
      #expect(diff.counts.total == 29, "\(locale)")
      #expect(diff.counts.translated == diff.counts.total, "\(locale): \(diff.changes.map(\.id))")
      #expect(diff.changes.isEmpty, "\(locale)")
    }
  }

  @Test("a new catalog is all missing; init refuses to overwrite it")
  func newCatalog() throws {
    let copy = try RepositoryCopy()
    let first = try LockstepBinary.run(["init", "--locale", "et", "--root", copy.root.path])
    #expect(first.status == 0, "\(first.stderr)")
    let diff = try copy.diff("et")
    #expect(diff.counts.missing == diff.counts.total)
    #expect(diff.counts.total == 29)
    #expect(diff.changes.allSatisfy { $0.status == .missing && $0.line > 0 })
    let before = try Data(contentsOf: copy.catalogURL("et"))
    let second = try LockstepBinary.run(["init", "--locale", "et", "--root", copy.root.path])
    #expect(second.status == 2)
    #expect(second.stderr.contains("already exists"))
    #expect(try Data(contentsOf: copy.catalogURL("et")) == before)
  }

  @Test(
    "init rejects a locale that is not BCP 47 (and cannot name a path)",
    arguments: ["../x", "e", "fi/../../x", "fi_FI"])
  func badLocale(_ locale: String) throws {
    let copy = try RepositoryCopy()
    let result = try LockstepBinary.run(["init", "--locale", locale, "--root", copy.root.path])
    #expect(result.status == 64, "\(result.stderr)")
  }

  @Test(
    "editing one source paragraph makes exactly that unit outdated in every locale, with old and new source")
  func editedParagraph() throws {
    let copy = try RepositoryCopy()
    let old = "Victims of human trafficking can be women, men or children."
    let new = "Victims of human trafficking can be women, men, non-binary people or children."
    try copy.editSource { $0.replacingOccurrences(of: old, with: new) }
    for locale in Shipped.locales {
      let diff = try copy.diff(locale)
      #expect(diff.changes.count == 1, "\(locale): \(diff.changes.map(\.id))")
      let change = try #require(diff.changes.first)
      #expect(change.id == "are-you-a-victim-of-human-trafficking/p2")
      #expect(change.status == .outdated)
      #expect(change.oldSource?.contains(old) == true)
      #expect(change.newSource?.contains(new) == true)
      #expect(change.translation?.isEmpty == false)
      let added = change.sourceDiff?.runs.filter { $0.op == .added }.map(\.text).joined() ?? ""
      #expect(added.contains("non-binary people"), "\(change.sourceDiff?.marked ?? "")")
      #expect(change.sourceDiff?.runs.first?.op == .equal)
      #expect(change.line > 0)
    }
    let text = try LockstepBinary.run(["diff", "--locale", "fi", "--root", copy.root.path])
    #expect(text.status == 0)
    #expect(text.stdout.contains("old source:") && text.stdout.contains("new source:"))
    #expect(text.stdout.contains("translation: "))
  }

  @Test("deleting a source paragraph makes it obsolete and leaves its neighbours alone")
  func deletedParagraph() throws {
    let copy = try RepositoryCopy()
    try copy.editSource {
      $0.replacingOccurrences(
        of: "<p class=\"mb-6\">You may be a victim of human trafficking if:</p>\n", with: "")
    }
    for locale in Shipped.locales {
      let diff = try copy.diff(locale)
      let obsolete = diff.changes.filter { $0.status == .obsolete }
      #expect(obsolete.map(\.id) == ["are-you-a-victim-of-human-trafficking/p1"], "\(locale)")
      #expect(obsolete.first?.oldSource == "You may be a victim of human trafficking if:")
      #expect(diff.counts.outdated == 0, "\(locale)")
      #expect(diff.counts.missing == 0, "\(locale)")
      // The paragraph after it took its id; its translation is kept, under the new id.
      let moved = diff.changes.filter { $0.status == .moved }
      #expect(moved.map(\.id) == ["are-you-a-victim-of-human-trafficking/p1"])
      #expect(moved.first?.movedFrom == "are-you-a-victim-of-human-trafficking/p2")
    }
  }

  @Test("moving a section changes nothing; rewording its heading keeps every translation")
  func movedAndRenamedSection() throws {
    let copy = try RepositoryCopy()
    try copy.editSource { html in
      // Move the "Victim Support Finland" section (heading and its blocks) before "Aid to victims".
      let aidStart = html.range(
        of:
          "<h2 class=\"text-bodytext-color font-sans text-h2 md:text-h2xl ifu-heading__h2 ifu-block--article my-8\">Aid to victims"
      )!
      let vsfStart = html.range(
        of:
          "<h2 class=\"text-bodytext-color font-sans text-h2 md:text-h2xl ifu-heading__h2 ifu-block--article my-8\">Victim Support Finland"
      )!
      let permitStart = html.range(
        of:
          "<h2 class=\"text-bodytext-color font-sans text-h2 md:text-h2xl ifu-heading__h2 ifu-block--article my-8\">Residence permit for victims"
      )!
      let aid = html[aidStart.lowerBound..<vsfStart.lowerBound]
      let vsf = html[vsfStart.lowerBound..<permitStart.lowerBound]
      return String(html[..<aidStart.lowerBound]) + vsf + aid + String(html[permitStart.lowerBound...])
    }
    for locale in Shipped.locales {
      #expect(try copy.diff(locale).changes.isEmpty, "\(locale)")
    }
    try copy.editSource {
      $0.replacingOccurrences(
        of: ">Victim Support Finland<span", with: ">Victim Support Finland: help for crime victims<span")
    }
    for locale in Shipped.locales {
      let diff = try copy.diff(locale)
      #expect(diff.counts.missing == 0, "\(locale): \(diff.changes.map { "\($0.status) \($0.id)" })")
      #expect(diff.counts.obsolete == 0, "\(locale)")
      let heading = try #require(diff.changes.first { $0.id.hasSuffix("/heading") })
      #expect(heading.status == .outdated)
      #expect(heading.movedFrom == "victim-support-finland/heading")
      #expect(heading.id == "victim-support-finland-help-for-crime-victims/heading")
      // Every other unit of the section kept its translation under the new id.
      let others = diff.changes.filter { !$0.id.hasSuffix("/heading") }
      #expect(others.count == 4)
      #expect(
        others.allSatisfy {
          $0.status == .moved && $0.movedFrom?.hasPrefix("victim-support-finland/") == true
        })
    }
  }

  @Test("whitespace-only and normalisation-only source edits change nothing")
  func whitespaceOnly() throws {
    let copy = try RepositoryCopy()
    try copy.editSource {
      $0.replacingOccurrences(
        of: "Human trafficking is a crime in Finland. The following",
        with: "Human trafficking  is a\n   crime in Finland.&nbsp;The following"
      )
      .replacingOccurrences(of: "Rikosuhripäivystys", with: "Rikosuhripa\u{0308}ivystys")
    }
    for locale in Shipped.locales {
      #expect(try copy.diff(locale).changes.isEmpty, "\(locale)")
    }
  }

  @Test("diff --old --new shows a maintainer what changed between two source versions")
  func versions() throws {
    let copy = try RepositoryCopy()
    let before = copy.root.appendingPathComponent("before.html")
    try FileManager.default.copyItem(at: copy.sourceURL, to: before)
    try copy.editSource {
      $0.replacingOccurrences(
        of: "forcing someone to marry.", with: "forcing someone to marry or to live with someone."
      )
      .replacingOccurrences(of: "<li>forcing someone to sell sex</li>\n", with: "")
    }
    let result = try LockstepBinary.run(
      [
        "diff", "--old", before.path, "--new", copy.sourceURL.path, "--root", copy.root.path, "--format",
        "json",
      ])
    #expect(result.status == 0, "\(result.stderr)")
    let diff = try JSONDecoder().decode(LocaleDiff.self, from: Data(result.stdout.utf8))
    let removed = diff.changes.filter { $0.status == .obsolete }
    #expect(removed.map(\.oldSource) == ["forcing someone to sell sex"])
    let changed = diff.changes.filter { $0.status == .outdated }
    #expect(changed.count == 1)
    #expect(changed.first?.newSource == "forcing someone to marry or to live with someone.")
    let text = try LockstepBinary.run([
      "diff", "--old", before.path, "--new", copy.sourceURL.path, "--root", copy.root.path,
    ])
    #expect(text.stdout.contains("changed [intro/list1/3]"))
    #expect(text.stdout.contains("removed [intro/list1/2]"))
  }

  @Test("an official page missing a list item is reported structurally")
  func officialPageStructure() throws {
    let fixture = try Paths.fixture("official/\(Shipped.page).fi.html")
    var html = try String(contentsOf: fixture, encoding: .utf8)
    let source = try Shipped.source()
    let intact = try Extract.document(html: html, file: "fi.html")
    let aligned = Aligner.align(
      source: source, translated: intact, page: Shipped.page, locale: "fi", file: "fi.html")
    #expect(aligned.diff.structure.isEmpty, "\(aligned.diff.structure)")
    #expect(aligned.diff.counts.translated == 29)
    let item = try #require(
      html.range(of: "<li>pakottaminen kerjäämään tai tekemään rikoksia</li>")
        ?? html.range(of: "<li>", range: html.range(of: "<ul>")!.upperBound..<html.endIndex))
    let end = html.range(of: "</li>", range: item.upperBound..<html.endIndex)!
    html.removeSubrange(item.lowerBound..<end.upperBound)
    let broken = try Extract.document(html: html, file: "fi.html")
    let misaligned = Aligner.align(
      source: source, translated: broken, page: Shipped.page, locale: "fi", file: "fi.html")
    let problem = try #require(misaligned.diff.structure.first)
    #expect(problem.rule == "structure-count")
    #expect(problem.message.contains("has 3 items where the source has 4"))
    #expect(problem.line != nil)
  }
}

@Suite("Catalog files")
struct CatalogFileTests {
  static let valid = """
    format: lockstep-catalog/1
    page: human-trafficking-and-forced-labour
    locale: fi
    source:
      content-hash: abc
    units:
      title:
        source: Human trafficking and forced labour
        fingerprint: fd529fdd98650416
        translation: Ihmiskauppa ja pakkotyö
    """

  func error(_ text: String) -> LockstepError? {
    do {
      _ = try Catalog.parse(text, file: "fi.yaml")
      return nil
    } catch { return error }
  }

  @Test("a valid catalog parses and writes back to the same model")
  func roundTrip() throws {
    let catalog = try Catalog.parse(Self.valid, file: "fi.yaml")
    #expect(catalog.entries.count == 1)
    #expect(catalog.entries[0].translation == "Ihmiskauppa ja pakkotyö")
    let again = try Catalog.parse(try catalog.yaml(), file: "fi.yaml")
    #expect(again.entries == catalog.entries)
    #expect(try again.yaml() == catalog.yaml())
  }

  @Test("every shipped catalog writes back byte for byte")
  func shippedStable() throws {
    for locale in Shipped.locales {
      let path = Shipped.repository.catalogPath(page: Shipped.page, locale: locale)
      let text = try String(contentsOfFile: path, encoding: .utf8)
      #expect(try Catalog.parse(text, file: path).yaml() == text, "\(locale)")
    }
  }

  @Test("bad YAML: syntax error with line and column")
  func badYAML() throws {
    let failure = try #require(
      error(
        Self.valid.replacingOccurrences(of: "translation: Ihmiskauppa", with: "translation: [Ihmiskauppa")))
    #expect(failure.diagnostic.rule == "yaml-syntax")
    #expect(failure.diagnostic.line != nil && failure.diagnostic.column != nil)
    #expect(failure.diagnostic.file == "fi.yaml")
  }

  @Test("an unknown key is named, with its line and column")
  func unknownKey() throws {
    let failure = try #require(error(Self.valid + "\n    translator: Matti"))
    #expect(failure.diagnostic.rule == "yaml-unknown-key")
    #expect(failure.diagnostic.message.contains("'translator'"))
    #expect(failure.diagnostic.line == 11)
    #expect(failure.diagnostic.column == 5)
  }

  @Test("a duplicate unit id is an error with its line")
  func duplicateID() throws {
    let text = Self.valid + "\n  title:\n    source: x\n    fingerprint: fd529fdd98650416\n"
    let failure = try #require(error(text))
    #expect(["catalog-duplicate-id", "yaml-duplicate-key"].contains(failure.diagnostic.rule))
    #expect(failure.diagnostic.message.contains("title"))
    #expect(failure.diagnostic.line != nil)
  }

  @Test("a wrong type is an error with line and column")
  func wrongType() throws {
    let failure = try #require(
      error(
        Self.valid.replacingOccurrences(
          of: "translation: Ihmiskauppa ja pakkotyö", with: "translation:\n      - a\n      - b")))
    #expect(failure.diagnostic.rule == "yaml-type")
    #expect(failure.diagnostic.message.contains("must be a string"))
    #expect(failure.diagnostic.line == 11)
  }

  @Test("`on`, `no` and `yes` stay strings; as a state `on` is a clear error")
  func yamlBooleans() throws {
    for word in ["on", "no", "yes", "off"] {
      let catalog = try Catalog.parse(
        Self.valid.replacingOccurrences(of: "Ihmiskauppa ja pakkotyö", with: word), file: "fi.yaml")
      #expect(catalog.entries[0].translation == word)
      #expect(try catalog.yaml().contains("translation: \"\(word)\""))
    }
    let failure = try #require(error(Self.valid + "\n    state: on"))
    #expect(failure.diagnostic.message.contains("state 'on' is not one of"))
    #expect(failure.diagnostic.line == 11)
  }

  @Test("the binary names the catalog file, line and column and exits 2")
  func binaryReportsCatalogError() throws {
    let copy = try RepositoryCopy()
    let url = copy.catalogURL("sv")
    var text = try String(contentsOf: url, encoding: .utf8)
    text = text.replacingOccurrences(
      of: "    state: translated\n", with: "    state: translated\n    colour: blue\n", options: [],
      range: text.range(of: "    state: translated\n"))
    try text.write(to: url, atomically: true, encoding: .utf8)
    let result = try LockstepBinary.run(["status", "--root", copy.root.path])
    #expect(result.status == 2)
    #expect(result.stderr.contains("locales/sv/human-trafficking-and-forced-labour.yaml:"))
    #expect(result.stderr.contains("unknown key 'colour'"))
  }
}
