import ACSWire
import CloudAPI
import Foundation
import HTTPTypes
import HummingbirdTesting
import KeyshareTesting
import Testing

@testable import SimulatorServer

/// Requests that are not valid HTTP/1.1 were answered with an empty `400` (Hummingbird's own),
/// without the `RequestId`/`HostId`/`Code`/`Message`/`Recommend` envelope every other error
/// carries. Each is now answered with the envelope (XML), and the server keeps answering.
@Suite("Malformed HTTP over loopback")
struct MalformedRequestTests {
    /// (what, the raw bytes sent).
    static let malformed: [(String, [UInt8])] = [
        ("an unknown method", Array("FOO / HTTP/1.1\r\nHost: x\r\n\r\n".utf8)),
        ("an HTTP/0.9 request line", Array("GET /\r\n\r\n".utf8)),
        ("bare LF line ends", Array("GET / HTTP/1.1\nHost: x\n\n".utf8)),
        (
            "a header of 200 KB",
            Array(("GET / HTTP/1.1\r\nHost: x\r\nX-A: " + String(repeating: "a", count: 200_000) + "\r\n\r\n").utf8)
        ),
        ("a URL of 300 KB", Array(("GET /?" + String(repeating: "a", count: 300_000) + " HTTP/1.1\r\nHost: x\r\n\r\n").utf8)),
        ("a negative Content-Length", Array("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n".utf8)),
        (
            "two different Content-Lengths",
            Array("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 5\r\n\r\nabcde".utf8)
        ),
        (
            "Content-Length with chunked",
            Array("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n".utf8)
        ),
        ("a raw non-UTF-8 byte in the URL", Array("GET /?a=".utf8) + [0xFF, 0xFE] + Array(" HTTP/1.1\r\nHost: x\r\n\r\n".utf8)),
        ("a TLS ClientHello", [0x16, 0x03, 0x01, 0x00, 0x50] + Array(repeating: 0x01, count: 80)),
        ("an HTTP/2 preface", Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)),
    ]

    @Test(
        "each malformed request gets a 400 with the full XML error envelope, then a signed call still succeeds",
        arguments: 0..<malformed.count)
    func envelope(index: Int) async throws {
        let (what, bytes) = Self.malformed[index]
        try await LiveServer.with { client, port in
            let answer = try await offPool { () -> String in
                let connection = try RawConnection(port: port)
                connection.write(bytes)
                // Read until the envelope ends; generous, for a loaded machine (returns at once when it has).
                var received: [UInt8] = []
                let deadline = Date().addingTimeInterval(30)
                while Date() < deadline, !String(decoding: received, as: UTF8.self).contains("</Error>") {
                    received += connection.receive(within: 1)
                }
                return String(decoding: received, as: UTF8.self)
            }
            #expect(answer.hasPrefix("HTTP/1.1 400"), "\(what): \(answer.prefix(200))")
            #expect(answer.lowercased().contains("x-acs-request-id:"), "\(what)")
            for element in ["RequestId", "HostId", "Code", "Message", "Recommend"] {
                #expect(answer.contains("<\(element)>"), "\(what): no \(element) in \(answer.suffix(400))")
            }
            #expect(answer.contains("<Code>BadRequest</Code>"), "\(what)")
            let next = try await client.execute(try Signer().request(GetCallerIdentityRequest(), port: port).testRequest)
            #expect(next.status.code == 200, "\(what): the server stopped answering")
        }
    }
}
