/// One piece of a unit's text as an XLIFF file carries it.
enum InlinePiece: Sendable, Equatable {
  /// Translatable text.
  case text(String)
  /// An invariant protected from editing (a phone number, e-mail or web address), kept verbatim.
  case code(id: String, kind: Invariant.Kind, text: String)
  /// An inline link around its text.
  case link(id: String, href: String, content: [InlinePiece])
}

/// A unit text split into pieces, with the ids handed out to its links and protected codes.
struct InlineContent: Sendable, Equatable {
  /// The pieces in order.
  var pieces: [InlinePiece]
  /// Each link's id and target, in order.
  var links: [(id: String, href: String)]
  /// Each protected code's id and invariant, in order.
  var codes: [(id: String, invariant: Invariant)]

  static func == (lhs: InlineContent, rhs: InlineContent) -> Bool {
    lhs.pieces == rhs.pieces && lhs.links.map(\.id) == rhs.links.map(\.id)
      && lhs.links.map(\.href) == rhs.links.map(\.href) && lhs.codes.map(\.id) == rhs.codes.map(\.id)
  }
}

/// Turns marked text (`[text](url)`) into XLIFF inline pieces and back.
///
/// Links become `<g ctype="link">` (1.2) or `<pc type="link">` (2.0); phone numbers, e-mail and web
/// addresses become protected placeholders (`<ph>`), so CAT tools show them as tags that QA checks
/// flag when they go missing. Numbers stay plain text: translators may have to move them.
enum InlineMarkup {
  /// The invariant kinds that are protected as placeholders.
  static let protectedKinds: Set<Invariant.Kind> = [.url, .domain, .email, .phone]

  /// The pieces of a source text: links `l1`, `l2`, … and codes `p1`, `p2`, … in order.
  static func source(_ marked: String) -> InlineContent {
    var linkCount = 0
    var codeCount = 0
    return content(
      marked,
      linkID: { _ in
        linkCount += 1
        return "l\(linkCount)"
      },
      codeID: { _ in
        codeCount += 1
        return "p\(codeCount)"
      })
  }

  /// The pieces of a translation, reusing the source's ids for the same link target or the same
  /// invariant, so a CAT tool pairs source and target tags.
  static func target(_ marked: String, matching source: InlineContent) -> InlineContent {
    // Links pair by target first, then in order: a translation often links a localised address.
    let targetLinks = MarkedText.parse(marked).links.sorted { $0.offset < $1.offset }
    var linkIDs: [String?] = Array(repeating: nil, count: targetLinks.count)
    var unusedLinks = source.links
    for (index, link) in targetLinks.enumerated() {
      if let match = unusedLinks.firstIndex(where: { $0.href == link.href }) {
        linkIDs[index] = unusedLinks.remove(at: match).id
      }
    }
    var extraLinks = source.links.count
    for index in linkIDs.indices where linkIDs[index] == nil {
      if unusedLinks.isEmpty {
        extraLinks += 1
        linkIDs[index] = "l\(extraLinks)"
      } else {
        linkIDs[index] = unusedLinks.removeFirst().id
      }
    }
    var nextLink = 0
    var unusedCodes = source.codes
    var extraCodes = source.codes.count
    return content(
      marked,
      linkID: { _ in
        defer { nextLink += 1 }
        if nextLink < linkIDs.count, let id = linkIDs[nextLink] { return id }
        extraLinks += 1
        return "l\(extraLinks)"
      },
      codeID: { invariant in
        if let index = unusedCodes.firstIndex(where: { $0.invariant == invariant }) {
          return unusedCodes.remove(at: index).id
        }
        extraCodes += 1
        return "p\(extraCodes)"
      })
  }

