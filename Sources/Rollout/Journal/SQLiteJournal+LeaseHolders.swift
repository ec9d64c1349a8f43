import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lease holder names and how a waiter tells that a holder has died: a `keyshare resume` typed right
/// after a kill -9 must not sit out the dead process's whole ttl before it may write a key policy.
extension SQLiteJournal {
    /// A holder name unique to this process and call: host, pid namespace, process id and a random tail.
    package static func makeHolder() -> String {
        "\(hostName):\(pidNamespace):\(getpid()):\(String(UInt64.random(in: 0...UInt64.max), radix: 16))"
    }

    /// Whether `holder` (as `makeHolder` writes it) is a process of this host and pid namespace that
    /// no longer exists. Anything else (another machine or container, a live or unreadable process,
    /// a name in another shape) counts as alive: its lease is then only taken once it expired.
    package static func holderHasEnded(_ holder: String) -> Bool {
        let parts = holder.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == hostName, parts[1] == pidNamespace, let pid = Int32(parts[2]), pid > 0,
            pid != getpid()
        else { return false }
        return kill(pid, 0) == -1 && errno == ESRCH
    }

    /// This machine's host name ("host" when it cannot be read; colons would break the holder's shape).
    static let hostName: String = {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count) == 0 else { return "host" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "host" : name.replacingOccurrences(of: ":", with: "_")
    }()

    /// The pid namespace's inode on Linux (containers with one host name but their own process ids
    /// differ here), "-" where there is none to read.
    static let pidNamespace: String = {
        guard let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/ns/pid") else { return "-" }
        let digits = link.filter(\.isNumber)
        return digits.isEmpty ? "-" : digits
    }()
}
