import Dispatch
import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// Fetches official pages over HTTP(S) under a `FetchPolicy`: only http and https, only allowed hosts
/// (redirects included, each one checked), no private addresses, a streamed size limit, timeouts,
/// retries with exponential backoff, and conditional requests from the previous provenance.
///
/// The HTTP stack is FoundationNetworking's `URLSession`, chosen over AsyncHTTPClient on purpose:
/// `lockstep pull` sends one GET per page, a few dozen per run, and URLSession ships with the
/// toolchain, so it adds no package, no SwiftNIO build (minutes on a clean CI machine) and no event
/// loop group to shut down. What AsyncHTTPClient would have given us is done here with a delegate:
/// redirects are not followed automatically (the fetcher follows them itself, so every hop passes
/// the host and scheme checks and loops are caught), the body streams through the delegate so the
/// size limit stops a download as soon as it is crossed, and a watchdog enforces the total timeout.
public final class PageFetcher: Sendable {
  /// The policy every fetch obeys.
  public let policy: FetchPolicy
  private let session: URLSession
  private let delegate: SessionDelegate
  private let sleeper: @Sendable (Duration) async -> Void
  private let limiter: HostLimiter

  /// A fetcher under `policy`. `sleep` waits between retries; tests pass one that records the delays.
  public init(
    policy: FetchPolicy,
    sleep: @escaping @Sendable (Duration) async -> Void = { try? await Task.sleep(for: $0) }
  ) {
    self.policy = policy
    self.sleeper = sleep
    self.limiter = HostLimiter(limit: max(1, policy.maximumConcurrentRequestsPerHost))
    let configuration = URLSessionConfiguration.ephemeral
    configuration.urlCache = nil
    configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
    configuration.httpCookieStorage = nil
    configuration.httpShouldSetCookies = false
    configuration.httpMaximumConnectionsPerHost = max(2, policy.maximumConcurrentRequestsPerHost)
    configuration.timeoutIntervalForRequest = policy.connectTimeout.seconds
    configuration.timeoutIntervalForResource = policy.totalTimeout.seconds + 1
    let delegate = SessionDelegate()
    let queue = OperationQueue()
    queue.maxConcurrentOperationCount = 1
    self.delegate = delegate
    self.session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: queue)
  }

  deinit {
    session.invalidateAndCancel()
  }

  /// Fetches `url`, following allowed redirects and retrying what may pass. With `previous`, the
  /// request is conditional (`If-None-Match`, `If-Modified-Since`) and a 304 gives `.notModified`.
  public func fetch(url: String, previous: Provenance? = nil) async -> FetchOutcome {
    var retry = 0
    while true {
      let attempt = await fetchFollowingRedirects(url: url, previous: previous)
      switch attempt {
      case .done(let outcome):
        return outcome
      case .failed(let failure, let retryAfter):
        guard failure.isRetryable, retry < policy.maximumRetries, !Task.isCancelled else {
          return .failed(url: url, reason: failure)
        }
        await sleeper(policy.retryDelay(retry: retry, retryAfter: retryAfter))
        retry += 1
      }
    }
  }

  /// One request of a `fetchAll` batch.
  public struct Request: Sendable, Hashable {
    /// The locale the page belongs to (`en`, `fi`, …).
    public var locale: String
    /// The page's URL.
    public var url: String
    /// The provenance of the stored snapshot, for a conditional request.
    public var previous: Provenance?

    /// A request.
    public init(locale: String, url: String, previous: Provenance? = nil) {
      self.locale = locale
      self.url = url
      self.previous = previous
    }
  }

  /// Fetches every request concurrently, at most `maximumConcurrentRequestsPerHost` at a time per host,
  /// and returns the outcomes in the order of `requests`.
  public func fetchAll(_ requests: [Request]) async -> [FetchOutcome] {
    await withTaskGroup(of: (Int, FetchOutcome).self) { group in
      for (index, request) in requests.enumerated() {
        group.addTask {
          let host = URLComponents(string: request.url)?.host.map(FetchPolicy.normalizedHost) ?? ""
          await self.limiter.acquire(host)
          let outcome = await self.fetch(url: request.url, previous: request.previous)
          await self.limiter.release(host)
          return (index, outcome)
        }
      }
      var outcomes = [FetchOutcome?](repeating: nil, count: requests.count)
      for await (index, outcome) in group { outcomes[index] = outcome }
      return outcomes.map { $0! }
    }
  }

  // MARK: - One fetch

  private enum Attempt {
    case done(FetchOutcome)
    case failed(FetchFailure, retryAfter: Duration?)
  }

  private func fetchFollowingRedirects(url: String, previous: Provenance?) async -> Attempt {
    var current: URL
    do { current = try check(url) } catch { return .failed(error, retryAfter: nil) }
    var visited: Set<String> = [current.absoluteString]
    var redirects = 0
    while true {
      if Task.isCancelled { return .failed(.cancelled, retryAfter: nil) }
      if !policy.allowPrivateAddresses {
        do {
          if let address = try await AddressCheck.privateAddress(of: current.host ?? "") {
            return .failed(.privateAddress(host: current.host ?? "", address: address), retryAfter: nil)
          }
        } catch { return .failed(error, retryAfter: nil) }
      }
      // Validators belong to the URL that answered last time: send them there only.
      let conditional = previous.flatMap {
        $0.finalURL == current.absoluteString && ($0.etag != nil || $0.lastModified != nil) ? $0 : nil
      }
      let result = await exchange(request(for: current, conditional: conditional))
      guard case .response(let head, let body) = result else {
        if case .failure(let failure) = result { return .failed(failure, retryAfter: nil) }
        return .failed(.transport("no answer"), retryAfter: nil)
      }
      switch head.status {
      case 200:
        return .done(fetched(url: url, finalURL: current.absoluteString, head: head, body: body))
      case 304:
        guard let conditional else { return .failed(.unexpectedNotModified, retryAfter: nil) }
        return .done(.notModified(conditional))
      case 301, 302, 303, 307, 308:
        guard let location = head.header("location"), let next = URL(string: location, relativeTo: current)
        else { return .failed(.badRedirect(status: head.status), retryAfter: nil) }
        let target: URL
        do { target = try check(next.absoluteURL.absoluteString) } catch {
          return .failed(error, retryAfter: nil)
        }
        if visited.contains(target.absoluteString) {
          return .failed(.redirectLoop(target.absoluteString), retryAfter: nil)
        }
        redirects += 1
        if redirects > policy.maximumRedirects {
          return .failed(.tooManyRedirects(limit: policy.maximumRedirects), retryAfter: nil)
        }
        visited.insert(target.absoluteString)
        current = target
      default:
        let retryAfter = head.header("retry-after").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        return .failed(.httpStatus(head.status), retryAfter: retryAfter.map { .seconds(max(0, $0)) })
      }
    }
  }

  /// The URL, if it is absolute http(s) with an allowed host; the fragment is dropped.
  private func check(_ text: String) throws(FetchFailure) -> URL {
    guard var components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
      throw .invalidURL(text)
    }
    guard scheme == "http" || scheme == "https" else { throw .disallowedScheme(scheme) }
    guard let host = components.host, !host.isEmpty else { throw .invalidURL(text) }
    guard policy.allows(host: host) else { throw .disallowedHost(host) }
    components.fragment = nil
    guard let url = components.url else { throw .invalidURL(text) }
    return url
  }

  private func request(for url: URL, conditional: Provenance?) -> URLRequest {
    var request = URLRequest(url: url)
    request.httpMethod = "GET"
    request.cachePolicy = .reloadIgnoringLocalCacheData
    request.timeoutInterval = policy.connectTimeout.seconds
    request.setValue(policy.userAgent, forHTTPHeaderField: "User-Agent")
    request.setValue("text/html, application/xhtml+xml;q=0.9", forHTTPHeaderField: "Accept")
    if let etag = conditional?.etag { request.setValue(etag, forHTTPHeaderField: "If-None-Match") }
    if let lastModified = conditional?.lastModified {
      request.setValue(lastModified, forHTTPHeaderField: "If-Modified-Since")
    }
    return request
  }

  private func fetched(url: String, finalURL: String, head: ResponseHead, body: [UInt8]) -> FetchOutcome {
    let contentType = head.header("content-type")
    let provenance = Provenance(
      url: url, finalURL: finalURL, fetchedAt: Date.now.ISO8601Format(), status: head.status,
      etag: head.header("etag"), lastModified: head.header("last-modified"), contentType: contentType,
      bytes: body.count, sha256: SHA256.hex(body))
    return .fetched(body: body, provenance: provenance, charset: contentType.flatMap(ContentType.charset))
  }

  /// Sends one request and waits for its answer, the total timeout or cancellation.
  private func exchange(_ request: URLRequest) async -> ExchangeResult {
    let total = policy.totalTimeout
    let task = session.dataTask(with: request)
    let holder = StateHolder()
    let result = await withTaskCancellationHandler {
      await withCheckedContinuation { (continuation: CheckedContinuation<ExchangeResult, Never>) in
        let state = ExchangeState(maximumBytes: policy.maximumBodyBytes, continuation: continuation)
        let watchdog = DispatchWorkItem {
          state.stop(.timeout(seconds: total.seconds))
          task.cancel()
        }
        holder.set(state, watchdog: watchdog)
        delegate.register(state, for: task)
        DispatchQueue.global().asyncAfter(deadline: .now() + total.seconds, execute: watchdog)
        task.resume()
      }
    } onCancel: {
      holder.state?.stop(.cancelled)
      task.cancel()
    }
    holder.watchdog?.cancel()
    return result
  }
}

