import Foundation

/// What `lockstep pull` was asked to do.
public struct PullOptions: Sendable {
  /// Only this page.
  public var page: String?
  /// Only these locales; nil = every locale the rules give a URL for.
  public var locales: [String]?
  /// Fetch and report, but write nothing.
  public var dryRun = false
  /// Allow loopback and private addresses (for tests against a local server).
  public var allowPrivateAddresses = false
  /// Also fetch the language versions the source page's language menu links to.
  public var discover = false
  /// Seconds a whole request may take.
  public var timeoutSeconds = 60
  /// Seconds to wait for the repository's lock when another Lockstep holds it (0: fail at once).
  public var lockWaitSeconds: Double = 0
  /// Called as each locale finishes (progress display).
  public var progress: (@Sendable (String) -> Void)?

  /// Default options.
  public init() {}
}

/// What a pull found, for maintainers: `lockstep-pull/1`.
public struct PullReport: Codable, Sendable, Equatable {
  /// One page in one locale.
  public struct Entry: Codable, Sendable, Equatable {
    /// What happened.
    public enum Status: String, Codable, Sendable {
      /// 304, or the same content as the stored snapshot.
      case unchanged
      /// New content stored (or, with --dry-run, found).
      case changed
      /// No snapshot existed; stored.
      case new
      /// The fetch or the page failed; the old snapshot is untouched.
      case failed
    }

    /// A changed unit and what depends on it.
    public struct Impact: Codable, Sendable, Equatable {
      /// The unit id.
      public var unit: String
      /// added, changed or removed.
      public var change: String
      /// The contacts and permit rules the unit carries.
      public var subjects: [String]
      /// The locales whose curated translation of it is now outdated (or missing).
      public var outdatedIn: [String]
    }

    /// The page id.
    public var page: String
    /// The locale.
    public var locale: String
    /// The URL asked for.
    public var url: String
    /// The snapshot file.
    public var snapshot: String
    /// What happened.
    public var status: Status
    /// Why it failed.
    public var message: String?
    /// The provenance of what was fetched.
    public var provenance: Provenance?
    /// The changes against the previous snapshot, section by section.
    public var changes: LocaleDiff?
    /// For the source locale: each changed unit, its contacts and rules, and the locales it outdates.
    public var impact: [Impact]
  }

  /// The format tag.
  public var format = "lockstep-pull/1"
  /// Whether nothing was written.
  public var dryRun: Bool
  /// Every page and locale, sorted.
  public var entries: [Entry]

  /// Whether any locale failed.
  public var anyFailed: Bool { entries.contains { $0.status == .failed } }
  /// Whether any content changed.
  public var anyChanged: Bool { entries.contains { $0.status == .changed || $0.status == .new } }
}

