import Foundation
import Yams

/// Typed reading of YAML files with positions: every error names the file, line and column.
///
/// Values are read from the composed node tree, never through an untyped loader, so `no`, `on`
/// and `yes` stay the strings they were written as.
struct YAMLReader {
  let file: String

  /// The longest line a YAML file may have: 1 MiB. (Nesting is capped by libyaml at 1,000 levels.)
  static let maximumLineBytes = 1 << 20

  /// Parses `text` into its root node; syntax errors carry libyaml's line and column.
  func root(_ text: String) throws(LockstepError) -> Node {
    try InputFile.checkLineLength(text.utf8, limit: Self.maximumLineBytes, file: file)
    do {
      guard let node = try Yams.compose(yaml: text) else {
        throw LockstepError(file: file, rule: "yaml-empty", "is empty: expected a YAML mapping")
      }
      return node
    } catch let error as LockstepError {
      throw error
    } catch let error as YamlError {
      throw LockstepError(Self.diagnostic(error, file: file))
    } catch {
      throw LockstepError(file: file, rule: "yaml-syntax", "is not valid YAML: \(error)")
    }
  }

  static func diagnostic(_ error: YamlError, file: String) -> Diagnostic {
    switch error {
    case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      let detail = context.map { "\(problem) (\($0.text))" } ?? problem
      return Diagnostic(
        .error, "yaml-syntax", "YAML syntax error: \(detail)", file: file, line: mark.line,
        column: mark.column)
    case .duplicatedKeysInMapping(let duplicates, let context):
      return Diagnostic(
        .error, "yaml-duplicate-key",
        "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in one mapping",
        file: file, line: context.mark.line, column: context.mark.column)
    case .reader(let problem, _, _, _):
      return Diagnostic(.error, "yaml-syntax", "cannot be read as YAML: \(problem)", file: file)
    default:
      return Diagnostic(.error, "yaml-syntax", "is not valid YAML: \(error)", file: file)
    }
  }

  func error(_ node: Node?, _ rule: String, _ message: String) -> LockstepError {
    LockstepError(file: file, rule: rule, message, line: node?.mark?.line, column: node?.mark?.column)
  }

  /// The entries of a mapping in file order; unknown keys, duplicate keys and non-string keys are errors.
  func mapping(
    _ node: Node, _ what: String, allowed: Set<String>? = nil
  ) throws(LockstepError) -> [(key: String, keyNode: Node, value: Node)] {
    guard case .mapping(let mapping) = node else {
      throw error(node, "yaml-type", "\(what) must be a mapping, found \(Self.describe(node))")
    }
    var seen: Set<String> = []
    var entries: [(key: String, keyNode: Node, value: Node)] = []
    for (keyNode, value) in mapping {
      guard case .scalar(let scalar) = keyNode else {
        throw error(keyNode, "yaml-type", "keys of \(what) must be plain strings")
      }
      let key = scalar.string
      if let allowed, !allowed.contains(key) {
        throw error(
          keyNode, "yaml-unknown-key",
          "unknown key '\(key)' in \(what); expected one of: \(allowed.sorted().joined(separator: ", "))")
      }
      guard seen.insert(key).inserted else {
        throw error(keyNode, "yaml-duplicate-key", "duplicate key '\(key)' in \(what)")
      }
      entries.append((key, keyNode, value))
    }
    return entries
  }

  /// A required key's value.
  func required(
    _ entries: [(key: String, keyNode: Node, value: Node)], _ key: String, in what: String, at node: Node
  ) throws(LockstepError) -> Node {
    guard let entry = entries.first(where: { $0.key == key }) else {
      throw error(node, "yaml-missing-key", "\(what) lacks the required key '\(key)'")
    }
    return entry.value
  }

  /// A string scalar, as written (quoted or not). `null`/`~` give nil when `optional`.
  func string(_ node: Node, _ what: String) throws(LockstepError) -> String {
    guard case .scalar(let scalar) = node else {
      throw error(node, "yaml-type", "\(what) must be a string, found \(Self.describe(node))")
    }
    return scalar.string
  }

  /// A string or nothing (`null`, `~`, or an empty plain scalar).
  func optionalString(_ node: Node?, _ what: String) throws(LockstepError) -> String? {
    guard let node else { return nil }
    if case .scalar(let scalar) = node, scalar.style == .plain,
      ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    {
      return nil
    }
    return try string(node, what)
  }

  /// A sequence of strings.
  func strings(_ node: Node, _ what: String) throws(LockstepError) -> [String] {
    guard case .sequence(let sequence) = node else {
      if case .scalar = node { return [try string(node, what)] }
      throw error(node, "yaml-type", "\(what) must be a list of strings, found \(Self.describe(node))")
    }
    var result: [String] = []
    for item in sequence { result.append(try string(item, "an item of \(what)")) }
    return result
  }

  /// A sequence's nodes.
  func sequence(_ node: Node, _ what: String) throws(LockstepError) -> [Node] {
    guard case .sequence(let sequence) = node else {
      throw error(node, "yaml-type", "\(what) must be a list, found \(Self.describe(node))")
    }
    return Array(sequence)
  }

  static func describe(_ node: Node) -> String {
    switch node {
    case .scalar(let scalar): "the scalar '\(scalar.string)'"
    case .mapping: "a mapping"
    case .sequence: "a list"
    case .alias: "an alias"
    }
  }
}

/// Builds YAML nodes that serialise deterministically, with every string explicitly a string.
enum YAMLWriter {
  static func string(_ value: String) -> Node {
    // Quote anything a YAML 1.1 reader could take for a boolean, number or null.
    let risky =
      ["y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", ""].contains(value.lowercased())
      || Double(value) != nil || value.hasPrefix(" ") || value.hasSuffix(" ")
    return .scalar(.init(value, Tag(.str), risky ? .doubleQuoted : .any))
  }

  static func mapping(_ pairs: [(String, Node?)]) -> Node {
    .mapping(.init(pairs.compactMap { key, value in value.map { (string(key), $0) } }))
  }

  static func sequence(_ nodes: [Node]) -> Node { .sequence(.init(nodes)) }

  static func serialize(_ node: Node) throws(LockstepError) -> String {
    do { return try Yams.serialize(node: node, width: -1, allowUnicode: true) } catch {
      throw LockstepError(file: nil, rule: "internal", "could not write YAML: \(error)")
    }
  }
}
