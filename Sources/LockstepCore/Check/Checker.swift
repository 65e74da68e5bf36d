/// Checks one locale's translation of one page against the source page and its content rules.
public struct Checker: Sendable {
  /// The source page.
  public var source: PageDocument
  /// The source page's file.
  public var sourceFile: String
  /// The page's rules, when it has a rules file.
  public var rules: ContentRules?

  private let sourceUnits: [String: Unit]
  /// Canonical URL → the id of its class of language variants (from the link lists).
  private let urlClasses: [String: Int]

  /// A checker for `source`.
  public init(source: PageDocument, sourceFile: String, rules: ContentRules?) {
    self.source = source
    self.sourceFile = sourceFile
    self.rules = rules
    sourceUnits = Dictionary(source.units.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    var classes: [String: Int] = [:]
    var next = 0
    for unit in source.units where unit.url != nil {
      let members = ([unit.url!] + (unit.languages ?? []).map(\.url)).compactMap {
        InvariantScanner.canonicalURL($0)?.url
      }
      let existing = members.compactMap { classes[$0] }.first
      let id = existing ?? next
      if existing == nil { next += 1 }
      for member in members { classes[member] = id }
    }
    urlClasses = classes
  }

  /// The source itself as a translation, so the source is checked against the rules too.
  public func sourceAsTranslation(page: String) -> Translation {
    var units: [String: Translation.TranslatedUnit] = [:]
    for unit in source.units { units[unit.id] = .init(unit: unit) }
    var counts = LocaleDiff.Counts()
    counts.total = source.units.count
    counts.translated = counts.total
    let locale = source.locale ?? rules?.sourceLocale ?? "en"
    let diff = LocaleDiff(
      page: page, locale: locale, file: sourceFile, origin: .page, counts: counts, changes: [], structure: [])
    return Translation(page: page, locale: locale, file: sourceFile, origin: .page, units: units, diff: diff)
  }

  /// Checks `translation`: its contacts, permit rules and enumerations, every unit's invariants,
  /// and what the diff says (outdated, missing, obsolete, structure).
  public func check(
    _ translation: Translation, isSource: Bool = false
  ) -> (CheckReport.LocaleResult, [CheckReport.Finding]) {
    var findings: [CheckReport.Finding] = []
    let locale = translation.locale
    let file = translation.file
    func finding(
      _ severity: Diagnostic.Severity, _ rule: String, _ message: String, line: Int, column: Int = 0,
      unit: String? = nil,
      subject: String? = nil
    ) {
      let sourceText = unit.flatMap { sourceUnits[$0] }.map(MarkedText.render)
      let translated = unit.flatMap { translation.units[$0] }.map {
        MarkedText.render(text: $0.text, links: $0.links)
      }
      findings.append(
        CheckReport.Finding(
          severity: severity, rule: rule, message: message, file: file, line: line, column: column,
          locale: locale,
          page: translation.page, unit: unit, subject: subject, source: sourceText, translation: translated))
    }

    // What the diff found.
    for change in translation.diff.changes {
      switch change.status {
      case .missing:
        finding(
          .warning, "unit-missing", "unit [\(change.id)] has no translation", line: change.line,
          unit: change.id)
      case .outdated:
        let why =
          change.movedFrom.map {
            "its text changed and its id changed from [\($0)] (a moved or renamed section)"
          }
          ?? "the source changed since it was translated"
        finding(
          .warning, "unit-outdated", "unit [\(change.id)] is outdated: \(why)", line: change.line,
          unit: change.id)
      case .moved:
        finding(
          .warning, "unit-moved",
          "unit [\(change.id)] is translated under its old id [\(change.movedFrom ?? "")]: re-key the catalog",
          line: change.line, unit: change.id)
      case .obsolete:
        finding(
          .warning, "unit-obsolete", "unit [\(change.id)] is no longer in the source page", line: change.line,
          unit: change.id)
      }
    }
    for problem in translation.diff.structure {
      finding(.error, problem.rule, problem.message, line: problem.line ?? 0)
    }

    // Every unit's invariants, in canonical form.
    if !isSource {
      for unit in source.units {
        guard let translated = translation.units[unit.id] else { continue }
        for issue in compareInvariants(unit.invariants, translated.invariants) {
          finding(
            .error, issue.rule, "unit [\(unit.id)]: \(issue.message)", line: translated.line,
            column: translated.column, unit: unit.id)
        }
      }
    }

    // Contacts and permit rules.
    var subjects: [CheckReport.SubjectResult] = []
    var enumerations: [CheckReport.EnumerationResult] = []
    if let rules {
      for subject in rules.contacts + rules.permitRules {
        var gaps: [CheckReport.Finding] = []
        let result = evaluate(subject, in: translation, rules: rules, finding: finding, gaps: &gaps)
        subjects.append(result)
        findings += gaps
      }
      for enumeration in rules.enumerations {
        let items = (1...enumeration.items).map { "\(enumeration.block)/\($0)" }
        let present = items.filter { translation.units[$0] != nil }
        let status: CheckReport.Status =
          present.count == items.count ? .present : present.isEmpty ? .missing : .incomplete
        if status != .present {
          let absent = items.filter { translation.units[$0] == nil }
          let line = present.compactMap { translation.units[$0]?.line }.first ?? 0
          finding(
            .error, "enumeration-incomplete",
            "\(enumeration.name) (\(enumeration.id)): \(present.count) of \(items.count) items present; missing "
              + absent.map { "[\($0)]" }.joined(separator: ", "),
            line: line, subject: enumeration.id)
        }
        enumerations.append(
          CheckReport.EnumerationResult(
            id: enumeration.id, name: enumeration.name, items: items.count, present: present.count,
            status: status))
      }
    }
    let result = CheckReport.LocaleResult(
      page: translation.page, locale: locale, file: file,
      origin: isSource ? "source" : translation.origin.rawValue,
      counts: translation.diff.counts, subjects: subjects, enumerations: enumerations)
    return (result, findings)
  }

  // MARK: Invariants

  struct InvariantIssue {
    var rule: String
    var message: String
  }

  /// Source invariants that the translation lacks or changed, and invariants it added.
  func compareInvariants(_ expected: [Invariant], _ actual: [Invariant]) -> [InvariantIssue] {
    var issues: [InvariantIssue] = []
    for kind in [Invariant.Kind.phone, .email, .number, .domain] {
      let want = expected.filter { $0.kind == kind }
      let have = actual.filter { $0.kind == kind }
      let lacking = want.filter { !have.contains($0) }
      let extra = have.filter { !want.contains($0) }
      let noun = Self.noun(kind)
      for invariant in extra where kind == .domain && Self.mixesScripts(invariant.value) {
        issues.append(
          InvariantIssue(
            rule: "domain-confusable",
            message: "the domain '\(invariant.raw)' mixes scripts (a look-alike letter from another alphabet)"
          ))
      }
      if !lacking.isEmpty, !extra.isEmpty {
        issues.append(
          InvariantIssue(
            rule: "\(kind.rawValue)-changed",
            message:
              "\(noun) changed: the source has \(Self.list(lacking)), the translation has \(Self.list(extra))"
          ))
      } else if !lacking.isEmpty {
        issues.append(
          InvariantIssue(rule: "\(kind.rawValue)-missing", message: "\(noun) missing: \(Self.list(lacking))"))
      } else if !extra.isEmpty, kind != .domain || !extra.allSatisfy({ Self.mixesScripts($0.value) }) {
        issues.append(
          InvariantIssue(
            rule: "\(kind.rawValue)-extra", message: "\(noun) not in the source: \(Self.list(extra))"))
      }
    }
    // URLs: a language variant of the same link (riku.fi/en ↔ riku.fi/sv) is the same link.
    let want = expected.filter { $0.kind == .url }
    let have = actual.filter { $0.kind == .url }
    let lacking = want.filter { url in !have.contains { equivalentURL($0.value, url.value) } }
    let extra = have.filter { url in !want.contains { equivalentURL($0.value, url.value) } }
    if !lacking.isEmpty, !extra.isEmpty {
      issues.append(
        InvariantIssue(
          rule: "link-changed",
          message:
            "link changed: the source links to \(Self.list(lacking)), the translation to \(Self.list(extra))")
      )
    } else if !lacking.isEmpty {
      issues.append(InvariantIssue(rule: "link-missing", message: "link missing: \(Self.list(lacking))"))
    } else if !extra.isEmpty {
      issues.append(
        InvariantIssue(rule: "link-extra", message: "link not in the source: \(Self.list(extra))"))
    }
    return issues
  }

  func equivalentURL(_ a: String, _ b: String) -> Bool {
    if a == b { return true }
    guard let classA = urlClasses[a], let classB = urlClasses[b] else { return false }
    return classA == classB
  }

  static func noun(_ kind: Invariant.Kind) -> String {
    switch kind {
    case .phone: "phone number"
    case .email: "e-mail address"
    case .number: "number"
    case .domain: "domain"
    case .url: "link"
    }
  }

  static func list(_ invariants: [Invariant]) -> String {
    invariants.map { $0.raw == $0.value ? "'\($0.value)'" : "'\($0.raw)' (\($0.value))" }.joined(
      separator: ", ")
  }

  /// Whether a host mixes Latin letters with letters of another script (`prоtukipiste.fi` with a Cyrillic о).
  static func mixesScripts(_ host: String) -> Bool {
    let letters = host.unicodeScalars.filter { $0.properties.isAlphabetic }
    let latin = letters.contains { $0.isASCII }
    let other = letters.contains { !$0.isASCII && !("\u{00C0}"..."\u{024F}").contains($0) }
    return latin && other
  }

  // MARK: Contacts and rules

  private func evaluate(
    _ subject: ContentRules.Subject, in translation: Translation, rules: ContentRules,
    finding: (Diagnostic.Severity, String, String, Int, Int, String?, String?) -> Void,
    gaps: inout [CheckReport.Finding]
  ) -> CheckReport.SubjectResult {
    let locale = translation.locale
    let language = String(locale.split(separator: "-").first ?? Substring(locale))
    func forms(_ table: [String: [String]]) -> [String]? { table[locale] ?? table[language] }
    let available = subject.units.compactMap { translation.units[$0] }
    let invariants = Set(available.flatMap(\.invariants))
    var missing: [String] = []
    var found = 0
    var checkedParts = 0
    var evidenceUnits: Set<String> = []
    func gap(_ what: String) {
      gaps.append(
        CheckReport.Finding(
          severity: .warning, rule: "rules-gap",
          message: "\(subject.name) (\(subject.id)): the rules give no \(what) for locale '\(locale)'",
          file: rules.file, line: subject.line, column: 0, locale: locale, page: translation.page,
          subject: subject.id))
    }
    func look(_ candidates: [String], _ description: String) {
      checkedParts += 1
      let folded = candidates.map(TextMatch.fold)
      let hits = available.filter { unit in folded.contains { TextMatch.fold(unit.text).contains($0) } }
      if hits.isEmpty {
        missing.append(description)
      } else {
        found += 1
        hits.forEach { evidenceUnits.insert($0.id) }
      }
    }
    if subject.kind == .contact {
      if let names = forms(subject.names), !names.isEmpty { look(names, "its name") } else { gap("names") }
    }
    for kept in subject.keep {
      let candidates = [kept.name] + (forms(kept.forms) ?? [])
      let units = kept.units.isEmpty ? subject.units : kept.units
      let carriers = units.compactMap { translation.units[$0] }
      checkedParts += 1
      let folded = candidates.map(TextMatch.fold)
      if carriers.contains(where: { unit in folded.contains { TextMatch.fold(unit.text).contains($0) } }) {
        found += 1
      } else {
        missing.append("the original name '\(kept.name)'")
        for carrier in carriers {
          finding(
            .error, "name-translated",
            "\(subject.name) (\(subject.id)): the name '\(kept.name)' must stay in the original (or an approved form) but was translated away or dropped",
            carrier.line, carrier.column, carrier.id, subject.id)
        }
      }
    }
    for domain in subject.domains {
      checkedParts += 1
      let hits = available.filter { $0.invariants.contains { $0.kind == .domain && $0.value == domain } }
      if hits.isEmpty {
        missing.append("the link to \(domain)")
      } else {
        found += 1
        hits.forEach { evidenceUnits.insert($0.id) }
      }
    }
    let exact: [(kind: Invariant.Kind, values: [String], what: String)] = [
      (.phone, subject.phones, "the phone number"), (.email, subject.emails, "the e-mail address"),
    ]
    for (kind, values, what) in exact {
      for value in values {
        checkedParts += 1
        if invariants.contains(Invariant(kind: kind, value: value, raw: value)) {
          found += 1
        } else {
          missing.append("\(what) \(value)")
        }
      }
    }
    for city in subject.cities {
      if let cityForms = forms(city.forms), !cityForms.isEmpty {
        look(cityForms, "the city \(city.id)")
      } else {
        gap("form of the city \(city.id)")
      }
    }
    for term in subject.terms {
      if let termForms = forms(term.forms), !termForms.isEmpty {
        look(termForms, "the term '\(term.id)'")
      } else {
        gap("form of the term '\(term.id)'")
      }
    }
    let status: CheckReport.Status
    if available.isEmpty || (found == 0 && checkedParts > 0) {
      status = .missing
    } else if missing.isEmpty {
      status = .present
    } else {
      status = .incomplete
    }
    let what = subject.kind == .contact ? "contact" : "permit rule"
    let anchor = available.first
    switch status {
    case .missing:
      finding(
        .error, "\(subject.kind == .contact ? "contact" : "permit-rule")-missing",
        "\(what) \(subject.name) (\(subject.id)) is missing: none of its units [\(subject.units.joined(separator: ", "))] carries it",
        anchor?.line ?? 0, anchor?.column ?? 0, anchor?.id, subject.id)
    case .incomplete:
      let unitAnchor = available.first { !evidenceUnits.contains($0.id) } ?? anchor
      finding(
        .error, "\(subject.kind == .contact ? "contact" : "permit-rule")-incomplete",
        "\(what) \(subject.name) (\(subject.id)) is incomplete: lacks \(missing.joined(separator: ", "))",
        unitAnchor?.line ?? 0, unitAnchor?.column ?? 0, unitAnchor?.id, subject.id)
    case .present: break
    }
    let evidence = available.filter { evidenceUnits.contains($0.id) }.map {
      CheckReport.Evidence(unit: $0.id, file: translation.file, line: $0.line)
    }
    return CheckReport.SubjectResult(
      kind: subject.kind, id: subject.id, name: subject.name, status: status, missing: missing,
      evidence: evidence)
  }
}

/// Case- and normalisation-insensitive text matching for names and terms.
enum TextMatch {
  static func fold(_ text: String) -> String { TextNormalization.normalize(text).lowercased() }
}
