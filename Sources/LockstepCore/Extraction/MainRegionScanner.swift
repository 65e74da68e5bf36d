#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Finds a page's first `<main>` element with a byte scan, so that the parser need not read what
/// cannot be content: on an InfoFinland page the header, menus and language drawer before it and
/// the footer and `__NEXT_DATA__` script after it (which repeats the whole page as JSON) are two
/// thirds of the bytes.
///
/// The scan is a small HTML tokenizer, not a string search: it skips comments, `<!…>` and `<?…>`
/// constructs, quoted attribute values, and the raw text of `script`, `style`, `textarea`,
/// `title`, `xmp`, `iframe`, `noembed`, `noframes` and `noscript`, so a `</main>` written inside
/// any of them is not taken for the end tag. Leaving the rest out changes nothing the extractor
/// keeps: when a page has a `<main>`, only what stands inside it is content; of the head only the
/// `<link>` tags (canonical URL, language alternates) matter, and the rest of it (meta, title,
/// style, scripts) becomes empty comments; `<svg>` and `<nav>` elements inside `<main>`, which
/// the extractor skips whole, become such comments too, and the attributes it never reads are
/// left out (`AttributeThinning`); the language links and a canonical `<link>` before `<main>`
/// and after `</main>` are read by this scan; and a page with an `<h1>` before its `<main>` is
/// parsed up to `<main>` as usual. Lines stay true, and columns are mapped back (`ParseInput`).
/// `MainRegionScannerTests` extracts pages with and without the scan and compares.
/// One assumption: the first `<main>` is the page's content wherever it stands. HTML forbids a
/// `<main>` inside `header`, `nav`, `footer`, `aside` or `article`; a page that hides its first
/// `<main>` (a single-page app's inactive view) would have that one read.
enum MainRegionScanner {
  private static let commentOpen = Array("!--".utf8)
  private static let commentClose = Array("-->".utf8)
  private static let endTagOpen = Array("</".utf8)
  private static let main = Array("main".utf8)
  private static let head = Array("head".utf8)
  private static let anchorName = Array("a".utf8)
  private static let hreflang = Array("hreflang".utf8)

  /// Start-tag names as integers: the lower-cased bytes of a name of up to eight bytes, packed
  /// (a start tag's name begins with a letter, so no two names share a key); 0 for a longer name.
  /// Each tag's name is packed once and compared with these.
  static let mainKey: UInt64 = 0x6D61_696E  // "main"
  static let bodyKey: UInt64 = 0x626F_6479  // "body"
  static let h1Key: UInt64 = 0x6831  // "h1"
  static let anchorKey: UInt64 = 0x61  // "a"
  static let linkKey: UInt64 = 0x6C69_6E6B  // "link"
  static let svgKey: UInt64 = 0x73_7667  // "svg"
  static let navKey: UInt64 = 0x6E_6176  // "nav"
  static let headKey: UInt64 = 0x6865_6164  // "head"
  static let buttonKey: UInt64 = 0x6275_7474_6F6E  // "button"
  static let ulKey: UInt64 = 0x756C  // "ul"
  static let olKey: UInt64 = 0x6F6C  // "ol"
  static let htmlKey: UInt64 = 0x6874_6D6C  // "html"
  static let metaKey: UInt64 = 0x6D65_7461  // "meta"

  /// The key of a name given as a string (the constants above are literals, so that reading
  /// them costs nothing; a test checks them against this).
  static func nameKey(_ name: String) -> UInt64 {
    name.utf8.reduce(0) { $0 << 8 | UInt64($1) }
  }

