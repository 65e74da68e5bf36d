import Foundation
import Synchronization

/// The check's result cache: one file per page under `folder`, named by the SHA-256 of everything
/// the page's result depends on. File hashes are remembered by (size, modification time, inode),
/// as git's index does, so an unchanged tree is not re-read; any change to a file's stat re-hashes
/// it. A damaged cache file is a miss, never an error.
final class CheckCache: Sendable {
  struct FileStamp: Codable, Sendable, Equatable {
    var size: UInt64
    var modified: Double
    var inode: UInt64
    var sha256: String
  }

  let folder: String
  let salt: String
  private let stamps: Mutex<[String: FileStamp]>
  private let dirty = Mutex(false)

  private var stampsPath: String { folder + "/file-hashes.json" }

  init(folder: String, salt: String) {
    self.folder = folder
    self.salt = salt
    var loaded: [String: FileStamp] = [:]
    if let data = FileManager.default.contents(atPath: folder + "/file-hashes.json"),
      let decoded = try? JSONDecoder().decode([String: FileStamp].self, from: data)
    {
      loaded = decoded
    }
    stamps = Mutex(loaded)
  }

  /// The content hash of `path`, or `absent` when there is no such file.
  func hash(_ path: String) -> String {
    guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return "absent" }
    let size = (attributes[.size] as? NSNumber)?.uint64Value ?? 0
    let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
    let inode = (attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
    if let known = stamps.withLock({ $0[path] }), known.size == size, known.modified == modified,
      known.inode == inode
    {
      return known.sha256
    }
    guard let data = FileManager.default.contents(atPath: path) else { return "unreadable" }
    var hasher = SHA256()
    data.withUnsafeBytes { hasher.update(raw: $0) }
    let digest = hexString(hasher.finalize())
    stamps.withLock { $0[path] = FileStamp(size: size, modified: modified, inode: inode, sha256: digest) }
    dirty.withLock { $0 = true }
    return digest
  }

  /// The key of a result that depends on `files` and `extra`.
  func key(files: [String], extra: [String]) -> String {
    var hasher = SHA256()
    hasher.update("lockstep-check|\(salt)")
    for file in files {
      hasher.update("|\(file)=\(hash(file))")
    }
    for item in extra { hasher.update("|\(item)") }
    return hexString(hasher.finalize())
  }

  func load<Value: Decodable>(_ key: String) -> Value? {
    guard let data = FileManager.default.contents(atPath: "\(folder)/\(key).json") else { return nil }
    return try? JSONDecoder().decode(Value.self, from: data)
  }

  func store(_ value: some Encodable, key: String) {
    guard let data = try? JSONEncoder().encode(value) else { return }
    try? AtomicFile.write(Array(data), to: "\(folder)/\(key).json")
  }

  /// Writes the remembered file hashes back, when any changed.
  func saveHashes() {
    guard dirty.withLock({ $0 }) else { return }
    let snapshot = stamps.withLock { $0 }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    guard let data = try? encoder.encode(snapshot) else { return }
    try? AtomicFile.write(Array(data), to: stampsPath)
  }
}
