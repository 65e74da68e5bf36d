internal import CLibXML2

/// One node of a parsed XML document: an element or a run of character data.
public enum XMLNode: Sendable, Equatable {
  /// A child element.
  case element(XMLElement)
  /// Character data (text and CDATA, adjacent runs merged, entities of XML itself resolved).
  case text(String)
}

/// One attribute of an element, with its namespace.
public struct XMLAttribute: Sendable, Equatable {
  /// The local name (`href` of `xhtml:href`).
  public var name: String
  /// The namespace URI, nil for an attribute without a prefix.
  public var namespace: String?
  /// The value, with character and predefined entity references resolved.
  public var value: String

  /// An attribute.
  public init(name: String, namespace: String? = nil, value: String) {
    self.name = name
    self.namespace = namespace
    self.value = value
  }
}

/// One element of a parsed XML document: a Swift value, no pointer into libxml2 survives the parse.
public struct XMLElement: Sendable, Equatable {
  /// The namespace of XML itself (`xml:lang`, `xml:space`).
  public static let xmlNamespace = "http://www.w3.org/XML/1998/namespace"

  /// The local name (`trans-unit`).
  public var name: String
  /// The namespace URI, nil when the element has none.
  public var namespace: String?
  /// The attributes in document order (namespace declarations are not attributes).
  public var attributes: [XMLAttribute]
  /// Child elements and text in document order.
  public var children: [XMLNode]
  /// 1-based line where the start tag ends.
  public var line: Int

  /// An element.
  public init(
    name: String, namespace: String? = nil, attributes: [XMLAttribute] = [], children: [XMLNode] = [],
    line: Int = 0
  ) {
    self.name = name
    self.namespace = namespace
    self.attributes = attributes
    self.children = children
    self.line = line
  }

  /// The value of the attribute `name` in `namespace` (nil: no namespace), or nil.
  public func attribute(_ name: String, namespace: String? = nil) -> String? {
    attributes.first { $0.name == name && $0.namespace == namespace }?.value
  }

  /// The child elements, in order.
  public var elements: [XMLElement] {
    children.compactMap {
      if case .element(let element) = $0 { return element }
      return nil
    }
  }

  /// The child elements called `name`, in order.
  public func elements(_ name: String) -> [XMLElement] { elements.filter { $0.name == name } }

  /// The first child element called `name`.
  public func element(_ name: String) -> XMLElement? { elements.first { $0.name == name } }

  /// All character data inside the element and its descendants, in order.
  public var text: String {
    children.map {
      switch $0 {
      case .text(let text): text
      case .element(let element): element.text
      }
    }.joined()
  }
}

/// Why a document was refused: what, and where when known.
public struct XMLReadError: Error, Sendable, Equatable {
  /// What kind of problem it is.
  public enum Kind: String, Sendable {
    /// Not well-formed XML.
    case malformed
    /// A DOCTYPE or an entity declaration: refused, never expanded.
    case doctype
    /// Too large or too deeply nested.
    case limit
    /// Not UTF-8.
    case encoding
  }

  /// The kind.
  public var kind: Kind
  /// One sentence saying what is wrong.
  public var message: String
  /// 1-based line, 0 when unknown.
  public var line: Int
  /// 1-based column, 0 when unknown.
  public var column: Int

  /// An error.
  public init(_ kind: Kind, _ message: String, line: Int = 0, column: Int = 0) {
    self.kind = kind
    self.message = message
    self.line = line
    self.column = column
  }
}

/// Limits on one parse.
public struct XMLReadLimits: Sendable {
  /// The most bytes a document may have.
  public var maximumBytes: Int
  /// The deepest element nesting allowed.
  public var maximumDepth: Int
  /// The most elements a document may have.
  public var maximumElements: Int

  /// Limits; the defaults suit translation exchange files (XLIFF).
  public init(maximumBytes: Int = 16 << 20, maximumDepth: Int = 64, maximumElements: Int = 1_000_000) {
    self.maximumBytes = maximumBytes
    self.maximumDepth = maximumDepth
    self.maximumElements = maximumElements
  }
}

