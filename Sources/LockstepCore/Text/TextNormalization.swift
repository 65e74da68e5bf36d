import Foundation

/// The one normalisation every unit text goes through before it is compared or fingerprinted.
public enum TextNormalization {
  /// Unicode NFC, bidi and zero-width format characters removed, every run of whitespace
  /// (including no-break spaces) collapsed to one space, trimmed.
  public static func normalize(_ text: String) -> String {
    var out = String.UnicodeScalarView()
    var pendingSpace = false
    for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
      if isInvisibleFormat(scalar) { continue }
      if scalar.properties.isWhitespace {
        pendingSpace = !out.isEmpty
        continue
      }
      if pendingSpace {
        out.append(" ")
        pendingSpace = false
      }
      out.append(scalar)
    }
    return String(out)
  }

  /// Unicode NFC.
  public static func nfc(_ text: String) -> String { text.precomposedStringWithCanonicalMapping }

  /// The fingerprint of a text: the first 16 hex digits of the SHA-256 of its normal form.
  public static func fingerprint(_ text: String) -> String {
    String(SHA256.hex(normalize(text)).prefix(16))
  }

  /// Bidi controls (LRM, RLM, ALM, embeddings, isolates) and zero-width characters: invisible, so
  /// they must never hide or create a difference.
  public static func isInvisibleFormat(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2069, 0x061C, 0xFEFF, 0x00AD: return true
    default: return false
    }
  }

  /// A URL- and YAML-friendly key for a heading: lower case, letters and digits of any script,
  /// diacritics of Latin letters folded, other characters turned into single hyphens.
  public static func slug(_ text: String, maximumLength: Int = 60) -> String {
    let folded = normalize(text).folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
    var out = ""
    var pendingHyphen = false
    for character in folded {
      if character.isLetter || character.isNumber {
        if pendingHyphen, !out.isEmpty { out.append("-") }
        pendingHyphen = false
        out.append(character)
      } else {
        pendingHyphen = true
      }
    }
    if out.count > maximumLength {
      let cut = out.prefix(maximumLength)
      if let hyphen = cut.lastIndex(of: "-") { out = String(cut[..<hyphen]) } else { out = String(cut) }
    }
    return out
  }
}
