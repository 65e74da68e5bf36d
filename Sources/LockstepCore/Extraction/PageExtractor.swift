public import LockstepXML

/// Limits that keep a hostile page from costing more than a page should.
public struct ExtractionLimits: Sendable {
  /// Largest file read, in bytes.
  public var maximumBytes: Int
  /// Deepest element nesting parsed.
  public var maximumDepth: Int
  /// Most translation units one page may have.
  public var maximumUnits: Int

  /// The default cap on units per page: real pages have hundreds.
  public static let defaultMaximumUnits = 100_000

  /// The documented defaults: 32 MiB, 512 levels and 100,000 units.
  public init(
    maximumBytes: Int = InputFile.defaultMaximumBytes,
    maximumDepth: Int = HTMLStreamParser.defaultMaximumDepth,
    maximumUnits: Int = ExtractionLimits.defaultMaximumUnits
  ) {
    self.maximumBytes = maximumBytes
    self.maximumDepth = maximumDepth
    self.maximumUnits = maximumUnits
  }
}

/// A page document and the warnings its parse raised.
public struct Extraction: Sendable {
  /// The structured page.
  public var document: PageDocument
  /// Recoverable problems: encoding, libxml2 parse errors, a missing content region.
  public var warnings: [Diagnostic]
}

/// Turns an HTML page into a `PageDocument` in one streaming pass over libxml2's SAX events.
public enum PageExtractor {
  /// Reads and extracts the page at `path` (`-` for standard input).
  public static func extract(
    path: String, limits: ExtractionLimits = ExtractionLimits()
  ) throws(LockstepError) -> Extraction {
    let bytes = try InputFile.read(path, maximumBytes: limits.maximumBytes)
    return try extract(bytes: bytes, file: path == "-" ? "<stdin>" : path, limits: limits)
  }

  /// Extracts a page from its bytes; `declaredCharset` comes from outside the page (HTTP).
  public static func extract(
    bytes: [UInt8], file: String, declaredCharset: String? = nil,
    limits: ExtractionLimits = ExtractionLimits()
  ) throws(LockstepError) -> Extraction {
    if bytes.count > limits.maximumBytes {
      throw LockstepError(
        file: file, rule: "file-too-large",
        "is \(bytes.count) bytes, over the limit of \(limits.maximumBytes) bytes")
    }
    let decoded = try HTMLDecoding.decode(bytes, file: file, declared: declaredCharset)
    let collector = PageEventCollector()
    // Only the head's links and the first <main> can hold what the extractor keeps: the parser
    // reads just those, with the chrome inside them left out; the language links elsewhere are
    // read by the byte scan (MainRegionScanner).
    let input = MainRegionScanner.parseInput(decoded.utf8)
    collector.languagesBeforeMain = input.languages
    collector.canonicalURLBeforeMain = input.canonicalURLBeforeMain
    let outcome = HTMLStreamParser.parse(
      utf8: input.bytes, fileName: file, maximumDepth: limits.maximumDepth, handler: collector)
    if let exceeded = outcome.depthExceeded {
      throw LockstepError(
        file: file, rule: "html-too-deep",
        "nests elements more than \(limits.maximumDepth) levels deep; refusing to read it",
        line: exceeded.line)
    }
    var warnings = decoded.warnings
    let lineStarts = outcome.messages.isEmpty ? [] : input.lineStarts()
    for message in outcome.messages {
      let column = input.pageColumn(line: message.line, column: message.column, lineStarts: lineStarts)
      warnings.append(
        Diagnostic(
          message.isFatal ? .error : .warning, "html-parse", "libxml2: \(message.message)", file: file,
          line: message.line > 0 ? message.line : nil, column: column > 0 ? column : nil))
    }
    collector.addLanguageVersions(input.trailingLanguages)
    if collector.canonicalURL == nil { collector.canonicalURL = input.trailingCanonicalURL }
    guard collector.sawElement else {
      throw LockstepError(file: file, rule: "html-not-html", "holds no HTML elements")
    }
    let assembled = PageAssembler(collector: collector).assemble(file: file)
    let unitCount = assembled.unitCount
    if unitCount > limits.maximumUnits {
      throw LockstepError(
        file: file, rule: "page-too-many-units",
        "has \(unitCount) units, over the limit of \(limits.maximumUnits) per page; "
          + "refusing to read it")
    }
    if collector.regionFound == .body {
      warnings.append(
        Diagnostic(
          .warning, "html-no-main", "has no <main> or <article>: content taken from the whole <body>",
          file: file))
    }
    if unitCount == 0 {
      warnings.append(
        Diagnostic(
          .warning, "html-no-content", "has no content: no headings, paragraphs or lists", file: file))
    }
    return Extraction(document: assembled, warnings: warnings)
  }

  /// The encoding check, byte scan and libxml2 parse of `extract`, with a handler that only
  /// counts start tags: what the library costs on the input the extractor gives it, so the
  /// benchmark can say how much of an extraction is libxml2 and how much is Lockstep's work.
  /// Returns the number of elements parsed.
  @_spi(Benchmark)
  public static func scanAndParse(bytes: [UInt8], file: String) throws(LockstepError) -> Int {
    let decoded = try HTMLDecoding.decode(bytes, file: file, declared: nil)
    let input = MainRegionScanner.parseInput(decoded.utf8)
    let counter = ElementCounter()
    _ = HTMLStreamParser.parse(
      utf8: input.bytes, fileName: file, maximumDepth: HTMLStreamParser.defaultMaximumDepth, handler: counter)
    return counter.count
  }
}

/// Counts start tags and wants no text.
private final class ElementCounter: HTMLEventHandler {
  var count = 0
  var wantsCharacters: Bool { false }
  func startElement(_ name: borrowing HTMLName, attributes: borrowing HTMLAttributes, line: Int) {
    count += 1
  }
  func endElement() {}
  func characters(_ text: borrowing HTMLText) {}
}
