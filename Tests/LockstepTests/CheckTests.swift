import Foundation
import Testing

@testable import LockstepCore

/// Mutation tests, generated over every shipped locale: each break must give the right error for
/// the right contact or rule in the right locale, and the untouched data none.
@Suite("Check")
struct CheckTests {
  let source: PageDocument
  let rules: ContentRules
  let catalogs: [String: Catalog]

  init() throws {
    source = try Shipped.source()
    rules = try Shipped.rules()
    var loaded: [String: Catalog] = [:]
    for locale in Shipped.locales { loaded[locale] = try Shipped.catalog(locale) }
    catalogs = loaded
  }

  // MARK: The untouched data

  @Test("the shipped repository passes: no errors, no warnings, every contact and rule present")
  func shippedPasses() throws {
    let report = try RepositoryCopy().check()
    #expect(report.summary.passed)
    #expect(report.findings.isEmpty, "\(report.findings.map(\.diagnostic.description))")
    #expect(report.locales.count == Shipped.locales.count + 1)
    for result in report.locales {
      #expect(result.subjects.count == 9)
      #expect(result.subjects.allSatisfy { $0.status == .present }, "\(result.locale)")
      #expect(result.enumerations.allSatisfy { $0.status == .present })
    }
  }

  @Test("`lockstep check` on the repository exits 0 and prints the summary table")
  func binaryPasses() throws {
    let result = try LockstepBinary.run(["check"])
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    #expect(result.stdout.contains("check passed: 0 errors"))
    #expect(result.stdout.contains("en (source)"))
  }

  @Test("official translated pages given as paths pass too")
  func officialPagesPass() throws {
    let paths = try ["fi", "ar"].map { try Paths.fixture("official/\(Shipped.page).\($0).html").path }
    let result = try LockstepBinary.run(["check", "--format", "json"] + paths)
    #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    let report = try JSONDecoder().decode(CheckReport.self, from: Data(result.stdout.utf8))
    #expect(Set(report.locales.map(\.locale)) == ["fi", "ar"])
    #expect(report.locales.allSatisfy { $0.origin == "page" })
  }

  // MARK: Mutations

  /// Removes every sentence of `text` that contains one of `forms` (case-insensitive).
  static func removingSentences(_ text: String, containing forms: [String], locale: String) -> String {
    let separators: Set<Character> = locale == "th" ? [" "] : [".", "!", "?", "。", "！", "？", ":"]
    var sentences: [String] = []
    var current = ""
    for character in text {
      current.append(character)
      if separators.contains(character) {
        sentences.append(current)
        current = ""
      }
    }
    if !current.isEmpty { sentences.append(current) }
    let folded = forms.map { $0.lowercased() }
    var kept = sentences.filter { sentence in !folded.contains { sentence.lowercased().contains($0) } }
      .joined()
    // Thai has no sentence marks and names may hold spaces: drop what is left of a name too.
    for form in forms.sorted(by: { $0.count > $1.count }) {
      kept = kept.replacingOccurrences(of: form, with: "", options: .caseInsensitive)
    }
    return kept
  }

  func mutated(_ locale: String, _ edit: (inout Catalog.Entry) -> Void, units: Set<String>) -> Catalog {
    var catalog = catalogs[locale]!
    for index in catalog.entries.indices where units.contains(catalog.entries[index].id) {
      edit(&catalog.entries[index])
    }
    return catalog
  }

  func status(_ subject: String, in catalog: Catalog) -> CheckReport.Status? {
    Shipped.result(catalog, source: source, rules: rules).subjects.first { $0.id == subject }?.status
  }