/// Lets the cancellation handler reach the state created inside the continuation, and the caller
/// cancel the watchdog once the answer is in.
private final class StateHolder: @unchecked Sendable {
  private let lock = NSLock()
  private var storedState: ExchangeState?
  private var storedWatchdog: DispatchWorkItem?

  func set(_ state: ExchangeState, watchdog: DispatchWorkItem) {
    lock.withLock {
      storedState = state
      storedWatchdog = watchdog
    }
  }

  var state: ExchangeState? { lock.withLock { storedState } }
  var watchdog: DispatchWorkItem? { lock.withLock { storedWatchdog } }
}

/// Limits how many requests run against one host at a time.
actor HostLimiter {
  private let limit: Int
  private var running: [String: Int] = [:]
  private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

  init(limit: Int) { self.limit = limit }

  func acquire(_ host: String) async {
    if running[host, default: 0] < limit {
      running[host, default: 0] += 1
      return
    }
    await withCheckedContinuation { waiting[host, default: []].append($0) }
  }

  func release(_ host: String) {
    if var queue = waiting[host], !queue.isEmpty {
      let next = queue.removeFirst()
      waiting[host] = queue
      next.resume()  // the slot passes straight to the next waiter
    } else {
      running[host, default: 1] -= 1
    }
  }
}

extension Duration {
  /// The duration in seconds, as a `TimeInterval`.
  var seconds: Double {
    let (whole, fraction) = components
    return Double(whole) + Double(fraction) / 1e18
  }
}
