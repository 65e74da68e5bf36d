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
  var items: [(item: RawItem, region: ContentRegion)] = []
  var regionFound = ContentRegion.body
  var sawElement = false
  /// Language versions read from the part of the body the parser was not shown; they join the
  /// list when `<body>` starts, so the list keeps document order.
  var languagesBeforeMain: [LanguageVersion] = []

  // Stream state.
  private var depth = 0
  private var skipDepth: Int?
  private var mainDepth: Int?
  private var articleDepth: Int?
  private var bodyDepth: Int?
  private var heroDepth: Int?
  private var languageLinkOpen: (depth: Int, locale: String, url: String, name: String)?
  private var capture: TextCapture?
  private var list: (depth: Int, block: RawBlock)?
  private var linkList: (depth: Int, block: RawBlock, pendingSite: String?)?
  private var contact: (depth: Int, block: RawBlock)?

  private var region: ContentRegion {
    if mainDepth != nil { return .main }
    if articleDepth != nil { return .article }
    return .body
  }

  var wantsCharacters: Bool { skipDepth == nil }

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
    switch name {
    case "html":
      locale = attributes.value("lang")?.lowercased()
      direction = attributes.value("dir")?.lowercased()
      return
    case "link":
      // In <head>, which is otherwise skipped: the canonical URL and language alternates.
      if attributes.value("rel")?.lowercased() == "canonical", canonicalURL == nil {
        canonicalURL = attributes.value("href")
      }
      languageLink(name, attributes)
      return
    default: break
    }
    if skipDepth != nil { return languageLink(name, attributes) }
    if name == "body" {
      bodyDepth = depth
      for version in languagesBeforeMain
      where !languageVersions.contains(where: { $0.locale == version.locale }) {
        languageVersions.append(version)
      }
      return
    }
    languageLink(name, attributes)
    classes = attributes.tokenMask(ClassToken.set)
    if isChrome(name, attributes) {
      skipDepth = depth
      return
    }
    if name == "main", mainDepth == nil {
      mainDepth = depth
      regionFound = max(regionFound, .main)
    } else if name == "article", articleDepth == nil {
      articleDepth = depth
      regionFound = max(regionFound, .article)
    }
    if has(.hero) { heroDepth = heroDepth ?? depth }

    if capture != nil { return handleInsideCapture(name, attributes, line: line) }
    handleBlockStart(name, attributes, line: line)
  }

  func endElement(_ name: String) {
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
      languageLinkOpen!.name += text.string
      return
    }
    guard skipDepth == nil else { return }
    if capture != nil {
      capture!.append(text)
      return
    }
    if languageLinkOpen != nil { languageLinkOpen!.name += text.string }
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
  private func isChrome(_ name: String, _ attributes: borrowing HTMLAttributes) -> Bool {
    switch name {
    case "head", "title", "script", "style", "noscript", "template", "svg", "math", "button", "select",
      "textarea",
      "iframe", "object", "canvas", "header", "nav", "footer", "aside", "form", "label", "dialog", "img",
      "picture",
      "video", "audio", "input":
      return true
    default: break
    }
    if attributes.has("hidden") { return true }
    if attributes.tokenMask(Self.chromeRoles, in: "role") != 0 { return true }
    if classes & ClassToken.chrome != 0 { return true }
    if has(.zeroWidth), has(.zeroHeight) { return true }
    // The "On this page" index repeats the headings as links.
    if name == "ul" || name == "ol", has(.listDisc), attributes.has("title") { return true }
    return false
  }

  /// Language-menu links (`hreflang`) are chrome, but they say which language versions exist.
  private func languageLink(_ name: String, _ attributes: borrowing HTMLAttributes) {
    guard name == "a" || name == "link", let code = attributes.value("hreflang"),
      let href = attributes.value("href")
    else { return }
    let locale = code.lowercased()
    guard !locale.isEmpty, !languageVersions.contains(where: { $0.locale == locale }) else { return }
    if name == "link" {
      languageVersions.append(LanguageVersion(locale: locale, url: href, name: nil))
    } else {
      languageLinkOpen = (depth, locale, href, attributes.value("title") ?? "")
    }
  }

  private func finishLanguageLink() {
    guard let open = languageLinkOpen else { return }
    languageLinkOpen = nil
    let name = TextNormalization.normalize(open.name)
    languageVersions.append(
      LanguageVersion(locale: open.locale, url: open.url, name: name.isEmpty ? nil : name))
  }

  // MARK: Blocks

  private static let blockElements: Set<String> = [
    "p", "div", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr", "td", "th", "blockquote",
    "section", "article", "main", "address", "dl", "dt", "dd", "figure", "figcaption", "pre", "hr",
  ]

  private func handleInsideCapture(_ name: String, _ attributes: borrowing HTMLAttributes, line: Int) {
    guard let open = capture else { return }
    if open.kind == .heading, open.anchor == nil, let id = attributes.value("id") { capture!.anchor = id }
    switch name {
    case "br":
      capture!.lineBreak()
    case "a":
      capture!.openLink(href: attributes.value("href") ?? "", depth: depth)
    case "ul" where open.kind == .item || open.implicit, "ol" where open.kind == .item || open.implicit:
      // A list inside a list item ends the item; the nested items join the list.
      finishCapture()
      handleBlockStart(name, attributes, line: line)
    default:
      guard Self.blockElements.contains(name) else { return }
      if open.implicit {
        finishCapture()
        handleBlockStart(name, attributes, line: line)
      } else {
        capture!.separate()
      }
    }
  }

  private func handleBlockStart(_ name: String, _ attributes: borrowing HTMLAttributes, line: Int) {
    guard bodyDepth != nil else { return }
    if heroDepth != nil {
      switch name {
      case "h1": capture = TextCapture(kind: .title, depth: depth, line: line)
      case "span" where attributes.has("lang") && finnishTitle == nil:
        capture = TextCapture(kind: .finnishTitle, depth: depth, line: line)
      case "time":
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
      case "h2", "h3", "h4", "h5", "h6":
        capture = TextCapture(kind: .site, depth: depth, line: line)
      case "a" where attributes.has("aria-describedby") && !linkList!.block.units.isEmpty:
        var languageCapture = TextCapture(kind: .linkLanguage, depth: depth, line: line)
        languageCapture.url = attributes.value("href")
        capture = languageCapture
      case "a":
        var linkCapture = TextCapture(kind: .link, depth: depth, line: line)
        linkCapture.url = attributes.value("href")
        capture = linkCapture
      default: break
      }
      return
    }
    if contact != nil, name == "p" {
      capture = TextCapture(kind: .contactField, depth: depth, line: line)
      return
    }
    switch name {
    case "h1":
      capture = TextCapture(kind: .title, depth: depth, line: line)
    case "h2":
      capture = TextCapture(kind: .heading, depth: depth, line: line)
      capture!.level = 2
      capture!.anchor = attributes.value("id")
    case "h4" where has(.contactHeading):
      contact = (depth - 1, RawBlock(kind: .contact, line: line, units: []))
      capture = TextCapture(kind: .contactName, depth: depth, line: line)
    case "h3", "h4", "h5", "h6":
      capture = TextCapture(kind: .subheading, depth: depth, line: line)
    case "address":
      contact = (depth, RawBlock(kind: .contact, line: line, units: []))
      capture = TextCapture(kind: .contactField, depth: depth, line: line)
    case "ul", "ol":
      if list == nil { list = (depth, RawBlock(kind: .list, ordered: name == "ol", line: line, units: [])) }
    case "li":
      capture = TextCapture(kind: list == nil ? .paragraph : .item, depth: depth, line: line)
    case "p", "td", "th", "dt", "dd", "blockquote", "figcaption", "pre":
      capture = TextCapture(kind: .paragraph, depth: depth, line: line)
    case "div" where has(.ingress):
      capture = TextCapture(kind: .lead, depth: depth, line: line)
    case "a":
      var implicit = TextCapture(kind: .paragraph, depth: depth - 1, line: line)
      implicit.implicit = true
      implicit.openLink(href: attributes.value("href") ?? "", depth: depth)
      capture = implicit
    default: break
    }
  }

  /// Ends the open capture and files its text where it belongs.
  private func finishCapture() {
    guard var open = capture else { return }
    capture = nil
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
    if let phone = invariants.first(where: { $0.kind == .phone }) {
      let rest = line.replacingOccurrences(of: phone.raw, with: "").filter(\.isLetter)
      if rest.count <= 12 { return .phone }
    }
    let hasRange = line.contains { $0 == "–" || $0 == "-" || $0 == ":" } && line.contains { $0.isNumber }
    let hasPostalCode = line.split(separator: " ").contains { $0.count == 5 && $0.allSatisfy(\.isNumber) }
    if hasRange && !hasPostalCode && line.contains(where: \.isLetter) && !line.contains(",") { return .hours }
    return .address
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

  /// Notes the invariant marks in a run of printable ASCII.
  private mutating func noteMarks(_ input: UnsafeBufferPointer<UInt8>, _ run: Range<Int>) {
    for position in run {
      let byte = input[position]
      if pendingMark || (byte >= 0x30 && byte <= 0x39) || byte == 0x40 {
        mayHoldInvariant = true
        return
      }
      pendingMark = byte == 0x2E || byte == 0x3A
    }
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
      if byte < 0x80 {
        if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C || byte == 0x0B {
          pendingSpace = count > 0
          pendingMark = false
          index += 1
        } else {
          if pendingSpace { appendSpace() }
          // A run of printable ASCII goes in at once.
          var runEnd = index + 1
          while runEnd < end, input[runEnd] > 0x20, input[runEnd] < 0x80 { runEnd += 1 }
          if !mayHoldInvariant { noteMarks(input, index..<runEnd) }
          bytes.append(contentsOf: input[index..<runEnd])
          count += runEnd - index
          index = runEnd
        }
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
      bytes.append(contentsOf: input[index..<(index + length)])
      count += 1
      if !mayNeedNFC, value >= 0x300, TextNormalization.mayChangeUnderNFC(scalar) { mayNeedNFC = true }
      if !mayHoldInvariant, pendingMark || scalar == "＠" || InvariantScanner.asciiDigit(scalar) != nil {
        mayHoldInvariant = true
      }
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
      result.append(TextNormalization.normalize(String(decoding: bytes[start..<end], as: UTF8.self)))
      start = end
    }
    return result
  }
}
