/// What one fetch of a page came to.
public enum FetchOutcome: Sendable {
  /// The server answered 304: the snapshot described by the (unchanged) provenance is current.
  case notModified(Provenance)
  /// A new body, its provenance, and the charset the `Content-Type` header declared, if any.
  case fetched(body: [UInt8], provenance: Provenance, charset: String?)
  /// The fetch failed; nothing should be written.
  case failed(url: String, reason: FetchFailure)

  /// The failure as a diagnostic about the URL, or nil when the fetch succeeded.
  public var diagnostic: Diagnostic? {
    guard case .failed(let url, let reason) = self else { return nil }
    return reason.diagnostic(url: url)
  }
}

/// Why a fetch failed, each with a stable rule id and a one-line message.
public enum FetchFailure: Error, Sendable, Hashable, CustomStringConvertible {
  /// The text is not an absolute URL with a host.
  case invalidURL(String)
  /// The scheme is not http or https; nothing was requested.
  case disallowedScheme(String)
  /// The host (of the URL or of a redirect) is not in the allowed hosts.
  case disallowedHost(String)
  /// The host is, or resolves to, a loopback, private or link-local address.
  case privateAddress(host: String, address: String)
  /// The host name did not resolve.
  case unresolvableHost(String)
  /// The server answered with a status that is not 200, 304 or a redirect.
  case httpStatus(Int)
  /// A redirect had no usable `Location` header.
  case badRedirect(status: Int)
  /// More redirects than the policy allows.
  case tooManyRedirects(limit: Int)
  /// A redirect led back to a URL already visited.
  case redirectLoop(String)
  /// The server answered 304 to a request that was not conditional.
  case unexpectedNotModified
  /// The body was, or was declared to be, over the limit.
  case bodyTooLarge(limit: Int)
  /// No complete answer within the time allowed.
  case timeout(seconds: Double)
  /// The connection failed or closed before the body was complete.
  case connectionLost(String)
  /// The answer is not an HTML page.
  case notHTML(contentType: String)
  /// The fetch was cancelled.
  case cancelled
  /// Any other transport error.
  case transport(String)

  /// A stable kebab-case rule id.
  public var rule: String {
    switch self {
    case .invalidURL: "fetch-invalid-url"
    case .disallowedScheme: "fetch-disallowed-scheme"
    case .disallowedHost: "fetch-disallowed-host"
    case .privateAddress: "fetch-private-address"
    case .unresolvableHost: "fetch-unresolvable-host"
    case .httpStatus: "fetch-http-status"
    case .badRedirect: "fetch-bad-redirect"
    case .tooManyRedirects: "fetch-too-many-redirects"
    case .redirectLoop: "fetch-redirect-loop"
    case .unexpectedNotModified: "fetch-unexpected-not-modified"
    case .bodyTooLarge: "fetch-too-large"
    case .timeout: "fetch-timeout"
    case .connectionLost: "fetch-connection-lost"
    case .notHTML: "fetch-not-html"
    case .cancelled: "fetch-cancelled"
    case .transport: "fetch-transport"
    }
  }

  /// What went wrong, in one line.
  public var message: String {
    switch self {
    case .invalidURL(let text):
      "'\(text)' is not an absolute http or https URL"
    case .disallowedScheme(let scheme):
      "uses the scheme '\(scheme)'; only http and https are fetched"
    case .disallowedHost(let host):
      "leads to host \(host), which is not an allowed host"
    case .privateAddress(let host, let address):
      "host \(host) is the private or loopback address \(address); refusing to fetch it"
    case .unresolvableHost(let host):
      "host \(host) could not be resolved"
    case .httpStatus(let status):
      "the server answered HTTP \(status)\(FetchFailure.reasonPhrase(status).map { " \($0)" } ?? "")"
    case .badRedirect(let status):
      "the server answered a \(status) redirect without a usable Location header"
    case .tooManyRedirects(let limit):
      "redirected more than \(limit) times"
    case .redirectLoop(let url):
      "redirects in a loop back to \(url)"
    case .unexpectedNotModified:
      "the server answered 304 Not Modified to a request that was not conditional"
    case .bodyTooLarge(let limit):
      "the page is larger than the limit of \(limit) bytes"
    case .timeout(let seconds):
      "no complete answer within \(FetchFailure.format(seconds)) s"
    case .connectionLost(let detail):
      "the connection was lost before the page was complete (\(detail))"
    case .notHTML(let contentType):
      "the answer is \(contentType.isEmpty ? "of no declared type" : contentType), not an HTML page"
    case .cancelled:
      "the fetch was cancelled"
    case .transport(let detail):
      "the request failed: \(detail)"
    }
  }

  /// `rule: message`.
  public var description: String { "\(message) [\(rule)]" }

  /// Whether another attempt may succeed: timeouts, lost connections, 429 and 5xx.
  public var isRetryable: Bool {
    switch self {
    case .timeout, .connectionLost, .unresolvableHost: true
    case .httpStatus(let status): status == 429 || (500...599).contains(status)
    default: false
    }
  }

  /// The failure as an error-level diagnostic about `url`.
  public func diagnostic(url: String) -> Diagnostic {
    Diagnostic(.error, rule, message, file: url)
  }

  /// The failure as a could-not-run error about `url`.
  public func error(url: String) -> LockstepError {
    LockstepError(diagnostic(url: url))
  }

  private static func format(_ seconds: Double) -> String {
    seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
  }

  private static func reasonPhrase(_ status: Int) -> String? {
    switch status {
    case 400: "Bad Request"
    case 401: "Unauthorized"
    case 403: "Forbidden"
    case 404: "Not Found"
    case 405: "Method Not Allowed"
    case 410: "Gone"
    case 429: "Too Many Requests"
    case 500: "Internal Server Error"
    case 502: "Bad Gateway"
    case 503: "Service Unavailable"
    case 504: "Gateway Timeout"
    default: nil
    }
  }
}
