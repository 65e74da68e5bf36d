import Foundation

/// A fact in a text that a translation must carry over unchanged: it is compared in canonical form.
public struct Invariant: Codable, Sendable, Hashable, Comparable {
  /// What kind of fact it is.
  public enum Kind: String, Codable, Sendable, CaseIterable, Comparable {
    /// An address on the web (canonical: no scheme, no `www.`, lower-case host, no trailing slash).
    case url
    /// A host name (canonical: lower case, no `www.`).
    case domain
    /// An e-mail address (canonical: lower case).
    case email
    /// A phone number (canonical: E.164-like `+358…`, or the digits of a short service number).
    case phone
    /// A plain number (canonical: ASCII digits).
    case number

    /// Orders kinds as they are declared.
    public static func < (lhs: Kind, rhs: Kind) -> Bool {
      allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
  }

  /// The kind.
  public var kind: Kind
  /// The canonical form that comparisons use.
  public var value: String
  /// The text as written, for messages.
  public var raw: String

  /// An invariant.
  public init(kind: Kind, value: String, raw: String) {
    self.kind = kind
    self.value = value
    self.raw = raw
  }

  /// Orders by kind, then canonical value.
  public static func < (lhs: Invariant, rhs: Invariant) -> Bool {
    (lhs.kind, lhs.value) < (rhs.kind, rhs.value)
  }

  /// Invariants are equal when their kind and canonical value are; how they were written does not
  /// matter.
  public static func == (lhs: Invariant, rhs: Invariant) -> Bool {
    lhs.kind == rhs.kind && lhs.value == rhs.value
  }

  /// Hashes kind and canonical value.
  public func hash(into hasher: inout Hasher) {
    hasher.combine(kind)
    hasher.combine(value)
  }
}

/// Finds invariants in text and in link targets and puts them in canonical form.
///
/// The scanners read the text's scalars from a temporary buffer (on the stack for a short text)
/// and build each `value` and `raw` string once, from the scalars they cover.
public enum InvariantScanner {
  /// Every invariant in `text` plus those of `hrefs` (link targets), each once, in order of first
  /// appearance.
  public static func scan(_ text: String, hrefs: [String] = []) -> [Invariant] {
    var found = InvariantList()
    for href in hrefs { addURLInvariants(of: href, to: &found) }
    // One pass to see which scans can find anything at all: most units hold no digit, no `@` and
    // no `.` inside a word, and then no scalar buffer is filled.
    var hasDigit = false
    var hasAt = false
    var hasAddressMark = false
    var hasInvisible = false
    for scalar in text.unicodeScalars {
      if scalar.value < 0x80 {
        switch scalar.value {
        case 0x30...0x39: hasDigit = true
        case 0x40: hasAt = true
        case 0x2E, 0x3A: hasAddressMark = true
        default: break
        }
      } else if TextNormalization.isInvisibleFormat(scalar) {
        hasInvisible = true
      } else if scalar == "＠" {
        hasAt = true
      } else if !hasDigit, asciiDigit(scalar) != nil {
        hasDigit = true
      }
    }
    guard hasDigit || hasAt || hasAddressMark else { return found.invariants }
    // A text has at most as many scalars as UTF-8 bytes.
    withUnsafeTemporaryAllocation(of: Unicode.Scalar.self, capacity: text.utf8.count) { buffer in
      var count = 0
      for scalar in text.unicodeScalars where !hasInvisible || !TextNormalization.isInvisibleFormat(scalar) {
        buffer.initializeElement(at: count, to: scalar)
        count += 1
      }
      let scalars = UnsafeBufferPointer(rebasing: buffer[..<count])
      withUnsafeTemporaryAllocation(of: Bool.self, capacity: count) { consumed in
        consumed.initialize(repeating: false)
        if hasAt { scanEmails(scalars, consumed, &found) }
        if hasAddressMark { scanURLs(scalars, consumed, &found) }
        if hasDigit {
          scanPhones(scalars, consumed, &found)
          scanNumbers(scalars, consumed, &found)
        }
      }
    }
    return found.invariants
  }

