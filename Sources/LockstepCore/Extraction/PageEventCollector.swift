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

/// The element names the collector reacts to, looked up once per start tag so that the
/// decisions that follow compare small integers, not strings.
enum ElementTag: UInt8 {
  case html, head, link, body, main, article, section, a, br, span, time, div, p, ul, ol, li
  case h1, h2, h3, h4, h5, h6, td, th, dt, dd, blockquote, figcaption, pre, address, table, tr, dl
  case figure, hr
  // Page furniture: the whole subtree is skipped.
  case title, script, style, noscript, template, svg, math, button, select, textarea, iframe, object
  case canvas, header, nav, footer, aside, form, label, dialog, img, picture, video, audio, input
  case other

  /// Every tag by its name's bytes packed into an integer (names of up to eight bytes), sorted
  /// for a binary search: cheaper than hashing a string per element.
  private static let byPackedName: [(key: UInt64, tag: ElementTag)] = (0..<ElementTag.other.rawValue)
    .compactMap { raw in
      let tag = ElementTag(rawValue: raw)!
      return pack(Array("\(tag)".utf8)).map { ($0, tag) }
    }
    .sorted { $0.key < $1.key }

  /// The names longer than eight bytes.
  private static let longNames: [String: ElementTag] = [
    "blockquote": .blockquote, "figcaption": .figcaption,
  ]

  private static func pack(_ bytes: some Collection<UInt8>) -> UInt64? {
    guard bytes.count <= 8 else { return nil }
    var key: UInt64 = 0
    for byte in bytes { key = key << 8 | UInt64(byte) }
    return key
  }

  /// The tag of an element name (libxml2 lower-cases them).
  init(name: String) {
    guard let key = Self.pack(name.utf8) else {
      self = Self.longNames[name] ?? .other
      return
    }
    let table = Self.byPackedName
    var low = 0
    var high = table.count
    while low < high {
      let middle = (low + high) / 2
      if table[middle].key < key { low = middle + 1 } else { high = middle }
    }
    self = low < table.count && table[low].key == key ? table[low].tag : .other
  }

  /// Elements that are never content, whatever their attributes.
  var isFurniture: Bool { self == .head || (rawValue >= ElementTag.title.rawValue && self != .other) }

  /// Elements that start a new block: inside a unit they separate text.
  var isBlock: Bool {
    switch self {
    case .p, .div, .ul, .ol, .li, .h1, .h2, .h3, .h4, .h5, .h6, .table, .tr, .td, .th, .blockquote, .section,
      .article, .main, .address, .dl, .dt, .dd, .figure, .figcaption, .pre, .hr:
      return true
    default:
      return false
    }
  }
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

  /// ARIA roles of page furniture.
  static let chromeRoles = TokenSet(["navigation", "banner", "contentinfo", "search", "dialog"])

  /// The class tokens of the element being started.
  private var classes: UInt64 = 0

  private func has(_ token: ClassToken) -> Bool { classes & token.bit != 0 }

  // MARK: Events