  @Test(
    "removing each contact's sentences makes that contact incomplete or missing, with an error",
    arguments: Shipped.locales)
  func removeContact(_ locale: String) throws {
    for contact in rules.contacts {
      let names = contact.names[locale] ?? []
      let catalog = mutated(
        locale,
        { entry in
          entry.translation = Self.removingSentences(
            entry.translation ?? "", containing: names, locale: locale)
        }, units: Set(contact.units))
      let findings = Shipped.check(catalog, source: source, rules: rules)
      #expect(
        status(contact.id, in: catalog) != .present,
        "\(locale) \(contact.id): \(catalog.entries.filter { contact.units.contains($0.id) }.map { $0.translation ?? "" })"
      )
      #expect(
        findings.contains {
          $0.subject == contact.id && $0.severity == .error && $0.rule.hasPrefix("contact-")
            && $0.locale == locale
        },
        "\(locale) \(contact.id): \(findings.map(\.rule))")
    }
  }

  @Test("changing each link's domain is an error in that unit", arguments: Shipped.locales)
  func changeDomain(_ locale: String) throws {
    let catalog = catalogs[locale]!
    for entry in catalog.entries {
      let marked = entry.translation ?? ""
      let hosts = ["ihmiskauppa.fi", "riku.fi", "protukipiste.fi", "migri.fi"]
      guard
        let host = hosts.first(where: {
          marked.contains("//www.\($0)") || marked.contains("//\($0)") || (entry.url ?? "").contains($0)
        })
      else { continue }
      let broken = mutated(
        locale,
        { entry in
          entry.translation = entry.translation?.replacingOccurrences(
            of: host, with: host.replacingOccurrences(of: ".fi", with: ".fl"))
          entry.url = entry.url?.replacingOccurrences(
            of: host, with: host.replacingOccurrences(of: ".fi", with: ".fl"))
          if entry.url == nil, let url = source.units.first(where: { $0.id == entry.id })?.url {
            entry.url = url.replacingOccurrences(
              of: host, with: host.replacingOccurrences(of: ".fi", with: ".fl"))
          }
        }, units: [entry.id])
      let findings = Shipped.check(broken, source: source, rules: rules)
      #expect(
        findings.contains { $0.unit == entry.id && $0.rule == "domain-changed" && $0.severity == .error },
        "\(locale) \(entry.id): \(findings.map(\.rule))")
      #expect(findings.contains { $0.unit == entry.id && $0.rule == "link-changed" })
    }
  }

  @Test("a Cyrillic о inside a Latin domain is caught", arguments: Shipped.locales)
  func confusableDomain(_ locale: String) throws {
    let unit = "victim-support-finland/links1/2"
    let broken = mutated(locale, { $0.url = "https://pr\u{043E}tukipiste.fi/" }, units: [unit])
    let findings = Shipped.check(broken, source: source, rules: rules)
    #expect(findings.contains { $0.unit == unit && $0.rule == "domain-confusable" && $0.severity == .error })
    #expect(
      status("pro-tukipiste", in: broken) == .present || findings.contains { $0.subject == "pro-tukipiste" })
  }

  @Test("dropping each list item breaks its enumeration", arguments: Shipped.locales)
  func dropListItem(_ locale: String) throws {
    for enumeration in rules.enumerations {
      for item in 1...enumeration.items {
        let id = "\(enumeration.block)/\(item)"
        let broken = mutated(locale, { $0.translation = "" }, units: [id])
        let findings = Shipped.check(broken, source: source, rules: rules)
        let error = findings.first { $0.rule == "enumeration-incomplete" && $0.subject == enumeration.id }
        #expect(error?.severity == .error, "\(locale) \(id)")
        #expect(error?.message.contains("[\(id)]") == true)
      }
    }
  }

  @Test("translating each must-keep name away is an error", arguments: Shipped.locales)
  func translateKeptName(_ locale: String) throws {
    for contact in rules.contacts {
      for kept in contact.keep {
        let forms = ([kept.name] + (kept.forms[locale] ?? [])).sorted { $0.count > $1.count }
        let broken = mutated(
          locale,
          { entry in
            for form in forms {
              entry.translation = entry.translation?.replacingOccurrences(
                of: form, with: "Translated Name", options: .caseInsensitive)
            }
          }, units: Set(kept.units))
        let findings = Shipped.check(broken, source: source, rules: rules)
        #expect(
          findings.contains {
            $0.rule == "name-translated" && $0.subject == contact.id && $0.severity == .error
          },
          "\(locale) \(contact.id) \(kept.name): \(findings.map(\.rule))")
      }
    }
  }

  @Test("deleting each permit rule's sentences is an error for that rule", arguments: Shipped.locales)
  func deletePermitRule(_ locale: String) throws {
    for rule in rules.permitRules {
      let forms = rule.terms.flatMap { $0.forms[locale] ?? [] }
      let broken = mutated(
        locale,
        { entry in
          entry.translation = Self.removingSentences(
            entry.translation ?? "", containing: forms, locale: locale)
        }, units: Set(rule.units.filter { !$0.contains("/links") }))
      let findings = Shipped.check(broken, source: source, rules: rules)
      #expect(status(rule.id, in: broken) != .present, "\(locale) \(rule.id)")
      #expect(
        findings.contains {
          $0.subject == rule.id && $0.rule.hasPrefix("permit-rule-") && $0.severity == .error
        },
        "\(locale) \(rule.id)")
    }
  }

  // MARK: Phone numbers (the shipped page has none: the contact fixture page does)

  func contactPage() throws -> (PageDocument, Catalog) {
    let page = try Extract.document(
      bytes: try Paths.fixtureBytes("contact-page.en.html"), file: "contact-page.en.html")
    var catalog = Catalog.empty(for: page, page: "contact-page", locale: "ar", date: nil)
    for index in catalog.entries.indices {
      catalog.entries[index].translation = catalog.entries[index].source
    }
    return (page, catalog)
  }

  func findings(_ page: PageDocument, _ catalog: Catalog) -> [CheckReport.Finding] {
    let translation = Aligner.align(source: page, catalog: catalog, page: "contact-page", file: "ar.yaml")
    return Checker(source: page, sourceFile: "contact-page.en.html", rules: nil).check(translation).1
  }

  @Test("changing one digit of each phone number is a phone-changed error")
  func phoneDigit() throws {
    let (page, catalog) = try contactPage()
    #expect(findings(page, catalog).isEmpty)
    let phones = page.units.flatMap { unit in
      unit.invariants.filter { $0.kind == .phone }.map { (unit.id, $0) }
    }
    #expect(phones.count >= 4)
    for (unit, phone) in phones {
      var broken = catalog
      let index = broken.entries.firstIndex { $0.id == unit }!
      let raw = phone.raw
      let last = raw.lastIndex { $0.isNumber }!
      let digit = raw[last].wholeNumberValue!
      let changed = raw.replacingCharacters(in: last...last, with: String((digit + 1) % 10))
      broken.entries[index].translation = broken.entries[index].translation?.replacingOccurrences(
        of: raw, with: changed)
      let result = findings(page, broken)
      #expect(
        result.contains { $0.unit == unit && $0.rule == "phone-changed" && $0.severity == .error },
        "\(unit) \(raw)")
    }
  }

  @Test("the same numbers in Arabic-Indic or Persian digits are accepted", arguments: [0x0660, 0x06F0])
  func otherDigits(_ zero: Int) throws {
    let (page, catalog) = try contactPage()
    var localized = catalog
    for index in localized.entries.indices {
      let text = localized.entries[index].translation ?? ""
      localized.entries[index].translation = String(
        String.UnicodeScalarView(
          text.unicodeScalars.map { scalar in
            guard
              let value = scalar.properties.numericType == .decimal ? scalar.properties.numericValue : nil,
              scalar.isASCII
            else { return scalar }
            return Unicode.Scalar(UInt32(zero) + UInt32(value))!
          }))
    }
    #expect(
      localized.entries.contains {
        $0.translation?.unicodeScalars.contains(Unicode.Scalar(UInt32(zero) + 1)!) == true
      })
    #expect(
      findings(page, localized).filter { $0.severity == .error }.isEmpty,
      "\(findings(page, localized).map(\.message))")
  }

  // MARK: Waivers, severities, exit codes

  @Test("an outdated unit is a warning; --strict makes it an error; a waiver accepts it")
  func severitiesAndWaivers() throws {
    let copy = try RepositoryCopy()
    try copy.editSource {
      $0.replacingOccurrences(of: "forcing someone to marry.", with: "forcing someone into marriage.")
    }
    let plain = try copy.check { $0.locale = "fi" }
    #expect(plain.summary.passed)
    #expect(
      plain.findings.contains { $0.rule == "unit-outdated" && $0.severity == .warning && $0.locale == "fi" })
    let strict = try copy.check {
      $0.locale = "fi"
      $0.strict = true
    }
    #expect(!strict.summary.passed)
    let waivers = """
      format: lockstep-waivers/1
      waivers:
        - rule: unit-outdated
          locale: fi
          unit: intro/list1/4
          reason: Wording change only; the translator reviews it next week.
          expires: 2099-12-31
        - rule: unit-missing
          reason: Expired on purpose.
          expires: 2020-01-01
        - rule: unit-moved
          expires: 2099-01-01
      """
    try waivers.write(
      to: copy.root.appendingPathComponent("schemas/waivers.yaml"), atomically: true, encoding: .utf8)
    let waived = try copy.check {
      $0.locale = "fi"
      $0.strict = true
    }
    let outdated = try #require(waived.findings.first { $0.rule == "unit-outdated" })
    #expect(outdated.waiver?.contains("Wording change") == true)
    #expect(waived.findings.contains { $0.rule == "waiver-expired" && $0.line == 8 })
    #expect(waived.findings.contains { $0.rule == "waiver-invalid" && $0.message.contains("no reason") })
    #expect(!waived.summary.passed)
    #expect(waived.summary.waived == 1)
  }

  @Test("exit codes: 1 for errors, 2 for a broken rules file, 64 for bad usage")
  func exitCodes() throws {
    let copy = try RepositoryCopy()
    try copy.editCatalog("zh") { catalog in
      let index = catalog.entries.firstIndex { $0.id == "victim-support-finland/p2" }!
      catalog.entries[index].translation = "Pro-tukipiste。"
    }
    let failing = try LockstepBinary.run(["check", "--root", copy.root.path])
    #expect(failing.status == 1)
    #expect(failing.stdout.contains("locales/zh/human-trafficking-and-forced-labour.yaml:"))
    #expect(failing.stdout.contains("error: contact Pro-tukipiste (pro-tukipiste) is incomplete"))
    #expect(failing.stdout.contains("[contact-incomplete]"))
    let rulesFile = copy.root.appendingPathComponent("schemas/pages/\(Shipped.page).yaml")
    try "format: lockstep-rules/1\npage: x\ncontacts:\n  - id: a\n    nme: b\n".write(
      to: rulesFile, atomically: true, encoding: .utf8)
    let broken = try LockstepBinary.run(["check", "--root", copy.root.path])
    #expect(broken.status == 2)
    #expect(broken.stderr.contains("schemas/pages/\(Shipped.page).yaml:5:5: error: unknown key 'nme'"))
    let usage = try LockstepBinary.run(["check", "--format", "pdf"])
    #expect(usage.status == 64)
  }

  @Test("a page saved outside locales/ is recognised by its canonical URL")
  func pageOutsideLocales() throws {
    let directory = try TemporaryDirectory()
    let html = try String(contentsOf: try Paths.fixture("official/\(Shipped.page).ar.html"), encoding: .utf8)
    let saved = try directory.write(
      html.replacingOccurrences(of: "Pro-tukipiste", with: "بروتوكيبيستي"), to: "saved.html")
    let result = try LockstepBinary.run(["check", saved.path, "--format", "json"])
    #expect(result.status == 1)
    let report = try JSONDecoder().decode(CheckReport.self, from: Data(result.stdout.utf8))
    #expect(report.locales.map(\.locale) == ["ar"])
    #expect(
      report.findings.contains {
        $0.rule == "name-translated" && $0.subject == "pro-tukipiste" && $0.line > 0
      })
  }

  @Test("a locale the rules have no forms for gets rules-gap warnings located in the rules file")
  func rulesGap() throws {
    let copy = try RepositoryCopy()
    let created = try LockstepBinary.run(["init", "--locale", "et", "--root", copy.root.path])
    #expect(created.status == 0)
    try copy.editCatalog("et") { catalog in
      for index in catalog.entries.indices {
        catalog.entries[index].translation = catalog.entries[index].source
      }
    }
    let report = try copy.check { $0.locale = "et" }
    let gaps = report.findings.filter { $0.rule == "rules-gap" }
    #expect(!gaps.isEmpty)
    #expect(
      gaps.allSatisfy {
        $0.file == "schemas/pages/\(Shipped.page).yaml" && $0.line > 0 && $0.severity == .warning
      })
    #expect(gaps.contains { $0.subject == "pro-tukipiste" && $0.message.contains("city Helsinki") })
  }

  @Test("a locale folder without the page is reported, not skipped")
  func localeWithoutPage() throws {
    let copy = try RepositoryCopy()
    try FileManager.default.createDirectory(
      at: copy.root.appendingPathComponent("locales/et"), withIntermediateDirectories: true)
    let report = try copy.check()
    let finding = try #require(report.findings.first { $0.rule == "locale-without-page" })
    #expect(finding.locale == "et")
    #expect(finding.severity == .warning)
    #expect(finding.file == "locales/et/\(Shipped.page).yaml")
    #expect(report.summary.passed)
  }
}
