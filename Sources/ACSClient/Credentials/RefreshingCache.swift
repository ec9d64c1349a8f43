import Foundation

/// A keyed cache whose values expire, with single-flight refresh: however many callers ask for
/// a stale key at once, one fetch runs and all of them get its result.
///
/// Used for assumed-role credentials (keyed by account or role) and for the credentials' own
/// account (fetched once).
package actor RefreshingCache<Key: Hashable & Sendable, Value: Sendable> {
    private var values: [Key: Value] = [:]
    private var pending: [Key: Task<Value, any Error>] = [:]
    private let isFresh: @Sendable (Value, Date) -> Bool
    private let isUsable: @Sendable (Value, Date) -> Bool
    private let now: @Sendable () -> Date

    /// Creates a cache.
    ///
    /// - Parameters:
    ///   - isFresh: whether a cached value may be returned without a refresh.
    ///   - isUsable: whether a stale value may still be returned when its refresh fails.
    ///   - now: the clock (a test moves it).
    package init(
        isFresh: @escaping @Sendable (Value, Date) -> Bool,
        isUsable: @escaping @Sendable (Value, Date) -> Bool = { _, _ in false },
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.isFresh = isFresh
        self.isUsable = isUsable
        self.now = now
    }

    /// The value for `key`: the cached one while fresh, else the result of one shared `fetch`.
    package func value(for key: Key, fetch: @escaping @Sendable () async throws -> Value) async throws -> Value {
        if let cached = values[key], isFresh(cached, now()) { return cached }
        if let running = pending[key] { return try await running.value }
        let task = Task { try await fetch() }
        pending[key] = task
        defer { pending[key] = nil }
        do {
            let fetched = try await task.value
            values[key] = fetched
            return fetched
        } catch {
            if let cached = values[key], isUsable(cached, now()) { return cached }
            throw error
        }
    }

    /// Forgets `key`, e.g. after the server rejected its credentials; true when it was cached.
    @discardableResult
    package func invalidate(_ key: Key) -> Bool {
        values.removeValue(forKey: key) != nil
    }
}

extension RefreshingCache where Value == AccessCredentials {
    /// A credential cache refreshing `margin` before expiry; credentials without an expiry stay.
    package init(refreshMargin margin: TimeInterval, now: @escaping @Sendable () -> Date = { Date() }) {
        self.init(
            isFresh: { credentials, now in credentials.expiration.map { now.addingTimeInterval(margin) < $0 } ?? true },
            isUsable: { credentials, now in credentials.expiration.map { now < $0 } ?? true },
            now: now)
    }
}
