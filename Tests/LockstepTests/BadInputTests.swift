import Foundation
import Testing

@testable import LockstepCore

/// An input `lockstep extract` must refuse with exit code 2 and a message naming the file.
struct RefusedInput: Sendable, CustomTestStringConvertible {
  var name: String
  var bytes: [UInt8]
  var message: String

  var testDescription: String { name }

  /// Bytes that start like a PNG image and hold NULs; deterministic, so a failure can be replayed.
  static var binary: [UInt8] {
    var state: UInt32 = 2_463_534_242
    var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D]
    for _ in 0..<4096 {
      state ^= state << 13
      state ^= state >> 17
      state ^= state << 5
      bytes.append(UInt8(truncatingIfNeeded: state))
    }
    return bytes
  }

  static let all: [RefusedInput] = [
    RefusedInput(name: "empty.html", bytes: [], message: "is empty"),
    RefusedInput(name: "blank.html", bytes: Array(" \n\t\r\n".utf8), message: "is empty"),
    RefusedInput(name: "image.png.html", bytes: binary, message: "binary data"),
    RefusedInput(name: "hello.html", bytes: Array("hello world".utf8), message: "does not look like HTML"),
    RefusedInput(
      name: "shift-jis.html",
      bytes: Array("<html><body><p>".utf8) + [0x82, 0xA0, 0x82, 0xA2] + Array("</p>".utf8),
      message: "not valid UTF-8"),
  ]
}

/// Hostile, broken and odd inputs: the binary refuses what it cannot read, with exit code 2 and a message
/// that names the file, and reads everything else.
@Suite("Bad input")
struct BadInputTests {
  @Test("a missing file: exit 2, no such file")
  func missingFile() throws {
    let result = try LockstepBinary.run(["extract", "locales/en/does-not-exist.html"])
    #expect(result.exitedNormally)
    #expect(result.status == 2)
    #expect(result.stderr.contains("locales/en/does-not-exist.html"))
    #expect(result.stderr.contains("no such file"))
    #expect(result.stdout.isEmpty)
  }

  @Test("a directory: exit 2")
  func directory() throws {
    let scratch = try TemporaryDirectory()
    let result = try LockstepBinary.run(["extract", scratch.url.path])
    #expect(result.status == 2)
    #expect(result.stderr.contains(scratch.url.path))
    #expect(result.stderr.contains("directory"))
  }

  @Test("inputs that are not HTML pages are refused", arguments: RefusedInput.all)
  func refused(input: RefusedInput) throws {
    let scratch = try TemporaryDirectory()
    let file = try scratch.write(input.bytes, to: input.name)
    let result = try LockstepBinary.run(["extract", file.path])
    #expect(result.exitedNormally)
    #expect(result.status == 2)
    #expect(result.stderr.contains(file.path), "stderr names the file: \(result.stderr)")
    #expect(result.stderr.contains(input.message), "stderr: \(result.stderr)")
    #expect(result.stderr.contains("error:"))
    #expect(result.stdout.isEmpty)
  }

