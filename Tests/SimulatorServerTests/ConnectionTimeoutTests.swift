import ACSWire
import CloudAPI
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KeyshareTesting
import NIOCore
import Testing

@testable import SimulatorServer

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Slowloris, unfinished requests and idle connections against a server with short timeouts.
/// Every loop is bounded; a connection the server fails to close ends the test by its own clock.
@Suite("Connection timeouts over loopback")
struct ConnectionTimeoutTests {
    /// A short request timeout and a much longer idle timeout, so that a close well before the
    /// idle timeout proves the request timeout fired (bounds are loose for loaded machines).
    static let requestTimeout: TimeInterval = 1
    static let options = SimulatorOptions(idleTimeout: 30, requestTimeout: requestTimeout)

    /// (what, bytes sent at once, bytes then dripped one at a time every 100 ms).
    static let slowRequests: [(String, String, String)] = [
        ("request line", "", "POST /?Action=GetCallerIdentity&Version=2015-04-01 HTTP/1.1\r\nHost: x\r\n\r\n"),
        ("headers", "POST / HTTP/1.1\r\n", "Host: 127.0.0.1\r\nX-Padding: " + String(repeating: "a", count: 200) + "\r\n\r\n"),
        (
            "body",
            "POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 300\r\n\r\n",
            String(repeating: "a", count: 300)
        ),
    ]

    @Test("A request dripped a byte at a time is cut off at the request timeout", arguments: 0..<slowRequests.count)
    func slowloris(index: Int) async throws {
        let (what, start, drip) = Self.slowRequests[index]
        try await LiveServer.with(options: Self.options) { _, port in
            let elapsed = try await offPool { () -> TimeInterval? in
                let connection = try RawConnection(port: port)
                let started = Date()
                connection.write(start)
                for byte in drip.utf8 {
                    // Each byte keeps the connection busy: only the request deadline can end it.
                    guard connection.write([byte]), !connection.closedByServer(within: 0.1) else {
                        return Date().timeIntervalSince(started)
                    }
                    if Date().timeIntervalSince(started) > 12 { return nil }
                }
                return nil
            }
            let seconds = try #require(elapsed, "the server kept the slow \(what) open")
            #expect(seconds >= Self.requestTimeout * 0.8, "\(what) closed too early: \(seconds)s")
            #expect(seconds < Self.requestTimeout + 6, "\(what) closed after \(seconds)s")
        }
    }

    /// Requests that stop half-way and send nothing more.
    static let unfinished = [
        "POST /?Act", "POST / HTTP/1.1\r\nHost: x\r\n",
        "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\nabc",
        "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\n",
    ]

    @Test(
        "A request that stops half-way is closed at the request timeout, not the idle timeout",
        arguments: unfinished)
    func unfinishedRequest(text: String) async throws {
        try await LiveServer.with(options: Self.options) { _, port in
            let elapsed = try await offPool { () -> TimeInterval? in
                let connection = try RawConnection(port: port)
                let started = Date()
                connection.write(text)
                return connection.closedByServer(within: 12) ? Date().timeIntervalSince(started) : nil
            }
            let seconds = try #require(elapsed, "the server kept an unfinished request open")
            #expect(seconds >= Self.requestTimeout * 0.8)
            #expect(seconds < Self.requestTimeout + 6)
        }
    }

    @Test("An idle keep-alive connection stays open within the idle timeout and is closed after it")
    func idleConnection() async throws {
        let options = SimulatorOptions(idleTimeout: 2, requestTimeout: 0.5)
        try await LiveServer.with(options: options) { _, port in
            let request = try Signer().request(GetCallerIdentityRequest(), port: port)
            let (answer, openAt1s, closedBy6s) = try await offPool { () -> (String, Bool, Bool) in
                let connection = try RawConnection(port: port)
                connection.write(request.wireText)
                // Returns once answered; generous for a loaded pool.
                let answer = String(decoding: connection.receive(within: 30), as: UTF8.self)
                // The request deadline (0.5 s) was disarmed by the complete request: still open at 1 s.
                let openAt1s = !connection.closedByServer(within: 1)
                return (answer, openAt1s, connection.closedByServer(within: 5))
            }
            #expect(answer.hasPrefix("HTTP/1.1 200"))
            #expect(openAt1s)
            #expect(closedBy6s)
        }
    }

    @Test("A connection that never sends a byte is closed after the idle timeout")
    func silentConnection() async throws {
        try await LiveServer.with(options: SimulatorOptions(idleTimeout: 1, requestTimeout: 30)) { _, port in
            let closed = try await offPool { try RawConnection(port: port).closedByServer(within: 6) }
            #expect(closed)
        }
    }

