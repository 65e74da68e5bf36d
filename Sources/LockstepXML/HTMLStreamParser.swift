internal import CLibXML2

/// One message libxml2 raised while parsing: recoverable errors become warnings on the file.
public struct ParseMessage: Sendable, Hashable {
  /// 1-based line, 0 when libxml2 gave none.
  public var line: Int
  /// 1-based column, 0 when libxml2 gave none.
  public var column: Int
  /// libxml2's text, trimmed.
  public var message: String
  /// libxml2's error code (`xmlParserErrors`).
  public var code: Int
  /// Whether libxml2 rated it fatal.
  public var isFatal: Bool
}

/// What one parse reports besides its events.
public struct HTMLParseOutcome: Sendable {
  /// Recoverable parse errors and warnings, in document order.
  public var messages: [ParseMessage]
  /// Set when the parse stopped because elements nested deeper than the limit.
  public var depthExceeded: (line: Int, depth: Int)?
  /// The deepest nesting seen.
  public var maximumDepth: Int
}

/// libxml2's HTML parser driven as a stream: SAX callbacks only, no tree is ever built.
public enum HTMLStreamParser {
  /// Initialises libxml2 once, thread-safely, before any parse.
  private static let initialised: Bool = {
    xmlInitParser()
    return true
  }()

  /// The default cap on element nesting.
  public static let defaultMaximumDepth = 512

  /// Parses UTF-8 `bytes` and sends every event to `handler`, on the calling thread.
  ///
  /// The parse is one synchronous call: libxml2 2.9 keeps some error state per thread.
  public static func parse(
    utf8 bytes: [UInt8], fileName: String, maximumDepth: Int = defaultMaximumDepth,
    handler: some HTMLEventHandler
  ) -> HTMLParseOutcome {
    precondition(initialised)
    let state = ParseState(handler: handler, maximumDepth: maximumDepth)
    let userData = Unmanaged.passUnretained(state).toOpaque()
    var sax = htmlSAXHandler()
    sax.initialized = UInt32(XML_SAX2_MAGIC)
    sax.startElement = { context, name, attributes in
      guard let context, let name else { return }
      ParseState.from(context).start(name, attributes)
    }
    sax.endElement = { context, name in
      guard let context, name != nil else { return }
      ParseState.from(context).end()
    }
    sax.characters = { context, characters, length in
      guard let context, let characters else { return }
      ParseState.from(context).text(characters, Int(length))
    }
    sax.serror = { context, error in
      guard let context, let error else { return }
      ParseState.from(context).record(error.pointee)
    }
    withExtendedLifetime(state) {
      bytes.withUnsafeBufferPointer { buffer in
        fileName.withCString { name in
          guard
            let context = htmlCreatePushParserCtxt(&sax, userData, nil, 0, name, XML_CHAR_ENCODING_UTF8)
          else { return }
          defer {
            // A document libxml2 built on its own (none with these callbacks) is the caller's to free.
            if let document = context.pointee.myDoc {
              xmlFreeDoc(document)
              context.pointee.myDoc = nil
            }
            htmlFreeParserCtxt(context)
          }
          let options =
            Int32(HTML_PARSE_NOERROR.rawValue) | Int32(HTML_PARSE_NOWARNING.rawValue)
            | Int32(HTML_PARSE_NONET.rawValue) | Int32(HTML_PARSE_IGNORE_ENC.rawValue)
            | Int32(HTML_PARSE_COMPACT.rawValue)
          htmlCtxtUseOptions(context, options)
          state.context = context
          feedInChunks(buffer, stopped: { state.stopped }) { chunk, length, terminate in
            _ = htmlParseChunk(context, chunk, length, terminate)
          }
          state.context = nil
        }
      }
    }
    return HTMLParseOutcome(
      messages: state.messages, depthExceeded: state.depthExceeded, maximumDepth: state.deepest)
  }
}

