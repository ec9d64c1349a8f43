import CloudAPI
import CloudModel
import Foundation
import Synchronization

/// Records when each call started and ended, for the latency benchmark's trace
/// (KEYSHARE_LATENCY_TRACE): where the wall time beyond calls × latency ÷ concurrency goes.
final class CallTimeline<Inner: Cloud & Sendable>: Cloud {
    /// One call: its action, the account it acted in, and its start and end in seconds from the first call.
    struct Entry: Sendable {
        var action: String
        var account: String
        var start: Double
        var end: Double
    }

    let inner: Inner
    private let origin = ContinuousClock.now
    private let entries = Mutex<[Entry]>([])

    init(_ inner: Inner) { self.inner = inner }

    func call<R: CloudRequest>(_ request: R, context: CallContext) async throws -> R.Response {
        let start = seconds(since: origin)
        defer {
            let entry = Entry(
                action: R.action, account: context.account?.rawValue ?? "-", start: start,
                end: seconds(since: origin))
            entries.withLock { $0.append(entry) }
        }
        return try await inner.call(request, context: context)
    }

    /// The owner's calls in order, and the calls in flight per 250 ms, as text.
    func report(owner: String) -> String {
        let all = entries.withLock { $0 }.sorted { $0.start < $1.start }
        var lines = all.filter { $0.account == owner }.map {
            String(format: "  owner %7.3f–%7.3f %@", $0.start, $0.end, $0.action)
        }
        // When the first target's first call started: what the setup cost before any target ran.
        if let first = all.first(where: { $0.account != owner }) {
            lines.append(String(format: "  first target call at %.3f s", first.start))
        }
        // The last target to finish: where its time went.
        if let last = all.filter({ $0.account != owner }).max(by: { $0.end < $1.end }) {
            lines += all.filter { $0.account == last.account }.map {
                String(format: "  target %7.3f–%7.3f %@", $0.start, $0.end, $0.action)
            }
        }
        let last = all.map(\.end).max() ?? 0
        var bin = 0.0
        while bin < last {
            let inFlight = all.filter { $0.start < bin + 0.25 && $0.end > bin }.count
            lines.append(String(format: "  %6.2f s  %4d calls", bin, inFlight))
            bin += 0.25
        }
        return lines.joined(separator: "\n")
    }
}

private func seconds(since origin: ContinuousClock.Instant) -> Double {
    let elapsed = ContinuousClock.now - origin
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}
