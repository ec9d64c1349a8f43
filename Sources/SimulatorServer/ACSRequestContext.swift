import Hummingbird
import NIOCore

/// The per-request context of the simulator server: Hummingbird's core storage plus the peer's
/// IP address (the `acs:SourceIp` of the call).
package struct ACSRequestContext: RequestContext {
    /// Hummingbird's core context.
    package var coreContext: CoreRequestContextStorage
    /// The connected peer's IP address, when the transport knows it.
    package let sourceIP: String?
    /// The address the request arrived on (`ip:port`), the `HostId` of a request without `Host`.
    package let localAddress: String?
    /// Closes the request's connection without an answer (a simulated dropped connection).
    package let dropConnection: @Sendable () async -> Void

    /// Creates the context for a request arriving on `source.channel`.
    package init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        let channel = source.channel
        dropConnection = { try? await channel.close(mode: .all) }
        sourceIP = source.channel.remoteAddress?.ipAddress
        localAddress = source.channel.localAddress.flatMap { address in
            address.ipAddress.map { ip in address.port.map { "\(ip.contains(":") ? "[\(ip)]" : ip):\($0)" } ?? ip }
        }
    }
}
