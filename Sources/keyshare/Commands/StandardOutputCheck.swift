import ArgumentParser

#if canImport(Glibc)
// `stdout` is a C global the strict concurrency checker cannot vouch for; it is read once, after
// the command finished, on the main task.
@preconcurrency import Glibc
#endif

/// The last step of a successful command: `print` drops failed writes silently, so output sent to
/// a full disk (`sim init > world.yaml`, `> /dev/full`) or a closed pipe would end 0 with the output
/// lost. When anything printed could not be written, this says so and exits 1.
enum StandardOutputCheck {
    /// Flushes standard output; on a failed write now or earlier, reports it and exits 1.
    static func exitIfLost() {
        #if canImport(Glibc)
        let flushed = fflush(stdout)
        let reason = flushed != 0 ? String(cString: strerror(errno)) : "an earlier write failed"
        guard flushed != 0 || ferror(stdout) != 0 else { return }
        StandardError.write("keyshare: could not write to standard output (\(reason)); the output is incomplete.\n")
        Keyshare.exit(withError: ExitCode.failure)
        #endif
    }
}
