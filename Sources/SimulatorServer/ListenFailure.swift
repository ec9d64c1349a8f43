import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the server could not start listening, said for a person: which address and port, what
/// went wrong and what to do, instead of the socket layer's `bind(descriptor:ptr:bytes:)` text.
package struct ListenFailure: Error, CustomStringConvertible, Sendable {
    /// The whole message, naming `host:port` and the fix.
    package let description: String

    /// The failure `error` means when listening on `host:port`, or nil when `error` is not about
    /// opening the listening socket (an error of a running server).
    package init?(_ error: any Error, host: String, port: Int) {
        let address = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        if let io = error as? IOError {
            switch io.errnoCode {
            case EADDRINUSE:
                description =
                    "cannot listen on \(address): the port is already in use by another process. "
                    + "Pick another --port, use --port 0 to take any free port (the address is printed), "
                    + "or stop the process that holds \(port) (e.g. `ss -ltnp 'sport = :\(port)'` shows it)."
            case EACCES:
                description =
                    "cannot listen on \(address): permission denied (ports below 1024 need privileges). "
                    + "Pick a --port of 1024 or above, or --port 0 for any free port."
            case EADDRNOTAVAIL:
                description =
                    "cannot listen on \(address): \(host) is not an address of this machine. "
                    + "Use --host 127.0.0.1 (the default), or an address this machine has."
            default:
                guard io.description.contains("bind") || io.description.contains("listen") else { return nil }
                description =
                    "cannot listen on \(address): \(String(cString: strerror(io.errnoCode))). "
                    + "Check --host and --port."
            }
        } else if error is SocketAddressError.UnknownHost || error is SocketAddressError {
            description =
                "cannot listen on \(address): the host \(host) does not resolve to an address. "
                + "Use --host 127.0.0.1 (the default) or an IP address of this machine."
        } else {
            return nil
        }
    }
}
