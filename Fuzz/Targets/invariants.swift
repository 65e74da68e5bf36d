// libFuzzer target: the invariant parsers (`InvariantScanner.scan`, `canonicalPhone`, `canonicalURL`,
// `canonicalEmail`), with the idempotence every canonical form promises.
import LockstepCore

/// libFuzzer calls this once per input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzInvariants(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  let text = String(decoding: bytes, as: UTF8.self)
  let half = text.unicodeScalars.count / 2
  let href = String(String.UnicodeScalarView(text.unicodeScalars.suffix(half)))
  _ = InvariantScanner.scan(text, hrefs: [href])
  _ = InvariantScanner.urlInvariants(text)
  if let phone = InvariantScanner.canonicalPhone(text) {
    precondition(InvariantScanner.canonicalPhone(phone) == phone, "canonicalPhone is not idempotent")
  }
  if let url = InvariantScanner.canonicalURL(text) {
    precondition(
      InvariantScanner.canonicalURL(url.url)?.url == url.url, "canonicalURL is not idempotent: \(url.url)")
  }
  let email = InvariantScanner.canonicalEmail(text)
  precondition(InvariantScanner.canonicalEmail(email) == email, "canonicalEmail is not idempotent")
  return 0
}
