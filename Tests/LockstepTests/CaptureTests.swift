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

@Suite("Text capture, plain runs")
struct PlainRunTests {
  /// Texts that mix plain runs with everything that must leave them: white space of every kind,
  /// format characters, digits of other scripts, combining marks, cut points.
  static let texts: [String] = {
    let pieces = [
      "word", " ", "  ", "\n\t", "\u{A0}", "\u{202F}", "\u{3000}", "\u{200B}", "\u{AD}", "\u{200F}", "ä",
      "Öl",
      "Жизнь", "й", "е\u{308}", "حقوق", "٣", "۷", "ไทย", "๕", "เ", "\u{E31}", "中文", "，", "。", "ｶ", "５", "＠",
      ".",
      ":", "@", "7", "\u{1}", "\u{7F}", "😀", "\u{301}", "A\u{30A}", "\u{212B}", "x.y", "é",
    ]
    var generator = SeededGenerator(seed: 7)
    return (0..<600).map { _ in
      (0..<Int(generator.next() % 16 + 1)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }
        .joined()
    }
  }()

  @Test("captured text is the normal form of the input, however the parser splits it", arguments: texts)
  func capturedTextIsNormalized(_ text: String) {
    let bytes = Array(text.utf8)
    for cut in [0, 1, bytes.count / 2, max(0, bytes.count - 1)] where cut <= bytes.count {
      var capture = TextCapture(kind: .paragraph, depth: 0, line: 1)
      // Cut at a character boundary, as libxml2 does.
      var boundary = cut
      while boundary < bytes.count, bytes[boundary] & 0xC0 == 0x80 { boundary += 1 }
      bytes[..<boundary].withUnsafeBufferPointer { capture.append(utf8: $0) }
      bytes[boundary...].withUnsafeBufferPointer { capture.append(utf8: $0) }
      #expect(
        capture.finished.text == TextNormalization.normalize(text), "\(text.unicodeScalars.map(\.value))")
    }
  }

  @Test("a plain run ends where the rule read byte by byte ends it")
  func plainRunBlocks() {
    // The rule, written out plainly: plain ASCII, single spaces
    // between plain characters, plain two- and three-byte letters.
    func reference(_ bytes: [UInt8], from start: Int) -> (Int, Int) {
      var position = start
      var scalars = 0
      func letter(_ at: Int) -> Int {
        guard at < bytes.count, bytes[at] >= 0xC2 else { return 0 }
        let length = bytes[at] >= 0xE0 ? 3 : 2
        guard at + length <= bytes.count,
          let text = String(validating: bytes[at..<(at + length)], as: UTF8.self),
          let scalar = text.unicodeScalars.first, TextCapture.isPlain(scalar.value)
        else { return 0 }
        return length
      }
      while position < bytes.count {
        let byte = bytes[position]
        if byte < 0x80, byte > 0x20 || (byte < 0x20 && !(0x09...0x0D).contains(byte)) {
          position += 1
          scalars += 1
        } else if byte == 0x20, position > start, position + 1 < bytes.count,
          (bytes[position + 1] > 0x20 && bytes[position + 1] < 0x80) || letter(position + 1) > 0
        {
          position += 1 + max(1, letter(position + 1))
          scalars += 2
        } else if byte >= 0x80, letter(position) > 0 {
          position += letter(position)
          scalars += 1
        } else {
          break
        }
      }
      return (position, scalars)
    }
    var random = SeededGenerator(seed: 0x9A1B)
    let pieces = ["a", "Z", " ", "  ", ".", "\u{7F}", "\u{1}", "\t", "\n", "ж", "中", "\u{A0}", "é", "5"]
    for _ in 0..<20_000 {
      let text = (0..<Int(random.next() % 30)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }
        .joined()
      let bytes = Array(text.utf8)
      var start = bytes.isEmpty ? 0 : Int(random.next() % UInt64(bytes.count))
      while start < bytes.count, bytes[start] & 0xC0 == 0x80 { start += 1 }
      let found = bytes.withUnsafeBufferPointer { TextCapture.plainRunEnd($0, from: start) }
      let expected = reference(bytes, from: start)
      #expect(
        found.end == expected.0 && found.scalars == expected.1,
        "\(text.unicodeScalars.map(\.value)) from \(start)")
    }
  }

  @Test("a link that holds only an icon, or a link opened after white space, leaves no stray space")
  func linkSpaces() throws {
    let html = """
      <html><body><main><h1>T</h1><p>Text <a href="x"><svg><path d="M0"/></svg></a></p>
      <p>One <a href="y"><img src="a"></a> two</p><p>Heading <a href="x"><span>Link</span></a>
      <a href="z"> Next</a></p></main></body></html>
      """
    let document = try Extract.document(html: html)
    #expect(document.units.map(\.text) == ["T", "Text", "One two", "Heading Link Next"])
    let links = document.units.last?.links ?? []
    #expect(links.map(\.text) == ["Link", "Next"])
    #expect(links.map(\.offset) == [8, 13])
  }

  @Test("a plain run stops before anything that needs a closer look")
  func plainRunStops() {
    func run(_ text: String) -> String {
      let bytes = Array(text.utf8)
      let end = bytes.withUnsafeBufferPointer { TextCapture.plainRunEnd($0, from: 0).end }
      return String(decoding: bytes[..<end], as: UTF8.self)
    }
    #expect(run("Victims get help. Call") == "Victims get help. Call")
    #expect(run("Помощь жертвам\u{A0}торговли") == "Помощь жертвам")
    #expect(run("trafficking  victims") == "trafficking")
    #expect(run("tel ٣٣") == "tel")
    #expect(run("ab\u{200B}cd") == "ab")
    #expect(run("Ange\u{301}") == "Ange")
    #expect(run("中文，内容\u{3000}x") == "中文，内容")
  }
}

