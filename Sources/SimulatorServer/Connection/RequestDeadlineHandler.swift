import NIOCore
import NIOHTTPTypes

/// Closes a connection whose request does not arrive whole within the request timeout: the cure
/// for slowloris (a request line or headers sent a byte at a time, a body that never ends).
///
/// It sits at the head of the pipeline, where it sees raw bytes: the first byte of a request arms
/// the deadline, and later bytes never extend it. ``RequestEndMarker``, placed after the HTTP
/// decoder, disarms it once the request's end is parsed, so the time the server takes to answer
/// never counts. Idle connections (no byte of a new request) are the idle timeout's business.
final class RequestDeadlineHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    /// The outbound event ``RequestEndMarker`` sends when a request was read to its end.
    struct RequestRead {}

    private let timeout: TimeAmount
    private var deadline: Scheduled<Void>?

    /// Creates a handler allowing `timeout` from a request's first byte to its end.
    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if deadline == nil {
            deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
                self.deadline = nil
                context.close(promise: nil)
            }
        }
        context.fireChannelRead(data)
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard event is RequestRead else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        disarm()
        promise?.succeed(())
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
    }

    private func disarm() {
        deadline?.cancel()
        deadline = nil
    }
}

/// Tells ``RequestDeadlineHandler`` that a request was read to its end.
final class RequestEndMarker: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .end = unwrapInboundIn(data) {
            context.triggerUserOutboundEvent(RequestDeadlineHandler.RequestRead(), promise: nil)
        }
        context.fireChannelRead(data)
    }
}