  @Test("empty standard input is refused and named <stdin>")
  func emptyStandardInput() throws {
    let result = try LockstepBinary.run(["extract", "-"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("<stdin>"))
  }

  // MARK: Encodings

  /// The text of the single paragraph of a small page in `bytes`, extracted by the binary.
  private func paragraph(
    of bytes: [UInt8], named name: String
  ) throws -> (text: String?, result: CommandResult) {
    let scratch = try TemporaryDirectory()
    let file = try scratch.write(bytes, to: name)
    let result = try LockstepBinary.run(["extract", file.path])
    #expect(result.status == 0, "stderr: \(result.stderr)")
    #expect(String(validating: result.stdoutData, as: UTF8.self) != nil, "the output is UTF-8")
    let document = try Extract.decode(result.stdoutData)
    return (document.units.first { $0.kind == .paragraph }?.text, result)
  }

  private static func page(charset: String?) -> String {
    let meta = charset.map { "<meta charset=\"\($0)\">" } ?? ""
    return
      "<!DOCTYPE html>\n<html lang=\"fi\"><head>\(meta)</head>\n<body><main><p>Työ ja Åbo</p></main></body></html>\n"
  }

  @Test("a Latin-1 page with <meta charset=iso-8859-1> is read as Latin-1 and written as UTF-8")
  func latin1() throws {
    let bytes = try #require(Self.page(charset: "iso-8859-1").data(using: .isoLatin1))
    #expect(bytes.contains(0xF6) && bytes.contains(0xC5), "Latin-1 bytes for ö and Å")
    let (text, result) = try paragraph(of: [UInt8](bytes), named: "latin1.html")
    #expect(text == "Työ ja Åbo")
    #expect(result.stdoutData.range(of: Data("Työ ja Åbo".utf8)) != nil)
  }

  @Test("a UTF-8 page that wrongly declares iso-8859-1 keeps its text and warns")
  func wrongDeclaration() throws {
    let (text, result) = try paragraph(
      of: Array(Self.page(charset: "iso-8859-1").utf8), named: "mislabelled.html")
    #expect(text == "Työ ja Åbo", "ä and ö are not garbled into Ã¤ and Ã¶")
    #expect(result.stderr.contains("mislabelled.html"))
    #expect(result.stderr.contains("warning:"))
    #expect(result.stderr.contains("iso-8859-1"))
  }

  @Test("a UTF-8 page with a byte-order mark")
  func utf8BOM() throws {
    let (text, result) = try paragraph(
      of: [0xEF, 0xBB, 0xBF] + Array(Self.page(charset: "utf-8").utf8), named: "bom.html")
    #expect(text == "Työ ja Åbo")
    #expect(result.stderr.isEmpty, "stderr: \(result.stderr)")
  }

  @Test("UTF-16 pages with a byte-order mark", arguments: [true, false])
  func utf16(littleEndian: Bool) throws {
    let encoding: String.Encoding = littleEndian ? .utf16LittleEndian : .utf16BigEndian
    let body = try #require(Self.page(charset: nil).data(using: encoding))
    let bom: [UInt8] = littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]
    let (text, _) = try paragraph(of: bom + [UInt8](body), named: "utf16.html")
    #expect(text == "Työ ja Åbo")
  }

  // MARK: Limits

  @Test("a file over --max-bytes is refused and the limit is named")
  func overMaximumBytes() throws {
    let result = try LockstepBinary.run(["extract", Paths.shippedPage, "--max-bytes", "1000"])
    #expect(result.status == 2)
    #expect(result.stderr.contains(Paths.shippedPage))
    #expect(result.stderr.contains("limit of 1000 bytes"))
    #expect(result.stdout.isEmpty)
  }

  @Test("a 200 MB sparse file is refused at once by the default limit, without being read")
  func hugeSparseFile() throws {
    let scratch = try TemporaryDirectory()
    let file = scratch.url.appendingPathComponent("huge.html")
    try Data("<html>".utf8).write(to: file)
    let handle = try FileHandle(forWritingTo: file)
    try handle.truncate(atOffset: 200 << 20)
    try handle.close()
    let clock = ContinuousClock()
    var result: CommandResult?
    let elapsed = try clock.measure { result = try LockstepBinary.run(["extract", file.path]) }
    let refused = try #require(result)
    #expect(refused.status == 2)
    #expect(refused.stderr.contains(file.path))
    #expect(refused.stderr.contains("\(200 << 20) bytes"))
    #expect(refused.stderr.contains("limit of \(InputFile.defaultMaximumBytes) bytes"))
    #expect(elapsed < .seconds(3), "took \(elapsed): the file was read")
  }

  @Test("10,000 nested <div>s are refused without a crash")
  func deepNesting() throws {
    let scratch = try TemporaryDirectory()
    let html =
      "<html><body><main>\n" + String(repeating: "<div>", count: 10_000) + "deep"
      + String(repeating: "</div>", count: 10_000) + "\n</main></body></html>\n"
    let file = try scratch.write(html, to: "deep.html")
    let result = try LockstepBinary.run(["extract", file.path])
    #expect(result.exitedNormally, "killed by signal \(result.status)")
    #expect(result.status == 2)
    #expect(result.stderr.contains(file.path))
    #expect(result.stderr.contains("levels deep"))
    #expect(result.stderr.contains("512"))
  }

  @Test("nesting within the limit is read")
  func nestingWithinLimit() throws {
    let html =
      "<html><body><main>" + String(repeating: "<div>", count: 400) + "<p>deep text</p>"
      + String(repeating: "</div>", count: 400) + "</main></body></html>"
    let document = try Extract.document(html: html)
    #expect(document.units.map(\.text) == ["deep text"])
  }

  // MARK: Broken and generic markup