  static func nameKey(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64 {
    guard range.count <= 8 else { return 0 }
    var key: UInt64 = 0
    for position in range {
      let byte = buffer[position]
      key = key << 8 | UInt64((0x41...0x5A).contains(byte) ? byte | 0x20 : byte)
    }
    return key
  }

  /// Where the parts of a page are, as byte offsets.
  struct Layout {
    /// Just past the `>` of the `<body>` start tag.
    var bodyContentStart: Int?
    /// The `<` of the first `<main>` start tag.
    var mainStart: Int?
    /// Just past the `>` of the `</main>` that closes it.
    var mainEnd: Int?
    /// Whether an `<h1>` starts between `<body>` and `<main>`.
    var headingBeforeMain = false
    /// The attribute text of each `<a>` or `<link>` with an `hreflang` between `<body>` and `<main>`.
    var languageTags: [(attributes: Range<Int>, content: Range<Int>?)] = []
    /// The same after `</main>` (a language menu in the footer).
    var trailingLanguageTags: [(attributes: Range<Int>, content: Range<Int>?)] = []
    /// The attribute text of each `<link>` between `<body>` and `<main>`, and after `</main>`:
    /// the collector takes a canonical URL from a `<link>` wherever it stands.
    var linkTags: [Range<Int>] = []
    var trailingLinkTags: [Range<Int>] = []
    /// Inside `<main>`: each outermost `<svg>`, `<nav>` or `<button>` element and "On this
    /// page" index list, start tag to end tag, that holds no language link. The extractor skips
    /// them whatever they hold, so the parser is shown an empty comment in their place.
    var furniture: [Range<Int>] = []
    /// The head's content, from just past `<head>` to the `<` of `</head>`, when both come
    /// before `<body>`; and the `<link>` tags in it (the canonical URL and language alternates).
    /// The rest of the head (meta, title, style, scripts) is chrome: comments take its place.
    var headContent: Range<Int>?
    var headLinks: [Range<Int>] = []
    /// Inside `<main>`, outside the furniture: the attributes of start tags that the extractor
    /// never reads (all but `PageEventCollector.attributesRead`), and the class names in a
    /// `class` list that it does not react to. The parser is not shown them.
    var thinned: [Range<Int>] = []
  }

  /// The offset just past the `>` of the first `</main>` end tag that closes a `<main>`, or nil
  /// when there is none (then the whole page is parsed).
  static func endOfMain(in bytes: [UInt8]) -> Int? { layout(of: bytes).mainEnd }

  /// The layout of `bytes`, scanned up to the end of the first `<main>`.
  static func layout(of bytes: [UInt8]) -> Layout {
    bytes.withUnsafeBufferPointer { scan($0) }
  }

  /// What the parser should read: the page with its head but for the `<link>` tags, and the
  /// icons and navigation inside `<main>`, turned into comments, the attributes inside `<main>`
  /// that the extractor never reads left out (`AttributeThinning`), only the line breaks of
  /// everything between `<body>` and `<main>`, and nothing after `</main>`; plus the language
  /// versions and canonical URL read from the left-out parts before `<main>` and after it. The
  /// whole page when it has no `<main>`. Lines stay true; columns are mapped back with `ParseInput.pageColumn`.
  /// With `padded`, every left-out part on a line is replaced by as many spaces, so that columns
  /// stay true too (what the tests compare the mapping with).
  static func parseInput(_ bytes: [UInt8], padded: Bool = false) -> ParseInput {
    let layout = layout(of: bytes)
    guard let mainEnd = layout.mainEnd else { return ParseInput(bytes: bytes) }
    let trailing = languageVersions(layout.trailingLanguageTags, in: bytes)
    let trailingCanonical = canonicalURL(layout.trailingLinkTags, in: bytes)
    guard let bodyStart = layout.bodyContentStart, let mainStart = layout.mainStart, bodyStart <= mainStart,
      !layout.headingBeforeMain
    else {
      var input = ParseInput(bytes: Array(bytes[..<mainEnd]), trailingLanguages: trailing)
      input.trailingCanonicalURL = trailingCanonical
      return input
    }
    var input = ParseInput(bytes: [], padded: padded)
    input.canonicalURLBeforeMain = canonicalURL(layout.linkTags, in: bytes)
    input.trailingCanonicalURL = trailingCanonical
    input.bytes.reserveCapacity(bodyStart + (mainEnd - mainStart) + 64)
    if let head = layout.headContent {
      input.bytes.append(contentsOf: bytes[..<head.lowerBound])
      var cursor = head.lowerBound
      for link in layout.headLinks + [head.upperBound..<head.upperBound] {
        input.appendBlanked(bytes[cursor..<link.lowerBound])
        input.bytes.append(contentsOf: bytes[link])
        cursor = link.upperBound
      }
      input.bytes.append(contentsOf: bytes[head.upperBound..<bodyStart])
    } else {
      input.bytes.append(contentsOf: bytes[..<bodyStart])
    }
    let (newlines, lastLineStart) = bytes.withUnsafeBufferPointer {
      lineBreaks(in: $0, bodyStart..<mainStart)
    }
    input.bytes.append(contentsOf: repeatElement(0x0A, count: newlines))
    // Characters (not continuation bytes) on the line before <main>, so its column maps back.
    input.leaveOut(
      columns: bytes.withUnsafeBufferPointer {
        ParseInput.characters(in: UnsafeBufferPointer(rebasing: $0[lastLineStart..<mainStart]))
      })
    // Furniture and thinned attributes, in document order (they never overlap).
    var cursor = mainStart
    var (nextFurniture, nextThinned) = (0, 0)
    while nextFurniture < layout.furniture.count || nextThinned < layout.thinned.count {
      let isFurniture =
        nextThinned == layout.thinned.count
        || (nextFurniture < layout.furniture.count
          && layout.furniture[nextFurniture].lowerBound < layout.thinned[nextThinned].lowerBound)
      let range = isFurniture ? layout.furniture[nextFurniture] : layout.thinned[nextThinned]
      input.bytes.append(contentsOf: bytes[cursor..<range.lowerBound])
      if isFurniture {
        input.appendBlankComment(replacing: bytes[range])
        nextFurniture += 1
      } else {
        input.leaveOut(columns: range.count)
        nextThinned += 1
      }
      cursor = range.upperBound
    }
    input.bytes.append(contentsOf: bytes[cursor..<mainEnd])
    input.languages = languageVersions(layout.languageTags, in: bytes)
    input.trailingLanguages = trailing
    return input
  }

  /// The URL of the first `<link rel="canonical">` with an `href` among `tags` (attribute texts),
  /// as the collector reads one.
  private static func canonicalURL(_ tags: [Range<Int>], in bytes: [UInt8]) -> String? {
    for tag in tags {
      let attributes = TagAttributes.parse(bytes[tag])
      if attributes.rel?.lowercased() == "canonical", let href = attributes.href { return href }
    }
    return nil
  }

  /// The language versions that language links (the attribute text of the tag, and for an `<a>`
  /// the range of its content) give.
  private static func languageVersions(
    _ tags: [(attributes: Range<Int>, content: Range<Int>?)], in bytes: [UInt8]
  ) -> [LanguageVersion] {
    tags.compactMap { tag -> LanguageVersion? in
      let attributes = TagAttributes.parse(bytes[tag.attributes])
      guard let code = attributes.hreflang?.lowercased(), !code.isEmpty, let href = attributes.href else {
        return nil
      }
      return LanguageVersion(
        locale: code, url: href,
        name: PageEventCollector.languageName(
          title: attributes.title ?? "", text: tag.content.map { TagAttributes.text(of: bytes[$0]) } ?? ""))
    }
  }

  /// The next `<` at or after `start`. Tags mostly follow each other closely: a few bytes are
  /// looked at directly before memchr takes over.
  @inline(__always)
  private static func nextOpen(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
    var position = start
    let near = min(buffer.count, start + 16)
    while position < near {
      if buffer[position] == 0x3C { return position }
      position += 1
    }
    return byte(0x3C, in: buffer, from: position)
  }

  /// How many line feeds `range` holds, and where its last line starts: eight bytes at a time.
  static func lineBreaks(in buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> (Int, Int) {
    guard let base = buffer.baseAddress else { return (0, range.lowerBound) }
    var count = 0
    var lastLineStart = range.lowerBound
    var position = range.lowerBound
    while position + 8 <= range.upperBound {
      let lanes = SWAR.matchingBytes(UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self), 0x0A)
      if lanes != 0 {
        count += lanes.nonzeroBitCount
        lastLineStart = position + (63 - lanes.leadingZeroBitCount) / 8 + 1
      }
      position += 8
    }
    while position < range.upperBound {
      if base[position] == 0x0A {
        count += 1
        lastLineStart = position + 1
      }
      position += 1
    }
    return (count, lastLineStart)
  }

  /// The raw-text element a start tag's key names, if any: its content runs to the matching end
  /// tag, whatever it holds.
  static func rawTextElement(_ key: UInt64) -> StaticString? {
    switch key {
    case 0x7363_7269_7074: "script"
    case 0x73_7479_6C65: "style"
    case 0x7465_7874_6172_6561: "textarea"
    case 0x74_6974_6C65: "title"
    case 0x78_6D70: "xmp"
    case 0x6966_7261_6D65: "iframe"
    case 0x6E_6F65_6D62_6564: "noembed"
    case 0x6E6F_6672_616D_6573: "noframes"
    case 0x6E6F_7363_7269_7074: "noscript"
    default: nil
    }
  }

  private static func scan(_ buffer: UnsafeBufferPointer<UInt8>) -> Layout {
    var layout = Layout()
    let count = buffer.count
    var index = 0
    // The furniture element open inside <main>: where it starts, its name, its nesting.
    var furniture: (start: Int, name: Range<Int>, depth: Int)?
    // The head being read: where its content starts, and its <link> tags so far.
    var headOpen: Int?
    var headLinks: [Range<Int>] = []
    let classTokens = PageEventCollector.ClassToken.set
    while index < count {
      guard let open = nextOpen(buffer, from: index) else { return layout }
      index = open
      let next = index + 1
      guard next < count else { return layout }
      if matches(buffer, at: next, commentOpen) {
        guard let close = find(buffer, commentClose, from: next + 3) else { return layout }
        index = close + 3
      } else if buffer[next] == 0x21 || buffer[next] == 0x3F {  // <! or <?
        guard let close = byte(0x3E, in: buffer, from: next) else { return layout }
        index = close + 1
      } else if buffer[next] == 0x2F {  // </
        let nameStart = next + 1
        let nameEnd = tagNameEnd(buffer, from: nameStart)
        guard let close = tagEnd(buffer, from: nameEnd) else { return layout }
        if let start = headOpen, equalsLowercase(buffer, nameStart..<nameEnd, head) {
          layout.headContent = start..<open
          layout.headLinks = headLinks
          headOpen = nil
        }
        if layout.mainStart != nil, layout.mainEnd == nil, equalsLowercase(buffer, nameStart..<nameEnd, main)
        {
          layout.mainEnd = close + 1
          furniture = nil
          // The rest is not parsed: only language links are looked for in it, tag by tag (its
          // scripts, `__NEXT_DATA__` among them, are raw text and skipped whole).
        }
        if let open = furniture, sameName(buffer, open.name, nameStart..<nameEnd) {
          if open.depth == 1 {
            furniture = nil
            if !mentionsHreflang(buffer, open.start..<(close + 1)) {
              layout.furniture.append(open.start..<(close + 1))
            }
          } else {
            furniture!.depth -= 1
          }
        }
        index = close + 1
      } else if isLetter(buffer[next]) {
        let nameEnd = tagNameEnd(buffer, from: next)
        guard let close = tagEnd(buffer, from: nameEnd) else { return layout }
        let name = next..<nameEnd
        let key = nameKey(buffer, name)
        if layout.mainEnd != nil {
          if key == linkKey { layout.trailingLinkTags.append(nameEnd..<close) }
          if key == anchorKey || key == linkKey, mentionsHreflang(buffer, nameEnd..<close) {
            layout.trailingLanguageTags.append(
              (nameEnd..<close, content(ofAnchor: key, buffer, after: close)))
          }
        } else if layout.mainStart != nil {
          if let open = furniture {
            if sameName(buffer, open.name, name), buffer[close - 1] != 0x2F { furniture!.depth += 1 }
          } else if key == svgKey || key == navKey || key == buttonKey
            || ((key == ulKey || key == olKey) && isPageIndex(buffer, nameEnd..<close)),
            buffer[close - 1] != 0x2F
          {
            furniture = (open, name, 1)
          } else if nameEnd < close, key != htmlKey, key != headKey, key != bodyKey, key != metaKey {
            AttributeThinning.thin(
              buffer, nameEnd..<close, tag: key, classTokens: classTokens, into: &layout.thinned)
          }
        } else {
          if key == mainKey {
            layout.mainStart = open
          } else if layout.bodyContentStart == nil {
            if key == bodyKey {
              layout.bodyContentStart = close + 1
              if headOpen != nil { headOpen = nil }
            } else if key == headKey, layout.headContent == nil, headOpen == nil {
              headOpen = close + 1
            } else if key == linkKey, headOpen != nil {
              headLinks.append(open..<(close + 1))
            }
          } else if key == h1Key {
            layout.headingBeforeMain = true
          } else if key == anchorKey || key == linkKey {
            if key == linkKey { layout.linkTags.append(nameEnd..<close) }
            if mentionsHreflang(buffer, nameEnd..<close) {
              layout.languageTags.append((nameEnd..<close, content(ofAnchor: key, buffer, after: close)))
            }
          }
        }
        index = close + 1
        if key != 0, let raw = rawTextElement(key) {
          // Raw text runs to the matching end tag, whatever it holds.
          guard let end = findEndTag(buffer, raw.withUTF8Buffer { Array($0) }, from: index) else {
            return layout
          }
          index = end
        }
      } else {
        index = next
      }
    }
    return layout
  }

  /// Whether a list's start tag makes it the "On this page" index, which the extractor skips
  /// (a `list-disc` class and a `title`; `PageEventCollector.isChrome`). A tag whose attributes
  /// do not read cleanly is left to the parser.
  private static func isPageIndex(_ buffer: UnsafeBufferPointer<UInt8>, _ attributes: Range<Int>) -> Bool {
    let tag = TagAttributes.parse(ArraySlice(buffer[attributes]), readsClassList: true)
    guard tag.separated, tag.title != nil, let classes = tag.classList else { return false }
    // The separators TokenSet.mask splits at (HTMLAttributes.furnitureFacts).
    return classes.utf8.split(whereSeparator: { [0x20, 0x09, 0x0A, 0x0D, 0x0C].contains($0) })
      .contains { $0.elementsEqual("list-disc".utf8) }
  }

  /// For an `<a>` start tag ending at `close`: its content, up to `</a>`.
  private static func content(
    ofAnchor key: UInt64, _ buffer: UnsafeBufferPointer<UInt8>, after close: Int
  )
    -> Range<Int>?
  {
    guard key == anchorKey else { return nil }
    return findEndTag(buffer, anchorName, from: close + 1).map { (close + 1)..<$0 }
  }

  /// Whether `hreflang`, in any case, occurs in `range`: eight positions at a time, a position
  /// being a candidate when it holds an `h` followed by an `r` and, two later, an `f` (the rest of
  /// a page after `</main>` is long, and its JSON has an `h` in every few words).
  static func mentionsHreflang(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
    guard let base = buffer.baseAddress else { return false }
    let end = range.upperBound - (hreflang.count - 1)
    func isHreflang(at position: Int) -> Bool {
      equalsLowercase(buffer, position..<(position + hreflang.count), hreflang)
    }
    func lowered(_ offset: Int) -> UInt64 {
      UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self) | SWAR.broadcast(0x20)
    }
    var position = range.lowerBound
    // Eight candidates need eleven bytes: the `f` of the last one is three after it.
    while position + 11 <= range.upperBound {
      var candidates =
        SWAR.zeroBytes(lowered(position) ^ SWAR.broadcast(0x68))
        & SWAR.zeroBytes(lowered(position + 1) ^ SWAR.broadcast(0x72))
        & SWAR.zeroBytes(lowered(position + 3) ^ SWAR.broadcast(0x66))
      // Every true lane is set; a set lane may be false, so each is checked.
      while candidates != 0 {
        let candidate = position + candidates.trailingZeroBitCount / 8
        if candidate < end, isHreflang(at: candidate) { return true }
        candidates &= candidates &- 1
      }
      position += 8
    }
    while position < end {
      if isHreflang(at: position) { return true }
      position += 1
    }
    return false
  }

