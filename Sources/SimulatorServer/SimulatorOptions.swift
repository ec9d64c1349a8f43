import CloudModel
import Foundation

/// The knobs of the simulator's HTTP front end; the defaults are Alibaba's gateway behaviour.
package struct SimulatorOptions: Sendable {
    /// Largest request body accepted; beyond it the answer is 413 `RequestEntityTooLarge`.
    package var maxBodyBytes: Int
    /// Largest clock skew accepted in `x-acs-date`/`Timestamp` (15 minutes, as Alibaba).
    package var maxClockSkew: TimeInterval
    /// Region of calls that name none (no `RegionId`, host not `<product>.<region>.aliyuncs.com`).
    package var defaultRegion: RegionID
    /// Nonces remembered per access key before the oldest are forgotten early.
    package var noncesPerAccessKey: Int
    /// The server's clock (tests pin it).
    package var now: @Sendable () -> Date
    /// Seconds a keep-alive connection may stay quiet between requests before it is closed.
    package var idleTimeout: TimeInterval
    /// Seconds from a request's first byte to its last before the connection is closed.
    package var requestTimeout: TimeInterval
    /// Where accepted nonces outlive a restart (nil: memory only, forgotten on restart).
    package var nonceStore: (any NonceStore)?

    /// The longest timeout accepted (a day): beyond it a connection is as good as never closed.
    package static let timeoutRange: ClosedRange<TimeInterval> = 0.001...86_400

    /// Creates options; every parameter has the gateway's default.
    package init(
        maxBodyBytes: Int = 1 << 20, maxClockSkew: TimeInterval = 15 * 60,
        defaultRegion: RegionID = .hangzhou, noncesPerAccessKey: Int = 100_000,
        idleTimeout: TimeInterval = 60, requestTimeout: TimeInterval = 30,
        nonceStore: (any NonceStore)? = nil, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.maxBodyBytes = maxBodyBytes
        self.maxClockSkew = maxClockSkew
        self.defaultRegion = defaultRegion
        self.noncesPerAccessKey = noncesPerAccessKey
        self.idleTimeout = idleTimeout
        self.requestTimeout = requestTimeout
        self.nonceStore = nonceStore
        self.now = now
    }
}
