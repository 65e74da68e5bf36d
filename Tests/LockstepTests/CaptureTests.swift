import Testing

@testable import LockstepCore

@Suite("Text capture")
struct CaptureTests {
  /// Deterministic pseudo-random texts over the characters that matter to invariants.
  static let texts: [String] = {
    let pieces = [
      "a", "riku", ".", ":", "@", "5", "٣", "۷", "５", " ", "fi", "/", "ä", "Ж", "\u{200F}", "(", ")", "＠",
    ]
    var generator = SeededGenerator(seed: 42)
    return (0..<400).map { _ in
      (0..<Int(generator.next() % 12 + 1)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }
        .joined()
    }
  }()

  @Test("when the capture saw no invariant mark, the scanner finds no invariant", arguments: texts)
  func flagIsSafe(_ text: String) {
    var capture = TextCapture(kind: .paragraph, depth: 0, line: 1)
    // Feed it in two chunks, as the parser may.
    let split = text.index(text.startIndex, offsetBy: text.count / 2)
    capture.append(String(text[..<split]))
    capture.append(String(text[split...]))
    let (captured, _) = capture.finished
    if !capture.mayHoldInvariant {
      #expect(InvariantScanner.scan(captured).isEmpty, "\(text)")
    }
  }
}
