import ACSWire
import CloudAPI
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore

/// Builds the Hummingbird application that serves a `Cloud` over the Alibaba OpenAPI wire, so the
/// official SDKs and `RemoteCloud` can talk to it unchanged.
///
/// It never imports the simulator: the composition root (`keyshare serve`) hands in the cloud and
/// its credential store; tests hand in fakes.
package enum SimulatorApplication {
    /// The application serving `cloud` on `host:port` (`port` 0 picks a free one; `onListening`
    /// receives the bound port). Connections close after `options.idleTimeout` of quiet and when a
    /// request is not complete `options.requestTimeout` after its first byte.
    package static func make(
        cloud: any Cloud, credentials: any CredentialStore, options: SimulatorOptions = .init(),
        host: String = "127.0.0.1", port: Int, logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    )
        -> Application<ACSResponder>
    {
        let responder = ACSResponder(cloud: cloud, credentials: credentials, options: options, logger: logger)
        let idleTimeout = TimeAmount(seconds: options.idleTimeout)
        let requestTimeout = TimeAmount(seconds: options.requestTimeout)
        return Application(
            responder: responder,
            server: HTTPServerBuilder { responder in
                DeadlineHTTP1Channel(responder: responder, idleTimeout: idleTimeout, requestTimeout: requestTimeout)
            },
            configuration: .init(address: .hostname(host, port: port), serverName: "keyshare-simulator"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) },
            logger: logger
        )
    }
}
