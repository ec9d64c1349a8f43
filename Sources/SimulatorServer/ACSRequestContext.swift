import Hummingbird

/// The per-request context of the simulator server: Hummingbird's core storage plus the peer's
/// IP address (the `acs:SourceIp` of the call).
package struct ACSRequestContext: RequestContext {
    /// Hummingbird's core context.
    package var coreContext: CoreRequestContextStorage
    /// The connected peer's IP address, when the transport knows it.
    package let sourceIP: String?

    /// Creates the context for a request arriving on `source.channel`.
    package init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        sourceIP = source.channel.remoteAddress?.ipAddress
    }
}
