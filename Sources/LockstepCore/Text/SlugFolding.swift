import Foundation

/// Section slugs without a Foundation call per heading for the scripts met most.
///
/// `TextNormalization.slug` folds case and diacritics with Foundation, then keeps letters and
/// digits. Folding is a property of each character on its own for the scalars below U+0700 (Latin,
/// Greek, Cyrillic, Armenian, Hebrew, Arabic letters) and for the CJK ideographs, so a table made
/// once, by asking Foundation about each scalar, gives the same slug as folding the whole text.
/// Marks, format characters and prepended signs join their neighbours into one character, so a text
/// holding one takes the Foundation path, as does any other scalar.
enum SlugFolding {
  /// What one scalar adds to a slug: each folded scalar, or nil for one that is neither letter nor
  /// digit (a hyphen break). Nil entries: scalars the table does not answer for.
  private static let table: [[Unicode.Scalar?]?] = (0..<0x700).map { value -> [Unicode.Scalar?]? in
    guard let scalar = Unicode.Scalar(UInt32(value)), !joinsNeighbours(scalar) else { return nil }
    let folded = String(Character(scalar)).folding(
      options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
    var contribution: [Unicode.Scalar?] = []
    for output in folded.unicodeScalars {
      if joinsNeighbours(output) { return nil }
      let character = Character(output)
      contribution.append(character.isLetter || character.isNumber ? output : nil)
    }
    return contribution
  }

  /// Marks, format characters and Arabic prepended signs: they form one character with a
  /// neighbour, so what they add depends on it.
  private static func joinsNeighbours(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .nonspacingMark, .spacingMark, .enclosingMark, .format: return true
    default: return (0x0600...0x0605).contains(scalar.value) || scalar.value == 0x06DD
    }
  }

  /// The slug letters and hyphens of `text` (already normalised), or nil when a scalar is not in
  /// the table; the caller then folds with Foundation.
  static func slugBody(_ text: String) -> String? {
    var out = String.UnicodeScalarView()
    var pendingHyphen = false
    func emit(_ scalar: Unicode.Scalar) {
      if pendingHyphen, !out.isEmpty { out.append("-") }
      pendingHyphen = false
      out.append(scalar)
    }
    for scalar in text.unicodeScalars {
      let value = scalar.value
      if value >= 0x4E00, value <= 0x9FEF {
        // CJK unified ideographs: letters, untouched by folding.
        emit(scalar)
        continue
      }
      guard value < 0x700, let contribution = table[Int(value)] else { return nil }
      for output in contribution {
        if let output { emit(output) } else { pendingHyphen = true }
      }
    }
    return String(out)
  }

  /// The slug letters and hyphens of `text` (already normalised), folded by Foundation.
  static func foldedSlugBody(_ text: String) -> String {
    let folded = text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
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
    return out
  }
}
