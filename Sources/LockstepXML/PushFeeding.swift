/// Feeds `buffer` to a libxml2 push parser in 64 KiB chunks, then tells it the input ended; stops
/// early once `stopped` says so (a depth limit or a refusal). Shared by the HTML and XML readers.
func feedInChunks(
  _ buffer: UnsafeBufferPointer<UInt8>, stopped: () -> Bool,
  parse: (_ chunk: UnsafePointer<CChar>?, _ length: Int32, _ terminate: Int32) -> Void
) {
  let chunkSize = 1 << 16
  var offset = 0
  let base = buffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
  while offset < buffer.count, !stopped() {
    let length = min(chunkSize, buffer.count - offset)
    parse(base! + offset, Int32(length), 0)
    offset += length
  }
  if !stopped() { parse(nil, 0, 1) }
}