/// A safe XML parser for untrusted data files: libxml2's SAX2 parser, building Swift values.
///
/// Safety: no entity substitution (`XML_PARSE_NOENT` is off), no DTD loading, defaulting or
/// validation, no network (`XML_PARSE_NONET`), and every document with a DOCTYPE is refused — one
/// that declares an entity is stopped at the first declaration, so billion-laughs and external-entity
/// (XXE) files fail fast and no file outside the input is ever read. Input must be UTF-8; any
/// encoding declaration is ignored after Swift has checked the bytes.
public enum XMLReader {
  /// Initialises libxml2 once, thread-safely, before any parse.
  private static let initialised: Bool = {
    xmlInitParser()
    return true
  }()

  /// Parses UTF-8 `bytes` into the root element, on the calling thread.
  public static func parse(
    utf8 bytes: [UInt8], fileName: String, limits: XMLReadLimits = XMLReadLimits()
  ) throws(XMLReadError) -> XMLElement {
    precondition(initialised)
    guard bytes.count <= limits.maximumBytes else {
      throw XMLReadError(.limit, "is \(bytes.count) bytes, over the limit of \(limits.maximumBytes)")
    }
    var body = bytes
    if body.starts(with: [0xEF, 0xBB, 0xBF]) { body.removeFirst(3) }
    guard String(validating: body, as: UTF8.self) != nil else {
      throw XMLReadError(.encoding, "is not valid UTF-8")
    }
    guard body.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) else {
      throw XMLReadError(.malformed, "is empty")
    }
    let state = XMLParseState(limits: limits)
    let userData = Unmanaged.passUnretained(state).toOpaque()
    var sax = xmlSAXHandler()
    sax.initialized = UInt32(XML_SAX2_MAGIC)
    sax.internalSubset = { context, name, _, _ in
      guard let context else { return }
      XMLParseState.from(context).doctype(name)
    }
    sax.entityDecl = { context, name, _, _, _, _ in
      guard let context else { return }
      XMLParseState.from(context).entity(name)
    }
    sax.startElementNs = { context, localName, _, uri, _, _, attributeCount, _, attributes in
      guard let context, let localName else { return }
      XMLParseState.from(context).start(localName, uri, Int(attributeCount), attributes)
    }
    sax.endElementNs = { context, _, _, _ in
      guard let context else { return }
      XMLParseState.from(context).end()
    }
    sax.characters = { context, characters, length in
      guard let context, let characters else { return }
      XMLParseState.from(context).text(characters, Int(length))
    }
    sax.cdataBlock = { context, characters, length in
      guard let context, let characters else { return }
      XMLParseState.from(context).text(characters, Int(length))
    }
    sax.serror = { context, error in
      guard let context, let error else { return }
      XMLParseState.from(context).record(error.pointee)
    }
    var wellFormed = false
    withExtendedLifetime(state) {
      body.withUnsafeBufferPointer { buffer in
        fileName.withCString { name in
          guard let context = xmlCreatePushParserCtxt(&sax, userData, nil, 0, name) else { return }
          defer {
            // libxml2 builds a document of its own to hold a DOCTYPE's entity declarations, and
            // xmlFreeParserCtxt leaves it to the caller (found by fuzzing with LeakSanitizer).
            if let document = context.pointee.myDoc {
              xmlFreeDoc(document)
              context.pointee.myDoc = nil
            }
            xmlFreeParserCtxt(context)
          }
          let options =
            Int32(XML_PARSE_NONET.rawValue) | Int32(XML_PARSE_NOERROR.rawValue)
            | Int32(XML_PARSE_NOWARNING.rawValue) | Int32(XML_PARSE_IGNORE_ENC.rawValue)
          _ = xmlCtxtUseOptions(context, options)
          state.context = context
          feedInChunks(buffer, stopped: { state.stopped }) { chunk, length, terminate in
            _ = xmlParseChunk(context, chunk, length, terminate)
          }
          wellFormed = context.pointee.wellFormed != 0
          state.context = nil
        }
      }
    }
    if let refusal = state.refusal { throw refusal }
    if let fatal = state.firstError { throw fatal }
    guard wellFormed, let root = state.root else {
      throw XMLReadError(.malformed, "is not well-formed XML")
    }
    return root
  }
}

