import Foundation
import LockstepCore

/// A mistake on the command line (exit 64).
struct UsageError: Error {
  var message: String
  init(_ message: String) { self.message = message }
}

/// Standard output and error, and the page files of a corpus.
enum BenchIO {
  static func out(_ text: String) {
    FileHandle.standardOutput.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
  }

  static func error(_ text: String) {
    FileHandle.standardError.write(Data((text.hasSuffix("\n") ? text : text + "\n").utf8))
  }

  static func exit(_ code: Int32) -> Never { Foundation.exit(code) }

  /// Every `.html` file named or found (recursively) under the directories named, sorted.
  static func pages(_ paths: [String]) throws -> [String] {
    var found: [String] = []
    for path in paths {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw LockstepError(file: path, rule: "file-missing", "no such file or directory")
      }
      if !isDirectory.boolValue {
        found.append(path)
        continue
      }
      guard let walker = FileManager.default.enumerator(atPath: path) else { continue }
      let base = path.hasSuffix("/") ? path : path + "/"
      for case let relative as String in walker where relative.hasSuffix(".html") {
        found.append(base + relative)
      }
    }
    return found.sorted()
  }
}