  /// Invariants in order of first appearance, each once (`Invariant.==`: kind and canonical value).
  private struct InvariantList {
    /// Up to this many invariants are checked one by one, faster than hashing their strings; a
    /// longer list keeps a set.
    static let linearLimit = 16

    private(set) var invariants: [Invariant] = []
    private var seen: Set<Invariant>?

    mutating func add(_ invariant: Invariant) {
      // Room for the usual few at once (a link alone gives two), not one allocation per growth.
      if invariants.isEmpty { invariants.reserveCapacity(4) }
      if let inserted = seen?.insert(invariant).inserted {
        guard inserted else { return }
      } else {
        guard !invariants.contains(invariant) else { return }
        if invariants.count >= Self.linearLimit { seen = Set(invariants).union([invariant]) }
      }
      invariants.append(invariant)
    }
  }

  /// The text of some scalars, built in one step (a short one needs no allocation).
  private static func string(_ scalars: Slice<UnsafeBufferPointer<Unicode.Scalar>>) -> String {
    var length = 0
    for scalar in scalars { length += UTF8.width(scalar) }
    return String(unsafeUninitializedCapacity: length) { utf8 in
      var written = 0
      for scalar in scalars {
        for byte in scalar.utf8 {
          utf8[written] = byte
          written += 1
        }
      }
      return written
    }
  }

  /// An ASCII byte with `A`–`Z` lowered.
  private static func lowered(_ byte: UInt8) -> UInt8 {
    (0x41...0x5A).contains(byte) ? byte | 0x20 : byte
  }