/// The per-parse state that libxml2's callbacks reach through their user-data pointer.
private final class XMLParseState {
  let limits: XMLReadLimits
  var context: xmlParserCtxtPtr?
  var stack: [XMLElement] = []
  var root: XMLElement?
  var elementCount = 0
  var stopped = false
  var refusal: XMLReadError?
  var firstError: XMLReadError?
  var sawDoctype = false

  init(limits: XMLReadLimits) { self.limits = limits }

  static func from(_ pointer: UnsafeMutableRawPointer) -> XMLParseState {
    Unmanaged<XMLParseState>.fromOpaque(pointer).takeUnretainedValue()
  }

  var line: Int { Int(lockstep_ctxt_line(context)) }
  var column: Int { Int(lockstep_ctxt_column(context)) }

  /// Stops the parse with `error`, keeping the first reason given.
  func stop(_ error: XMLReadError) {
    if refusal == nil { refusal = error }
    stopped = true
    if let context { xmlStopParser(context) }
  }

  func doctype(_ name: UnsafePointer<xmlChar>?) {
    // Not stopped yet, so an entity declaration inside gets named; the document is refused anyway.
    sawDoctype = true
    let root = name.map { String(cString: $0) } ?? "?"
    refusal = XMLReadError(
      .doctype,
      "has a DOCTYPE (<!DOCTYPE \(root)>): exchange files need none, and Lockstep refuses DTDs because they "
        + "can define entities",
      line: line, column: column)
  }

  func entity(_ name: UnsafePointer<xmlChar>?) {
    let entity = name.map { String(cString: $0) } ?? "?"
    refusal = nil
    stop(
      XMLReadError(
        .doctype,
        "declares the entity '\(entity)' in a DOCTYPE: entities are refused, never expanded "
          + "(entity expansion and external entities are attacks)",
        line: line, column: column))
  }

  func start(
    _ localName: UnsafePointer<xmlChar>, _ uri: UnsafePointer<xmlChar>?, _ attributeCount: Int,
    _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
  ) {
    guard !stopped else { return }
    if sawDoctype, let refusal {
      stop(refusal)
      return
    }
    elementCount += 1
    if stack.count + 1 > limits.maximumDepth {
      stop(
        XMLReadError(
          .limit, "nests elements deeper than \(limits.maximumDepth) levels", line: line, column: column))
      return
    }
    if elementCount > limits.maximumElements {
      stop(
        XMLReadError(
          .limit, "has more than \(limits.maximumElements) elements", line: line, column: column))
      return
    }
    var element = XMLElement(
      name: String(cString: localName), namespace: uri.map { String(cString: $0) }, line: line)
    if let attributes {
      // Five pointers per attribute: local name, prefix, URI, value start, value end.
      for index in 0..<attributeCount {
        let base = index * 5
        guard let name = attributes[base], let start = attributes[base + 3], let end = attributes[base + 4]
        else { continue }
        var value = String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
        // Without entity substitution libxml2 hands out an ampersand as the reference `&#38;`;
        // every other predefined or character reference arrives decoded.
        if value.contains("&#38;") { value = value.replacing("&#38;", with: "&") }
        element.attributes.append(
          XMLAttribute(
            name: String(cString: name), namespace: attributes[base + 2].map { String(cString: $0) },
            value: value))
      }
    }
    stack.append(element)
  }

  func end() {
    guard !stopped, let element = stack.popLast() else { return }
    if stack.isEmpty {
      root = element
    } else {
      stack[stack.count - 1].children.append(.element(element))
    }
  }

  func text(_ characters: UnsafePointer<xmlChar>, _ length: Int) {
    guard !stopped, length > 0, !stack.isEmpty else { return }
    let text = String(decoding: UnsafeBufferPointer(start: characters, count: length), as: UTF8.self)
    let last = stack.count - 1
    if case .text(let previous) = stack[last].children.last {
      stack[last].children[stack[last].children.count - 1] = .text(previous + text)
    } else {
      stack[last].children.append(.text(text))
    }
  }

  func record(_ error: xmlError) {
    guard error.level == XML_ERR_ERROR || error.level == XML_ERR_FATAL, firstError == nil else { return }
    var text = error.message.map { String(cString: $0) } ?? "parse error"
    while let last = text.last, last == "\n" || last == " " { text.removeLast() }
    firstError = XMLReadError(
      .malformed, "is not well-formed XML: \(text)", line: Int(error.line), column: Int(error.int2))
  }
}
