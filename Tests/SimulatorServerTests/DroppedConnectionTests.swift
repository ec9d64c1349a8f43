import ACSWire
import CloudAPI
import Foundation
import Hummingbird
import KeyshareTesting
import Logging
import Testing

@testable import SimulatorServer

/// A cloud that answers `keyshare.ConnectionDropped` (an injected dropped connection): the server
/// closes the TCP connection without sending a byte, logs the call, and goes on serving.
@Suite("Dropped connections over loopback")
struct DroppedConnectionTests {
    /// Drops every GetCallerIdentity; refuses everything else with a plain 400.
    static let droppingCloud = HandlerCloud { request, _ in
        if request is GetCallerIdentityRequest { throw CloudError.connectionDropped(action: "sts:GetCallerIdentity") }
        throw CloudError(code: "UnsupportedOperation", message: "not in the fake", httpStatus: 400)
    }

    /// `request` as the bytes of an HTTP/1.1 request.
    static func bytes(_ request: ACSHTTPRequest) -> [UInt8] {
        let target = request.query.isEmpty ? request.path : "\(request.path)?\(request.queryString)"
        var text = "\(request.method) \(target) HTTP/1.1\r\n"
        for (name, value) in request.headers.sorted(by: { $0.key < $1.key }) { text += "\(name): \(value)\r\n" }
        text += "content-length: \(request.body.count)\r\n\r\n"
        return Array(text.utf8) + request.body
    }

    @Test(
        "the connection closes with no answer at all; the server logs the drop and answers the next request",
        arguments: [ACSRequestBuilder.SignatureVersion.v3, .v1])
    func closesUnanswered(version: ACSRequestBuilder.SignatureVersion) async throws {
        let logs = CapturedLogs()
        let (ports, announce) = AsyncStream.makeStream(of: Int.self)
        let app = SimulatorApplication.make(
            cloud: Self.droppingCloud, credentials: TestKeys.store, host: "127.0.0.1", port: 0,
            logger: logs.logger, onListening: { announce.yield($0) })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            let dropped = Self.bytes(try Signer(version: version).request(GetCallerIdentityRequest(), port: port))
            let (answer, closed) = try await offPool { () -> ([UInt8], Bool) in
                let connection = try RawConnection(port: port)
                connection.write(dropped)
                return (connection.receive(within: 10), connection.closedByServer(within: 30))
            }
            #expect(answer.isEmpty, "the server answered: \(String(decoding: answer.prefix(200), as: UTF8.self))")
            #expect(closed)
            #expect(logs.all.contains { $0.contains("keyshare.ConnectionDropped") }, "\(logs.all)")
            let next = Self.bytes(try Signer(version: version).request(GetRoleRequest(roleName: "x"), port: port))
            let reply = try await offPool { () -> String in
                let connection = try RawConnection(port: port)
                connection.write(next)
                return String(decoding: connection.receive(within: 30), as: UTF8.self)
            }
            #expect(reply.hasPrefix("HTTP/1.1 400"), "\(reply.prefix(200))")
            group.cancelAll()
        }
    }
}