  /// ASCII bytes as a string, `A`–`Z` lowered while they are copied.
  private static func lowercasedASCII(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> String {
    String(unsafeUninitializedCapacity: bytes.count) { utf8 in
      for (offset, byte) in bytes.enumerated() { utf8[offset] = lowered(byte) }
      return bytes.count
    }
  }

  // MARK: URLs and domains

  /// The url and domain invariants of a link target; `mailto:` and `tel:` give an email or phone.
  public static func urlInvariants(_ href: String) -> [Invariant] {
    var found = InvariantList()
    addURLInvariants(of: href, to: &found)
    return found.invariants
  }

  /// Adds the invariants `urlInvariants` gives for `href` (at most one of each kind).
  private static func addURLInvariants(of href: String, to found: inout InvariantList) {
    if let simple = simpleCanonicalURL(href) {
      found.add(Invariant(kind: .url, value: simple.url, raw: href))
      found.add(Invariant(kind: .domain, value: simple.host, raw: simple.host))
      return
    }
    let trimmed = TextNormalization.normalize(href)
    let lower = trimmed.lowercased()
    if lower.hasPrefix("mailto:") {
      let address = String(trimmed.dropFirst(7).prefix { $0 != "?" })
      if !address.isEmpty { found.add(Invariant(kind: .email, value: canonicalEmail(address), raw: address)) }
      return
    }
    if lower.hasPrefix("tel:") {
      let number = String(trimmed.dropFirst(4))
      if let phone = canonicalPhone(number) { found.add(Invariant(kind: .phone, value: phone, raw: number)) }
      return
    }
    if lower.hasPrefix("#") || lower.hasPrefix("javascript:") || trimmed.isEmpty { return }
    guard let canonical = canonicalURL(trimmed) else { return }
    found.add(Invariant(kind: .url, value: canonical.url, raw: trimmed))
    if !canonical.host.isEmpty {
      found.add(Invariant(kind: .domain, value: canonical.host, raw: canonical.host))
    }
  }

  /// The canonical form of the common case, worked out on bytes: an ASCII `http(s)://` address
  /// whose host is letters, digits, dots and hyphens. Anything else gives nil and takes the general
  /// path (`canonicalURL`), which gives the same result for these addresses. Both strings are
  /// copied once from the address, the host lowered on the way.
  static func simpleCanonicalURL(_ text: String) -> (url: String, host: String)? {
    var text = text
    return text.withUTF8 { bytes -> (url: String, host: String)? in
      let count = bytes.count
      guard count > 8 else { return nil }
      for byte in bytes where byte <= 0x20 || byte >= 0x7F { return nil }
      var start: Int
      if lowered(bytes[0]) == 0x68, lowered(bytes[1]) == 0x74, lowered(bytes[2]) == 0x74,
        lowered(bytes[3]) == 0x70
      {
        if bytes[4] == 0x3A, bytes[5] == 0x2F, bytes[6] == 0x2F {
          start = 7
        } else if lowered(bytes[4]) == 0x73, bytes[5] == 0x3A, bytes[6] == 0x2F, bytes[7] == 0x2F {
          start = 8
        } else {
          return nil
        }
      } else {
        return nil
      }
      var hostEnd = start
      while hostEnd < count, bytes[hostEnd] != 0x2F, bytes[hostEnd] != 0x3F, bytes[hostEnd] != 0x23 {
        let byte = bytes[hostEnd]
        let allowed =
          (0x30...0x39).contains(byte) || (0x61...0x7A).contains(lowered(byte)) || byte == 0x2E
          || byte == 0x2D
        guard allowed else { return nil }
        hostEnd += 1
      }
      // The host is bytes[start..<end]: trailing dots and a leading `www.` go, until nothing changes.
      var end = hostEnd
      while true {
        let before = (start, end)
        while end > start, bytes[end - 1] == 0x2E { end -= 1 }
        if end - start >= 4, lowered(bytes[start]) == 0x77, lowered(bytes[start + 1]) == 0x77,
          lowered(bytes[start + 2]) == 0x77, bytes[start + 3] == 0x2E
        {
          start += 4
        }
        if before == (start, end) { break }
      }
      guard end > start else { return nil }
      // After the host: path and query as written (none when a fragment follows the host), less
      // trailing slashes at the end and before the query.
      var restEnd = hostEnd < count && bytes[hostEnd] != 0x23 ? count : hostEnd
      while restEnd > hostEnd, bytes[restEnd - 1] == 0x2F { restEnd -= 1 }
      let query = bytes[hostEnd..<restEnd].firstIndex(of: 0x3F) ?? restEnd
      var pathEnd = query
      while pathEnd > hostEnd, bytes[pathEnd - 1] == 0x2F { pathEnd -= 1 }
      let host = lowercasedASCII(bytes[start..<end])
      let urlLength = (end - start) + (pathEnd - hostEnd) + (restEnd - query)
      let url = String(unsafeUninitializedCapacity: urlLength) { utf8 in
        var written = utf8.initialize(fromContentsOf: host.utf8)
        written = utf8[written...].initialize(fromContentsOf: bytes[hostEnd..<pathEnd])
        return utf8[written...].initialize(fromContentsOf: bytes[query..<restEnd])
      }
      return (url, host)
    }
  }

  /// Canonical URL (host lower-cased, scheme, `www.`, default port and trailing slash dropped) and
  /// its host; relative references keep their path.
  public static func canonicalURL(_ text: String) -> (url: String, host: String)? {
    var rest = Substring(text)
    // A scheme is letters, digits, `+`, `-` and `.` before `://`; a `://` later in the path is not one.
    if let schemeEnd = rest.range(of: "://"),
      rest[..<schemeEnd.lowerBound].allSatisfy({
        $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0))
      })
    {
      let scheme = rest[..<schemeEnd.lowerBound].lowercased()
      guard scheme == "http" || scheme == "https" else { return nil }
      rest = rest[schemeEnd.upperBound...]
    } else if rest.hasPrefix("//") {
      rest = rest.dropFirst(2)
    } else if rest.hasPrefix("/") {
      let path = stripTrailingSlash(String(rest))
      return (path.isEmpty || path.hasPrefix("?") ? "/" + path : path, "")
    }
    let hostEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
    var host = rest[..<hostEnd].lowercased()
    if let at = host.lastIndex(of: "@") { host = String(host[host.index(after: at)...]) }
    // Repeated until nothing changes, so the canonical form is a fixed point (`x:80.` → `x`).
    while true {
      let before = host
      if host.hasSuffix(":80") || host.hasSuffix(":443") { host = String(host.prefix { $0 != ":" }) }
      while host.hasSuffix(".") { host.removeLast() }
      if host.hasPrefix("www.") { host.removeFirst(4) }
      if host == before { break }
    }
    guard !host.isEmpty else { return nil }
    // A colon in a host only starts a port (`example.fi:8080`); `x:` is no host, and taking it for
    // one would give a canonical form that reads back as another URL.
    if !host.hasPrefix("["), let colon = host.lastIndex(of: ":") {
      let port = host[host.index(after: colon)...]
      guard !port.isEmpty, port.allSatisfy(\.isASCII), port.allSatisfy(\.isNumber) else { return nil }
    }
    var path = String(rest[hostEnd...])
    if path.hasPrefix("#") { path = "" }
    return (stripTrailingSlash(host + path), host)
  }

