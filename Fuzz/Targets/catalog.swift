// libFuzzer target: the catalog YAML loader (`Catalog.parse`), then a write and re-read of what loaded.
import LockstepCore

/// libFuzzer calls this once per input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCatalog(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  guard let text = String(validating: bytes, as: UTF8.self) else { return 0 }
  guard let catalog = try? Catalog.parse(text, file: "fuzz.yaml") else { return 0 }
  // What loads must write, and what is written must load back the same.
  guard let yaml = try? catalog.yaml() else { return 0 }
  guard let again = try? Catalog.parse(yaml, file: "fuzz.yaml") else {
    fatalError("a loaded catalog wrote YAML that does not load:\n\(yaml)")
  }
  precondition(again.entries == catalog.entries, "catalog round trip changed the entries")
  return 0
}
