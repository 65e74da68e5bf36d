// libFuzzer target: the HTML extractor (`PageExtractor.extract(bytes:file:)`) on arbitrary bytes.
// Any outcome is fine except a crash: a page either extracts or is refused with a LockstepError.
import LockstepCore

/// libFuzzer calls this once per input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExtract(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  // The first byte picks a declared charset sometimes, so the HTTP-charset path is fuzzed too.
  let charsets: [String?] = [nil, nil, nil, "utf-8", "iso-8859-1", "windows-1252", "utf-16", "bogus"]
  let charset = bytes.first.map { charsets[Int($0) % charsets.count] } ?? nil
  if let extraction = try? PageExtractor.extract(bytes: bytes, file: "fuzz.html", declaredCharset: charset) {
    // Everything a command does next with a page: render, ids, invariants.
    let document = extraction.document
    var ids = Set<String>()
    for unit in document.units {
      precondition(ids.insert(unit.id).inserted, "duplicate unit id \(unit.id)")
      _ = MarkedText.render(unit)
    }
    _ = document.contentHash
  }
  return 0
}