  private static func stripTrailingSlash(_ text: String) -> String {
    var result = text
    while result.hasSuffix("/") { result.removeLast() }
    // Slashes just before the query go too: `a/?q` is `a?q`.
    if let query = result.firstIndex(of: "?") {
      var path = result[..<query]
      while path.hasSuffix("/") { path.removeLast() }
      result = String(path) + result[query...]
    }
    return result
  }

  /// Characters that may stand inside a URL written in running text.
  private static func isURLCharacter(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.value < 0x80 {
      if scalar.value <= 0x20 { return false }
    } else if TextNormalization.isUnicodeSpace(scalar.value) {
      return false
    }
    switch scalar {
    case "<", ">", "\"", "(", ")", "[", "]", "{", "}", "|", "\\", "^", "`", "«", "»", "“", "”", "„", "，", "。",
      "、", "）", "（", "،":
      return false
    default: return true
    }
  }

  /// The scalars of the text being scanned, invisible format characters left out.
  private typealias Scalars = UnsafeBufferPointer<Unicode.Scalar>
  /// Which scalars an earlier scan took (an e-mail is not also a URL; a phone not also numbers).
  private typealias Consumed = UnsafeMutableBufferPointer<Bool>

  private static func scanURLs(_ scalars: Scalars, _ consumed: Consumed, _ found: inout InvariantList) {
    var index = 0
    while index < scalars.count {
      guard !consumed[index], isURLCharacter(scalars[index]),
        index == 0 || !isURLCharacter(scalars[index - 1])
      else {
        index += 1
        continue
      }
      var end = index
      while end < scalars.count, isURLCharacter(scalars[end]), !consumed[end] { end += 1 }
      // Trailing sentence punctuation is not part of the address.
      while end > index, ".,;:!?'’".unicodeScalars.contains(scalars[end - 1]) { end -= 1 }
      // An address has a dot in its host or a scheme's colon; a plain word has neither.
      guard scalars[index..<end].contains(where: { $0 == "." || $0 == ":" }) else {
        index = max(end, index + 1)
        continue
      }
      if let invariants = urlToken(string(scalars[index..<end])) {
        for invariant in invariants { found.add(invariant) }
        for position in index..<end { consumed[position] = true }
      }
      index = max(end, index + 1)
    }
  }

