// lockstep-bench: the benchmark helper behind scripts/bench and scripts/generate-corpus.
// Not part of the shipped tool; it only drives LockstepCore and prints numbers.

import LockstepCore

let usage = """
  usage: lockstep-bench <subcommand> [options]

    extract [--runs N] [--json] FILES|DIRS...
        Reads every .html page into memory, then extracts each one single-threaded with
        PageExtractor.extract(bytes:file:) and prints the per-kind counts summed over the corpus
        (sections, paragraphs, list items, link-list entries, inline links) and the throughput.
        With --runs N the timed pass repeats N times and the fastest counts. With
        --scan-and-parse it times only the encoding check, the byte scan and libxml2's parse of
        what the scan keeps, with a handler that counts elements (libxml2's share of extract).
    ids [--json] PAGE...
        Prints each unit's id and fingerprint (--json: one JSON object per page with kind, text
        and url too), in document order.
    catalogs --root DIR --locale XX [--locale YY ...]
        Writes locales/XX/<page>.yaml for every tracked page of the repository at DIR, filled
        from the official translated page locales/XX/<page>.html (what `lockstep init --from-page`
        does, in one process for the whole corpus).

  Exit codes: 0 done; 2 could not run; 64 bad usage.
  """

var arguments = Array(CommandLine.arguments.dropFirst())
guard let subcommand = arguments.first else {
  BenchIO.error(usage)
  BenchIO.exit(64)
}
arguments.removeFirst()
do {
  switch subcommand {
  case "extract": try ExtractBenchmark.run(arguments)
  case "ids": try IDsListing.run(arguments)
  case "catalogs": try CatalogWriter.run(arguments)
  case "-h", "--help", "help": BenchIO.out(usage)
  default:
    BenchIO.error("unknown subcommand '\(subcommand)'\n\(usage)")
    BenchIO.exit(64)
  }
} catch let error as UsageError {
  BenchIO.error("lockstep-bench: \(error.message)\n\(usage)")
  BenchIO.exit(64)
} catch let error as LockstepError {
  BenchIO.error(error.description)
  BenchIO.exit(2)
} catch {
  BenchIO.error("lockstep-bench: \(error)")
  BenchIO.exit(2)
}