  @Test("an unclosed tag gives a libxml2 warning with its line, and the page is still read")
  func unclosedTag() throws {
    let scratch = try TemporaryDirectory()
    let html = "<html><body><main>\n<p>One</p>\n<div><span>Two\n</main></body></html>\n"
    let file = try scratch.write(html, to: "unclosed.html")
    let result = try LockstepBinary.run(["extract", file.path])
    #expect(result.status == 0)
    let warning = try #require(
      result.stderr.split(separator: "\n").first { $0.contains("warning: libxml2:") },
      "stderr: \(result.stderr)")
    let match = try #require(warning.firstMatch(of: #/unclosed\.html:(\d+):(\d+): warning: libxml2: /#))
    let line = try #require(Int(match.output.1))
    #expect((1...4).contains(line))
    #expect(warning.hasSuffix("[html-parse]"))
    let document = try Extract.decode(result.stdoutData)
    #expect(document.units.map(\.text) == ["One", "Two"])
  }

  @Test("a page with no <main> or <article>: content from <body>, with a warning")
  func noMain() throws {
    let scratch = try TemporaryDirectory()
    let html = "<html><body><h1>Plain page</h1><p>Body text.</p><footer><p>Footer</p></footer></body></html>"
    let file = try scratch.write(html, to: "plain.html")
    let result = try LockstepBinary.run(["extract", file.path])
    #expect(result.status == 0)
    #expect(result.stderr.contains("plain.html: warning: has no <main> or <article>"))
    #expect(result.stderr.contains("[html-no-main]"))
    let document = try Extract.decode(result.stdoutData)
    #expect(document.title?.text == "Plain page")
    #expect(document.units.map(\.text) == ["Plain page", "Body text."])
  }

  @Test("a page with <article> but no <main>: content from <article> only")
  func articleOnly() throws {
    let html = """
      <html><body><p>Before the article.</p><article><h1>Story</h1><p>Article text.</p></article>
      <p>After the article.</p></body></html>
      """
    let document = try Extract.document(html: html)
    #expect(document.title?.text == "Story")
    #expect(document.units.contains { $0.text == "Article text." })
    #expect(!document.units.contains { $0.text == "Before the article." })
    #expect(!document.units.contains { $0.text == "After the article." })
  }

  @Test("content after </main> is not part of the page")
  func afterMain() throws {
    let html = "<html><body><p>Before.</p><main><p>Inside main.</p></main><p>After main.</p></body></html>"
    let document = try Extract.document(html: html)
    #expect(document.units.contains { $0.text == "Inside main." })
    #expect(!document.units.contains { $0.text == "Before." })
    #expect(document.units.map(\.text) == ["Inside main."])
  }

  @Test("a generic (non-InfoFinland) page: header, nav, aside and footer left out; sections and units")
  func genericPage() throws {
    let fixture = try Paths.fixture("generic-page.html")
    let result = try LockstepBinary.run(["extract", fixture.path])
    #expect(result.status == 0)
    #expect(result.stderr.isEmpty, "stderr: \(result.stderr)")
    let document = try Extract.decode(result.stdoutData)
    #expect(document.title?.text == "Waste sorting", "the <h1> in <main>, not the header's")
    #expect(document.locale == "en")
    #expect(document.finnishTitle == nil)
    #expect(document.sections.map(\.id) == ["intro", "bio-waste", "contact"])

    let intro = try #require(document.section("intro"))
    let paragraph = try #require(intro.blocks.first?.units.first)
    #expect(paragraph.text == "Sort your waste at home. See the guide.")
    #expect(paragraph.links?.map(\.href) == ["https://www.example.fi/waste"])
    #expect(
      paragraph.links?.first.map { paragraph.scalarSlice(offset: $0.offset, length: $0.length) }
        == "the guide")

    let bio = try #require(document.section("bio-waste"))
    #expect(bio.blocks.map(\.id) == ["bio-waste/p1", "bio-waste/list1", "bio-waste/h1", "bio-waste/list2"])
    #expect(bio.blocks.map(\.kind) == [.paragraph, .list, .subheading, .list])
    #expect(bio.blocks[1].units.map(\.text) == ["coffee grounds", "fruit peel"])
    #expect(bio.blocks[1].ordered == false)
    #expect(bio.blocks[3].ordered == true)

    let contact = try #require(document.section("contact")?.blocks.first)
    #expect(contact.kind == .contact)
    #expect(contact.units.map(\.kind) == [.address, .address, .address, .phone, .email])
    #expect(
      contact.units.map(\.text) == [
        "Waste Office", "Main Street 1", "00100 Helsinki", "09 123 4567", "waste@example.fi",
      ])
    #expect(contact.units[3].invariants.first?.value == "+35891234567")

    for chrome in [
      "Site Header Name", "Home", "About the city", "Side menu link", "Aside promotion", "Footer text",
    ] {
      #expect(!result.stdout.contains(chrome), "\(chrome) leaked")
    }
  }
}
