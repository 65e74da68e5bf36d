import ArgumentParser
import LockstepCore

/// Output formats of a page document.
enum DocumentFormat: String, ExpressibleByArgument, CaseIterable {
  case json, yaml, text
}

struct ExtractCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "extract",
    abstract: "Parse an HTML page into its structured page document (sections, units, invariants).",
    discussion: """
      PATH is an HTML file, or - for standard input. Page chrome (header, menus, language selector, \
      breadcrumbs, footer, scripts including __NEXT_DATA__) is left out. Parse problems are printed \
      to stderr as warnings with their line numbers.
      Exit codes: 0 extracted; 2 the file is missing, empty, not HTML, too large, too deeply nested \
      or in an unsupported encoding; 64 bad usage.
      """)

  @Argument(help: "The HTML page to read, or - for standard input.")
  var path: String

  @Option(help: "Output format: json, yaml or text.")
  var format: DocumentFormat = .json

  @Option(name: .shortAndLong, help: "Write to this file (atomically) instead of standard output.")
  var output: String?

  @Option(help: "Refuse input files larger than this many bytes.")
  var maxBytes: Int = InputFile.defaultMaximumBytes

  @Option(help: "Refuse pages whose elements nest deeper than this.")
  var maxDepth: Int = ExtractionLimits().maximumDepth

  func run() throws {
    try runReporting { () throws(LockstepError) in
      let extraction = try PageExtractor.extract(
        path: path, limits: ExtractionLimits(maximumBytes: maxBytes, maximumDepth: maxDepth))
      Console.warnings(extraction.warnings)
      let text: String
      switch format {
      case .json: text = try Serialization.json(extraction.document)
      case .yaml: text = try Serialization.yaml(extraction.document)
      case .text: text = PageTextRenderer.render(extraction.document)
      }
      try Console.emit(text, to: output)
    }
  }
}
