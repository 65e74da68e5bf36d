import Foundation
import LockstepXML

/// Where on a page a piece of content stood: the extractor prefers `<main>`, then `<article>`,
/// then the whole `<body>`.
enum ContentRegion: Int, Comparable {
  case body = 0, article = 1, main = 2

  static func < (lhs: ContentRegion, rhs: ContentRegion) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A unit's text and facts as the stream gave them, before ids are assigned.
struct RawUnit {
  var kind: Unit.Kind
  var text: String
  var line: Int
  var links: [InlineLink] = []
  var site: String?
  var url: String?
  var languages: [LinkLanguage] = []
  /// Invariants already scanned (contact lines), so they are not scanned twice.
  var invariants: [Invariant]?
  /// False when the capture saw no digit, `@`, `.` or `:`: only the link targets need a scan.
  var textMayHoldInvariant = true
}

/// A block as the stream gave it.
struct RawBlock {
  var kind: Block.Kind
  var ordered: Bool?
  var line: Int
  var units: [RawUnit]
}

/// One piece of the page in document order.
enum RawItem {
  case title(RawUnit)
  case lead(RawUnit)
  case heading(RawUnit, level: Int, anchor: String?)
  case block(RawBlock)
}

/// The SAX handler: skips page chrome, recognises InfoFinland's blocks (and plain HTML's), and
/// records raw items tagged with the region they stood in.
final class PageEventCollector: HTMLEventHandler {
  // Page facts.
  var locale: String?
  var direction: String?
  var canonicalURL: String?
  var languageVersions: [LanguageVersion] = []
  var finnishTitle: String?
  var published: String?
  @exclusivity(unchecked) var items: [(item: RawItem, region: ContentRegion)] = []
  var regionFound = ContentRegion.body
  var sawElement = false
  /// Language versions read from the part of the body the parser was not shown; they join the
  /// list when `<body>` starts, so the list keeps document order.
  var languagesBeforeMain: [LanguageVersion] = []
  /// The same for a canonical URL: it counts when `<body>` starts, if the head gave none.
  var canonicalURLBeforeMain: String?

  // Stream state. One parse drives a collector on one thread, one event at a time, so no two
  // accesses can overlap: the run-time exclusivity checks on these hot properties are left out.
  private var depth = 0
  private var skipDepth: Int?
  private var mainDepth: Int?
  private var articleDepth: Int?
  private var bodyDepth: Int?
  private var heroDepth: Int?
  @exclusivity(unchecked) private var languageLinkOpen:
    (depth: Int, locale: String, url: String, title: String, text: String)?
  @exclusivity(unchecked) private var capture: TextCapture?
  /// The byte buffer of the last finished capture, emptied, for the next one.
  @exclusivity(unchecked) private var spareBytes: [UInt8] = []
  @exclusivity(unchecked) private var list: (depth: Int, block: RawBlock)?
  @exclusivity(unchecked) private var linkList: (depth: Int, block: RawBlock, pendingSite: String?)?
  @exclusivity(unchecked) private var contact: (depth: Int, block: RawBlock)?

  private var region: ContentRegion {
    if mainDepth != nil { return .main }
    if articleDepth != nil { return .article }
    return .body
  }

  /// Text is wanted outside chrome, and inside a language link wherever it stands (its name).
  var wantsCharacters: Bool { skipDepth == nil || languageLinkOpen != nil }

  /// The class names the extractor reacts to, matched in one pass per element.
  enum ClassToken: Int, CaseIterable {
    case hero, orangeBox, contactHeading, ingress, listDisc, zeroWidth, zeroHeight
    case skipLink, mainMenu, localInfo, localInfoSEO, languageMenu, footer, srOnly, visuallyHidden
    case screenReaderText, skipLinkGeneric

    var name: String {
      switch self {
      case .hero: "ifu-block--hero"
      case .orangeBox: "bg-orange-white"
      case .contactHeading: "text-h4"
      case .ingress: "ifu-article__ingress"
      case .listDisc: "list-disc"
      case .zeroWidth: "w-0"
      case .zeroHeight: "h-0"
      case .skipLink: "ifu-topmenu__skiplink"
      case .mainMenu: "ifu-mainmenu__desktop"
      case .localInfo: "ifu-localinfo"
      case .localInfoSEO: "ifu-localinfo__seo"
      case .languageMenu: "ifu-languagemenu"
      case .footer: "ifu-footer"
      case .srOnly: "sr-only"
      case .visuallyHidden: "visually-hidden"
      case .screenReaderText: "screen-reader-text"
      case .skipLinkGeneric: "skip-link"
      }
    }

