import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A plain TCP client connection to 127.0.0.1 for tests that misbehave on purpose (half requests, bytes
/// dripped slowly): every call is bounded in time and never raises SIGPIPE.
package final class RawConnection: @unchecked Sendable {
    private let descriptor: Int32

    /// The connection could not be made.
    package struct ConnectFailed: Error {}

    /// Connects to `127.0.0.1:port`.
    package init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ConnectFailed() }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(descriptor)
            throw ConnectFailed()
        }
    }

    deinit { close(descriptor) }

    /// Sends `bytes`; false when the server has closed the connection.
    @discardableResult
    package func write(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buffer in
            send(descriptor, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL)) == buffer.count
        }
    }

    /// Sends `text` as UTF-8; false when the server has closed the connection.
    @discardableResult
    package func write(_ text: String) -> Bool { write(Array(text.utf8)) }

    /// Reads what arrives within `timeout` (until the server closes or goes quiet for 200 ms).
    package func receive(within timeout: TimeInterval) -> [UInt8] {
        var received: [UInt8] = []
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            guard let chunk = readChunk(waiting: min(0.2, max(0, deadline.timeIntervalSinceNow))) else { break }
            if chunk.isEmpty {
                if !received.isEmpty { break }
                continue
            }
            received += chunk
        }
        return received
    }

    /// True when the server closes the connection within `timeout` (data it sends is discarded).
    package func closedByServer(within timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if readChunk(waiting: min(0.1, max(0, deadline.timeIntervalSinceNow))) == nil { return true }
        }
        return false
    }

    /// Bytes read after waiting up to `seconds`: empty when nothing arrived, nil on end of stream
    /// or error.
    private func readChunk(waiting seconds: TimeInterval) -> [UInt8]? {
        var descriptorSet = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptorSet, 1, Int32(seconds * 1000))
        guard ready > 0 else { return ready == 0 ? [] : nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Array(buffer[..<count])
    }
}

/// Runs blocking socket work on a thread of its own: on Linux Dispatch's global queues share their
/// few threads with Swift's cooperative pool, where the server under test answers.
package func offPool<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

/// A listening TCP socket on 127.0.0.1 that accepts nothing: a port another process holds.
package final class OccupiedPort: @unchecked Sendable {
    private let descriptor: Int32
    /// The port it holds.
    package let port: Int

    /// Binds and listens on a free port of 127.0.0.1.
    package init() throws {
        let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketDescriptor >= 0 else { throw RawConnection.ConnectFailed() }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(socketDescriptor, pointer, length) == 0 && listen(socketDescriptor, 1) == 0
                    && getsockname(socketDescriptor, pointer, &length) == 0
            }
        }
        guard bound else {
            close(socketDescriptor)
            throw RawConnection.ConnectFailed()
        }
        descriptor = socketDescriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit { close(descriptor) }
}
