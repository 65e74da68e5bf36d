import Foundation
import Testing

@testable import LockstepCore

/// The page model's unit, not Foundation's measurement unit.
typealias Unit = LockstepCore.Unit

/// Paths the tests read: the repository root (found from this file's path), fixtures and golden files.
enum Paths {
  /// The repository root: this file sits in `Tests/LockstepTests/`.
  static let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent()

  /// The shipped English page, relative to the repository root (as the golden output names it).
  static let shippedPage = "locales/en/human-trafficking-and-forced-labour.html"

  /// The shipped English page as a URL.
  static var shippedPageURL: URL { repositoryRoot.appendingPathComponent(shippedPage) }

  /// The golden files, read from the source tree so they can be re-recorded.
  static let goldenFolder = repositoryRoot.appendingPathComponent("Tests/LockstepTests/Golden")

  /// A fixture copied into the test bundle's resources.
  static func fixture(_ name: String) throws -> URL {
    let url = try #require(
      Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil), "fixture \(name) is missing")
    return url
  }

  /// The bytes of a fixture.
  static func fixtureBytes(_ name: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: try fixture(name)))
  }
}

/// What one run of the `lockstep` binary produced.
struct CommandResult {
  /// The exit status (or the signal number when `exitedNormally` is false).
  var status: Int32
  /// Whether the process exited rather than being killed by a signal.
  var exitedNormally: Bool
  /// Standard output, raw.
  var stdoutData: Data
  /// Standard error as text.
  var stderr: String

  /// Standard output as text.
  var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
}

/// Runs the `lockstep` executable that was built next to the test bundle.
enum LockstepBinary {
  /// The built executable: it sits in the same products folder as the test resources bundle.
  static func url() throws -> URL {
    let folder = Bundle.module.bundleURL.deletingLastPathComponent()
    let candidate = folder.appendingPathComponent("lockstep")
    try #require(
      FileManager.default.isExecutableFile(atPath: candidate.path),
      "the lockstep binary was not built at \(candidate.path)")
    return candidate
  }

  /// Runs `lockstep arguments…` in `directory` (default: the repository root), capturing stdout, stderr
  /// and the exit status. Output goes through files, so a large stream can never block the child.
  static func run(_ arguments: [String], in directory: URL = Paths.repositoryRoot) throws -> CommandResult {
    try run(executable: try url(), arguments, in: directory)
  }

  /// Runs any executable the same way, with `environment` added to this process's and killed
  /// after `timeout` seconds (the test then fails).
  static func run(
    executable: URL, _ arguments: [String], in directory: URL, environment: [String: String] = [:],
    timeout: TimeInterval = 180
  ) throws -> CommandResult {
    let scratch = try TemporaryDirectory()
    let outURL = try scratch.write("", to: "stdout")
    let errURL = try scratch.write("", to: "stderr")
    let outHandle = try FileHandle(forWritingTo: outURL)
    let errHandle = try FileHandle(forWritingTo: errURL)
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = directory
    if !environment.isEmpty {
      process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    }
    process.standardOutput = outHandle
    process.standardError = errHandle
    process.standardInput = FileHandle.nullDevice
    try process.run()
    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    if process.isRunning {
      process.terminate()
      Issue.record("\(executable.lastPathComponent) did not finish within \(Int(timeout)) s")
    }
    process.waitUntilExit()
    try outHandle.close()
    try errHandle.close()
    return CommandResult(
      status: process.terminationStatus, exitedNormally: process.terminationReason == .exit,
      stdoutData: try Data(contentsOf: outURL),
      stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
  }
}

/// A fresh folder under the system's temporary directory, removed when the value goes away.
final class TemporaryDirectory {
  /// The folder.
  let url: URL