  /// Whether two tag or attribute names in the buffer are the same, ignoring ASCII case (the
  /// bytes of names, letters, digits and `-_:.`, differ in bit 5 only by case).
  static func sameName(
    _ buffer: UnsafeBufferPointer<UInt8>, _ first: Range<Int>, _ second: Range<Int>
  )
    -> Bool
  {
    guard first.count == second.count else { return false }
    for offset in 0..<first.count
    where buffer[first.lowerBound + offset] | 0x20 != buffer[second.lowerBound + offset] | 0x20 {
      return false
    }
    return true
  }

  private static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }

  private static func tagNameEnd(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
    var index = start
    while index < buffer.count {
      let byte = buffer[index]
      if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C || byte == 0x2F
        || byte == 0x3E
      {
        break
      }
      index += 1
    }
    return index
  }

  /// The `>` that ends a tag, skipping quoted attribute values, eight bytes at a time.
  private static func tagEnd(_ buffer: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
    guard let base = buffer.baseAddress else { return nil }
    let count = buffer.count
    var position = start
    var quote: UInt8 = 0
    while position < count {
      // The next byte that matters: the closing quote inside a value, else `>` or a quote.
      var found: Int?
      while position + 8 <= count {
        let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
        let hits =
          quote != 0
          ? SWAR.zeroBytes(word ^ SWAR.broadcast(quote))
          : SWAR.zeroBytes(word ^ SWAR.broadcast(0x3E)) | SWAR.zeroBytes(word ^ SWAR.broadcast(0x22))
            | SWAR.zeroBytes(word ^ SWAR.broadcast(0x27))
        if hits != 0 {
          found = position + hits.trailingZeroBitCount / 8
          break
        }
        position += 8
      }
      if found == nil {
        while position < count {
          let byte = base[position]
          if quote != 0 ? byte == quote : byte == 0x3E || byte == 0x22 || byte == 0x27 {
            found = position
            break
          }
          position += 1
        }
      }
      guard let hit = found else { return nil }
      let byte = base[hit]
      if quote != 0 {
        quote = 0
      } else if byte == 0x3E {
        return hit
      } else {
        quote = byte
      }
      position = hit + 1
    }
    return nil
  }

  private static func findEndTag(
    _ buffer: UnsafeBufferPointer<UInt8>, _ name: [UInt8], from start: Int
  ) -> Int? {
    var index = start
    while let open = find(buffer, endTagOpen, from: index) {
      let nameStart = open + 2
      let nameEnd = nameStart + name.count
      if nameEnd <= buffer.count, equalsLowercase(buffer, nameStart..<nameEnd, name),
        nameEnd == buffer.count || !isLetter(buffer[nameEnd])
      {
        return open
      }
      index = open + 2
    }
    return nil
  }

  /// The first `value` at or after `start` (memchr: the C library scans many bytes at a time).
  static func byte(
    _ value: UInt8, in buffer: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int? = nil
  ) -> Int? {
    let limit = end ?? buffer.count
    guard start < limit, let base = buffer.baseAddress else { return nil }
    guard let found = memchr(base + start, Int32(value), limit - start) else { return nil }
    return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
  }

  private static func find(_ buffer: UnsafeBufferPointer<UInt8>, _ needle: [UInt8], from start: Int) -> Int? {
    guard let first = needle.first else { return nil }
    var index = start
    while let candidate = byte(first, in: buffer, from: index) {
      if matches(buffer, at: candidate, needle) { return candidate }
      index = candidate + 1
    }
    return nil
  }

  private static func matches(_ buffer: UnsafeBufferPointer<UInt8>, at start: Int, _ needle: [UInt8]) -> Bool
  {
    guard start + needle.count <= buffer.count else { return false }
    for offset in 0..<needle.count where buffer[start + offset] != needle[offset] { return false }
    return true
  }

  static func equalsLowercase(
    _ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ name: [UInt8]
  ) -> Bool {
    guard range.count == name.count, range.upperBound <= buffer.count else { return false }
    for (offset, position) in range.enumerated() {
      let byte = buffer[position]
      let lower = (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
      if lower != name[offset] { return false }
    }
    return true
  }
}

