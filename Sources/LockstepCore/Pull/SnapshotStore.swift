import Foundation

/// Stores fetched pages: the snapshot and its `<snapshot>.provenance.json`, each written atomically,
/// and only for a body that has been checked. A failed or partial download never reaches these
/// files, so the previous pair stays byte-identical.
public enum SnapshotStore {
  /// Writes `body` to `snapshotPath`, then `provenance` next to it. The provenance must describe the
  /// body (length and SHA-256). If the provenance cannot be written, the old snapshot is put back.
  public static func commit(
    body: [UInt8], provenance: Provenance, to snapshotPath: String
  ) throws(LockstepError) {
    guard provenance.describes(body) else {
      throw LockstepError(
        file: snapshotPath, rule: "internal",
        "refusing to store a body whose length or SHA-256 does not match its provenance")
    }
    let provenancePath = Provenance.path(forSnapshot: snapshotPath)
    let provenanceText = try Serialization.json(provenance)
    let previousSnapshot = FileManager.default.contents(atPath: snapshotPath).map { [UInt8]($0) }
    try AtomicFile.write(body, to: snapshotPath)
    do {
      try AtomicFile.write(provenanceText, to: provenancePath)
    } catch {
      if let previousSnapshot { try? AtomicFile.write(previousSnapshot, to: snapshotPath) }
      throw error
    }
  }

  /// Extracts the page from `body` first (with the HTTP `charset`) and commits only if that succeeds;
  /// returns the extraction. When the page does not parse, nothing is written and the error is thrown.
  @discardableResult
  public static func validateAndCommit(
    body: [UInt8], provenance: Provenance, charset: String?, to snapshotPath: String,
    limits: ExtractionLimits = ExtractionLimits()
  ) throws(LockstepError) -> Extraction {
    let extraction = try PageExtractor.extract(
      bytes: body, file: provenance.finalURL, declaredCharset: charset, limits: limits)
    try commit(body: body, provenance: provenance, to: snapshotPath)
    return extraction
  }

  /// The provenance stored next to `snapshotPath`, or nil when there is none.
  /// Throws when the file exists but cannot be read or is not a valid provenance record.
  public static func loadProvenance(for snapshotPath: String) throws(LockstepError) -> Provenance? {
    let path = Provenance.path(forSnapshot: snapshotPath)
    guard FileManager.default.fileExists(atPath: path) else { return nil }
    let bytes = try InputFile.read(path, maximumBytes: 1 << 20)
    do {
      return try JSONDecoder().decode(Provenance.self, from: Data(bytes))
    } catch let error as DecodingError {
      throw LockstepError(
        file: path, rule: "provenance-malformed", "is not a valid provenance record: \(describe(error))")
    } catch {
      throw LockstepError(
        file: path, rule: "provenance-malformed", "is not a valid provenance record: \(error)")
    }
  }

  private static func describe(_ error: DecodingError) -> String {
    switch error {
    case .dataCorrupted(let context):
      return "not valid JSON (\(context.debugDescription))"
    case .keyNotFound(let key, _):
      return "the key '\(key.stringValue)' is missing"
    case .typeMismatch(_, let context), .valueNotFound(_, let context):
      let path = context.codingPath.map(\.stringValue).joined(separator: ".")
      return "'\(path)' has the wrong type"
    @unknown default:
      return String(describing: error)
    }
  }
}