  /// Splits `marked` into pieces, naming links and codes with the given functions.
  private static func content(
    _ marked: String, linkID: (String) -> String, codeID: (Invariant) -> String
  ) -> InlineContent {
    let parsed = MarkedText.parse(marked)
    let scalars = Array(parsed.text.unicodeScalars)
    let links = parsed.links.sorted { $0.offset < $1.offset }.filter {
      $0.offset >= 0 && $0.length >= 0 && $0.offset + $0.length <= scalars.count
    }
    var kept: [InlineLink] = []
    for link in links where kept.last.map({ $0.offset + $0.length <= link.offset }) ?? true {
      kept.append(link)
    }
    let protected = protectedRanges(scalars, links: kept)
    var result = InlineContent(pieces: [], links: [], codes: [])

    func pieces(_ range: Range<Int>) -> [InlinePiece] {
      var out: [InlinePiece] = []
      var position = range.lowerBound
      for item in protected
      where item.range.lowerBound >= range.lowerBound
        && item.range.upperBound <= range.upperBound
      {
        if position < item.range.lowerBound {
          out.append(.text(string(scalars[position..<item.range.lowerBound])))
        }
        let id = codeID(item.invariant)
        result.codes.append((id, item.invariant))
        out.append(.code(id: id, kind: item.invariant.kind, text: string(scalars[item.range])))
        position = item.range.upperBound
      }
      if position < range.upperBound { out.append(.text(string(scalars[position..<range.upperBound]))) }
      return out
    }

    var position = 0
    for link in kept {
      result.pieces += pieces(position..<link.offset)
      let id = linkID(link.href)
      result.links.append((id, link.href))
      result.pieces.append(
        .link(id: id, href: link.href, content: pieces(link.offset..<(link.offset + link.length))))
      position = link.offset + link.length
    }
    result.pieces += pieces(position..<scalars.count)
    return result
  }

  /// Where protected invariants occur in the plain text: longest first, never overlapping, never
  /// across a link's edge; in text order.
  private static func protectedRanges(
    _ scalars: [Unicode.Scalar], links: [InlineLink]
  ) -> [(range: Range<Int>, invariant: Invariant)] {
    let invariants = InvariantScanner.scan(String(String.UnicodeScalarView(scalars)))
      .filter { protectedKinds.contains($0.kind) }
      .sorted { ($0.raw.unicodeScalars.count, $0.kind) > ($1.raw.unicodeScalars.count, $1.kind) }
    let edges = Set(links.flatMap { [$0.offset, $0.offset + $0.length] })
    var chosen: [(range: Range<Int>, invariant: Invariant)] = []
    for invariant in invariants {
      let needle = Array(invariant.raw.unicodeScalars)
      guard !needle.isEmpty, needle.count <= scalars.count else { continue }
      var start = 0
      while start + needle.count <= scalars.count {
        let range = start..<(start + needle.count)
        if Array(scalars[range]) == needle,
          !chosen.contains(where: { $0.range.overlaps(range) }),
          !edges.contains(where: { $0 > range.lowerBound && $0 < range.upperBound })
        {
          chosen.append((range, invariant))
          start = range.upperBound
        } else {
          start += 1
        }
      }
    }
    return chosen.sorted { $0.range.lowerBound < $1.range.lowerBound }
  }

  private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
    String(String.UnicodeScalarView(scalars))
  }

  /// Marked text from pieces read out of a file: links become `[text](url)` again, codes their text.
  static func marked(_ pieces: [InlinePiece]) -> String {
    var plain = String.UnicodeScalarView()
    var count = 0
    var links: [InlineLink] = []
    func walk(_ pieces: [InlinePiece], inLink: Bool) {
      for piece in pieces {
        switch piece {
        case .text(let text), .code(_, _, let text):
          plain.append(contentsOf: text.unicodeScalars)
          count += text.unicodeScalars.count
        case .link(_, let href, let content):
          let start = count
          walk(content, inLink: true)
          // A link inside a link cannot be written as marked text: its text is kept, the inner
          // target dropped in favour of the outer one.
          guard !inLink else { continue }
          let text = String(String.UnicodeScalarView(Array(plain)[start..<count]))
          links.append(InlineLink(text: text, href: href, offset: start, length: count - start))
        }
      }
    }
    walk(pieces, inLink: false)
    return collapsingWhitespace(MarkedText.render(text: String(plain), links: links))
  }

  /// Every run of whitespace as one space, trimmed: CAT tools reflow text freely.
  static func collapsingWhitespace(_ text: String) -> String {
    var out = String.UnicodeScalarView()
    var pendingSpace = false
    for scalar in text.unicodeScalars {
      if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" {
        pendingSpace = !out.isEmpty
        continue
      }
      if pendingSpace {
        out.append(" ")
        pendingSpace = false
      }
      out.append(scalar)
    }
    return String(out)
  }
}