    @Test("A request sent in pieces within the request timeout is answered")
    func piecesWithinTimeout() async throws {
        try await LiveServer.with(options: SimulatorOptions(idleTimeout: 30, requestTimeout: 3)) { _, port in
            let text = try Signer().request(GetCallerIdentityRequest(), port: port).wireText
            let answer = try await offPool { () -> String in
                let connection = try RawConnection(port: port)
                let bytes = Array(text.utf8)
                let middle = bytes.count / 2
                connection.write(Array(bytes[..<middle]))
                Thread.sleep(forTimeInterval: 0.5)
                connection.write(Array(bytes[middle...]))
                return String(decoding: connection.receive(within: 30), as: UTF8.self) // returns once answered
            }
            #expect(answer.hasPrefix("HTTP/1.1 200"))
        }
    }

    @Test("An answer that takes longer than the request timeout is still delivered")
    func slowAnswer() async throws {
        try await LiveServer.with(options: SimulatorOptions(idleTimeout: 30, requestTimeout: 0.5)) { client, port in
            let response = try await client.execute(Signer().request(ListKeysRequest(), port: port).testRequest)
            #expect(response.status.code == 200)
        }
    }

    @Test("Signed calls are answered while slow and silent connections hang")
    func servesMeanwhile() async throws {
        try await LiveServer.with(options: SimulatorOptions(idleTimeout: 120, requestTimeout: 120)) { client, port in
            let hanging = try (0..<50).map { _ in try RawConnection(port: port) }
            for (index, connection) in hanging.enumerated() {
                connection.write(index.isMultiple(of: 2) ? "POST / HTTP/1.1\r\nHost: x\r\n" : "")
            }
            for _ in 0..<5 {
                let response = try await client.execute(Signer().request(GetCallerIdentityRequest(), port: port).testRequest)
                #expect(response.status.code == 200)
            }
            // The calls were answered while every hanging connection was still open: none waited for them.
            let stillOpen = try await offPool { hanging.filter { !$0.closedByServer(within: 0.01) }.count }
            #expect(stillOpen == hanging.count)
        }
    }

    @Test("Listening on a port in use names the address and the ways out")
    func portInUse() async throws {
        try await LiveServer.with { _, port in
            let second = SimulatorApplication.make(
                cloud: fakeCloud, credentials: TestKeys.store, host: "127.0.0.1",
                port: port, logger: CapturedLogs().logger)
            let error = await #expect(throws: (any Error).self) { try await second.run() }
            let failure = try #require(error.flatMap { ListenFailure($0, host: "127.0.0.1", port: port) })
            #expect(failure.description.contains("127.0.0.1:\(port)"))
            #expect(failure.description.contains("already in use"))
            #expect(failure.description.contains("--port 0"))
        }
    }

    /// (errno of a failed bind, words the message must hold).
    static let bindErrors: [(Int32, [String])] = [
        (EADDRINUSE, ["192.0.2.1:8080", "already in use", "--port 0", "stop the process"]),
        (EACCES, ["192.0.2.1:8080", "permission denied", "1024"]),
        (EADDRNOTAVAIL, ["192.0.2.1:8080", "not an address of this machine", "--host 127.0.0.1"]),
        (EINVAL, ["192.0.2.1:8080", "Check --host and --port"]),
    ]

    @Test("Every way bind can fail is said with the address and a fix", arguments: 0..<bindErrors.count)
    func bindFailures(index: Int) throws {
        let (code, words) = Self.bindErrors[index]
        let failure = try #require(
            ListenFailure(
                IOError(errnoCode: code, reason: "bind(descriptor:ptr:bytes:)"),
                host: "192.0.2.1", port: 8080))
        for word in words { #expect(failure.description.contains(word), "\(failure.description)") }
        #expect(!failure.description.contains("descriptor:ptr"))
    }

    @Test("IPv6 hosts are bracketed; errors that are not about listening are not reworded")
    func otherErrors() {
        let v6 = ListenFailure(IOError(errnoCode: EADDRINUSE, reason: "bind"), host: "::1", port: 9)
        #expect(v6?.description.contains("[::1]:9") == true)
        #expect(ListenFailure(CancellationError(), host: "127.0.0.1", port: 9) == nil)
        #expect(ListenFailure(IOError(errnoCode: EPIPE, reason: "write(descriptor:pointer:size:)"), host: "h", port: 9) == nil)
    }
}
