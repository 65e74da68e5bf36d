/// What a pull may fetch and how hard it tries: hosts, redirects, timeouts, sizes and retries.
public struct FetchPolicy: Sendable {
  /// Host names a request or a redirect may go to, compared exactly (case-insensitively).
  public var allowedHosts: Set<String>
  /// Whether loopback, private, link-local and `localhost` addresses may be fetched (tests only).
  public var allowPrivateAddresses: Bool
  /// The most redirects one fetch follows.
  public var maximumRedirects: Int
  /// The longest wait to connect, and (as URLSession applies it) for each further read.
  public var connectTimeout: Duration
  /// The longest one request may take, from sending it to the last byte of the body.
  public var totalTimeout: Duration
  /// The largest body accepted, enforced while the body streams in.
  public var maximumBodyBytes: Int
  /// How many times a timeout, a lost connection, a 429 or a 5xx answer is retried.
  public var maximumRetries: Int
  /// The first retry's delay; each further retry doubles it.
  public var retryBaseDelay: Duration
  /// The longest a `Retry-After` header can make a retry wait.
  public var maximumRetryAfter: Duration
  /// How many requests `fetchAll` sends to one host at a time.
  public var maximumConcurrentRequestsPerHost: Int
  /// The `User-Agent` header.
  public var userAgent: String

  /// A policy; everything but the hosts has the documented default.
  public init(
    allowedHosts: Set<String>,
    allowPrivateAddresses: Bool = false,
    maximumRedirects: Int = 5,
    connectTimeout: Duration = .seconds(10),
    totalTimeout: Duration = .seconds(60),
    maximumBodyBytes: Int = 16 << 20,
    maximumRetries: Int = 3,
    retryBaseDelay: Duration = .milliseconds(500),
    maximumRetryAfter: Duration = .seconds(30),
    maximumConcurrentRequestsPerHost: Int = 2,
    userAgent: String = "lockstep/0.1"
  ) {
    self.allowedHosts = Set(allowedHosts.map(FetchPolicy.normalizedHost))
    self.allowPrivateAddresses = allowPrivateAddresses
    self.maximumRedirects = maximumRedirects
    self.connectTimeout = connectTimeout
    self.totalTimeout = totalTimeout
    self.maximumBodyBytes = maximumBodyBytes
    self.maximumRetries = maximumRetries
    self.retryBaseDelay = retryBaseDelay
    self.maximumRetryAfter = maximumRetryAfter
    self.maximumConcurrentRequestsPerHost = maximumConcurrentRequestsPerHost
    self.userAgent = userAgent
  }

  /// The policy for InfoFinland: `www.infofinland.fi` and `infofinland.fi`, public addresses only.
  public static let infoFinland = FetchPolicy(allowedHosts: ["www.infofinland.fi", "infofinland.fi"])

  /// Whether `host` is one of the allowed hosts.
  public func allows(host: String) -> Bool {
    allowedHosts.contains(FetchPolicy.normalizedHost(host))
  }

  /// The delay before retry number `retry` (0 for the first): the base delay doubled each time,
  /// or the server's `Retry-After` when it asks for longer, never over `maximumRetryAfter`.
  public func retryDelay(retry: Int, retryAfter: Duration? = nil) -> Duration {
    let backoff = retryBaseDelay * (1 << min(max(retry, 0), 16))
    guard let retryAfter else { return backoff }
    return max(backoff, min(retryAfter, maximumRetryAfter))
  }

  /// Lower case, without a trailing dot or IPv6 brackets.
  static func normalizedHost(_ host: String) -> String {
    var host = host.lowercased()
    if host.hasSuffix(".") { host.removeLast() }
    if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
    return host
  }
}
