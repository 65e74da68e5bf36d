import Foundation
import LockstepCore

/// `lockstep-bench ids`: the unit ids and fingerprints the extractor gives a page.
enum IDsListing {
  static func run(_ arguments: [String]) throws {
    var asJSON = false
    var files: [String] = []
    for argument in arguments {
      if argument == "--json" {
        asJSON = true
      } else if argument.hasPrefix("-") {
        throw UsageError("unknown option '\(argument)'")
      } else {
        files.append(argument)
      }
    }
    guard !files.isEmpty else { throw UsageError("ids needs at least one page") }
    // One compact JSON object per page and line.
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    for file in files {
      let document = try PageExtractor.extract(path: file).document
      if asJSON {
        let row = PageRow(
          file: file, contentHash: document.contentHash,
          units: document.units.map {
            UnitRow(
              id: $0.id, kind: $0.kind.rawValue, fingerprint: $0.fingerprint, text: $0.text, url: $0.url)
          })
        BenchIO.out(String(decoding: try encoder.encode(row), as: UTF8.self))
      } else {
        if files.count > 1 { BenchIO.out("# \(file)") }
        BenchIO.out(document.units.map { "\($0.id) \($0.fingerprint)" }.joined(separator: "\n"))
      }
    }
  }
}

/// One page of `ids --json`.
private struct PageRow: Encodable {
  var file: String
  var contentHash: String
  var units: [UnitRow]

  enum CodingKeys: String, CodingKey {
    case file, units
    case contentHash = "content_hash"
  }
}

/// One unit of `ids --json`; `url` is written as null when there is none.
private struct UnitRow: Encodable {
  var id: String
  var kind: String
  var fingerprint: String
  var text: String
  var url: String?

  enum CodingKeys: String, CodingKey { case id, kind, fingerprint, text, url }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(id, forKey: .id)
    try container.encode(kind, forKey: .kind)
    try container.encode(fingerprint, forKey: .fingerprint)
    try container.encode(text, forKey: .text)
    try container.encode(url, forKey: .url)
  }
}