/// The attributes of one start tag that a language link needs, read from its bytes: names
/// compared case-insensitively, values with their character references decoded, the first of
/// each name kept. Used for the few tags the parser is not shown.
struct TagAttributes {
  var hreflang: String?
  var href: String?
  var title: String?
  var classList: String?
  var rel: String?
  /// Whether white space stood before every attribute name, as libxml2 wants it.
  var separated = true

  /// The attributes of `tag`; `classList` only when `readsClassList` (a language link needs none).
  static func parse(_ tag: ArraySlice<UInt8>, readsClassList: Bool = false) -> TagAttributes {
    tag.withUnsafeBufferPointer { parse($0, readsClassList: readsClassList) }
  }

  private static func parse(_ bytes: UnsafeBufferPointer<UInt8>, readsClassList: Bool) -> TagAttributes {
    var result = TagAttributes()
    var index = 0
    let end = bytes.count
    func isSpace(_ byte: UInt8) -> Bool {
      byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }
    // A value's string, made only for the names kept.
    func value(_ range: Range<Int>) -> String {
      let raw = UnsafeBufferPointer(rebasing: bytes[range])
      let text = String(decoding: raw, as: UTF8.self)
      return raw.contains(0x26) ? decodeReferences(text) : text
    }
    while index < end {
      while index < end, isSpace(bytes[index]) || bytes[index] == 0x2F { index += 1 }
      let nameStart = index
      while index < end, !isSpace(bytes[index]), bytes[index] != 0x3D, bytes[index] != 0x2F { index += 1 }
      guard index > nameStart else { break }
      if nameStart > 0, !isSpace(bytes[nameStart - 1]) { result.separated = false }
      let key = MainRegionScanner.nameKey(bytes, nameStart..<index)
      while index < end, isSpace(bytes[index]) { index += 1 }
      var valueRange = index..<index
      if index < end, bytes[index] == 0x3D {
        index += 1
        while index < end, isSpace(bytes[index]) { index += 1 }
        if index < end, bytes[index] == 0x22 || bytes[index] == 0x27 {
          let quote = bytes[index]
          let valueStart = index + 1
          // Values run long (class lists): memchr finds the closing quote.
          index = MainRegionScanner.byte(quote, in: bytes, from: valueStart) ?? end
          valueRange = valueStart..<index
          if index < end { index += 1 }
        } else {
          let valueStart = index
          while index < end, !isSpace(bytes[index]) { index += 1 }
          valueRange = valueStart..<index
        }
      }
      switch key {
      case AttributeKey.hreflang where result.hreflang == nil: result.hreflang = value(valueRange)
      case AttributeKey.href where result.href == nil: result.href = value(valueRange)
      case AttributeKey.title where result.title == nil: result.title = value(valueRange)
      case AttributeKey.class where readsClassList && result.classList == nil:
        result.classList = value(valueRange)
      case AttributeKey.rel where result.rel == nil: result.rel = value(valueRange)
      default: break
      }
    }
    return result
  }