/// Fetches the official pages and tells maintainers what changed.
public enum PullRunner {
  /// Pulls every page (or `options.page`) in every locale its rules give a URL for.
  public static func run(
    _ workspace: Workspace, _ options: PullOptions
  ) async throws(LockstepError) -> PullReport {
    let repository = workspace.repository
    let pages: [String]
    if let page = options.page {
      guard Repository.isValidPageID(page) else {
        throw LockstepError(
          file: nil, rule: "usage", "'\(page)' is not a page id (lower-case letters, digits, hyphens)")
      }
      pages = [page]
    } else {
      pages = try repository.pages()
    }
    var requests:
      [(page: String, locale: String, snapshot: String, request: PageFetcher.Request, rules: ContentRules)] =
        []
    var hosts: Set<String> = []
    for page in pages {
      let rulesPath = repository.rulesPath(page: page)
      guard Repository.exists(rulesPath) else {
        throw LockstepError(
          file: repository.relative(rulesPath), rule: "rules-missing",
          "no content rules for page '\(page)': pull takes each locale's URL from them")
      }
      let rules = try ContentRules.load(path: rulesPath, displayPath: repository.relative(rulesPath))
      hosts.formUnion(rules.allowedHosts)
      let locales = options.locales ?? rules.urls.keys.sorted()
      for locale in locales {
        guard let url = rules.urls[locale] else {
          throw LockstepError(
            file: repository.relative(rulesPath), rule: "pull-no-url",
            "gives no URL for locale '\(locale)' of page '\(page)'")
        }
        guard Repository.isValidLocale(locale) else {
          throw LockstepError(
            file: repository.relative(rulesPath), rule: "rules-locale",
            "'\(locale)' is not a BCP 47 locale code")
        }
        let snapshot = repository.officialPath(page: page, locale: locale)
        let previous = try SnapshotStore.loadProvenance(for: snapshot)
        requests.append(
          (page, locale, snapshot, PageFetcher.Request(locale: locale, url: url, previous: previous), rules))
      }
      if options.discover, options.locales == nil {
        for (locale, url) in try discovered(page: page, rules: rules, workspace: workspace) {
          let snapshot = repository.officialPath(page: page, locale: locale)
          let previous = try SnapshotStore.loadProvenance(for: snapshot)
          requests.append(
            (page, locale, snapshot, PageFetcher.Request(locale: locale, url: url, previous: previous), rules)
          )
        }
      }
    }
    let policy = FetchPolicy(
      allowedHosts: hosts, allowPrivateAddresses: options.allowPrivateAddresses,
      totalTimeout: .seconds(options.timeoutSeconds))
    let fetcher = PageFetcher(policy: policy)
    let outcomes = await fetcher.fetchAll(requests.map(\.request))

    // Downloads run unlocked; reading the old snapshots and writing the new ones holds the
    // repository's lock, so a concurrent import or pull never interleaves with it.
    let lock =
      options.dryRun
      ? nil
      : try RepositoryLock.acquire(
        root: repository.root, command: "pull", waitSeconds: options.lockWaitSeconds)
    defer { lock?.release() }

    var entries: [PullReport.Entry] = []
    var changedSources: [String: LocaleDiff] = [:]
    for (job, outcome) in zip(requests, outcomes) {
      var entry = PullReport.Entry(
        page: job.page, locale: job.locale, url: job.request.url, snapshot: repository.relative(job.snapshot),
        status: .unchanged, impact: [])
      defer {
        entries.append(entry)
        options.progress?("\(job.locale) \(job.page): \(entry.status.rawValue)")
      }
      switch outcome {
      case .notModified(let provenance):
        entry.provenance = provenance
      case .failed(_, let reason):
        entry.status = .failed
        entry.message = reason.message
      case .fetched(let body, let provenance, let charset):
        entry.provenance = provenance
        /// Writes the snapshot and its provenance; a failure marks the locale failed.
        func store() {
          do {
            try repository.checkWritable(job.snapshot)
            try SnapshotStore.commit(body: body, provenance: provenance, to: job.snapshot)
          } catch {
            entry.status = .failed
            entry.message = error.diagnostic.message
          }
        }
        let new: Extraction
        do {
          new = try PageExtractor.extract(
            bytes: body, file: provenance.finalURL, declaredCharset: charset, limits: workspace.limits)
        } catch {
          entry.status = .failed
          entry.message = "the page does not parse: \(error.diagnostic.message)"
          continue
        }
        let old = Repository.exists(job.snapshot) ? try? workspace.extract(job.snapshot) : nil
        if let old, old.document.contentHash == new.document.contentHash {
          // Same content (chrome such as a build id may differ): nothing to store, except the first
          // provenance of a snapshot that had none, so the next pull can ask conditionally.
          if job.request.previous == nil, !options.dryRun { store() }
          continue
        }
        entry.status = old == nil ? .new : .changed
        if let old {
          let diff = Workspace.versions(
            old: old.document, new: new.document, page: job.page, file: repository.relative(job.snapshot))
          entry.changes = diff
          if job.locale == job.rules.sourceLocale { changedSources[job.page] = diff }
        }
        if !options.dryRun { store() }
      }
    }
    // What the source changes mean for contacts, rules and curated translations.
    for index in entries.indices {
      guard let diff = changedSources[entries[index].page], entries[index].locale == repository.sourceLocale
      else { continue }
      let rules = requests.first { $0.page == entries[index].page }?.rules
      entries[index].impact = impact(of: diff, rules: rules, page: entries[index].page, workspace: workspace)
    }
    entries.sort { ($0.page, $0.locale) < ($1.page, $1.locale) }
    return PullReport(dryRun: options.dryRun, entries: entries)
  }

  /// Language versions the stored source page's language menu links to that the rules give no
  /// URL for, with their links made absolute against the source page's URL.
  static func discovered(
    page: String, rules: ContentRules, workspace: Workspace
  ) throws(LockstepError) -> [(
    String, String
  )] {
    let repository = workspace.repository
    let sourcePath = repository.sourcePath(page: page)
    guard Repository.exists(sourcePath) else { return [] }
    let source = try workspace.extract(sourcePath).document
    guard let base = (rules.urls[rules.sourceLocale] ?? source.canonicalURL).flatMap({ URL(string: $0) })
    else {
      return []
    }
    var result: [(String, String)] = []
    for version in source.languageVersions
    where rules.urls[version.locale] == nil && Repository.isValidLocale(version.locale)
      && !result.contains(where: { $0.0 == version.locale })
    {
      guard let url = URL(string: version.url, relativeTo: base)?.absoluteURL.absoluteString else { continue }
      result.append((version.locale, url))
    }
    return result
  }

