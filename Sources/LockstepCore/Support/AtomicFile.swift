import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes files so a reader only ever sees the old or the new content: a temporary file in the
/// same folder, flushed to disk, then renamed over the target.
public enum AtomicFile {
  /// Replaces `path` with `bytes`, creating parent folders as needed.
  public static func write(_ bytes: some Collection<UInt8>, to path: String) throws(LockstepError) {
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent().path
    do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
      throw LockstepError(
        file: path, rule: "write-failed", "cannot create folder \(folder): \(error.localizedDescription)")
    }
    let temporary =
      folder + "/." + url.lastPathComponent + ".lockstep-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
    guard descriptor >= 0 else {
      throw LockstepError(
        file: path, rule: "write-failed",
        "cannot create a temporary file: \(String(cString: strerror(errno)))")
    }
    let array = Array(bytes)
    var written = 0
    var failure: String?
    array.withUnsafeBytes { buffer in
      while written < buffer.count {
        let result = Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
        if result < 0 {
          if errno == EINTR { continue }
          failure = String(cString: strerror(errno))
          return
        }
        written += result
      }
    }
    if failure == nil, fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
    close(descriptor)
    if failure == nil, rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
    if let failure {
      unlink(temporary)
      throw LockstepError(file: path, rule: "write-failed", "could not be written: \(failure)")
    }
  }

  /// Whether `name` is one of AtomicFile's temporary files, `.<name>.lockstep-<pid>-<n>.tmp`, and
  /// the pid that wrote it.
  static func temporaryWriter(_ name: String) -> Int32? {
    guard name.hasPrefix("."), name.hasSuffix(".tmp"),
      let marker = name.range(of: ".lockstep-", options: .backwards)
    else { return nil }
    let fields = name[marker.upperBound...].dropLast(4).split(separator: "-")
    guard fields.count == 2, let pid = Int32(fields[0]), pid > 0, UInt32(fields[1]) != nil else { return nil }
    return pid
  }

  /// Removes the temporary files a writer that no longer runs (killed mid-write) left in `folder`
  /// and its subfolders: those whose pid is not alive. Temporary files of live processes, this one
  /// included, are kept. Returns how many were removed.
  @discardableResult
  public static func removeStaleTemporaries(under folder: String) -> Int {
    var removed = 0
    var folders = [folder]
    var depth = 0
    while !folders.isEmpty, depth < 4 {
      var next: [String] = []
      for current in folders {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: current) else { continue }
        for name in names {
          let path = current + "/" + name
          if let pid = temporaryWriter(name) {
            if pid != getpid(), kill(pid, 0) != 0, errno == ESRCH, unlink(path) == 0 { removed += 1 }
            continue
          }
          var status = stat()
          if !name.hasPrefix("."), lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR {
            next.append(path)
          }
        }
      }
      folders = next
      depth += 1
    }
    return removed
  }

  /// Replaces `path` with the UTF-8 bytes of `text`.
  public static func write(_ text: String, to path: String) throws(LockstepError) {
    try write(Array(text.utf8), to: path)
  }
}
