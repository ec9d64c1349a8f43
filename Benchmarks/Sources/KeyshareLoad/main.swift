import Foundation
import KeyshareWorkloads

/// A bounded load on `keyshare serve` through our client, one `name value` line per figure:
///
///     KeyshareLoad URL WORLD CONCURRENCY REQUESTS
///
/// URL must be a loopback address; WORLD is the world file the server was started with (its
/// management account's key signs every call).
let arguments = Array(CommandLine.arguments.dropFirst())

func fail(_ message: String) -> Never {
    try? FileHandle.standardError.write(contentsOf: Data("KeyshareLoad: \(message)\n".utf8))
    try? FileHandle.standardError.write(contentsOf: Data("usage: KeyshareLoad URL WORLD CONCURRENCY REQUESTS\n".utf8))
    exit(2)
}

guard arguments.count == 4 else { fail("expected 4 arguments, got \(arguments.count)") }
guard let concurrency = Int(arguments[2]), concurrency > 0 else {
    fail("CONCURRENCY must be a positive count, got \(arguments[2])")
}
guard let requests = Int(arguments[3]), requests > 0 else { fail("REQUESTS must be a positive count, got \(arguments[3])") }

do {
    let load = try HTTPLoad(endpoint: arguments[0], world: URL(fileURLWithPath: arguments[1]), concurrency: concurrency)
    let result = try await load.run(requests: requests)
    print("http.rps \(String(format: "%.0f", result.rate))")
    print("http.p50_ms \(String(format: "%.3f", result.latencies.percentile(0.50) / 1000))")
    print("http.p99_ms \(String(format: "%.3f", result.latencies.percentile(0.99) / 1000))")
    print("http.failed \(result.failed)")
    if let error = result.firstError {
        try? FileHandle.standardError.write(contentsOf: Data("KeyshareLoad: first failure: \(error)\n".utf8))
    }
} catch {
    try? FileHandle.standardError.write(contentsOf: Data("KeyshareLoad: \(error)\n".utf8))
    exit(1)
}
