import Foundation

/// A value handed from a watchdog's worker thread to the waiting test, under a lock.
final class WatchdogBox<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T?

    init() {}

    /// The value, once set.
    var value: T? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

/// Runs `body` on its own thread and returns its result, or nil when it did not finish within
/// `seconds`. Tests of code that used to hang use it, so a regression fails the test instead of
/// hanging the whole run (the stuck thread is abandoned; the process ends with the test run).
func finishing<T: Sendable>(within seconds: Double, _ body: @escaping @Sendable () -> T) -> T? {
    let box = WatchdogBox<T>()
    let done = DispatchSemaphore(value: 0)
    let thread = Thread {
        box.value = body()
        done.signal()
    }
    thread.stackSize = 16 << 20
    thread.start()
    guard done.wait(timeout: .now() + seconds) == .success else { return nil }
    return box.value
}
