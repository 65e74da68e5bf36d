/// Feeds `buffer` to a libxml2 push parser in 64 KiB chunks, the last one marked as the end of
/// the input; stops early once `stopped` says so (a depth limit or a refusal). Shared by the HTML
/// and XML readers. Marking the last chunk (rather than sending an empty one after it) lets
/// libxml2 parse it without first looking ahead for the end of each construct: a page of up to
/// 64 KiB is parsed in one call with no lookahead at all.
func feedInChunks(
  _ buffer: UnsafeBufferPointer<UInt8>, stopped: () -> Bool,
  parse: (_ chunk: UnsafePointer<CChar>?, _ length: Int32, _ terminate: Int32) -> Void
) {
  let chunkSize = 1 << 16
  var offset = 0
  let base = buffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
  while offset < buffer.count, !stopped() {
    let length = min(chunkSize, buffer.count - offset)
    let last = offset + length == buffer.count
    parse(base! + offset, Int32(length), last ? 1 : 0)
    offset += length
  }
  if buffer.isEmpty, !stopped() { parse(nil, 0, 1) }
}
