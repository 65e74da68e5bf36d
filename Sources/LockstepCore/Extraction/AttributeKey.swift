/// Attribute names the byte scan reads, packed like `MainRegionScanner`'s tag keys (the
/// lower-cased bytes of a name of up to eight, as `MainRegionScanner.nameKey` packs them; a test
/// checks them).
enum AttributeKey {
  static let `class`: UInt64 = 0x63_6C61_7373
  static let role: UInt64 = 0x726F_6C65
  static let id: UInt64 = 0x6964
  static let href: UInt64 = 0x6872_6566
  static let hreflang: UInt64 = 0x6872_6566_6C61_6E67
  static let datetime: UInt64 = 0x6461_7465_7469_6D65
  static let title: UInt64 = 0x74_6974_6C65
  static let rel: UInt64 = 0x72_656C
  static let hidden: UInt64 = 0x6869_6464_656E
  static let lang: UInt64 = 0x6C61_6E67
}