  /// The text of an element's content: tags and comments left out, references decoded.
  static func text(of content: ArraySlice<UInt8>) -> String {
    var bytes: [UInt8] = []
    var inTag = false
    for byte in content {
      if inTag {
        if byte == 0x3E { inTag = false }
      } else if byte == 0x3C {
        inTag = true
      } else {
        bytes.append(byte)
      }
    }
    return decodeReferences(String(decoding: bytes, as: UTF8.self))
  }

  /// `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&nbsp;` and numeric references.
  static func decodeReferences(_ text: String) -> String {
    guard text.utf8.contains(0x26) else { return text }
    var out = ""
    var rest = Substring(text)
    while let ampersand = rest.firstIndex(of: "&") {
      out += rest[..<ampersand]
      let tail = rest[ampersand...]
      guard let semicolon = tail.firstIndex(of: ";"), tail.distance(from: ampersand, to: semicolon) <= 10
      else {
        out += "&"
        rest = rest[rest.index(after: ampersand)...]
        continue
      }
      let entity = String(tail[tail.index(after: ampersand)..<semicolon])
      var replacement: String?
      switch entity {
      case "amp": replacement = "&"
      case "lt": replacement = "<"
      case "gt": replacement = ">"
      case "quot": replacement = "\""
      case "apos": replacement = "'"
      case "nbsp": replacement = "\u{A0}"
      default:
        if entity.hasPrefix("#x") || entity.hasPrefix("#X") {
          replacement = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) }
        } else if entity.hasPrefix("#") {
          replacement = UInt32(entity.dropFirst()).flatMap(Unicode.Scalar.init).map { String($0) }
        }
      }
      if let replacement {
        out += replacement
        rest = rest[rest.index(after: semicolon)...]
      } else {
        out += "&"
        rest = rest[rest.index(after: ampersand)...]
      }
    }
    return out + rest
  }
}
