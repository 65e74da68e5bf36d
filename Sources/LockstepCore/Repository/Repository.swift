import Foundation

/// Where Lockstep finds things: `locales/<source>/<page>.html` is the official source page,
/// `locales/<xx>/<page>.yaml` a curated translation, `locales/<xx>/<page>.html` an official
/// translated page, `schemas/pages/<page>.yaml` the page's content rules.
public struct Repository: Sendable {
  /// The repository root.
  public var root: String
  /// The locale the official source pages are in.
  public var sourceLocale: String

  /// A repository rooted at `root`.
  public init(root: String, sourceLocale: String = "en") {
    self.root = root
    self.sourceLocale = sourceLocale
  }

  /// The folder holding every locale.
  public var localesFolder: String { root + "/locales" }

  /// `locales/<source>/<page>.html`.
  public func sourcePath(page: String) -> String { "\(localesFolder)/\(sourceLocale)/\(page).html" }
  /// `locales/<locale>/<page>.yaml`.
  public func catalogPath(page: String, locale: String) -> String {
    "\(localesFolder)/\(locale)/\(page).yaml"
  }
  /// `locales/<locale>/<page>.html`.
  public func officialPath(page: String, locale: String) -> String {
    "\(localesFolder)/\(locale)/\(page).html"
  }
  /// `schemas/pages/<page>.yaml`.
  public func rulesPath(page: String) -> String { "\(root)/schemas/pages/\(page).yaml" }

  /// The tracked pages: every `.html` in the source locale's folder, sorted.
  public func pages() throws(LockstepError) -> [String] {
    let folder = "\(localesFolder)/\(sourceLocale)"
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
      throw LockstepError(
        file: relative(folder), rule: "repository-layout",
        "no source folder: expected official pages in \(relative(folder))")
    }
    return names.filter { $0.hasSuffix(".html") }.map { String($0.dropLast(5)) }.sorted()
  }

  /// Every locale folder except the source's, sorted.
  public func locales() -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: localesFolder)) ?? []
    return names.filter { name in
      var isDirectory: ObjCBool = false
      return name != sourceLocale && !name.hasPrefix(".")
        && FileManager.default.fileExists(atPath: "\(localesFolder)/\(name)", isDirectory: &isDirectory)
        && isDirectory.boolValue
    }.sorted()
  }

  /// `path` relative to the root when it lies inside it.
  public func relative(_ path: String) -> String {
    let prefix = root.hasSuffix("/") ? root : root + "/"
    if path.hasPrefix(prefix) { return String(path.dropFirst(prefix.count)) }
    return path
  }

  /// Whether a file exists at `path`.
  public static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

  /// Validates a locale code as BCP 47 (language, optional script, region, variants): it also
  /// keeps a code from naming a path outside `locales/`.
  public static func isValidLocale(_ code: String) -> Bool {
    let parts = code.split(separator: "-", omittingEmptySubsequences: false)
    guard let language = parts.first, (2...3).contains(language.count),
      language.allSatisfy({ $0.isASCII && $0.isLetter })
    else {
      return false
    }
    return parts.dropFirst().allSatisfy { part in
      (1...8).contains(part.count) && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }
  }

  /// Validates a page id: lower-case letters, digits and hyphens only, so it cannot escape a folder.
  public static func isValidPageID(_ page: String) -> Bool {
    !page.isEmpty && page.count <= 200
      && page.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
  }

  /// The current date as YYYY-MM-DD (UTC), or `LOCKSTEP_DATE` when set (for reproducible runs).
  public static func today() -> String {
    if let fixed = ProcessInfo.processInfo.environment["LOCKSTEP_DATE"], !fixed.isEmpty { return fixed }
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd"
    return formatter.string(from: Date())
  }
}
