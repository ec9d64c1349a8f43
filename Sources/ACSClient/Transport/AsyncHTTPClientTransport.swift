import AsyncHTTPClient
import Dispatch
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// The production `HTTPTransport`: one pooled `HTTPClient` with connect and read timeouts.
///
/// It owns its client: call `shutdown()` once when done (`RemoteCloud.shutdown()` does); one
/// dropped without it closes its pool in the background rather than trapping.
package final class AsyncHTTPClientTransport: HTTPTransport {
    /// Limits for one transport.
    package struct Configuration: Sendable, Hashable {
        /// Time to establish a connection.
        package var connectTimeout: Duration
        /// Longest silence while waiting for the answer.
        package var readTimeout: Duration
        /// Deadline for one whole exchange.
        package var requestTimeout: Duration
        /// Pooled connections kept per host.
        package var connectionsPerHost: Int
        /// The largest answer body accepted.
        package var maxResponseBytes: Int

        /// The SDKs' defaults: connect 5 s, read 10 s (sdk-wire-captures.md, observation 9).
        package init(
            connectTimeout: Duration = .seconds(5), readTimeout: Duration = .seconds(10),
            requestTimeout: Duration = .seconds(30), connectionsPerHost: Int = 16,
            maxResponseBytes: Int = 16 << 20
        ) {
            self.connectTimeout = connectTimeout
            self.readTimeout = readTimeout
            self.requestTimeout = requestTimeout
            self.connectionsPerHost = connectionsPerHost
            self.maxResponseBytes = maxResponseBytes
        }
    }

    private let client: HTTPClient
    private let configuration: Configuration

    /// Creates a transport with its own connection pool on the shared event loops.
    package init(configuration: Configuration = Configuration()) {
        var pool = HTTPClient.Configuration.ConnectionPool()
        pool.concurrentHTTP1ConnectionsPerHostSoftLimit = configuration.connectionsPerHost
        // Fail a refused connection at once: `ACSCaller` retries with back-off and a time budget,
        // and a second retry layer inside the pool would stretch each attempt to the connect timeout.
        pool.retryConnectionEstablishment = false
        let settings = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(
                connect: Self.timeAmount(configuration.connectTimeout),
                read: Self.timeAmount(configuration.readTimeout)),
            connectionPool: pool)
        self.client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: settings)
        self.configuration = configuration
    }

    package func send(_ request: HTTPRequestParts) async throws -> HTTPResponseParts {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for field in request.headers {
            outgoing.headers.add(name: field.name, value: field.value)
        }
        if !request.body.isEmpty {
            outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        }
        do {
            let answer = try await client.execute(outgoing, timeout: Self.timeAmount(configuration.requestTimeout))
            var body = try await answer.body.collect(upTo: configuration.maxResponseBytes)
            var headers = [String: String]()
            for field in answer.headers {
                let name = field.name.lowercased()
                headers[name] = headers[name].map { $0 + "," + field.value } ?? field.value
            }
            return HTTPResponseParts(
                status: Int(answer.status.code), headers: headers,
                body: body.readBytes(length: body.readableBytes) ?? [])
        } catch let error as CancellationError {
            throw error
        } catch {
            throw Self.classify(error)
        }
    }

    /// Closes every pooled connection; the transport cannot send afterwards.
    package func shutdown() async throws {
        try await client.shutdown()
    }

    deinit {
        // A transport dropped without shutdown() (say, a command failing between building the
        // cloud and using it) must neither trap in debug builds nor leak its pool: close it in the
        // background. After an explicit shutdown this is a no-op (`alreadyShutdown`, ignored).
        client.shutdown(queue: .global()) { _ in }
    }

    /// Maps the networking libraries' errors onto the classes the retry loop understands.
    package static func classify(_ error: any Error) -> HTTPTransportError {
        switch error {
        case let error as HTTPClientError:
            switch error {
            case .connectTimeout, .getConnectionFromPoolTimeout, .tlsHandshakeTimeout:
                return HTTPTransportError(.connectFailed, detail: error.shortDescription)
            case .readTimeout, .writeTimeout, .deadlineExceeded:
                return HTTPTransportError(.timedOut, detail: error.shortDescription)
            case .remoteConnectionClosed:
                return HTTPTransportError(.connectionClosed, detail: error.shortDescription)
            default:
                return HTTPTransportError(.other, detail: error.shortDescription)
            }
        case is NIOConnectionError:
            return HTTPTransportError(.connectFailed, detail: "connection could not be established")
        case let error as ChannelError:
            switch error {
            case .connectTimeout: return HTTPTransportError(.connectFailed, detail: "connect timeout")
            case .eof, .ioOnClosedChannel, .alreadyClosed, .outputClosed:
                return HTTPTransportError(.connectionClosed, detail: "connection closed")
            default: return HTTPTransportError(.other, detail: "channel error")
            }
        case let error as IOError:
            let refused: Set<Int32> = [ECONNREFUSED, EHOSTUNREACH, ENETUNREACH, EADDRNOTAVAIL]
            return refused.contains(error.errnoCode)
                ? HTTPTransportError(.connectFailed, detail: "connect failed (errno \(error.errnoCode))")
                : HTTPTransportError(.connectionClosed, detail: "I/O error (errno \(error.errnoCode))")
        default:
            return HTTPTransportError(.other, detail: "\(type(of: error))")
        }
    }

    private static func timeAmount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(
            Int64(duration.components.seconds) * 1_000_000_000
                + duration.components.attoseconds / 1_000_000_000)
    }
}