    var bit: UInt64 { TokenSet.bit(rawValue) }

    static let set = TokenSet(allCases.map(\.name))
    /// Classes whose element is chrome whatever else it is.
    static let chrome: UInt64 = [
      skipLink, mainMenu, localInfo, localInfoSEO, languageMenu, footer, srOnly, visuallyHidden,
      screenReaderText,
      skipLinkGeneric,
    ].reduce(0) { $0 | $1.bit }
  }

  /// Every attribute the collector reads, on any element. Inside `<main>` the byte scan leaves
  /// all others out of what the parser is shown (`AttributeThinning`, whose keys a test checks
  /// against this list): a new `value(_:)` or `has(_:)` call in this file must add its name here.
  static let attributesRead = [
    "class", "role", "hidden", "id", "href", "title", "lang", "hreflang", "rel", "dir", "datetime",
    "aria-describedby",
  ]

  /// ARIA roles of page furniture.
  static let chromeRoles = TokenSet(["navigation", "banner", "contentinfo", "search", "dialog"])

  /// The class tokens of the element being started.
  private var classes: UInt64 = 0
  /// Whether the element being started is `hidden` or has a furniture role.
  private var hiddenOrChromeRole = false

  private func has(_ token: ClassToken) -> Bool { classes & token.bit != 0 }

  // MARK: Events

  func startElement(_ name: borrowing HTMLName, attributes: borrowing HTMLAttributes, line: Int) {
    depth += 1
    sawElement = true
    let name = name.withUTF8 { ElementTag(name: $0) }
    switch name {
    case .html:
      locale = attributes.value("lang")?.lowercased()
      direction = attributes.value("dir")?.lowercased()
      return
    case .link:
      // In <head>, which is otherwise skipped: the canonical URL and language alternates.
      if attributes.value("rel")?.lowercased() == "canonical", canonicalURL == nil {
        canonicalURL = attributes.value("href")
      }
      languageLink(name, attributes)
      return
    default: break
    }
    if skipDepth != nil { return languageLink(name, attributes) }
    if name == .body {
      bodyDepth = depth
      addLanguageVersions(languagesBeforeMain)
      if canonicalURL == nil { canonicalURL = canonicalURLBeforeMain }
      return
    }
    languageLink(name, attributes)
    let facts = attributes.furnitureFacts(classes: ClassToken.set, roles: Self.chromeRoles)
    classes = facts.classes
    hiddenOrChromeRole = facts.hidden || facts.roles != 0
    if isChrome(name, attributes) {
      skipDepth = depth
      return
    }
    if name == .main, mainDepth == nil {
      mainDepth = depth
      regionFound = max(regionFound, .main)
    } else if name == .article, articleDepth == nil {
      articleDepth = depth
      regionFound = max(regionFound, .article)
    }
    if has(.hero) { heroDepth = heroDepth ?? depth }

    if capture != nil { return handleInsideCapture(name, attributes, line: line) }
    handleBlockStart(name, attributes, line: line)
  }

  func endElement() {
    defer { depth -= 1 }
    if let skip = skipDepth {
      if depth == skip { skipDepth = nil }
      if languageLinkOpen?.depth == depth { finishLanguageLink() }
      return
    }
    if languageLinkOpen?.depth == depth { finishLanguageLink() }
    if capture != nil {
      if capture!.linkDepth == depth { capture!.closeLink() }
      if capture!.depth == depth { finishCapture() }
    }
    // Compare depths without binding: a binding would copy the open block on every end tag.
    if list?.depth == depth {
      finishCapture()
      if let open = list { items.append((.block(open.block), region)) }
      list = nil
    }
    if linkList?.depth == depth {
      finishCapture()
      if let open = linkList, !open.block.units.isEmpty { items.append((.block(open.block), region)) }
      linkList = nil
    }
    if contact?.depth == depth {
      finishCapture()
      if let open = contact, !open.block.units.isEmpty { items.append((.block(open.block), region)) }
      contact = nil
    }
    if heroDepth == depth { heroDepth = nil }
    if mainDepth == depth { mainDepth = nil }
    if articleDepth == depth { articleDepth = nil }
  }

