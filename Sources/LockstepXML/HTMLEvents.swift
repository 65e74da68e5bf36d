internal import CLibXML2

/// The attributes of one start tag, readable only while the handler's callback runs.
///
/// The type is non-copyable and handed out `borrowing`, so no pointer into libxml2's buffers can
/// outlive the callback: values are copied into Swift strings when asked for.
public struct HTMLAttributes: ~Copyable {
  let pairs: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?

  init(_ pairs: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
    self.pairs = pairs
  }

  /// The value of the attribute `name` (lower case), or nil when the tag has none.
  public func value(_ name: StaticString) -> String? {
    guard let pairs else { return nil }
    var index = 0
    while let key = pairs[index] {
      if equals(key, name) {
        guard let value = pairs[index + 1] else { return "" }
        return String(cString: value)
      }
      index += 2
    }
    return nil
  }

  /// Whether the attribute `name` is present.
  public func has(_ name: StaticString) -> Bool {
    guard let pairs else { return false }
    var index = 0
    while let key = pairs[index] {
      if equals(key, name) { return true }
      index += 2
    }
    return false
  }

  /// What a start tag says about page furniture, in one pass over its attributes: the tokens of
  /// `classes` its `class` list holds and those of `roles` its `role` holds (bit `i` set for
  /// token `i`; lists split at ASCII white space), and whether it has a `hidden` attribute. The
  /// first attribute of each name counts. One pass over the attributes, no allocation.
  public func furnitureFacts(
    classes: TokenSet, roles: TokenSet
  ) -> (classes: UInt64, roles: UInt64, hidden: Bool) {
    guard let pairs else { return (0, 0, false) }
    var facts: (classes: UInt64, roles: UInt64, hidden: Bool) = (0, 0, false)
    var seen = (classes: false, roles: false)
    var index = 0
    while let key = pairs[index] {
      let value = pairs[index + 1]
      if !seen.classes, equals(key, "class") {
        seen.classes = true
        facts.classes = value.map { classes.mask(of: $0) } ?? 0
      } else if !seen.roles, equals(key, "role") {
        seen.roles = true
        facts.roles = value.map { roles.mask(of: $0) } ?? 0
      } else if equals(key, "hidden") {
        facts.hidden = true
      }
      index += 2
    }
    return facts
  }
}

/// A fixed list of up to 64 tokens (class names) to look for, prepared once.
public struct TokenSet: Sendable {
  /// The tokens with their bits, by byte length: a word is compared only with tokens as long.
  let byLength: [[(bit: UInt64, bytes: [UInt8])]]

  /// The tokens, in the order of their bits.
  public init(_ tokens: [String]) {
    precondition(tokens.count <= 64, "a TokenSet holds at most 64 tokens")
    var byLength: [[(bit: UInt64, bytes: [UInt8])]] = Array(
      repeating: [], count: (tokens.map(\.utf8.count).max() ?? 0) + 1)
    for (index, token) in tokens.enumerated() {
      byLength[token.utf8.count].append((Self.bit(index), Array(token.utf8)))
    }
    self.byLength = byLength
  }

  /// The bit of token `index`.
  public static func bit(_ index: Int) -> UInt64 { 1 << UInt64(index) }

  /// The bit of the token that `word` spells, byte for byte; 0 when it is none of them.
  public func bit(of word: UnsafeBufferPointer<UInt8>) -> UInt64 {
    guard word.count > 0, word.count < byLength.count else { return 0 }
    for (bit, token) in byLength[word.count] where token.elementsEqual(word) { return bit }
    return 0
  }

  func mask(of list: UnsafePointer<xmlChar>) -> UInt64 {
    var mask: UInt64 = 0
    var start = 0
    var position = 0
    while true {
      let byte = list[position]
      if byte == 0 || byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C {
        let length = position - start
        if length > 0, length < byLength.count {
          for (bit, token) in byLength[length] where mask & bit == 0 {
            var same = true
            for offset in 0..<length where list[start + offset] != token[offset] {
              same = false
              break
            }
            if same { mask |= bit }
          }
        }
        if byte == 0 { return mask }
        start = position + 1
      }
      position += 1
    }
  }
}

/// Compares a NUL-terminated libxml2 string with a literal, byte for byte.
private func equals(_ cString: UnsafePointer<xmlChar>, _ name: StaticString) -> Bool {
  let bytes = name.utf8Start
  let count = name.utf8CodeUnitCount
  for offset in 0..<count where cString[offset] != bytes[offset] { return false }
  return cString[count] == 0
}

/// An element's name (libxml2 lower-cases it), readable only while the handler's callback runs.
public struct HTMLName: ~Copyable {
  let bytes: UnsafeBufferPointer<UInt8>

  init(_ name: UnsafePointer<xmlChar>) {
    var count = 0
    while name[count] != 0 { count += 1 }
    bytes = UnsafeBufferPointer(start: name, count: count)
  }

  /// Calls `body` with the name's UTF-8 bytes; the buffer is valid only inside `body`.
  public func withUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
    try body(bytes)
  }
}

/// A run of character data, readable only while the handler's callback runs.
public struct HTMLText: ~Copyable {
  let bytes: UnsafeBufferPointer<UInt8>

  /// The text as a Swift string (libxml2 hands out UTF-8).
  public var string: String { String(decoding: bytes, as: UTF8.self) }

  /// Whether the run is only ASCII whitespace; answers without allocating.
  public var isWhitespace: Bool {
    bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 == 0x0C }
  }

  /// The number of UTF-8 bytes in the run.
  public var count: Int { bytes.count }

  /// Calls `body` with the run's UTF-8 bytes; the buffer is valid only inside `body`.
  public func withUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
    try body(bytes)
  }
}

/// Receives the events of one streaming HTML parse, in document order.
///
/// libxml2's HTML parser lower-cases element and attribute names and closes implied elements, so
/// start and end events always nest.
public protocol HTMLEventHandler: AnyObject {
  /// An element starts at `line` (1-based).
  func startElement(_ name: borrowing HTMLName, attributes: borrowing HTMLAttributes, line: Int)
  /// The innermost open element ends (events nest, so it is the last one started and not yet
  /// ended; its name is not handed over again).
  func endElement()
  /// Character data inside the current element.
  func characters(_ text: borrowing HTMLText)
  /// Whether the handler wants character data now; when false the parser skips the work of
  /// handing it out (used while inside page chrome).
  var wantsCharacters: Bool { get }
}
