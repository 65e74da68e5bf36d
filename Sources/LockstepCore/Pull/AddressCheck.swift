import Dispatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Keeps fetches off loopback, private and link-local addresses, so a redirect or a DNS answer cannot
/// turn `lockstep pull` against the machine it runs on or its network.
///
/// The host is resolved here and every address it resolves to is checked; URLSession then resolves
/// it again to connect. A DNS server that answers differently the second time is not stopped by
/// this check (URLSession offers no way to connect to a pinned address); the allowed-hosts list is
/// the first line of defence.
enum AddressCheck {
  /// The private address `host` is or resolves to, or nil when every address is public.
  /// Throws `.unresolvableHost` when the name does not resolve.
  static func privateAddress(of host: String) async throws(FetchFailure) -> String? {
    let host = FetchPolicy.normalizedHost(host)
    if host == "localhost" || host.hasSuffix(".localhost") { return host }
    let result = await withCheckedContinuation { (continuation: CheckedContinuation<[Address]?, Never>) in
      DispatchQueue.global().async { continuation.resume(returning: resolve(host)) }
    }
    guard let addresses = result, !addresses.isEmpty else { throw .unresolvableHost(host) }
    return addresses.first(where: \.isPrivate)?.text
  }

  /// One resolved address.
  enum Address: Sendable, Equatable {
    case v4([UInt8])
    case v6([UInt8])

    var text: String {
      switch self {
      case .v4(let bytes): return bytes.map(String.init).joined(separator: ".")
      case .v6(let bytes):
        return stride(from: 0, to: 16, by: 2).map {
          String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16)
        }
        .joined(separator: ":")
      }
    }

    /// Loopback, unspecified, private (RFC 1918, RFC 6598, ULA), link-local, multicast or broadcast.
    var isPrivate: Bool {
      switch self {
      case .v4(let b):
        return b[0] == 0 || b[0] == 10 || b[0] == 127 || (b[0] == 169 && b[1] == 254)
          || (b[0] == 172 && (16...31).contains(b[1])) || (b[0] == 192 && b[1] == 168)
          || (b[0] == 100 && (64...127).contains(b[1])) || b[0] >= 224
      case .v6(let b):
        if b[0..<15].allSatisfy({ $0 == 0 }) { return true }  // :: and ::1
        if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xFF && b[11] == 0xFF {
          return Address.v4(Array(b[12..<16])).isPrivate  // IPv4-mapped
        }
        return (b[0] & 0xFE) == 0xFC || (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) || b[0] == 0xFF
      }
    }
  }

  /// Every address `host` resolves to, or nil when it does not resolve.
  static func resolve(_ host: String) -> [Address]? {
    var hints = addrinfo()
    hints.ai_family = AF_UNSPEC
    #if canImport(Glibc)
      hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
    #else
      hints.ai_socktype = SOCK_STREAM
    #endif
    var list: UnsafeMutablePointer<addrinfo>?
    guard getaddrinfo(host, nil, &hints, &list) == 0, let first = list else { return nil }
    defer { freeaddrinfo(first) }
    var addresses: [Address] = []
    var cursor: UnsafeMutablePointer<addrinfo>? = first
    while let entry = cursor {
      if let socketAddress = entry.pointee.ai_addr {
        switch Int32(entry.pointee.ai_family) {
        case AF_INET:
          socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
            withUnsafeBytes(of: pointer.pointee.sin_addr) { addresses.append(.v4(Array($0))) }
          }
        case AF_INET6:
          socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
            withUnsafeBytes(of: pointer.pointee.sin6_addr) { addresses.append(.v6(Array($0))) }
          }
        default: break
        }
      }
      cursor = entry.pointee.ai_next
    }
    return addresses
  }
}