  func characters(_ text: borrowing HTMLText) {
    if languageLinkOpen != nil, skipDepth != nil {
      languageLinkOpen!.text += text.string
      return
    }
    guard skipDepth == nil else { return }
    if capture != nil {
      capture!.append(text)
      return
    }
    if languageLinkOpen != nil { languageLinkOpen!.text += text.string }
    guard !text.isWhitespace, bodyDepth != nil else { return }
    if heroDepth != nil {
      let trimmed = TextNormalization.normalize(text.string)
      if published == nil, Self.looksLikeDate(trimmed) { published = trimmed }
      return
    }
    // Loose text straight inside a container: an implicit paragraph.
    var implicit = beginCapture(linkList != nil ? .site : .paragraph, depth: depth, line: 0)
    implicit.implicit = true
    implicit.append(text)
    capture = implicit
  }

  // MARK: Chrome

  /// Elements that are page furniture, not content: their whole subtree is skipped.
  private func isChrome(_ name: ElementTag, _ attributes: borrowing HTMLAttributes) -> Bool {
    if name.isFurniture { return true }
    if hiddenOrChromeRole { return true }
    if classes & ClassToken.chrome != 0 { return true }
    if has(.zeroWidth), has(.zeroHeight) { return true }
    // The "On this page" index repeats the headings as links.
    if name == .ul || name == .ol, has(.listDisc), attributes.has("title") { return true }
    return false
  }

  /// Language-menu links (`hreflang`) are chrome, but they say which language versions exist.
  private func languageLink(_ name: ElementTag, _ attributes: borrowing HTMLAttributes) {
    guard name == .a || name == .link, let code = attributes.value("hreflang"),
      let href = attributes.value("href")
    else { return }
    let locale = code.lowercased()
    guard !locale.isEmpty, !languageVersions.contains(where: { $0.locale == locale }) else { return }
    if name == .link {
      languageVersions.append(LanguageVersion(locale: locale, url: href, name: nil))
    } else {
      languageLinkOpen = (depth, locale, href, attributes.value("title") ?? "", "")
    }
  }

  private func finishLanguageLink() {
    guard let open = languageLinkOpen else { return }
    languageLinkOpen = nil
    languageVersions.append(
      LanguageVersion(
        locale: open.locale, url: open.url, name: Self.languageName(title: open.title, text: open.text)))
  }

  /// Adds language versions read by the byte scan, each locale once.
  func addLanguageVersions(_ versions: [LanguageVersion]) {
    for version in versions where !languageVersions.contains(where: { $0.locale == version.locale }) {
      languageVersions.append(version)
    }
  }

  /// A language link's name: its `title` (InfoFinland's menus give the full name there and a
  /// code as the text), else its text; nil when both are empty.
  static func languageName(title: String, text: @autoclosure () -> String) -> String? {
    let title = TextNormalization.normalize(title)
    if !title.isEmpty { return title }
    let text = TextNormalization.normalize(text())
    return text.isEmpty ? nil : text
  }

  // MARK: Blocks

  private func handleInsideCapture(_ name: ElementTag, _ attributes: borrowing HTMLAttributes, line: Int) {
    // Read the few facts needed rather than copy the capture (its buffers) on every tag.
    guard let kind = capture?.kind, let implicit = capture?.implicit else { return }
    if kind == .heading, capture!.anchor == nil, let id = attributes.value("id") { capture!.anchor = id }
    switch name {
    case .br:
      capture!.lineBreak()
    case .a:
      capture!.openLink(href: attributes.value("href") ?? "", depth: depth)
    case .ul where kind == .item || implicit, .ol where kind == .item || implicit:
      // A list inside a list item ends the item; the nested items join the list.
      finishCapture()
      handleBlockStart(name, attributes, line: line)
    default:
      guard name.isBlock else { return }
      if implicit {
        finishCapture()
        handleBlockStart(name, attributes, line: line)
      } else {
        capture!.separate()
      }
    }
  }

