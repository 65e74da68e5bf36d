@_spi(Benchmark) import LockstepCore

/// `lockstep-bench extract`: single-threaded extraction throughput over a corpus held in memory.
enum ExtractBenchmark {
  /// What the benchmark counts; every peer (C SAX floor, lxml, selectolax) counts the same.
  struct Counts: Equatable {
    /// Sections that start with an `<h2>` heading.
    var sections = 0
    /// Paragraph units.
    var paragraphs = 0
    /// List items.
    var listItems = 0
    /// Link-list entries (the main link of each entry).
    var linkEntries = 0
    /// Links inside the text of units.
    var inlineLinks = 0
    /// Elements libxml2 reported (`--scan-and-parse` only).
    var elements = 0

    mutating func add(_ document: PageDocument) {
      for section in document.sections where section.heading != nil { sections += 1 }
      document.forEachUnit { unit in
        switch unit.kind {
        case .paragraph: paragraphs += 1
        case .item: listItems += 1
        case .link: linkEntries += 1
        default: break
        }
        inlineLinks += unit.links?.count ?? 0
      }
    }

    var json: String {
      "{\"sections\": \(sections), \"paragraphs\": \(paragraphs), \"list_items\": \(listItems), "
        + "\"link_entries\": \(linkEntries), \"inline_links\": \(inlineLinks)}"
    }
  }

  static func run(_ arguments: [String]) throws {
    var runs = 1
    var asJSON = false
    var scanAndParseOnly = false
    var paths: [String] = []
    var rest = arguments[...]
    while let argument = rest.popFirst() {
      switch argument {
      case "--runs":
        guard let value = rest.popFirst().flatMap({ Int($0) }), value > 0 else {
          throw UsageError("--runs needs a positive number")
        }
        runs = value
      case "--json": asJSON = true
      case "--scan-and-parse": scanAndParseOnly = true
      default:
        if argument.hasPrefix("-") { throw UsageError("unknown option '\(argument)'") }
        paths.append(argument)
      }
    }
    guard !paths.isEmpty else { throw UsageError("extract needs files or directories") }
    let files = try BenchIO.pages(paths)
    guard !files.isEmpty else { throw UsageError("no .html files under \(paths.joined(separator: " "))") }

    // All I/O happens here, before the clock starts.
    var corpus: [(file: String, bytes: [UInt8])] = []
    var totalBytes = 0
    for file in files {
      let bytes = try InputFile.read(file)
      totalBytes += bytes.count
      corpus.append((file, bytes))
    }

    var best = Duration.seconds(Int64.max)
    var counts = Counts()
    var warnings = 0
    let clock = ContinuousClock()
    for _ in 0..<runs {
      var runCounts = Counts()
      var runWarnings = 0
      let elapsed = try clock.measure {
        for page in corpus {
          if scanAndParseOnly {
            runCounts.elements += try PageExtractor.scanAndParse(bytes: page.bytes, file: page.file)
            continue
          }
          let extraction = try PageExtractor.extract(bytes: page.bytes, file: page.file)
          runCounts.add(extraction.document)
          runWarnings += extraction.warnings.count
        }
      }
      best = min(best, elapsed)
      counts = runCounts
      warnings = runWarnings
    }
    let seconds = Double(best.components.seconds) + Double(best.components.attoseconds) / 1e18
    let megabytes = Double(totalBytes) / 1_000_000
    let rate = megabytes / seconds
    if asJSON {
      BenchIO.out(
        "{\"tool\": \"\(scanAndParseOnly ? "lockstep-scan-and-parse" : "lockstep")\", \"files\": \(files.count), \"bytes\": \(totalBytes), "
          + "\"seconds\": \(seconds), \"mb_per_s\": \(rate), \"warnings\": \(warnings), "
          + "\"counts\": \(counts.json)}")
    } else {
      BenchIO.out(
        """
        files          \(files.count)
        bytes          \(totalBytes)
        sections       \(counts.sections)
        paragraphs     \(counts.paragraphs)
        list items     \(counts.listItems)
        link entries   \(counts.linkEntries)
        inline links   \(counts.inlineLinks)
        warnings       \(warnings)
        seconds        \(format3(seconds))
        MB/s           \(format3(rate))
        """)
    }
  }

  private static func format3(_ value: Double) -> String {
    let scaled = (value * 1000).rounded() / 1000
    return "\(scaled)"
  }
}
