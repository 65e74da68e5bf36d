import Foundation
import Yams

/// Deterministic serialisation: the same value always gives the same bytes.
public enum Serialization {
  /// Pretty JSON with sorted keys and unescaped slashes, ending in a newline.
  public static func json(_ value: some Encodable) throws(LockstepError) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    do {
      return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    } catch {
      throw LockstepError(file: nil, rule: "internal", "could not encode JSON: \(error)")
    }
  }

  /// YAML in the declared key order.
  public static func yaml(_ value: some Encodable) throws(LockstepError) -> String {
    let encoder = YAMLEncoder()
    encoder.options.allowUnicode = true
    encoder.options.width = -1
    do { return try encoder.encode(value) } catch {
      throw LockstepError(file: nil, rule: "internal", "could not encode YAML: \(error)")
    }
  }
}