  private func handleBlockStart(_ name: ElementTag, _ attributes: borrowing HTMLAttributes, line: Int) {
    guard bodyDepth != nil else { return }
    if heroDepth != nil {
      switch name {
      case .h1: capture = beginCapture(.title, depth: depth, line: line)
      case .span where attributes.has("lang") && finnishTitle == nil:
        capture = beginCapture(.finnishTitle, depth: depth, line: line)
      case .time:
        published = attributes.value("datetime")
      default: break
      }
      return
    }
    if linkList == nil, has(.orangeBox) {
      linkList = (depth, RawBlock(kind: .links, line: line, units: []), nil)
      return
    }
    if linkList != nil {
      switch name {
      case .h2, .h3, .h4, .h5, .h6:
        capture = beginCapture(.site, depth: depth, line: line)
      case .a where attributes.has("aria-describedby") && !linkList!.block.units.isEmpty:
        var languageCapture = beginCapture(.linkLanguage, depth: depth, line: line)
        languageCapture.url = attributes.value("href")
        capture = languageCapture
      case .a:
        var linkCapture = beginCapture(.link, depth: depth, line: line)
        linkCapture.url = attributes.value("href")
        capture = linkCapture
      default: break
      }
      return
    }
    if contact != nil, name == .p {
      capture = beginCapture(.contactField, depth: depth, line: line)
      return
    }
    switch name {
    case .h1:
      capture = beginCapture(.title, depth: depth, line: line)
    case .h2:
      capture = beginCapture(.heading, depth: depth, line: line)
      capture!.level = 2
      capture!.anchor = attributes.value("id")
    case .h4 where has(.contactHeading):
      contact = (depth - 1, RawBlock(kind: .contact, line: line, units: []))
      capture = beginCapture(.contactName, depth: depth, line: line)
    case .h3, .h4, .h5, .h6:
      capture = beginCapture(.subheading, depth: depth, line: line)
    case .address:
      contact = (depth, RawBlock(kind: .contact, line: line, units: []))
      capture = beginCapture(.contactField, depth: depth, line: line)
    case .ul, .ol:
      if list == nil { list = (depth, RawBlock(kind: .list, ordered: name == .ol, line: line, units: [])) }
    case .li:
      capture = beginCapture(list == nil ? .paragraph : .item, depth: depth, line: line)
    case .p, .td, .th, .dt, .dd, .blockquote, .figcaption, .pre:
      capture = beginCapture(.paragraph, depth: depth, line: line)
    case .div where has(.ingress):
      capture = beginCapture(.lead, depth: depth, line: line)
    case .a:
      var implicit = beginCapture(.paragraph, depth: depth - 1, line: line)
      implicit.implicit = true
      implicit.openLink(href: attributes.value("href") ?? "", depth: depth)
      capture = implicit
    default: break
    }
  }

  /// Ends the open capture and files its text where it belongs.
  /// A new capture, gathering its text in the buffer the last one used.
  private func beginCapture(_ kind: TextCapture.Kind, depth: Int, line: Int) -> TextCapture {
    var started = TextCapture(kind: kind, depth: depth, line: line)
    started.adopt(&spareBytes)
    return started
  }

  private func finishCapture() {
    guard var open = capture.take() else { return }
    defer { open.release(to: &spareBytes) }
    open.closeLink()
    let (text, links) = open.finished
    if open.line == 0 { open.line = open.firstLine }
    switch open.kind {
    case .none: return
    case .finnishTitle:
      if !text.isEmpty { finnishTitle = text }
      return
    case .linkLanguage:
      guard !text.isEmpty, linkList != nil, !linkList!.block.units.isEmpty else { return }
      let last = linkList!.block.units.count - 1
      linkList!.block.units[last].languages.append(LinkLanguage(name: text, url: open.url ?? ""))
      return
    case .site:
      if linkList != nil { linkList!.pendingSite = text }
      return
    default: break
    }
    guard !text.isEmpty else { return }
    var unit = RawUnit(kind: open.unitKind, text: text, line: open.line, links: links, url: open.url)
    unit.textMayHoldInvariant = open.mayHoldInvariant
    switch open.kind {
    case .title:
      items.append((.title(unit), region))
    case .lead:
      items.append((.lead(unit), region))
    case .heading:
      items.append((.heading(unit, level: open.level, anchor: open.anchor), region))
    case .item:
      if list != nil {
        list!.block.units.append(unit)
      } else {
        items.append((.block(RawBlock(kind: .paragraph, line: unit.line, units: [unit])), region))
      }
    case .link:
      unit.site = linkList?.pendingSite
      if linkList != nil { linkList!.block.units.append(unit) }
    case .contactName:
      contact?.block.units.append(unit)
    case .contactField:
      for (index, fieldLine) in open.lines.enumerated() where !fieldLine.isEmpty {
        let invariants = InvariantScanner.scan(fieldLine)
        contact?.block.units.append(
          RawUnit(
            kind: Self.contactFieldKind(fieldLine, invariants: invariants), text: fieldLine,
            line: open.line + index,
            invariants: invariants))
      }
    case .subheading:
      items.append((.block(RawBlock(kind: .subheading, line: unit.line, units: [unit])), region))
    default:
      if list != nil, open.implicit {
        list!.block.units.append(RawUnit(kind: .item, text: text, line: unit.line, links: unit.links))
      } else {
        items.append((.block(RawBlock(kind: .paragraph, line: unit.line, units: [unit])), region))
      }
    }
  }