  init() throws {
    url = FileManager.default.temporaryDirectory
      .appendingPathComponent("lockstep-tests-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: url) }

  /// Writes `bytes` to `name` in the folder and returns its path.
  @discardableResult
  func write(_ bytes: some Sequence<UInt8>, to name: String) throws -> URL {
    let file = url.appendingPathComponent(name)
    try Data(bytes).write(to: file)
    return file
  }

  /// Writes the UTF-8 bytes of `text` to `name` in the folder and returns its path.
  @discardableResult
  func write(_ text: String, to name: String) throws -> URL {
    try write(Array(text.utf8), to: name)
  }
}

/// Golden files: `Tests/LockstepTests/Golden/<name>` in the source tree. `LOCKSTEP_RECORD=1` rewrites
/// them from the actual output; otherwise a mismatch fails with a short line diff.
enum Golden {
  /// Whether this run records golden files instead of comparing.
  static var isRecording: Bool { ProcessInfo.processInfo.environment["LOCKSTEP_RECORD"] == "1" }

  /// Compares `actual` with the golden file `name`.
  static func expectMatch(
    _ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let url = Paths.goldenFolder.appendingPathComponent(name)
    if isRecording {
      try FileManager.default.createDirectory(at: Paths.goldenFolder, withIntermediateDirectories: true)
      try Data(actual.utf8).write(to: url)
      return
    }
    guard let data = FileManager.default.contents(atPath: url.path) else {
      Issue.record(
        "golden file \(name) is missing; run with LOCKSTEP_RECORD=1 to record it",
        sourceLocation: sourceLocation)
      return
    }
    let expected = String(decoding: data, as: UTF8.self)
    if expected != actual {
      let diff = lineDiff(expected: expected, actual: actual)
      Issue.record(
        "output differs from golden file \(name) (re-record with LOCKSTEP_RECORD=1):\n\(diff)",
        sourceLocation: sourceLocation)
    }
  }

  /// A short diff: removed lines as `-`, added lines as `+`, with their 1-based line numbers.
  static func lineDiff(expected: String, actual: String, limit: Int = 20) -> String {
    let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var lines: [(Int, String)] = []
    for change in new.difference(from: old) {
      switch change {
      case .remove(let offset, let element, _): lines.append((offset, "-\(offset + 1): \(element)"))
      case .insert(let offset, let element, _): lines.append((offset, "+\(offset + 1): \(element)"))
      }
    }
    lines.sort { $0.0 < $1.0 }
    var shown = lines.prefix(limit).map(\.1)
    if lines.count > limit { shown.append("… \(lines.count - limit) more changed lines") }
    if shown.isEmpty { shown.append("(the texts differ only in line endings or invisible characters)") }
    return shown.joined(separator: "\n")
  }
}

/// Extraction helpers shared by the suites.
enum Extract {
  /// The shipped English page, extracted in process under its repository-relative name.
  static func shippedPage() throws -> PageDocument {
    try document(bytes: try shippedPageBytes(), file: Paths.shippedPage)
  }

  /// The shipped page's bytes.
  static func shippedPageBytes() throws -> [UInt8] {
    [UInt8](try Data(contentsOf: Paths.shippedPageURL))
  }

  /// Extracts `bytes` in process.
  static func document(bytes: [UInt8], file: String) throws -> PageDocument {
    try PageExtractor.extract(bytes: bytes, file: file).document
  }

  /// Extracts an HTML string in process.
  static func document(html: String, file: String = "test.html") throws -> PageDocument {
    try document(bytes: Array(html.utf8), file: file)
  }

  /// Decodes `lockstep extract --format json` output.
  static func decode(_ data: Data) throws -> PageDocument {
    try JSONDecoder().decode(PageDocument.self, from: data)
  }
}

extension PageDocument {
  /// Every unit of the page by id.
  var unitsByID: [String: Unit] {
    Dictionary(units.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
  }

  /// The section with `id`.
  func section(_ id: String) -> Section? { sections.first { $0.id == id } }
}

extension Section {
  /// Every unit of the section: heading, then each block's units.
  var units: [Unit] { (heading.map { [$0] } ?? []) + blocks.flatMap(\.units) }
}

extension Unit {
  /// The unit text between `offset` and `offset + length`, counted in Unicode scalars.
  func scalarSlice(offset: Int, length: Int) -> String? {
    let scalars = Array(text.unicodeScalars)
    guard offset >= 0, length >= 0, offset + length <= scalars.count else { return nil }
    return String(String.UnicodeScalarView(scalars[offset..<(offset + length)]))
  }
}
