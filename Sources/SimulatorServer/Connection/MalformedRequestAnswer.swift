import ACSWire
import CloudAPI
import Foundation
import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Gives the answer to a request that is not valid HTTP/1.1 (a bad method or request line, bare
/// LF, oversized or non-UTF-8 headers, a broken chunk) the error envelope every other error has:
/// `RequestId`, `HostId`, `Code`, `Message`, `Recommend`, as XML (the RPC default, since the
/// request's `Format` could not be read).
///
/// Hummingbird answers an HTTP parser error itself with an empty `400` (`Connection: close`,
/// `Content-Length: 0`) before our responder sees anything; this handler, placed after the HTTP
/// codec, recognises that head (our responder's answers always carry a body and a request id)
/// and sends the envelope in its place.
final class MalformedRequestAnswer: ChannelOutboundHandler, RemovableChannelHandler {
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private var replacing = false

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head) where Self.isParserErrorAnswer(head):
            replacing = true
            let requestID = UUID().uuidString
            let answer = Self.envelope(
                requestID: requestID,
                hostID: ACSResponder.hostID(
                    authority: nil,
                    localAddress: context.channel.localAddress?.ipAddress))
            var fields = HTTPFields()
            for (name, value) in answer.headers {
                if let field = HTTPField.Name(name) { fields[field] = value }
            }
            fields[.connection] = "close"
            if let name = HTTPField.Name("x-acs-request-id") { fields[name] = requestID }
            fields[.contentLength] = String(answer.body.count)
            context.write(wrapOutboundOut(.head(HTTPResponse(status: .badRequest, headerFields: fields))), promise: nil)
            context.write(wrapOutboundOut(.body(ByteBuffer(bytes: answer.body))), promise: promise)
        case .body where replacing:
            promise?.succeed(())
        case .end where replacing:
            replacing = false
            context.write(wrapOutboundOut(.end(nil)), promise: promise)
        default:
            context.write(data, promise: promise)
        }
    }

    /// Hummingbird's own parse-error head: 400, `Content-Length: 0`, `Connection: close`, no request id.
    static func isParserErrorAnswer(_ head: HTTPResponse) -> Bool {
        head.status == .badRequest && head.headerFields[.contentLength] == "0"
            && head.headerFields[.connection] == "close"
            && HTTPField.Name("x-acs-request-id").map { head.headerFields[$0] == nil } ?? true
    }

    /// The envelope: code `BadRequest`, the answer's request id, XML.
    static func envelope(requestID: String, hostID: String) -> ACSHTTPResponse {
        let error = CloudError(
            code: "BadRequest",
            message: "The request is not valid HTTP/1.1 (request line, headers or chunked body); "
                + "send it with an Alibaba Cloud SDK or a conforming HTTP client.",
            httpStatus: 400, requestID: requestID, hostID: hostID)
        return ErrorEnvelope.response(for: error, product: nil, format: .xml)
    }
}
