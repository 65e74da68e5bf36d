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
    for file in files {
      let document = try PageExtractor.extract(path: file).document
      if asJSON {
        let units = document.units.map { unit in
          "{\"id\": \(BenchIO.quoted(unit.id)), \"kind\": \(BenchIO.quoted(unit.kind.rawValue)), "
            + "\"fingerprint\": \(BenchIO.quoted(unit.fingerprint)), \"text\": \(BenchIO.quoted(unit.text)), "
            + "\"url\": \(unit.url.map(BenchIO.quoted) ?? "null")}"
        }
        BenchIO.out(
          "{\"file\": \(BenchIO.quoted(file)), \"content_hash\": \(BenchIO.quoted(document.contentHash)), "
            + "\"units\": [\(units.joined(separator: ", "))]}")
      } else {
        if files.count > 1 { BenchIO.out("# \(file)") }
        BenchIO.out(document.units.map { "\($0.id) \($0.fingerprint)" }.joined(separator: "\n"))
      }
    }
  }
}
