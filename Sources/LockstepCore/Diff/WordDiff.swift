/// A word-level difference between two texts, for showing old and new source side by side.
public struct WordDiff: Codable, Sendable, Equatable {
  /// One run of the diff.
  public struct Run: Codable, Sendable, Equatable {
    /// Whether the run is kept, removed (old only) or added (new only).
    public enum Operation: String, Codable, Sendable { case equal, removed, added }
    /// The operation.
    public var op: Operation
    /// The text of the run, with its spaces.
    public var text: String
  }

  /// The runs in order.
  public var runs: [Run]

  /// The word diff from `old` to `new` (longest common subsequence over words).
  public init(old: String, new: String) {
    let a = Self.tokens(old)
    let b = Self.tokens(new)
    var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in stride(from: a.count - 1, through: 0, by: -1) {
      for j in stride(from: b.count - 1, through: 0, by: -1) {
        table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
      }
    }
    var runs: [Run] = []
    func push(_ op: Run.Operation, _ token: String) {
      if let last = runs.last, last.op == op {
        runs[runs.count - 1].text += token
      } else {
        runs.append(Run(op: op, text: token))
      }
    }
    var i = 0
    var j = 0
    while i < a.count || j < b.count {
      if i < a.count, j < b.count, a[i] == b[j] {
        push(.equal, a[i])
        i += 1
        j += 1
      } else if i < a.count, j == b.count || table[i + 1][j] >= table[i][j + 1] {
        push(.removed, a[i])
        i += 1
      } else {
        push(.added, b[j])
        j += 1
      }
    }
    self.runs = runs
  }

  /// Words and the spaces between them as separate tokens.
  static func tokens(_ text: String) -> [String] {
    var tokens: [String] = []
    var current = ""
    var currentIsSpace = false
    for character in text {
      let isSpace = character.isWhitespace
      if !current.isEmpty, isSpace != currentIsSpace {
        tokens.append(current)
        current = ""
      }
      current.append(character)
      currentIsSpace = isSpace
    }
    if !current.isEmpty { tokens.append(current) }
    return tokens
  }

  /// The diff in the `[-removed-]{+added+}` notation of `git diff --word-diff`.
  public var marked: String {
    runs.map { run in
      switch run.op {
      case .equal: run.text
      case .removed: "[-\(run.text)-]"
      case .added: "{+\(run.text)+}"
      }
    }.joined()
  }

  /// Whether anything changed.
  public var hasChanges: Bool { runs.contains { $0.op != .equal } }
}

/// How alike two texts are: the Jaccard index of their lower-cased word sets (0…1).
func similarity(_ a: String, _ b: String) -> Double {
  let wordsA = Set(a.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }))
  let wordsB = Set(b.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }))
  if wordsA.isEmpty && wordsB.isEmpty { return 1 }
  return Double(wordsA.intersection(wordsB).count) / Double(wordsA.union(wordsB).count)
}