  /// What one line of a contact block is: an e-mail, a phone, opening hours, or an address line.
  static func contactFieldKind(_ line: String, invariants: [Invariant]) -> Unit.Kind {
    if invariants.contains(where: { $0.kind == .email }) { return .email }
    let facts = ContactLineFacts(line)
    if invariants.contains(where: { $0.kind == .phone }), facts.letters <= 12 { return .phone }
    if facts.hasRange && !facts.hasPostalCode && facts.letters > 0 && !facts.hasComma { return .hours }
    return .address
  }

  /// What `contactFieldKind` looks at in a line, counted in characters.
  struct ContactLineFacts: Equatable {
    /// Letters (a phone line has few besides the number, which holds none).
    var letters = 0
    /// A dash or colon and a digit: a time range.
    var hasRange = false
    /// A word of five digits.
    var hasPostalCode = false
    var hasComma = false

    init(_ line: String) { self = Self(scalarsOf: line) ?? Self(charactersOf: line) }

    /// The facts counted over characters (grapheme clusters).
    init(charactersOf line: String) {
      letters = line.reduce(0) { $0 + ($1.isLetter ? 1 : 0) }
      hasRange = line.contains { $0 == "–" || $0 == "-" || $0 == ":" } && line.contains { $0.isNumber }
      hasPostalCode = line.split(separator: " ").contains { $0.count == 5 && $0.allSatisfy(\.isNumber) }
      hasComma = line.contains(",")
    }

    /// The same facts in one pass over the scalars, for a line in which every scalar is a
    /// character of its own (no combining marks or joiners): then a character is a letter or a
    /// number exactly when its scalar is. Nil for any other line.
    init?(scalarsOf line: String) {
      var dashOrColon = false
      var number = false
      var wordLength = 0
      var wordIsDigits = true
      for scalar in line.unicodeScalars {
        let value = scalar.value
        guard
          value < 0x0300 || (0x0400...0x0482).contains(value) || (0x048A...0x052F).contains(value)
            || (0x0620...0x064A).contains(value) || (0x0660...0x0669).contains(value)
            || (0x06F0...0x06F9).contains(value) || value == 0x2013 || (0x4E00...0x9FFF).contains(value)
        else { return nil }
        if value == 0x20 {
          if wordLength == 5, wordIsDigits { hasPostalCode = true }
          wordLength = 0
          wordIsDigits = true
          continue
        }
        let isNumber =
          value < 0x80 ? (0x30...0x39).contains(value) : scalar.properties.numericType != nil
        let isLetter =
          value < 0x80
          ? (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value) : scalar.properties.isAlphabetic
        if isLetter { letters += 1 }
        if isNumber { number = true }
        if value == 0x2D || value == 0x3A || value == 0x2013 { dashOrColon = true }
        if value == 0x2C { hasComma = true }
        wordLength += 1
        wordIsDigits = wordIsDigits && isNumber
      }
      if wordLength == 5, wordIsDigits { hasPostalCode = true }
      hasRange = dashOrColon && number
    }
  }

  static func looksLikeDate(_ text: String) -> Bool {
    let parts = text.split(separator: ".")
    return parts.count == 3 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
  }
}
