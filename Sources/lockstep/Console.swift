import Foundation
import LockstepCore

/// Standard output and error, unbuffered where it matters.
enum Console {
  static func out(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
  }

  static func error(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
  }

  static func warnings(_ diagnostics: [Diagnostic]) {
    for diagnostic in diagnostics.sorted() { error(diagnostic.description) }
  }

  /// Writes `text` to `path` atomically, or to standard output when `path` is nil.
  static func emit(_ text: String, to path: String?) throws(LockstepError) {
    if let path { try AtomicFile.write(text, to: path) } else { out(text) }
  }
}
