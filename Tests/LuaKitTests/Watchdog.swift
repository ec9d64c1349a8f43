import Foundation

/// Resumes a continuation once: with the worker's value, or with nil when the deadline came first.
private final class ResumeOnce<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<T?, Never>?

    init(_ continuation: CheckedContinuation<T?, Never>) { self.continuation = continuation }

    func resume(_ value: T?) {
        let pending = lock.withLock { () -> CheckedContinuation<T?, Never>? in
            defer { continuation = nil }
            return continuation
        }
        pending?.resume(returning: value)
    }
}

/// Runs `body` on its own thread and returns its result, or nil when it did not finish within
/// `seconds`. Tests of code that used to hang use it, so a regression fails the test instead of
/// hanging the whole run (the stuck thread is abandoned). Waiting never blocks a thread of Swift's
/// cooperative pool, which the other suites share.
func finishing<T: Sendable>(within seconds: Double, _ body: @escaping @Sendable () -> T) async -> T? {
    await withCheckedContinuation { continuation in
        let once = ResumeOnce(continuation)
        let thread = Thread { once.resume(body()) }
        thread.stackSize = 16 << 20
        thread.start()
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { once.resume(nil) }
    }
}

/// CPU seconds the calling thread has used: unlike wall-clock time, it does not grow when other
/// tests compete for the processors, so "ends quickly" checks stay meaningful under load.
func threadCPUSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}
