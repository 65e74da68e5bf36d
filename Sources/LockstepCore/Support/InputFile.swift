import Foundation

/// Reads input files with a size limit, naming the file in every error.
public enum InputFile {
  /// The default cap on one input file: 32 MiB. Pages are tens of kilobytes.
  public static let defaultMaximumBytes = 32 << 20

  /// The bytes of `path` (`-` is standard input), refusing directories, missing files and files
  /// over `maximumBytes` without reading them.
  public static func read(
    _ path: String, maximumBytes: Int = defaultMaximumBytes
  ) throws(LockstepError) -> [UInt8] {
    if path == "-" { return try readStandardInput(maximumBytes: maximumBytes) }
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw LockstepError(file: path, rule: "file-missing", "no such file")
    }
    if isDirectory.boolValue {
      throw LockstepError(file: path, rule: "file-unreadable", "is a directory, not a file")
    }
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    if size > maximumBytes {
      throw LockstepError(
        file: path, rule: "file-too-large",
        "is \(size) bytes, over the limit of \(maximumBytes) bytes (raise it with --max-bytes)")
    }
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw LockstepError(file: path, rule: "file-unreadable", "cannot be opened for reading (permissions?)")
    }
    defer { try? handle.close() }
    let data: Data
    do { data = try handle.read(upToCount: maximumBytes + 1) ?? Data() } catch {
      throw LockstepError(
        file: path, rule: "file-unreadable", "could not be read: \(error.localizedDescription)")
    }
    if data.count > maximumBytes {
      throw LockstepError(
        file: path, rule: "file-too-large",
        "is over the limit of \(maximumBytes) bytes (raise it with --max-bytes)")
    }
    return [UInt8](data)
  }

  /// Throws `line-too-long` when a line of `bytes` is longer than `limit` bytes: text formats are
  /// read line by line, and a multi-megabyte line is a broken or hostile file, never a translation.
  public static func checkLineLength(
    _ bytes: some Collection<UInt8>, limit: Int, file: String
  ) throws(LockstepError) {
    var line = 1
    var length = 0
    for byte in bytes {
      if byte == 0x0A {
        line += 1
        length = 0
        continue
      }
      length += 1
      if length > limit {
        throw LockstepError(
          file: file, rule: "line-too-long",
          "line \(line) is longer than the limit of \(limit) bytes; refusing to read it", line: line)
      }
    }
  }

  private static func readStandardInput(maximumBytes: Int) throws(LockstepError) -> [UInt8] {
    var bytes: [UInt8] = []
    let handle = FileHandle.standardInput
    while true {
      let chunk = handle.readData(ofLength: 1 << 16)
      if chunk.isEmpty { break }
      bytes += chunk
      if bytes.count > maximumBytes {
        throw LockstepError(
          file: "<stdin>", rule: "file-too-large",
          "is over the limit of \(maximumBytes) bytes (raise it with --max-bytes)")
      }
    }
    return bytes
  }
}