/// The per-parse state that libxml2's callbacks reach through their user-data pointer.
private final class ParseState {
  let handler: any HTMLEventHandler
  let maximumDepth: Int
  var context: htmlParserCtxtPtr?
  var depth = 0
  var deepest = 0
  var stopped = false
  var depthExceeded: (line: Int, depth: Int)?
  var messages: [ParseMessage] = []

  init(handler: any HTMLEventHandler, maximumDepth: Int) {
    self.handler = handler
    self.maximumDepth = maximumDepth
  }

  static func from(_ pointer: UnsafeMutableRawPointer) -> ParseState {
    Unmanaged<ParseState>.fromOpaque(pointer).takeUnretainedValue()
  }

  var line: Int { Int(lockstep_ctxt_line(context)) }

  func start(_ name: UnsafePointer<xmlChar>, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?) {
    guard !stopped else { return }
    depth += 1
    deepest = max(deepest, depth)
    if depth > maximumDepth {
      stopped = true
      depthExceeded = (line, depth)
      if let context { xmlStopParser(context) }
      return
    }
    let attributes = HTMLAttributes(attributes)
    handler.startElement(HTMLName(name), attributes: attributes, line: line)
  }

  func end() {
    guard !stopped else { return }
    depth -= 1
    handler.endElement()
  }

  func text(_ characters: UnsafePointer<xmlChar>, _ length: Int) {
    guard !stopped, length > 0, handler.wantsCharacters else { return }
    let text = HTMLText(bytes: UnsafeBufferPointer(start: characters, count: length))
    handler.characters(text)
  }

  func record(_ error: xmlError) {
    let code = Int(error.code)
    // libxml2 names the unknown tag in `str1`: most pages raise dozens of these, so the check
    // comes before the message is read.
    if code == Int(XML_HTML_UNKNOWN_TAG.rawValue), let tag = error.str1,
      Self.modernTags.contains(String(cString: tag))
    {
      return
    }
    let text = error.message.map { String(cString: $0) } ?? "parse error"
    if code == Int(XML_HTML_UNKNOWN_TAG.rawValue), Self.isKnownModernTag(text) { return }
    messages.append(
      ParseMessage(
        line: Int(error.line), column: Int(error.int2),
        message: text.trimmingCharacters(in: .whitespacesAndNewlinesASCII), code: code,
        isFatal: error.level == XML_ERR_FATAL))
  }

  /// libxml2 2.9 knows HTML 4 only: HTML5 and inline-SVG tags are valid, not worth a warning.
  static func isKnownModernTag(_ message: String) -> Bool {
    // The message reads "Tag NAME invalid".
    let words = message.split(separator: " ")
    guard words.count >= 2 else { return false }
    return modernTags.contains(String(words[1]))
  }

  static let modernTags: Set<String> = [
    "article", "aside", "audio", "bdi", "canvas", "data", "datalist", "details", "dialog",
    "figcaption", "figure", "footer", "header", "hgroup", "main", "mark", "meter", "nav", "output",
    "picture", "progress", "rp", "rt", "ruby", "search", "section", "slot", "source", "summary",
    "template", "time", "track", "video", "wbr", "svg", "path", "g", "circle", "rect", "line",
    "polyline", "polygon", "ellipse", "defs", "use", "symbol", "clippath", "lineargradient",
    "radialgradient", "stop", "mask", "pattern", "foreignobject", "tspan", "desc", "image",
    "filter", "fegaussianblur", "feoffset", "feblend", "fecolormatrix", "feflood", "fecomposite",
    "femerge", "femergenode", "marker",
  ]
}

extension Character {
  fileprivate var isASCIIWhitespace: Bool { self == " " || self == "\n" || self == "\t" || self == "\r" }
}

extension String {
  fileprivate enum TrimSet { case whitespacesAndNewlinesASCII }

  fileprivate func trimmingCharacters(in _: TrimSet) -> String {
    var slice = Substring(self)
    while let first = slice.first, first.isASCIIWhitespace { slice.removeFirst() }
    while let last = slice.last, last.isASCIIWhitespace { slice.removeLast() }
    return String(slice)
  }
}
