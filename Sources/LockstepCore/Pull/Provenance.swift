/// Where a snapshot came from and what it was: stored next to the snapshot as
/// `<snapshot>.provenance.json`, and the source of the next pull's conditional request.
public struct Provenance: Codable, Sendable, Hashable {
  /// The URL that was asked for.
  public var url: String
  /// The URL that answered, after redirects.
  public var finalURL: String
  /// When the answer arrived, ISO 8601 in UTC (`2024-04-11T08:00:00Z`).
  public var fetchedAt: String
  /// The HTTP status of the answer that carried the body (200).
  public var status: Int
  /// The `ETag` header, sent back as `If-None-Match` next time.
  public var etag: String?
  /// The `Last-Modified` header, sent back as `If-Modified-Since` next time.
  public var lastModified: String?
  /// The `Content-Type` header, charset included.
  public var contentType: String?
  /// The body's length in bytes.
  public var bytes: Int
  /// The lower-case hex SHA-256 of the body.
  public var sha256: String

  /// A provenance record.
  public init(
    url: String, finalURL: String, fetchedAt: String, status: Int, etag: String? = nil,
    lastModified: String? = nil, contentType: String? = nil, bytes: Int, sha256: String
  ) {
    self.url = url
    self.finalURL = finalURL
    self.fetchedAt = fetchedAt
    self.status = status
    self.etag = etag
    self.lastModified = lastModified
    self.contentType = contentType
    self.bytes = bytes
    self.sha256 = sha256
  }

  /// Whether `body` is the body this record describes (same length and hash).
  public func describes(_ body: [UInt8]) -> Bool {
    body.count == bytes && SHA256.hex(body) == sha256
  }

  /// The provenance file of the snapshot at `snapshotPath`: `<snapshot>.provenance.json`.
  public static func path(forSnapshot snapshotPath: String) -> String {
    snapshotPath + ".provenance.json"
  }
}
