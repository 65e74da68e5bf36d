import Foundation

/// The one normalisation every unit text goes through before it is compared or fingerprinted.
public enum TextNormalization {
  /// Unicode NFC, bidi and zero-width format characters removed, every run of whitespace
  /// (including no-break spaces) collapsed to one space, trimmed.
  public static func normalize(_ text: String) -> String {
    if isNormalized(text) { return text }
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

  /// Whether a scalar is Unicode white space outside ASCII (no-break and typographic spaces).
  static func isUnicodeSpace(_ value: UInt32) -> Bool {
    if value < 0x85 || (value > 0xA0 && value < 0x1680) || (value > 0x3000) { return false }
    switch value {
    case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
    default: return false
    }
  }

  /// Whether NFC could change text containing `scalar`: combining marks (canonical combining class
  /// other than 0), and the characters whose NFC quick check is No or Maybe although their class is
  /// 0 (singletons such as U+212B ANGSTROM SIGN, Hangul jamo, Indic two-part vowel signs, CJK
  /// compatibility ideographs). Text without any of them is already NFC.
  static func mayChangeUnderNFC(_ scalar: Unicode.Scalar) -> Bool {
    // The letters of the scripts Lockstep meets most: no combining marks, nothing NFC changes.
    switch scalar.value {
    case 0x0400...0x0482, 0x048A...0x052F, 0x0620...0x064A, 0x0660...0x066F, 0x0671...0x06D3, 0x0E01...0x0E30,
      0x0E32, 0x0E33, 0x0E40...0x0E46, 0x0E50...0x0E59, 0x3000...0x3098, 0x309B...0x33FF, 0x4E00...0x9FFF,
      0xFF00...0xFFEF:
      return false
    default: break
    }
    if scalar.properties.canonicalCombiningClass != .notReordered { return true }
    switch scalar.value {
    case 0x0340...0x0344, 0x0374, 0x037E, 0x0387, 0x0958...0x095F, 0x09BE, 0x09D7, 0x09DC...0x09DF, 0x0A33,
      0x0A36,
      0x0A59...0x0A5E, 0x0B3E, 0x0B56, 0x0B57, 0x0B5C, 0x0B5D, 0x0BBE, 0x0BD7, 0x0CC2, 0x0CD5, 0x0CD6, 0x0D3E,
      0x0D57, 0x0DCF, 0x0DDF, 0x0F43...0x0F78, 0x102E, 0x1161...0x1175, 0x11A8...0x11C2, 0x1B35,
      0x1F71...0x1FFD,
      0x2000, 0x2001, 0x2126, 0x212A, 0x212B, 0x2329, 0x232A, 0x2ADC, 0x3099, 0x309A,
      0xF900...0xFAFF, 0xFB1D...0xFB4E, 0x110BA, 0x11127, 0x1133E, 0x11357, 0x114B0...0x114BD, 0x115AF,
      0x1D15E...0x1D1C0, 0x2F800...0x2FA1D:
      return true
    default:
      return false
    }
  }

  /// Whether `text` is already in normal form: no leading, trailing, doubled or non-space
  /// whitespace, no invisible format characters, nothing NFC would change. Answers in one pass
  /// over the UTF-8 for the common case.
  static func isNormalized(_ text: String) -> Bool {
    var previousWasSpace = true
    var sawAny = false
    for scalar in text.unicodeScalars {
      sawAny = true
      if scalar.value < 0x80 {
        if scalar == " " {
          if previousWasSpace { return false }
          previousWasSpace = true
          continue
        }
        if scalar.value < 0x20 { return false }
        previousWasSpace = false
        continue
      }
      if isInvisibleFormat(scalar) || isUnicodeSpace(scalar.value) { return false }
      if scalar.value >= 0x300, mayChangeUnderNFC(scalar) { return false }
      previousWasSpace = false
    }
    return !sawAny || !previousWasSpace
  }

  /// The fingerprint of a text: the first 16 hex digits of the SHA-256 of its normal form.
  public static func fingerprint(_ text: String) -> String {
    fingerprint(normalized: normalize(text))
  }

  /// The fingerprint of a text already in normal form.
  static func fingerprint(normalized text: String) -> String {
    // Hashed in place from the string's UTF-8, the tail padded on the stack, 16 digits written
    // straight into the result: no buffer, no digest array.
    var text = text
    return text.withUTF8 { SHA256.hex(raw: UnsafeRawBufferPointer($0), digits: 16) }
  }

  /// Bidi controls (LRM, RLM, ALM, embeddings, isolates) and zero-width characters: invisible, so
  /// they must never hide or create a difference.
  public static func isInvisibleFormat(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    // Fast exit for the ranges that hold none (all but U+00AD, U+061C and U+200B–U+2069, U+FEFF).
    if value < 0xAD || (value > 0x061C && value < 0x200B) || (value > 0x2069 && value != 0xFEFF) {
      return false
    }
    switch value {
    case 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2069, 0x061C, 0xFEFF, 0x00AD: return true
    default: return false
    }
  }

  /// A URL- and YAML-friendly key for a heading: lower case, letters and digits of any script,
  /// diacritics of Latin letters folded, other characters turned into single hyphens; at most
  /// `maximumLength` characters, cut after the last whole word that fits.
  ///
  /// The text is normalised first, so any input gives the slug of its normal form. The extractor,
  /// whose texts are normalised already, calls `SlugFolding.slug(normalized:maximumLength:)`.
  public static func slug(_ text: String, maximumLength: Int = 60) -> String {
    SlugFolding.slug(normalized: normalize(text), maximumLength: maximumLength)
  }
}