  /// A token from running text that reads as a web address: a scheme, `www.`, or a host name
  /// ending in a known top-level domain. Mixed-script hosts (a Cyrillic `о` in a Latin name) are
  /// kept as they are, so they never equal the real host.
  private static func urlToken(_ token: String) -> [Invariant]? {
    let lower = token.lowercased()
    if lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("www.") {
      let withScheme = lower.hasPrefix("www.") ? "https://" + token : token
      guard let canonical = canonicalURL(withScheme) else { return nil }
      return [
        Invariant(kind: .url, value: canonical.url, raw: token),
        Invariant(kind: .domain, value: canonical.host, raw: canonical.host),
      ]
    }
    let hostPart = lower.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
    let labels = hostPart.split(separator: ".", omittingEmptySubsequences: false)
    guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty }),
      labels.allSatisfy({ $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" } })
    else { return nil }
    let topLevel = String(labels.last!)
    let isASCII = hostPart.unicodeScalars.allSatisfy(\.isASCII)
    let hasLatin = hostPart.unicodeScalars.contains { $0.isASCII && $0.properties.isAlphabetic }
    let looksLikeDomain =
      knownTopLevelDomains.contains(topLevel) || (!isASCII && hasLatin && topLevel.count >= 2)
    guard looksLikeDomain, labels.dropLast().contains(where: { $0.contains { $0.isLetter } }) else {
      return nil
    }
    var host = String(hostPart)
    if host.hasPrefix("www.") { host.removeFirst(4) }
    var invariants = [Invariant(kind: .domain, value: host, raw: String(token.prefix(hostPart.count)))]
    if hostPart.count < lower.count, let canonical = canonicalURL("https://" + token) {
      invariants.insert(Invariant(kind: .url, value: canonical.url, raw: token), at: 0)
    }
    return invariants
  }

  static let knownTopLevelDomains: Set<String> = [
    "fi", "ax", "se", "ee", "no", "dk", "eu", "com", "org", "net", "info", "gov", "edu", "int", "io", "de",
    "uk", "ru", "ua", "fr", "es", "tr", "cn", "ir", "so", "th", "us", "nl", "be", "at", "ch", "it", "pl",
  ]

  // MARK: E-mail

  private static func isEmailLocalCharacter(_ scalar: Unicode.Scalar) -> Bool {
    scalar.isASCII
      && (isLetter(scalar) || ("0"..."9").contains(scalar) || "._%+-".unicodeScalars.contains(scalar))
  }

  /// A letter or number of any script, `-` or `.` (ASCII without a property look-up).
  private static func isHostCharacter(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.isASCII {
      return isLetter(scalar) || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "."
    }
    return scalar.properties.isAlphabetic || scalar.properties.numericType != nil
  }

  private static func scanEmails(_ scalars: Scalars, _ consumed: Consumed, _ found: inout InvariantList) {
    for (at, scalar) in scalars.enumerated() where scalar == "@" || scalar == "＠" {
      var start = at
      while start > 0, isEmailLocalCharacter(scalars[start - 1]) { start -= 1 }
      var end = at + 1
      while end < scalars.count, isHostCharacter(scalars[end]) { end += 1 }
      while end > at + 1, scalars[end - 1] == "." || scalars[end - 1] == "-" { end -= 1 }
      guard start < at, end > at + 1, scalars[(at + 1)..<end].contains(".") else { continue }
      let raw = string(scalars[start..<end])
      found.add(Invariant(kind: .email, value: canonicalEmail(raw), raw: raw))
      for position in start..<end { consumed[position] = true }
    }
  }

  /// Canonical e-mail: lower case, full-width at sign folded.
  public static func canonicalEmail(_ address: String) -> String {
    var address = address
    // Fast path: an ASCII address (nearly all) has no full-width at sign, and lowering it is
    // lowering its bytes.
    if let ascii = address.withUTF8({ $0.allSatisfy { $0 < 0x80 } ? lowercasedASCII($0[...]) : nil }) {
      return ascii
    }
    return address.replacingOccurrences(of: "＠", with: "@").lowercased()
  }

  // MARK: Phones and numbers

  /// Whether a scalar is a letter (Unicode Alphabetic), with an ASCII fast path.
  static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.value < 0x80 {
      return (0x41...0x5A).contains(scalar.value) || (0x61...0x7A).contains(scalar.value)
    }
    return scalar.properties.isAlphabetic
  }

  /// The ASCII digit of any decimal digit (Arabic-Indic, Persian, full-width, Devanagari, …).
  static func asciiDigit(_ scalar: Unicode.Scalar) -> UInt8? {
    let value = scalar.value
    if value < 0x80 { return value >= 0x30 && value <= 0x39 ? UInt8(value) : nil }
    // The digits met most after ASCII, without a property look-up: Arabic-Indic, Persian
    // (extended Arabic-Indic) and full-width.
    switch value {
    case 0x0660...0x0669: return UInt8(value - 0x0660) + 0x30
    case 0x06F0...0x06F9: return UInt8(value - 0x06F0) + 0x30
    case 0xFF10...0xFF19: return UInt8(value - 0xFF10) + 0x30
    default: break
    }
    // No decimal digits lie between ASCII and the Arabic-Indic digits, nor among the letters of
    // the scripts met most (Cyrillic, Arabic letters, Thai letters), nor from after Ol Chiki to
    // before the full-width digits (punctuation, symbols, CJK); the last range also passes over
    // the digits of a few scripts from U+A620 (Vai) on, which are thus not taken for digits.
    if value < 0x0660 || (value >= 0x066A && value < 0x06F0) || (value > 0x06F9 && value < 0x07C0)
      || (value > 0x0E59 && value < 0x0ED0) || (value >= 0x0E00 && value < 0x0E50)
      || (value > 0x1C59 && value < 0xFF10)
    {
      return nil
    }
    guard scalar.properties.numericType == .decimal, let digit = scalar.properties.numericValue else {
      return nil
    }
    return UInt8(digit) + 0x30
  }

  private static func isPhoneSeparator(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x20, 0x2D, 0xA0, 0x202F, 0x2009, 0x2010, 0x2011, 0x2012, 0x2013, 0x28, 0x29, 0x2F: return true
    default: return false
    }
  }

  private static func scanPhones(_ scalars: Scalars, _ consumed: Consumed, _ found: inout InvariantList) {
    var index = 0
    while index < scalars.count {
      let scalar = scalars[index]
      let startsNumber =
        asciiDigit(scalar) != nil
        || ((scalar == "+" || scalar == "＋") && index + 1 < scalars.count
          && asciiDigit(scalars[index + 1]) != nil)
      guard !consumed[index], startsNumber,
        index == 0 || !(isLetter(scalars[index - 1]) || asciiDigit(scalars[index - 1]) != nil)
      else {
        index += 1
        continue
      }
      // Digits joined by single separators (a space, a hyphen, brackets).
      var end = index + 1
      var last = index
      while end < scalars.count {
        if asciiDigit(scalars[end]) != nil {
          last = end
          end += 1
        } else if isPhoneSeparator(scalars[end]), end + 1 < scalars.count,
          asciiDigit(scalars[end + 1]) != nil || (scalars[end] == " " && scalars[end + 1] == "(")
        {
          end += 1
        } else if scalars[end] == "(" || scalars[end] == ")" {
          end += 1
        } else {
          break
        }
      }
      let run = scalars[index...last]
      // A run holds digits, separators and a leading plus only, so it is its own trunk-free text
      // unless it starts with a plus and holds a bracket; then the written text goes through
      // `canonicalPhone` for its "(0)".
      let mayHoldTrunk = (scalar == "+" || scalar == "＋") && run.contains("(")
      if let canonical = mayHoldTrunk ? canonicalPhone(string(run)) : canonicalPhone(trunkFree: run) {
        found.add(Invariant(kind: .phone, value: canonical, raw: string(run)))
        for position in index...last { consumed[position] = true }
        index = last + 1
      } else {
        // Not a phone: skip this run of digits, the number scan will take it.
        index += 1
        while index < scalars.count, asciiDigit(scalars[index]) != nil { index += 1 }
      }
    }
  }

  /// Canonical phone number, or nil when `text` does not read as one. International numbers and
  /// Finnish national numbers (leading 0) become `+` and digits; `00` is the international prefix;
  /// EU service numbers `116 xxx` stay as their six digits.
  public static func canonicalPhone(_ text: String) -> String? {
    var text = text
    // "+358 (0)295 …": the national trunk prefix in brackets is not dialled from abroad.
    if text.hasPrefix("+") || text.hasPrefix("＋"), let trunk = text.range(of: "(0)") {
      text.replaceSubrange(trunk, with: " ")
    }
    return canonicalPhone(trunkFree: text.unicodeScalars)
  }

  /// `canonicalPhone` of a text whose trunk prefix is gone: digits of any script, a plus before
  /// them, separators and invisible format characters; anything else gives nil.
  private static func canonicalPhone(trunkFree scalars: some Sequence<Unicode.Scalar>) -> String? {
    // No rule takes more digits than `00` and 15 more.
    let maxDigits = 17
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxDigits) { digits -> String? in
      var count = 0
      var scalarCount = 0
      var plus = false
      var sawSeparator = false
      for scalar in scalars {
        scalarCount += 1
        if let digit = asciiDigit(scalar) {
          guard count < maxDigits else { return nil }
          digits.initializeElement(at: count, to: digit)
          count += 1
        } else if (scalar == "+" || scalar == "＋") && count == 0 {
          plus = true
        } else if isPhoneSeparator(scalar) || TextNormalization.isInvisibleFormat(scalar) {
          sawSeparator = true
        } else {
          return nil
        }
      }
      // `prefix`, then the digits from `first` on.
      func number(_ prefix: String, from first: Int) -> String {
        String(unsafeUninitializedCapacity: prefix.utf8.count + count - first) { utf8 in
          var written = 0
          for byte in prefix.utf8 {
            utf8[written] = byte
            written += 1
          }
          for index in first..<count {
            utf8[written] = digits[index]
            written += 1
          }
          return written
        }
      }
      func startsWith(_ prefix: String) -> Bool {
        count >= prefix.utf8.count && digits.starts(with: prefix.utf8)
      }
      if plus { return (8...15).contains(count) ? number("+", from: 0) : nil }
      if startsWith("00"), (10...17).contains(count) { return number("+", from: 2) }
      // Without a separator the text is digits only, each one character: `scalarCount` is its length.
      if startsWith("116"), count == 6, sawSeparator || scalarCount == 6 { return number("", from: 0) }
      if startsWith("0"), (7...12).contains(count), sawSeparator || count >= 9 {
        return number("+358", from: 1)
      }
      return nil
    }
  }

  private static func scanNumbers(_ scalars: Scalars, _ consumed: Consumed, _ found: inout InvariantList) {
    var index = 0
    while index < scalars.count {
      guard !consumed[index], asciiDigit(scalars[index]) != nil else {
        index += 1
        continue
      }
      if index > 0, isLetter(scalars[index - 1]) {
        // Digits glued to letters (a code such as "A12") are not a number of their own.
        while index < scalars.count, asciiDigit(scalars[index]) != nil { index += 1 }
        continue
      }
      var end = index
      while end < scalars.count, !consumed[end], asciiDigit(scalars[end]) != nil { end += 1 }
      let run = scalars[index..<end]
      let value = String(unsafeUninitializedCapacity: run.count) { utf8 in
        for (offset, scalar) in run.enumerated() { utf8[offset] = asciiDigit(scalar)! }
        return run.count
      }
      // ASCII digits are written as their canonical form.
      let raw = run.allSatisfy(\.isASCII) ? value : string(run)
      found.add(Invariant(kind: .number, value: value, raw: raw))
      index = end
    }
  }
}