@Suite("Invariant mark blocks")
struct MarkBlockTests {
  @Test("an eight-byte block is a candidate exactly when it holds a byte from . to : or an @")
  func blockTest() {
    var random = SeededGenerator(seed: 0x3A7C)
    for _ in 0..<50_000 {
      let word = random.next()
      let bytes = (0..<8).map { UInt8(truncatingIfNeeded: word >> (8 * UInt64($0))) }
      let expected = bytes.contains { (0x2E...0x3A).contains($0) || $0 == 0x40 }
      #expect(TextCapture.mayHoldMark(word) == expected, "\(String(word, radix: 16))")
    }
    for byte in UInt8(0)...UInt8(255) {
      let word = UInt64(byte) << 40 | 0x4141_0041_4141_4141
      #expect(TextCapture.mayHoldMark(word) == ((0x2E...0x3A).contains(byte) || byte == 0x40), "\(byte)")
    }
  }
}

@Suite("Element tags")
struct ElementTagTests {
  @Test("every tag is found by its name, and other names are other")
  func lookup() {
    for raw in 0..<ElementTag.other.rawValue {
      let tag = ElementTag(rawValue: raw)!
      #expect(ElementTag(name: "\(tag)") == tag)
    }
    for name in ["", "x", "mainx", "blockquotes", "h7", "abbr", "Main", "figcaptio"] {
      #expect(ElementTag(name: name) == .other, "\(name)")
    }
  }
}

@Suite("Contact line facts")
struct ContactLineFactsTests {
  @Test("counting scalars gives what counting characters gives, wherever it answers")
  func scalarsMatchCharacters() {
    let pieces = [
      "Ma", "–", "Pe", "9", "00", "16", ":", "-", " ", ",", "00100", "Helsinki", "Хельсинки", "٠٩", "۱۲",
      "12345",
      "ä", "é\u{301}", "中文", "ก", "²", "½", "+358", "(0)", "ı",
    ]
    var random = SeededGenerator(seed: 0xC0_47AC)
    var answered = 0
    for _ in 0..<5_000 {
      let line = (0..<Int(random.next() % 10 + 1)).map { _ in
        pieces[Int(random.next() % UInt64(pieces.count))]
      }
      .joined()
      guard let fast = PageEventCollector.ContactLineFacts(scalarsOf: line) else { continue }
      answered += 1
      #expect(fast == PageEventCollector.ContactLineFacts(charactersOf: line), "\(line)")
    }
    #expect(answered > 1_000)
  }

  @Test("contact lines are told apart")
  func kinds() {
    func kind(_ line: String) -> Unit.Kind {
      PageEventCollector.contactFieldKind(line, invariants: InvariantScanner.scan(line))
    }
    #expect(kind("Puhelin 0800 161 177") == .phone)
    #expect(kind("info@example.fi") == .email)
    #expect(kind("Ma–Pe 9.00–16.00") == .hours)
    #expect(kind("Hämeenkatu 1, 33100 Tampere") == .address)
    #expect(kind("Телефон: +358 29 123 4567") == .phone)
  }
}
