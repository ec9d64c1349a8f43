#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// libFuzzer's entry for programs that own `main` (SwiftPM names an executable's entry point itself).
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ test: @convention(c) (UnsafeRawPointer?, Int) -> CInt
) -> CInt

/// Starts libFuzzer over `test` with the process's arguments (`-runs=`, corpus directories, …).
///
/// Each target also exports `test` as `LLVMFuzzerTestOneInput`, so the program works whichever
/// `main` the linker keeps: SwiftPM's (which lands here) or libFuzzer's own.
package enum FuzzDriver {
    /// Runs libFuzzer and exits with its status.
    package static func run(_ test: @convention(c) (UnsafeRawPointer?, Int) -> CInt) -> Never {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, test))
    }
}
