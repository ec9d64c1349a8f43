import ACSClient
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Testing

@Suite("AsyncHTTPClient transport")
struct AsyncHTTPClientTransportTests {
    /// Runs `body` with the port of a loopback server that echoes what it received, then stops it.
    private func withEchoServer(_ body: @Sendable (Int) async throws -> Void) async throws {
        let router = Router()
        router.post("/") { request, _ -> Response in
            var received = try await request.body.collect(upTo: 1 << 16)
            let echo: [String: String] = [
                "query": request.uri.query ?? "",
                "host": request.head.authority ?? "",
                "action": request.headers[HTTPField.Name("x-acs-action")!] ?? "",
                "body": received.readString(length: received.readableBytes) ?? "",
            ]
            let json = try JSONEncoder().encode(echo)
            return Response(
                status: .init(code: 429),
                headers: [.contentType: "application/json", HTTPField.Name("x-acs-retry-after")!: "10"],
                body: .init(byteBuffer: ByteBuffer(bytes: json)))
        }
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { portSink.yield($0.localAddress?.port ?? 0) },
            logger: Logger(label: "echo") { _ in SwiftLogNoOpLogHandler() })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            try await body(port)
            group.cancelAll()
        }
    }

    @Test("a request crosses loopback with its method, query, host, headers and body, and the whole answer returns")
    func loopbackRoundTrip() async throws {
        try await withEchoServer { port in
            let transport = AsyncHTTPClientTransport()
            let endpoint = Endpoint(scheme: "http", host: "127.0.0.1", port: port)
            let request = HTTPRequestParts(
                method: "POST", endpoint: endpoint, rawQuery: "KeyId=key%2A1&PolicyName=default",
                headers: [HeaderField("host", endpoint.hostHeader), HeaderField("x-acs-action", "GetKeyPolicy")],
                body: Array("Recipient=r".utf8))
            let answer: HTTPResponseParts
            do {
                answer = try await transport.send(request)
            } catch {
                try await transport.shutdown()
                throw error
            }
            try await transport.shutdown()
            #expect(answer.status == 429)
            #expect(answer.headers["x-acs-retry-after"] == "10")
            let echo = try JSONDecoder().decode([String: String].self, from: Data(answer.body))
            #expect(echo["query"] == "KeyId=key%2A1&PolicyName=default")
            #expect(echo["host"] == "127.0.0.1:\(port)")
            #expect(echo["action"] == "GetKeyPolicy")
            #expect(echo["body"] == "Recipient=r")
        }
    }

    @Test("a refused connection is classified as connectFailed, so it is retried")
    func refusedConnection() async throws {
        let transport = AsyncHTTPClientTransport(configuration: .init(connectTimeout: .milliseconds(300)))
        let request = HTTPRequestParts(
            method: "POST", endpoint: Endpoint(scheme: "http", host: "127.0.0.1", port: 1),
            rawQuery: "", headers: [])
        let error = await #expect(throws: HTTPTransportError.self) { try await transport.send(request) }
        try await transport.shutdown()
        #expect(error?.kind == .connectFailed)
    }

    @Test("a transport dropped without shutdown closes its pool instead of trapping")
    func droppedWithoutShutdown() async throws {
        for _ in 0..<3 {
            let transport = AsyncHTTPClientTransport()
            _ = transport
        }
        // A shut-down transport dropped afterwards is fine too.
        let transport = AsyncHTTPClientTransport()
        try await transport.shutdown()
    }
}
