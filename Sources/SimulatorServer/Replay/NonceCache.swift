import Foundation

/// Remembers signature nonces per access key for as long as their request could be replayed, in
/// bounded memory.
///
/// Only requests whose signature verified are recorded, so strangers cannot fill it. Each key
/// keeps at most `capacityPerKey` nonces; past that the oldest is forgotten early (a flood from one
/// key weakens only its own replay protection). Keys with nothing left in the window are dropped.
package actor NonceCache {
    private struct Bucket {
        var seen: Set<String> = []
        var order: [(nonce: String, expiry: Date)] = []
        var head = 0

        mutating func purge(before now: Date) {
            while head < order.count, order[head].expiry <= now {
                seen.remove(order[head].nonce)
                head += 1
            }
            if head > 1024, head * 2 > order.count {
                order.removeFirst(head)
                head = 0
            }
        }

        mutating func evictOldest() {
            guard head < order.count else { return }
            seen.remove(order[head].nonce)
            head += 1
        }
    }

    private let window: TimeInterval
    private let capacityPerKey: Int
    private var buckets: [String: Bucket] = [:]
    private var insertsSinceSweep = 0

    /// Creates a cache remembering each nonce for `window` seconds, starting with `remembered`
    /// (a ``NonceStore``'s entries from before a restart, by expiry).
    package init(window: TimeInterval, capacityPerKey: Int, remembered: [RememberedNonce] = []) {
        self.window = window
        self.capacityPerKey = max(1, capacityPerKey)
        for entry in remembered {
            var bucket = buckets[entry.accessKeyID] ?? Bucket()
            guard !bucket.seen.contains(entry.nonce) else { continue }
            if bucket.seen.count >= self.capacityPerKey { bucket.evictOldest() }
            bucket.seen.insert(entry.nonce)
            bucket.order.append((entry.nonce, entry.expiry))
            buckets[entry.accessKeyID] = bucket
        }
    }

    /// Records `nonce` for `accessKeyID`; false when it was already seen within the window.
    ///
    /// `signedAt` is the request's own timestamp: the request stays acceptable until `signedAt +
    /// window`, so the nonce is remembered at least that long (up to two windows from now).
    package func insert(_ nonce: String, accessKeyID: String, signedAt: Date, now: Date) -> Bool {
        record(nonce, accessKeyID: accessKeyID, signedAt: signedAt, now: now) != nil
    }

    /// Records `nonce` like ``insert(_:accessKeyID:signedAt:now:)``; the time until which it is
    /// remembered, or nil when it was already seen within the window.
    package func record(_ nonce: String, accessKeyID: String, signedAt: Date, now: Date) -> Date? {
        sweepIfDue(now: now)
        var bucket = buckets.removeValue(forKey: accessKeyID) ?? Bucket()
        defer { buckets[accessKeyID] = bucket }
        bucket.purge(before: now)
        guard !bucket.seen.contains(nonce) else { return nil }
        if bucket.seen.count >= capacityPerKey { bucket.evictOldest() }
        bucket.seen.insert(nonce)
        let expiry = max(now, signedAt).addingTimeInterval(window)
        bucket.order.append((nonce, expiry))
        return expiry
    }

    /// How many nonces are remembered in all (for tests and diagnostics).
    package var count: Int { buckets.values.reduce(0) { $0 + $1.seen.count } }

    /// Every 10,000 inserts, drops what expired under keys that went quiet.
    private func sweepIfDue(now: Date) {
        insertsSinceSweep += 1
        guard insertsSinceSweep >= 10_000 else { return }
        insertsSinceSweep = 0
        for key in Array(buckets.keys) {
            buckets[key]?.purge(before: now)
            if buckets[key]?.seen.isEmpty == true { buckets[key] = nil }
        }
    }
}