  func startElement(_ name: String, attributes: borrowing HTMLAttributes, line: Int) {
    depth += 1
    sawElement = true
    let name = ElementTag(name: name)
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
      return
    }
    languageLink(name, attributes)
    classes = attributes.tokenMask(ClassToken.set)
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
    var implicit = TextCapture(kind: linkList != nil ? .site : .paragraph, depth: depth, line: 0)
    implicit.implicit = true
    implicit.append(text)
    capture = implicit
  }

  // MARK: Chrome

  /// Elements that are page furniture, not content: their whole subtree is skipped.
  private func isChrome(_ name: ElementTag, _ attributes: borrowing HTMLAttributes) -> Bool {
    if name.isFurniture { return true }
    if attributes.has("hidden") { return true }
    if attributes.tokenMask(Self.chromeRoles, in: "role") != 0 { return true }
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
      case .h1: capture = TextCapture(kind: .title, depth: depth, line: line)
      case .span where attributes.has("lang") && finnishTitle == nil:
        capture = TextCapture(kind: .finnishTitle, depth: depth, line: line)
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
        capture = TextCapture(kind: .site, depth: depth, line: line)
      case .a where attributes.has("aria-describedby") && !linkList!.block.units.isEmpty:
        var languageCapture = TextCapture(kind: .linkLanguage, depth: depth, line: line)
        languageCapture.url = attributes.value("href")
        capture = languageCapture
      case .a:
        var linkCapture = TextCapture(kind: .link, depth: depth, line: line)
        linkCapture.url = attributes.value("href")
        capture = linkCapture
      default: break
      }
      return
    }
    if contact != nil, name == .p {
      capture = TextCapture(kind: .contactField, depth: depth, line: line)
      return
    }
    switch name {
    case .h1:
      capture = TextCapture(kind: .title, depth: depth, line: line)
    case .h2:
      capture = TextCapture(kind: .heading, depth: depth, line: line)
      capture!.level = 2
      capture!.anchor = attributes.value("id")
    case .h4 where has(.contactHeading):
      contact = (depth - 1, RawBlock(kind: .contact, line: line, units: []))
      capture = TextCapture(kind: .contactName, depth: depth, line: line)
    case .h3, .h4, .h5, .h6:
      capture = TextCapture(kind: .subheading, depth: depth, line: line)
    case .address:
      contact = (depth, RawBlock(kind: .contact, line: line, units: []))
      capture = TextCapture(kind: .contactField, depth: depth, line: line)
    case .ul, .ol:
      if list == nil { list = (depth, RawBlock(kind: .list, ordered: name == .ol, line: line, units: [])) }
    case .li:
      capture = TextCapture(kind: list == nil ? .paragraph : .item, depth: depth, line: line)
    case .p, .td, .th, .dt, .dd, .blockquote, .figcaption, .pre:
      capture = TextCapture(kind: .paragraph, depth: depth, line: line)
    case .div where has(.ingress):
      capture = TextCapture(kind: .lead, depth: depth, line: line)
    case .a:
      var implicit = TextCapture(kind: .paragraph, depth: depth - 1, line: line)
      implicit.implicit = true
      implicit.openLink(href: attributes.value("href") ?? "", depth: depth)
      capture = implicit
    default: break
    }
  }

  /// Ends the open capture and files its text where it belongs.
  private func finishCapture() {
    guard var open = capture.take() else { return }
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

/// Text being gathered for one unit, as UTF-8 bytes: whitespace is collapsed and invisible
/// format characters dropped as the bytes arrive, so link offsets are offsets into the final text;
/// NFC runs once at the end, and only when a character that NFC could change was seen.
struct TextCapture {
  enum Kind {
    case none, title, finnishTitle, lead, heading, subheading, paragraph, item, site, link, linkLanguage
    case contactName, contactField
  }

  var kind: Kind
  /// The depth of the element whose end finishes this capture.
  var depth: Int
  var line: Int
  var firstLine = 0
  var implicit = false
  var level = 0
  var anchor: String?
  var url: String?
  private(set) var links: [InlineLink] = []
  private(set) var linkDepth: Int?
  private var linkStart = (byte: 0, scalar: 0)
  private var linkHref = ""
  private var bytes: [UInt8] = []
  private var count = 0
  private var pendingSpace = false
  private var mayNeedNFC = false
  /// Whether the text holds a digit, an `@`, or a `.` or `:` inside a word (not ending one):
  /// without one of them no invariant can be in it (see `InvariantScanner.scan`).
  private(set) var mayHoldInvariant = false
  /// A `.` or `:` ended the text so far: it counts if a non-space character follows.
  private var pendingMark = false

  /// Notes the invariant marks in a plain run (see `plainRunEnd`): a digit or `@`, or any
  /// character after a `.` or `:` that ends a word, except a space.
  private mutating func noteMarks(_ input: UnsafeBufferPointer<UInt8>, _ run: Range<Int>) {
    var position = run.lowerBound
    let end = run.upperBound
    while position < end {
      // Eight bytes at a time while no mark is pending: a block without a candidate byte changes
      // nothing.
      if !pendingMark, position + 8 <= end,
        !Self.mayHoldMark(UnsafeRawPointer(input.baseAddress! + position).loadUnaligned(as: UInt64.self))
      {
        position += 8
        continue
      }
      let byte = input[position]
      position += 1
      if byte >= 0x80 {
        // A lead byte starts a character; continuation bytes only carry on the same one.
        if pendingMark, byte >= 0xC0 {
          mayHoldInvariant = true
          return
        }
        continue
      }
      if byte == 0x20 {
        pendingMark = false
        continue
      }
      if pendingMark || (byte >= 0x30 && byte <= 0x39) || byte == 0x40 {
        mayHoldInvariant = true
        return
      }
      pendingMark = byte == 0x2E || byte == 0x3A
    }
  }

  /// Whether eight bytes may hold an invariant mark: an ASCII byte from `.` to `:` (digits, and
  /// `/` as a harmless extra) or an `@`. Each byte is tested in its own lane, with no carries.
  @inline(__always)
  static func mayHoldMark(_ word: UInt64) -> Bool {
    let high: UInt64 = 0x8080_8080_8080_8080
    let low7 = word & ~high
    let atLeastDot = (low7 &+ 0x5252_5252_5252_5252) & high
    let aboveColon = (low7 &+ 0x4545_4545_4545_4545) & high
    let atSign = ~((low7 ^ 0x4040_4040_4040_4040) &+ 0x7F7F_7F7F_7F7F_7F7F) & high
    return ((atLeastDot & ~aboveColon) | atSign) & ~word & high != 0
  }

  private var lineBreaks: [Int] = []

  init(kind: Kind, depth: Int, line: Int) {
    self.kind = kind
    self.depth = depth
    self.line = line
  }

  var unitKind: Unit.Kind {
    switch kind {
    case .title: .title
    case .lead: .lead
    case .heading: .heading
    case .subheading: .subheading
    case .item: .item
    case .link: .link
    case .contactName: .contactName
    default: .paragraph
    }
  }

  /// Appends a run of character data from the parser.
  mutating func append(_ text: borrowing HTMLText) {
    text.withUTF8 { append(utf8: $0) }
  }

  /// Appends a string.
  mutating func append(_ string: String) {
    var copy = string
    copy.withUTF8 { append(utf8: $0) }
  }

  /// Appends UTF-8, collapsing whitespace and dropping invisible format characters.
  mutating func append(utf8 input: UnsafeBufferPointer<UInt8>) {
    var index = 0
    let end = input.count
    while index < end {
      let byte = input[index]
      if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C || byte == 0x0B {
        pendingSpace = count > 0
        pendingMark = false
        index += 1
        continue
      }
      // Most text is plain: it goes in as it is, in one copy.
      let (runEnd, scalars) = Self.plainRunEnd(input, from: index)
      if runEnd > index {
        if pendingSpace { appendSpace() }
        if !mayHoldInvariant { noteMarks(input, index..<runEnd) }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[index..<runEnd]))
        count += scalars
        index = runEnd
        continue
      }
      let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
      guard index + length <= end else { break }
      var value = UInt32(byte) & (0xFF >> UInt32(length + 1))
      for offset in 1..<length { value = value << 6 | UInt32(input[index + offset] & 0x3F) }
      defer { index += length }
      let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
      if TextNormalization.isInvisibleFormat(scalar) { continue }
      if TextNormalization.isUnicodeSpace(value) {
        pendingSpace = count > 0
        continue
      }
      if pendingSpace { appendSpace() }
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[index..<(index + length)]))
      count += 1
      if !mayNeedNFC, value >= 0x300, TextNormalization.mayChangeUnderNFC(scalar) { mayNeedNFC = true }
      if !mayHoldInvariant, pendingMark || scalar == "＠" || InvariantScanner.asciiDigit(scalar) != nil {
        mayHoldInvariant = true
      }
    }
  }

  /// The end of the plain run that starts at `start`, and how many characters it holds. Plain
  /// means the text goes in unchanged: ASCII other than white space, single spaces between such
  /// characters, and the letters of the scripts met most (`isPlain`). A run ends before anything
  /// that needs a closer look: other white space, a format character, a digit outside ASCII, a
  /// character NFC could change, or a cut sequence.
  @inline(__always)
  static func plainRunEnd(_ input: UnsafeBufferPointer<UInt8>, from start: Int) -> (end: Int, scalars: Int) {
    let end = input.count
    var position = start
    var scalars = 0
    while position < end {
      let byte = input[position]
      if byte < 0x80 {
        if byte > 0x20 || (byte < 0x20 && !(0x09...0x0D).contains(byte)) {
          position += 1
          scalars += 1
          continue
        }
        // A single space between plain characters stays; any other white space ends the run.
        guard byte == 0x20, position > start, position + 1 < end else { break }
        let next = input[position + 1]
        if next > 0x20, next < 0x80 || plainLength(input, at: position + 1) > 0 {
          position += 2
          scalars += 2
          if next >= 0x80 { position += plainLength(input, at: position - 1) - 1 }
          continue
        }
        break
      }
      let length = plainLength(input, at: position)
      guard length > 0 else { break }
      position += length
      scalars += 1
    }
    return (position, scalars)
  }

  /// The byte length of the two- or three-byte sequence at `position` when it is a plain letter
  /// (`isPlain`), else 0.
  @inline(__always)
  private static func plainLength(_ input: UnsafeBufferPointer<UInt8>, at position: Int) -> Int {
    let lead = input[position]
    if lead >= 0xC2, lead < 0xE0, position + 1 < input.count {
      let second = input[position + 1]
      guard second & 0xC0 == 0x80 else { return 0 }
      return isPlain(UInt32(lead & 0x1F) << 6 | UInt32(second & 0x3F)) ? 2 : 0
    }
    if lead >= 0xE0, lead < 0xF0, position + 2 < input.count {
      let second = input[position + 1]
      let third = input[position + 2]
      guard second & 0xC0 == 0x80, third & 0xC0 == 0x80 else { return 0 }
      let value = UInt32(lead & 0x0F) << 12 | UInt32(second & 0x3F) << 6 | UInt32(third & 0x3F)
      return isPlain(value) ? 3 : 0
    }
    return 0
  }

  /// Letters and signs that are never white space, never invisible, never a digit or `＠`, and
  /// that NFC leaves alone: Latin-1 and Latin Extended (but the soft hyphen and no-break space),
  /// and the letters of Cyrillic, Arabic, Thai, kana, CJK ideographs and full-width forms (but
  /// the full-width digits and `＠`), as in `TextNormalization.mayChangeUnderNFC`'s fast path.
  @inline(__always)
  static func isPlain(_ value: UInt32) -> Bool {
    switch value {
    case 0x00A1...0x00AC, 0x00AE...0x02FF, 0x0400...0x0482, 0x048A...0x052F, 0x0620...0x064A, 0x0671...0x06D3,
      0x0E01...0x0E30, 0x0E32, 0x0E33, 0x0E40...0x0E46, 0x3001...0x3098, 0x309B...0x33FF, 0x4E00...0x9FFF,
      0xFF01...0xFF0F, 0xFF1A...0xFF1F, 0xFF21...0xFFEF:
      return true
    default:
      return false
    }
  }

  private mutating func appendSpace() {
    bytes.append(0x20)
    count += 1
    pendingSpace = false
  }

  /// A block boundary inside the unit: at least a space.
  mutating func separate() { pendingSpace = count > 0 }

  /// A `<br>`: a space in running text, a new line in a contact block.
  mutating func lineBreak() {
    pendingSpace = count > 0
    if lineBreaks.last != bytes.count { lineBreaks.append(bytes.count) }
  }

  mutating func openLink(href: String, depth: Int) {
    closeLink()
    if pendingSpace { appendSpace() }
    linkDepth = depth
    linkStart = (bytes.count, count)
    linkHref = href
  }

  mutating func closeLink() {
    guard linkDepth != nil else { return }
    linkDepth = nil
    guard count > linkStart.scalar else { return }
    let text = String(decoding: bytes[linkStart.byte...], as: UTF8.self)
    links.append(
      InlineLink(text: text, href: linkHref, offset: linkStart.scalar, length: count - linkStart.scalar))
  }

  /// The finished text (NFC) and its links, with offsets into that text.
  var finished: (text: String, links: [InlineLink]) {
    let raw = String(decoding: bytes, as: UTF8.self)
    guard mayNeedNFC else { return (raw, links) }
    let composed = TextNormalization.nfc(raw)
    guard composed != raw || composed.unicodeScalars.count != count else { return (composed, links) }
    // NFC merged characters: move each link to its place in the composed text.
    let scalars = Array(raw.unicodeScalars)
    func position(_ offset: Int) -> Int {
      TextNormalization.nfc(String(String.UnicodeScalarView(scalars[..<offset]))).unicodeScalars.count
    }
    let moved = links.map { link in
      let start = position(link.offset)
      let end = position(link.offset + link.length)
      return InlineLink(
        text: TextNormalization.nfc(link.text), href: link.href, offset: start, length: end - start)
    }
    return (composed, moved)
  }

  /// The text split at `<br>`s, each line normalised.
  var lines: [String] {
    var result: [String] = []
    var start = 0
    for end in lineBreaks + [bytes.count] where end >= start {
      // The only white space left in the bytes is single spaces; the one a line break leaves at
      // either end of a line goes here, so most lines are already in normal form.
      var line = bytes[start..<end]
      while line.first == 0x20 { line.removeFirst() }
      while line.last == 0x20 { line.removeLast() }
      result.append(TextNormalization.normalize(String(decoding: line, as: UTF8.self)))
      start = end
    }
    return result
  }
}
