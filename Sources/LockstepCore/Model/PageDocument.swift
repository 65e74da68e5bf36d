/// The structured form of one page: what `lockstep extract` prints and every other command reads.
public struct PageDocument: Codable, Sendable, Equatable {
  /// The format tag, `lockstep-page/1`.
  public var format = PageDocument.formatTag
  /// The file it was read from, as given.
  public var file: String?
  /// `<html lang>`, lower-cased.
  public var locale: String?
  /// `ltr` or `rtl` (`<html dir>`, else from the locale).
  public var direction: String
  /// The page title (the first `<h1>`).
  public var title: Unit?
  /// The Finnish title shown above the title on non-Finnish InfoFinland pages.
  public var finnishTitle: String?
  /// The published or changed date as shown (`dd.MM.yyyy` on InfoFinland).
  public var published: String?
  /// `<link rel="canonical">`.
  public var canonicalURL: String?
  /// The other language versions the page links to (language menu `hreflang` links).
  public var languageVersions: [LanguageVersion]
  /// SHA-256 of the page's content: every unit id and fingerprint, in order.
  public var contentHash: String
  /// The lead (ingress).
  public var lead: Unit?
  /// The sections in page order; the first may be the untitled introduction.
  public var sections: [Section]

  /// The value of `format` this version writes.
  public static let formatTag = "lockstep-page/1"

  /// Every unit of the page in order: title, lead, then each section's heading and blocks.
  public var units: [Unit] {
    var result: [Unit] = []
    forEachUnit { result.append(copy $0) }
    return result
  }

  /// How many units the page has (`units.count`, without collecting them).
  public var unitCount: Int {
    var count = (title == nil ? 0 : 1) + (lead == nil ? 0 : 1)
    for section in sections {
      count += section.heading == nil ? 0 : 1
      for block in section.blocks { count += block.units.count }
    }
    return count
  }

  /// Calls `body` with every unit in the order of `units`, without collecting or copying them.
  public func forEachUnit(_ body: (borrowing Unit) throws -> Void) rethrows {
    if title != nil { try body(title!) }
    if lead != nil { try body(lead!) }
    for sectionIndex in sections.indices {
      if sections[sectionIndex].heading != nil { try body(sections[sectionIndex].heading!) }
      for blockIndex in sections[sectionIndex].blocks.indices {
        for unitIndex in sections[sectionIndex].blocks[blockIndex].units.indices {
          try body(sections[sectionIndex].blocks[blockIndex].units[unitIndex])
        }
      }
    }
  }
}

/// One language version of a page.
public struct LanguageVersion: Codable, Sendable, Equatable, Hashable {
  /// The BCP 47 code from `hreflang`.
  public var locale: String
  /// The link target as written.
  public var url: String
  /// The language's name as the menu shows it.
  public var name: String?
}

/// A part of the page that starts with a heading (or the untitled part before the first one).
public struct Section: Codable, Sendable, Equatable {
  /// Stable key: `intro`, or the slug of the heading text.
  public var id: String
  /// The heading unit, nil for the introduction.
  public var heading: Unit?
  /// The heading level (2 for `<h2>`), 0 for the introduction.
  public var level: Int
  /// The heading's anchor id, when the page gives one.
  public var anchor: String?
  /// The blocks in order.
  public var blocks: [Block]
}

/// One block of a section.
public struct Block: Codable, Sendable, Equatable {
  /// What a block is.
  public enum Kind: String, Codable, Sendable {
    /// A paragraph: one unit.
    case paragraph
    /// A subheading inside a section (`<h3>`…`<h6>`): one unit.
    case subheading
    /// A bulleted or numbered list: one unit per item.
    case list
    /// A list of links to other sites: one unit per link.
    case links
    /// A contact block: one unit per field.
    case contact
  }

  /// The block's id within the page (`section/p1`, `section/list2`, …).
  public var id: String
  /// The kind.
  public var kind: Kind
  /// Whether a list is numbered.
  public var ordered: Bool?
  /// 1-based source line where the block starts.
  public var line: Int
  /// The units in order.
  public var units: [Unit]
}

/// The smallest thing a translator translates, with its stable id and fingerprint.
public struct Unit: Codable, Sendable, Equatable {
  /// What a unit is.
  public enum Kind: String, Codable, Sendable {
    case title, lead, heading, subheading, paragraph, item, link
    case contactName = "contact-name"
    case address, phone, email, hours
  }

  /// Stable id, derived from the section structure.
  public var id: String
  /// The kind.
  public var kind: Kind
  /// Normalised text (NFC, whitespace collapsed).
  public var text: String
  /// First 16 hex digits of SHA-256 of `text`.
  public var fingerprint: String
  /// 1-based source line.
  public var line: Int
  /// Links inside the text, with their place in it.
  public var links: [InlineLink]?
  /// For a link-list entry: the organisation or site named above the link.
  public var site: String?
  /// For a link-list entry: the link target.
  public var url: String?
  /// For a link-list entry: the other languages the target is offered in.
  public var languages: [LinkLanguage]?
  /// Invariants in canonical form, in order of first appearance.
  public var invariants: [Invariant]

  /// A unit; the fingerprint is computed from `text` (normalised first).
  public init(
    id: String, kind: Kind, text: String, line: Int, links: [InlineLink]? = nil, site: String? = nil,
    url: String? = nil, languages: [LinkLanguage]? = nil
  ) {
    self.init(
      id: id, kind: kind, normalizedText: TextNormalization.normalize(text), line: line, links: links,
      site: site,
      url: url, languages: languages, invariants: nil)
  }

  /// A unit whose text is already normalised (the extractor's), with its invariants when the
  /// caller has scanned them already.
  init(
    id: String, kind: Kind, normalizedText text: String, line: Int, links: [InlineLink]?, site: String?,
    url: String?, languages: [LinkLanguage]?, invariants: [Invariant]?
  ) {
    self.id = id
    self.kind = kind
    self.text = text
    self.fingerprint = TextNormalization.fingerprint(normalized: text)
    self.line = line
    self.links = links
    self.site = site
    self.url = url
    self.languages = languages
    if let invariants {
      self.invariants = invariants
    } else {
      var hrefs = links?.map(\.href) ?? []
      if let url { hrefs.insert(url, at: 0) }
      self.invariants = InvariantScanner.scan(text, hrefs: hrefs)
    }
  }
}

/// A link inside a unit's text.
public struct InlineLink: Codable, Sendable, Equatable {
  /// The link text.
  public var text: String
  /// The link target as written.
  public var href: String
  /// Where the link text starts in the unit text, in Unicode scalars.
  public var offset: Int
  /// The link text's length in Unicode scalars.
  public var length: Int
}

/// One language a link-list entry is offered in.
public struct LinkLanguage: Codable, Sendable, Equatable {
  /// The language's name as the page shows it.
  public var name: String
  /// The target in that language.
  public var url: String
}
