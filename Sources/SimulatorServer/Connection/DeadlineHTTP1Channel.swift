import HummingbirdCore
import Logging
import NIOCore

/// Hummingbird's HTTP/1 channel with a request deadline in front: the idle timeout closes quiet
/// keep-alive connections, ``RequestDeadlineHandler`` closes connections whose request does not
/// arrive whole in time.
struct DeadlineHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value

    private let http1: HTTP1Channel
    private let requestTimeout: TimeAmount

    /// The channel answering with `responder`, closing idle connections after `idleTimeout` and
    /// unfinished requests `requestTimeout` after their first byte.
    init(responder: @escaping HTTPChannelHandler.Responder, idleTimeout: TimeAmount, requestTimeout: TimeAmount) {
        http1 = HTTP1Channel(
            responder: responder,
            configuration: .init(
                additionalChannelHandlers: [RequestEndMarker(), MalformedRequestAnswer()],
                idleTimeout: idleTimeout))
        self.requestTimeout = requestTimeout
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        let requestTimeout = requestTimeout
        return channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(
                RequestDeadlineHandler(timeout: requestTimeout),
                position: .first)
        }.flatMap {
            self.http1.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await http1.handle(value: value, logger: logger)
    }
}

extension TimeAmount {
    /// `seconds` as a time amount; callers validate the range (SimulatorOptions clamps it).
    init(seconds: Double) {
        self = .nanoseconds(Int64((min(max(seconds, 0.001), 86_400) * 1e9).rounded()))
    }
}
