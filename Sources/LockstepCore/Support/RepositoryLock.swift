import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An exclusive lock on one repository, held by a command while it reads and rewrites the
/// repository's files (`init`, `import`, the writing part of `pull`), so two Lockstep processes never
/// interleave their read-modify-write of one catalog or snapshot.
///
/// The lock is `flock(2)` on `<root>/.lockstep/lock`. The kernel drops it when its holder exits in
/// any way, SIGKILL included, so a lock left by a killed process is recovered by the next command
/// without any clean-up. The file records the holder's pid and command for the refusal message.
public final class RepositoryLock {
  /// Where the lock of the repository at `root` lives.
  public static func path(root: String) -> String { root + "/.lockstep/lock" }

  /// The lock file.
  public let path: String
  private var descriptor: Int32

  private init(path: String, descriptor: Int32) {
    self.path = path
    self.descriptor = descriptor
  }

  deinit { release() }

  /// Takes the lock of the repository at `root` for `command` (`import`, `pull`, `init`).
  ///
  /// When another process holds it, waits up to `waitSeconds` (0: not at all) and then throws
  /// `repository-locked` (exit code 2), naming the holder's pid and command. Before taking the lock
  /// it removes temporary files that killed writers left in `locales/` (see
  /// `AtomicFile.removeStaleTemporaries(in:)`).
  public static func acquire(
    root: String, command: String, waitSeconds: Double = 0
  ) throws(LockstepError) -> RepositoryLock {
    let folder = root + "/.lockstep"
    let path = path(root: root)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue
    else {
      throw LockstepError(file: root, rule: "repository-layout", "the repository root is not a folder")
    }
    if mkdir(folder, 0o755) != 0, errno != EEXIST {
      throw LockstepError(
        file: ".lockstep", rule: "repository-locked",
        "cannot create the lock folder: \(String(cString: strerror(errno)))")
    }
    let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
    guard descriptor >= 0 else {
      throw LockstepError(
        file: ".lockstep/lock", rule: "repository-locked",
        "cannot open the lock file: \(String(cString: strerror(errno)))")
    }
    let deadline = Date().addingTimeInterval(max(0, waitSeconds))
    while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
      let failure = errno
      if failure == EINTR { continue }
      guard failure == EWOULDBLOCK else {
        close(descriptor)
        throw LockstepError(
          file: ".lockstep/lock", rule: "repository-locked",
          "cannot lock the repository: \(String(cString: strerror(failure)))")
      }
      if Date() >= deadline {
        let holder = Self.holder(descriptor)
        close(descriptor)
        let who = holder.map { "pid \($0.pid), \($0.command)" } ?? "another process"
        throw LockstepError(
          file: ".lockstep/lock", rule: "repository-locked",
          "another lockstep (\(who)) holds the lock on this repository; nothing was written. Run again "
            + "when it has finished\(waitSeconds > 0 ? " (waited \(Int(waitSeconds)) s)" : "")")
      }
      usleep(50_000)
    }
    let record = Array("\(getpid()) \(command)\n".utf8)
    _ = ftruncate(descriptor, 0)
    _ = record.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    AtomicFile.removeStaleTemporaries(under: root + "/locales")
    return RepositoryLock(path: path, descriptor: descriptor)
  }

  /// Runs `body` holding the lock of the repository at `root`.
  public static func withLock<T>(
    root: String, command: String, waitSeconds: Double = 0, _ body: () throws(LockstepError) -> T
  ) throws(LockstepError) -> T {
    let lock = try acquire(root: root, command: command, waitSeconds: waitSeconds)
    defer { lock.release() }
    return try body()
  }

  /// Releases the lock (also done when the value goes away, or by the kernel when the process dies).
  public func release() {
    guard descriptor >= 0 else { return }
    _ = ftruncate(descriptor, 0)
    flock(descriptor, LOCK_UN)
    close(descriptor)
    descriptor = -1
  }

  /// The pid and command the current holder wrote, when readable.
  private static func holder(_ descriptor: Int32) -> (pid: Int32, command: String)? {
    var buffer = [UInt8](repeating: 0, count: 256)
    let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
    guard count > 0 else { return nil }
    let text = String(decoding: buffer[..<count], as: UTF8.self)
    let parts = text.split(separator: " ", maxSplits: 1)
    guard parts.count == 2, let pid = Int32(parts[0]) else { return nil }
    return (pid, parts[1].trimmingCharacters(in: .whitespacesAndNewlines))
  }
}

extension Repository {
  /// Throws `path-outside-repository` when writing `path` would land outside the repository: when
  /// the folder it goes in (or the file itself) is, or lies under, a symlink that resolves outside
  /// the root. Page ids and locale codes are validated separately; this catches the file system.
  public func checkWritable(_ path: String) throws(LockstepError) {
    guard let realRoot = Self.realPath(root) else { return }
    let inside = { (resolved: String) in resolved == realRoot || resolved.hasPrefix(realRoot + "/") }
    var status = stat()
    if lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFLNK {
      guard let target = Self.realPath(path), inside(target) else {
        throw LockstepError(
          file: relative(path), rule: "path-outside-repository",
          "is a symlink that points outside the repository (or nowhere); refusing to write through it")
      }
    }
    // The deepest folder on the way that exists, resolved: any symlink above the file shows here.
    var folder = (path as NSString).deletingLastPathComponent
    while !folder.isEmpty, folder != "/", lstat(folder, &status) != 0 {
      folder = (folder as NSString).deletingLastPathComponent
    }
    guard let resolved = Self.realPath(folder), inside(resolved) else {
      throw LockstepError(
        file: relative(path), rule: "path-outside-repository",
        "would be written outside the repository: \(relative(folder)) resolves to "
          + "\(Self.realPath(folder) ?? "nowhere") through a symlink; refusing to write")
    }
  }

  static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }
}
