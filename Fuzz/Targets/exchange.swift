// libFuzzer target: the XLIFF 1.2/2.0 and PO importers (`ExchangeImporter.read(bytes:file:)`).
import LockstepCore

/// libFuzzer calls this once per input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExchange(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  guard let (format, document) = try? ExchangeImporter.read(bytes: bytes, file: "fuzz.xlf") else { return 0 }
  // What was read renders again in its own format, and the rendering reads back.
  let text = ExchangeExporter.render(document, as: format)
  _ = try? ExchangeImporter.read(bytes: Array(text.utf8), file: "fuzz.again")
  return 0
}
