// libFuzzer target: the content-rules YAML loader (`ContentRules.parse`).
import LockstepCore

/// libFuzzer calls this once per input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRules(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
  guard let text = String(validating: bytes, as: UTF8.self) else { return 0 }
  if let rules = try? ContentRules.parse(text, file: "fuzz.yaml") {
    // Every locale key that loaded must be one that cannot name a path outside locales/.
    for locale in rules.urls.keys { precondition(Repository.isValidLocale(locale)) }
  }
  return 0
}
