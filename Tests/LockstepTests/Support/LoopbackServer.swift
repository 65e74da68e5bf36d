import Foundation
import Testing

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// The real HTTP server of the pull tests: `scripts/test-http-server.py` on 127.0.0.1, on the port it
/// chose and printed. It stops when this object goes away (its standard input closes and it is
/// terminated).
final class LoopbackServer: @unchecked Sendable {
  let process = Process()
  private let input = Pipe()
  private let output = Pipe()
  let port: Int

  /// The server of the running suite, set by the `.loopbackServer` trait.
  @TaskLocal static var current: LoopbackServer?

  /// The repository root, found from this file's path.
  static let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// The pull fixture pages.
  static let fixtures = repositoryRoot.appendingPathComponent("Tests/LockstepTests/Fixtures/pull")

  struct StartError: Error, CustomStringConvertible {
    var description: String
  }

  /// Starts the server over `fixtures` (the folder `/pages/<name>` serves from).
  init(fixtures: URL = LoopbackServer.fixtures) throws {
    let script = Self.repositoryRoot.appendingPathComponent("scripts/test-http-server.py").path
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script, fixtures.path]
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    // The first line of standard output is the port.
    var line: [UInt8] = []
    let handle = output.fileHandleForReading
    while true {
      let byte = handle.readData(ofLength: 1)
      if byte.isEmpty || byte.first == 0x0A { break }
      line += byte
    }
    guard let port = Int(String(decoding: line, as: UTF8.self)) else {
      process.terminate()
      throw StartError(description: "the test HTTP server did not print its port (is python3 installed?)")
    }
    self.port = port
  }

  deinit { stop() }

  /// Closes the server's standard input and terminates it.
  func stop() {
    try? input.fileHandleForWriting.close()
    if process.isRunning {
      process.terminate()
      process.waitUntilExit()
    }
  }

  /// `http://127.0.0.1:<port><path>`.
  func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

  /// How many requests the server has had for `path`.
  func count(_ path: String) async throws -> Int {
    let text = try await get("/__count?path=\(path)")
    return Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
  }

  /// The request headers of the last request for `path`.
  func lastHeaders(_ path: String) async throws -> [String: String] {
    let text = try await get("/__last?path=\(path)")
    return try JSONDecoder().decode([String: String].self, from: Data(text.utf8))
  }

  /// The most `/pages/` requests the server handled at once since the last reset.
  func maxInFlight() async throws -> Int {
    struct Stats: Decodable { var maxInFlight: Int }
    return try JSONDecoder().decode(Stats.self, from: Data(try await get("/__stats").utf8)).maxInFlight
  }

  /// Clears the server's counters.
  func reset() async throws { _ = try await get("/__reset") }

  private func get(_ path: String) async throws -> String {
    let (data, _) = try await URLSession.shared.data(from: URL(string: url(path))!)
    return String(decoding: data, as: UTF8.self)
  }
}

/// Starts one `LoopbackServer` for a whole suite and stops it when the suite ends.
struct LoopbackServerTrait: SuiteTrait, TestScoping {
  func provideScope(
    for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
  ) async throws {
    let server = try LoopbackServer()
    defer { server.stop() }
    try await LoopbackServer.$current.withValue(server) { try await function() }
  }
}

extension Trait where Self == LoopbackServerTrait {
  /// Runs the suite with a loopback HTTP server, reachable as `LoopbackServer.current`.
  static var loopbackServer: Self { LoopbackServerTrait() }
}
