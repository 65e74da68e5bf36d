/// The element names the collector reacts to, looked up once per start tag so that the
/// decisions that follow compare small integers, not strings.
enum ElementTag: UInt8 {
  case html, head, link, body, main, article, section, a, br, span, time, div, p, ul, ol, li
  case h1, h2, h3, h4, h5, h6, td, th, dt, dd, blockquote, figcaption, pre, address, table, tr, dl
  case figure, hr
  // Page furniture: the whole subtree is skipped.
  case title, script, style, noscript, template, svg, math, button, select, textarea, iframe, object
  case canvas, header, nav, footer, aside, form, label, dialog, img, picture, video, audio, input
  case other

  /// Every tag by its name's bytes packed into an integer (names of up to eight bytes), sorted
  /// for a binary search: cheaper than hashing a string per element.
  private static let byPackedName: [(key: UInt64, tag: ElementTag)] = (0..<ElementTag.other.rawValue)
    .compactMap { raw in
      let tag = ElementTag(rawValue: raw)!
      return pack(Array("\(tag)".utf8)).map { ($0, tag) }
    }
    .sorted { $0.key < $1.key }

  /// The names longer than eight bytes.
  private static let longNames: [String: ElementTag] = [
    "blockquote": .blockquote, "figcaption": .figcaption,
  ]

  private static func pack(_ bytes: some Collection<UInt8>) -> UInt64? {
    guard bytes.count <= 8 else { return nil }
    var key: UInt64 = 0
    for byte in bytes { key = key << 8 | UInt64(byte) }
    return key
  }

  /// The tag of an element name (libxml2 lower-cases them).
  init(name: String) {
    self = Array(name.utf8).withUnsafeBufferPointer { ElementTag(name: $0) }
  }

  /// The tag of an element name given as UTF-8 bytes.
  init(name: UnsafeBufferPointer<UInt8>) {
    guard let key = Self.pack(name) else {
      self = Self.longNames[String(decoding: name, as: UTF8.self)] ?? .other
      return
    }
    let table = Self.byPackedName
    var low = 0
    var high = table.count
    while low < high {
      let middle = (low + high) / 2
      if table[middle].key < key { low = middle + 1 } else { high = middle }
    }
    self = low < table.count && table[low].key == key ? table[low].tag : .other
  }

  /// Elements that are never content, whatever their attributes.
  var isFurniture: Bool { self == .head || (rawValue >= ElementTag.title.rawValue && self != .other) }

  /// Elements that start a new block: inside a unit they separate text.
  var isBlock: Bool {
    switch self {
    case .p, .div, .ul, .ol, .li, .h1, .h2, .h3, .h4, .h5, .h6, .table, .tr, .td, .th, .blockquote, .section,
      .article, .main, .address, .dl, .dt, .dd, .figure, .figcaption, .pre, .hr:
      return true
    default:
      return false
    }
  }
}
