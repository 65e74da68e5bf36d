/// What one rule id means: the help that SARIF, JUnit and HTML reports show next to a finding.
public struct RuleDescription: Sendable, Equatable {
  /// The stable kebab-case rule id.
  public var id: String
  /// The severity the checker gives it (before `--strict`).
  public var level: Diagnostic.Severity
  /// One line: what the rule checks.
  public var summary: String
  /// What a finding means and how to fix it.
  public var help: String
}

/// The help of every rule id `lockstep check` reports, so a reader of any report can tell what a
/// finding means and what to do about it.
public enum RuleCatalog {
  /// Every rule, sorted by id.
  public static let all: [RuleDescription] = rules.sorted { $0.id < $1.id }

  /// The description of `rule`; a rule without an entry gets a generic one at `level`.
  public static func description(of rule: String, level: Diagnostic.Severity) -> RuleDescription {
    byID[rule]
      ?? RuleDescription(
        id: rule, level: level, summary: "Lockstep rule \(rule).",
        help:
          "A problem Lockstep reports under the rule id '\(rule)'. The message says what is wrong and where.")
  }

  private static let byID: [String: RuleDescription] = Dictionary(
    rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

  private static func rule(
    _ id: String, _ level: Diagnostic.Severity, _ summary: String, _ help: String
  ) -> RuleDescription {
    RuleDescription(id: id, level: level, summary: summary, help: help)
  }

  /// The three rules of one kind of invariant: changed, missing, extra.
  private static func invariant(_ kind: String, _ noun: String, example: String) -> [RuleDescription] {
    [
      rule(
        "\(kind)-changed", .error, "A \(noun) differs between the source and the translation.",
        """
        The translation has a different \(noun) than the source unit (\(example)). A wrong \(noun) \
        sends the reader to the wrong place: copy it from the source exactly.
        """),
      rule(
        "\(kind)-missing", .error, "A \(noun) of the source is missing from the translation.",
        """
        The source unit has a \(noun) (\(example)) that the translation lacks. Add it to the \
        translation exactly as in the source.
        """),
      rule(
        "\(kind)-extra", .error, "The translation has a \(noun) the source does not have.",
        """
        The translated unit has a \(noun) that is not in the source unit. Remove it, or update the \
        source first.
        """),
    ]
  }

  private static let invariants: [RuleDescription] =
    invariant("phone", "phone number", example: "like 0295 419 600 or +358 …")
    + invariant("email", "e-mail address", example: "like info@example.fi")
    + invariant("number", "number", example: "a date, amount or count")
    + invariant("domain", "domain", example: "like riku.fi")
    + invariant("link", "link", example: "the address a link points to")

  private static let content: [RuleDescription] = [
    rule(
      "domain-confusable", .error, "A domain mixes letters of different scripts (a look-alike).",
      """
      A host name in the translation mixes Latin letters with letters of another alphabet (a \
      Cyrillic о for a Latin o), the trick of phishing links. Retype the domain from the source.
      """),
    rule(
      "contact-missing", .error, "A contact of the rules file is missing from the locale.",
      """
      None of the units that should carry this contact (organisation, phone, link) carries it in \
      this locale. Translate those units, keeping the name, link and phone number of the contact.
      """),
    rule(
      "contact-incomplete", .error, "A contact is only partly there in the locale.",
      """
      Some parts of the contact (its name, link, phone number, e-mail, city or term) are missing \
      from the translation. The message lists what is missing; add it back.
      """),
    rule(
      "permit-rule-missing", .error, "A permit rule of the rules file is missing from the locale.",
      """
      None of the units that should state this residence-permit rule carries it in this locale. \
      Translate those units, keeping the terms and links the rules file names.
      """),
    rule(
      "permit-rule-incomplete", .error, "A permit rule is only partly there in the locale.",
      """
      Some parts of the permit rule (its terms or links) are missing from the translation. The \
      message lists what is missing; add it back.
      """),
    rule(
      "name-translated", .error, "A name that must stay in the original was translated away.",
      """
      The rules file says this name (an organisation's official name) must appear in its original \
      or an approved form, because readers need it to find the service. Put the original name \
      back, for example in brackets after the translation.
      """),
    rule(
      "enumeration-incomplete", .error, "A list lacks some of its items.",
      """
      Every item of this list must be there in every locale (the acts that count as human \
      trafficking, the signs of being a victim). Translate the missing items.
      """),
    rule(
      "rules-gap", .warning, "The rules file gives no form for this locale.",
      """
      The content rules give no name, city or term form for this locale, so that part cannot be \
      checked. Add the locale's forms to schemas/pages/<page>.yaml.
      """),
    rule(
      "rules-missing", .warning, "A page has no content rules.",
      """
      Without schemas/pages/<page>.yaml only the invariants and the diff are checked, not the \
      contacts, permit rules and lists. Write a rules file for the page.
      """),
  ]

  private static let units: [RuleDescription] = [
    rule(
      "locale-without-page", .warning, "A locale folder has no translation of a tracked page.",
      "The locale has a folder under locales/ but neither a catalog nor an official page of this page. "
        + "Create the catalog with lockstep init --locale <locale>."),
    rule(
      "unit-missing", .warning, "A unit of the source has no translation.",
      "The source page has a unit that the locale does not translate. Translate it."),
    rule(
      "unit-moved", .warning, "A unit is translated under its old id.",
      "The unit's text is unchanged but its id changed (a paragraph was inserted before it, or its "
        + "section heading was reworded). The translation still holds; re-key the catalog with an import."),
    rule(
      "unit-outdated", .warning, "A unit was translated from an older source text.",
      """
      The source changed since the unit was translated (or the unit moved). Review the translation \
      against the new source text and update its fingerprint.
      """),
    rule(
      "unit-obsolete", .warning, "A translated unit is no longer in the source.",
      "The catalog translates a unit the source page no longer has. Remove it from the catalog."),
    rule(
      "structure-section-missing", .error, "A section of the source is missing.",
      "The translated page lacks a whole section of the source page. Translate the section."),
    rule(
      "structure-section-extra", .error, "A section is not in the source.",
      "The translated page has a section the source page does not have. Remove it or update the source."),
    rule(
      "structure-block-missing", .error, "A block of the source is missing.",
      "A paragraph, list or link list of the source is missing from the translated section."),
    rule(
      "structure-block-extra", .error, "A block is not in the source.",
      "The translated section has a paragraph, list or link list that the source section does not have."),
    rule(
      "structure-count", .error, "A list has a different number of items.",
      "A list or link list has more or fewer items than in the source. Translate every item once."),
  ]

  private static let files: [RuleDescription] = [
    rule(
      "waiver-expired", .error, "A waiver has expired.",
      """
      A waiver in schemas/waivers.yaml is past its expiry date, so it no longer accepts findings. \
      Fix the findings, or renew the waiver with a new date and reason.
      """),
    rule(
      "waiver-invalid", .error, "A waiver lacks a reason or a valid expiry date.",
      "Every waiver needs a reason and an expiry date (YYYY-MM-DD). Add them, or remove the waiver."),
    rule(
      "catalog-page", .warning, "A catalog names another page.",
      "The catalog says it translates another page than the one it was checked against. Check the file."),
    rule(
      "catalog-locale", .error, "A catalog lies in another locale's folder.",
      "The catalog's locale differs from the locale folder it lies in. Move the file or fix its locale."),
    rule(
      "catalog-format", .error, "A catalog has an unknown format tag.",
      "The catalog's format is not lockstep-catalog/1. Export it again with lockstep export."),
    rule(
      "catalog-encoding", .error, "A catalog is not UTF-8.",
      "Catalogs must be UTF-8 text. Save the file as UTF-8."),
    rule(
      "catalog-duplicate-id", .error, "A catalog has a unit id twice.",
      "Each unit id may appear once in a catalog. Remove the duplicate entry."),
    rule(
      "locale-unknown", .error, "The locale of a page cannot be told.",
      "The page has no <html lang> and lies outside locales/<locale>/. Pass --locale."),
    rule(
      "page-unknown", .error, "A file is not a tracked page.",
      "The file is not a catalog or page of a page tracked under locales/<source>/."),
    rule(
      "yaml-syntax", .error, "A YAML file cannot be parsed.",
      "The file is not valid YAML; the message gives the line and column of the problem."),
    rule(
      "yaml-type", .error, "A YAML value has the wrong type.",
      "A value is not of the type the format requires (a string, list, mapping or number)."),
    rule(
      "yaml-empty", .error, "A YAML file is empty.", "The file has no content; it must hold a YAML mapping."),
    rule(
      "yaml-unknown-key", .error, "A YAML mapping has an unknown key.",
      "The key is not part of the format; it may be misspelt. Unknown keys are reported, never ignored."),
    rule(
      "yaml-missing-key", .error, "A YAML mapping lacks a required key.",
      "The format requires this key. Add it."),
    rule(
      "yaml-duplicate-key", .error, "A YAML mapping has a key twice.",
      "Each key may appear once in a mapping. Remove the duplicate."),
    rule(
      "html-parse", .warning, "The HTML parser reported a problem.",
      "libxml2 found malformed HTML at this place; the content was read as well as it could be."),
    rule(
      "html-encoding", .warning, "A page's declared encoding is wrong.",
      "The page declares a charset that its bytes do not match. Fix the declaration or the bytes."),
    rule(
      "html-no-main", .warning, "A page has no <main> or <article>.",
      "The content was taken from the whole <body>, which may include navigation and footers."),
    rule(
      "html-no-content", .warning, "A page has no content.",
      "No headings, paragraphs or lists were found in the page."),
    rule("html-empty", .error, "A page is empty.", "The file has no content."),
    rule("html-binary", .error, "A page is binary data.", "The file is not text."),
    rule(
      "html-not-html", .error, "A page does not look like HTML.",
      "The file does not start like an HTML document."),
    rule(
      "html-too-deep", .error, "A page nests too deeply.",
      "The page's elements nest deeper than Lockstep reads; it may be hostile input."),
    rule("file-missing", .error, "A file does not exist.", "Check the path."),
    rule(
      "file-unreadable", .error, "A file cannot be read.",
      "Check the file's permissions, and that it is a file, not a folder."),
    rule(
      "file-too-large", .error, "A file is too large.",
      "The file is larger than Lockstep reads for its kind; it may be the wrong file."),
  ]

  private static let rules: [RuleDescription] = invariants + content + units + files
}