  static func impact(
    of diff: LocaleDiff, rules: ContentRules?, page: String, workspace: Workspace
  ) -> [PullReport.Entry.Impact] {
    let repository = workspace.repository
    let subjects = (rules?.contacts ?? []) + (rules?.permitRules ?? [])
    let catalogs: [(String, Catalog)] = repository.locales().compactMap { locale in
      let path = repository.catalogPath(page: page, locale: locale)
      guard Repository.exists(path), let catalog = try? Catalog.load(path: path) else { return nil }
      return (locale, catalog)
    }
    return diff.changes.filter { $0.status != .moved }.map { change in
      let kind: String
      switch change.status {
      case .missing: kind = "added"
      case .outdated: kind = "changed"
      default: kind = "removed"
      }
      let carried = subjects.filter { subject in
        subject.units.contains(change.id) || (change.movedFrom.map { subject.units.contains($0) } ?? false)
      }.map(\.id)
      let outdated = catalogs.filter { _, catalog in
        guard let entry = catalog.entry(change.movedFrom ?? change.id) ?? catalog.entry(change.id) else {
          return kind == "added"
        }
        return kind != "removed" && entry.isTranslated
      }.map(\.0)
      return PullReport.Entry.Impact(unit: change.id, change: kind, subjects: carried, outdatedIn: outdated)
    }
  }
}

/// The pull report as text or Markdown for maintainers.
public enum PullRenderer {
  /// Text for a terminal.
  public static func text(_ report: PullReport) -> String {
    var out = ""
    for entry in report.entries {
      out +=
        "\(entry.locale) \(entry.page): \(entry.status.rawValue)\(report.dryRun && entry.status != .failed && entry.status != .unchanged ? " (dry run: not stored)" : "")"
      if let message = entry.message { out += ": \(message)" }
      out += "\n"
      if let changes = entry.changes, entry.status == .changed {
        out +=
          DiffRenderer.diff(changes, labels: .versions).split(
            separator: "\n", omittingEmptySubsequences: false
          ).map { "  " + $0 }
          .joined(separator: "\n") + "\n"
      }
      for impact in entry.impact {
        out += "  \(impact.change) [\(impact.unit)]"
        if !impact.subjects.isEmpty { out += " carries \(impact.subjects.joined(separator: ", "))" }
        if !impact.outdatedIn.isEmpty {
          out += "; now outdated in \(impact.outdatedIn.joined(separator: ", "))"
        }
        out += "\n"
      }
    }
    let changed = report.entries.filter { $0.status == .changed || $0.status == .new }.count
    let failed = report.entries.filter { $0.status == .failed }.count
    out +=
      "\n\(report.entries.count) pulled: \(changed) changed, \(failed) failed, \(report.entries.count - changed - failed) unchanged\n"
    return out
  }

  /// Markdown for a pull request body.
  public static func markdown(_ report: PullReport) -> String {
    var out = "## Official page changes\n\n| Locale | Page | Status | Changed units |\n|---|---|---|---|\n"
    for entry in report.entries {
      let units = entry.changes.map { "\($0.changes.filter { $0.status != .moved }.count)" } ?? "-"
      out +=
        "| \(ReportEscaping.markdown(entry.locale)) | \(ReportEscaping.markdown(entry.page)) | \(entry.status.rawValue)\(entry.message.map { ": " + ReportEscaping.markdown($0) } ?? "") | \(units) |\n"
    }
    for entry in report.entries where !entry.impact.isEmpty {
      out += "\n### \(ReportEscaping.markdown(entry.page)): what the source change affects\n\n"
      for impact in entry.impact {
        out += "- \(impact.change) `\(impact.unit)`"
        if !impact.subjects.isEmpty {
          out += " — carries \(impact.subjects.map { "`\($0)`" }.joined(separator: ", "))"
        }
        if !impact.outdatedIn.isEmpty { out += " — outdated in \(impact.outdatedIn.joined(separator: ", "))" }
        out += "\n"
      }
    }
    return out
  }
}
