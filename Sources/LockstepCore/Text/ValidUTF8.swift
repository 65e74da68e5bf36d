extension String {
  /// A string made from bytes that are valid UTF-8 by construction, without validating them
  /// again: the text `TextCapture` gathered from libxml2's character data, which comes from a
  /// page `HTMLDecoding` checked (or converted) as a whole, changed only at character
  /// boundaries. Debug builds (the tests) still check.
  init(validUTF8 bytes: UnsafeBufferPointer<UInt8>) {
    assert(String(validating: bytes, as: UTF8.self) != nil, "not valid UTF-8")
    if #available(macOS 26, *) {
      self = String(copying: UTF8Span(unchecked: bytes.span))
    } else {
      self = String(decoding: bytes, as: UTF8.self)
    }
  }
}
