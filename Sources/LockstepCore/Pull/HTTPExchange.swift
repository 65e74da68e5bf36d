import Dispatch
import Foundation

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// The status and headers of one HTTP answer, header names in lower case.
struct ResponseHead: Sendable {
  var status: Int
  var url: String
  var headers: [String: String]

  func header(_ name: String) -> String? { headers[name.lowercased()] }

  init(_ response: HTTPURLResponse) {
    status = response.statusCode
    url = response.url?.absoluteString ?? ""
    var headers: [String: String] = [:]
    for (key, value) in response.allHeaderFields {
      if let key = key as? String, let value = value as? String { headers[key.lowercased()] = value }
    }
    self.headers = headers
  }
}

/// What one request (no redirects followed) came to.
enum ExchangeResult: Sendable {
  /// An answer; the body is empty unless the status is 200.
  case response(ResponseHead, body: [UInt8])
  case failure(FetchFailure)
}

/// The state of one running request, shared by the delegate callbacks, the watchdog and the caller.
/// Every field is guarded by `lock`; the continuation is resumed exactly once.
final class ExchangeState: @unchecked Sendable {
  private let lock = NSLock()
  private var continuation: CheckedContinuation<ExchangeResult, Never>?
  private var head: ResponseHead?
  private var body: [UInt8] = []
  private var stopReason: FetchFailure?
  let maximumBytes: Int

  init(maximumBytes: Int, continuation: CheckedContinuation<ExchangeResult, Never>) {
    self.maximumBytes = maximumBytes
    self.continuation = continuation
  }

  /// Resumes the caller with `result` unless it has been resumed already.
  func finish(_ result: ExchangeResult) {
    lock.lock()
    let continuation = self.continuation
    self.continuation = nil
    lock.unlock()
    continuation?.resume(returning: result)
  }

  /// Records why the exchange is being stopped, so the cancellation error that follows is read right.
  func stop(_ reason: FetchFailure) {
    lock.lock()
    if stopReason == nil { stopReason = reason }
    lock.unlock()
    finish(.failure(reason))
  }

  func receive(head: ResponseHead) {
    lock.lock()
    self.head = head
    lock.unlock()
  }

  /// Appends `data`; false when the body went over the limit.
  func receive(_ data: Data) -> Bool {
    lock.lock()
    defer { lock.unlock() }
    guard body.count + data.count <= maximumBytes else { return false }
    body.append(contentsOf: data)
    return true
  }

  /// The end of the request: a complete answer, or the failure `error` stands for.
  func complete(error: (any Error)?) {
    lock.lock()
    let head = self.head
    let body = self.body
    let stopReason = self.stopReason
    lock.unlock()
    if let stopReason { return finish(.failure(stopReason)) }
    if let error {
      var failure = ExchangeState.failure(for: error)
      if case .transport(let detail) = failure, head?.status == 200 {
        // The head arrived and the body did not: on Linux a short body is a bare
        // NSURLErrorUnknown with libcurl's message ("transfer closed with n bytes remaining").
        failure = .connectionLost("received \(body.count) bytes; \(detail)")
      }
      return finish(.failure(failure))
    }
    guard let head else { return finish(.failure(.transport("no HTTP response"))) }
    if head.status == 200, head.header("content-encoding") == nil,
      let declared = head.header("content-length").flatMap({ Int($0) }), declared > body.count
    {
      return finish(.failure(.connectionLost("received \(body.count) of \(declared) bytes")))
    }
    finish(.response(head, body: head.status == 200 ? body : []))
  }

  static func failure(for error: any Error) -> FetchFailure {
    guard let error = error as? URLError else { return .transport(String(describing: error)) }
    switch error.code {
    case .timedOut: return .timeout(seconds: 0)
    case .cancelled: return .cancelled
    case .cannotFindHost, .dnsLookupFailed: return .unresolvableHost(error.failingURL?.host ?? "")
    case .networkConnectionLost, .cannotConnectToHost, .notConnectedToInternet, .resourceUnavailable,
      .cannotParseResponse, .badServerResponse, .zeroByteResource:
      return .connectionLost(error.localizedDescription)
    case .unsupportedURL: return .invalidURL(error.failingURL?.absoluteString ?? "")
    default: return .transport(error.localizedDescription)
    }
  }
}

/// The one URLSession delegate of a `PageFetcher`: it stops URLSession from following redirects
/// (the fetcher applies its own host policy and loop detection), checks the status, type and
/// declared length as soon as the head arrives, and streams the body against the size limit.
final class SessionDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
  private let lock = NSLock()
  private var states: [Int: ExchangeState] = [:]

  func register(_ state: ExchangeState, for task: URLSessionTask) {
    lock.lock()
    states[task.taskIdentifier] = state
    lock.unlock()
  }

  private func state(for task: URLSessionTask) -> ExchangeState? {
    lock.lock()
    defer { lock.unlock() }
    return states[task.taskIdentifier]
  }

  private func remove(_ task: URLSessionTask) -> ExchangeState? {
    lock.lock()
    defer { lock.unlock() }
    return states.removeValue(forKey: task.taskIdentifier)
  }

  func urlSession(
    _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void
  ) {
    completionHandler(nil)
  }

  func urlSession(
    _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
  ) {
    guard let state = state(for: dataTask) else { return completionHandler(.cancel) }
    guard let http = response as? HTTPURLResponse else {
      state.stop(.transport("not an HTTP response"))
      return completionHandler(.cancel)
    }
    let head = ResponseHead(http)
    state.receive(head: head)
    guard head.status == 200 else {
      // Redirects, 304 and errors: the head is all the fetcher needs.
      state.finish(.response(head, body: []))
      return completionHandler(.cancel)
    }
    let contentType = head.header("content-type") ?? ""
    if !ContentType.isHTML(contentType) {
      state.stop(.notHTML(contentType: contentType))
      return completionHandler(.cancel)
    }
    if let declared = head.header("content-length").flatMap({ Int($0) }), declared > state.maximumBytes {
      state.stop(.bodyTooLarge(limit: state.maximumBytes))
      return completionHandler(.cancel)
    }
    completionHandler(.allow)
  }

  func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
    guard let state = state(for: dataTask) else { return }
    if !state.receive(data) {
      state.stop(.bodyTooLarge(limit: state.maximumBytes))
      dataTask.cancel()
    }
  }

  func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
    remove(task)?.complete(error: error)
  }
}

/// Reading `Content-Type` headers.
enum ContentType {
  /// The media type, lower case, without parameters.
  static func mediaType(_ header: String) -> String {
    String(header.split(separator: ";", maxSplits: 1).first ?? "").trimmingCharacters(in: .whitespaces)
      .lowercased()
  }

  /// Whether the header names `text/html` or `application/xhtml+xml`.
  static func isHTML(_ header: String) -> Bool {
    let type = mediaType(header)
    return type == "text/html" || type == "application/xhtml+xml"
  }

  /// The `charset` parameter, lower case and unquoted, if any.
  static func charset(_ header: String) -> String? {
    for parameter in header.split(separator: ";").dropFirst() {
      let pair = parameter.split(separator: "=", maxSplits: 1)
      guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset" else {
        continue
      }
      let value = pair[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(
        in: CharacterSet(charactersIn: "\"'"))
      return value.isEmpty ? nil : value.lowercased()
    }
    return nil
  }
}
