import Foundation
import KeyshareWorkloads

/// In-process figures `scripts/bench` prints, one `name value` line each.
///
///     SimulatorLoad simulator-calls N [RUNS]   GetRole and DescribeKey, N calls each, median of RUNS (5)
///     SimulatorLoad seed ACCOUNTS [RUNS]       the seed procedure for ACCOUNTS sharees, median of RUNS (5)
///     SimulatorLoad wire N                     sign + encode + decode of GetRole and DescribeKey, no I/O
let arguments = Array(CommandLine.arguments.dropFirst())
let clock = ContinuousClock()

/// The argument at `index` as a positive count, or exit with the usage.
func count(_ index: Int, _ name: String, default fallback: Int? = nil) -> Int {
    if index >= arguments.count, let fallback { return fallback }
    guard index < arguments.count, let value = Int(arguments[index]), value > 0 else {
        fail("\(name) must be a positive count (got \(index < arguments.count ? arguments[index] : "nothing"))")
    }
    return value
}

func fail(_ message: String) -> Never {
    try? FileHandle.standardError.write(contentsOf: Data("SimulatorLoad: \(message)\n".utf8))
    try? FileHandle.standardError.write(
        contentsOf: Data("usage: SimulatorLoad simulator-calls N [RUNS] | seed ACCOUNTS [RUNS] | wire N\n".utf8))
    exit(2)
}

/// The medians of `runs` timings of `body`: wall seconds and CPU seconds (user + system).
func median(runs: Int, _ body: () async throws -> Void) async throws -> (wall: Double, cpu: Double) {
    var walls: [Double] = []
    var cpus: [Double] = []
    for _ in 0..<runs {
        let (start, startCPU) = (clock.now, cpuSeconds())
        try await body()
        walls.append((clock.now - start).inSeconds)
        cpus.append(cpuSeconds() - startCPU)
    }
    return (walls.sorted()[walls.count / 2], cpus.sorted()[cpus.count / 2])
}

/// User + system CPU time of this process so far, in seconds (less sensitive to load than wall time).
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

func report(_ name: String, _ value: Double, format: String = "%.3f") {
    print("\(name) \(String(format: format, value))")
}

do {
    switch arguments.first {
    case "simulator-calls":
        let calls = count(1, "N")
        let runs = count(2, "RUNS", default: 5)
        let workload = try await SimulatorWorkload()
        var sink = 0
        let getRole = try await median(runs: runs) { sink &+= try await workload.getRoles(calls) }
        let describeKey = try await median(runs: runs) { sink &+= try await workload.describeKeys(calls) }
        report("simulator.getrole_per_s", Double(calls) / getRole.wall, format: "%.0f")
        report("simulator.describekey_per_s", Double(calls) / describeKey.wall, format: "%.0f")
        // Per CPU second: what one core does, whatever else the machine runs.
        report("simulator.getrole_per_cpu_s", Double(calls) / getRole.cpu, format: "%.0f")
        report("simulator.describekey_per_cpu_s", Double(calls) / describeKey.cpu, format: "%.0f")
        if sink == 42 { print("") }
    case "seed":
        let accounts = count(1, "ACCOUNTS")
        let runs = count(2, "RUNS", default: 5)
        var walls: [Double] = []
        var cpus: [Double] = []
        for _ in 0..<runs {
            let workload = try SeedWorkload(sharees: accounts)
            let (start, startCPU) = (clock.now, cpuSeconds())
            let disks = try await workload.run()
            walls.append((clock.now - start).inSeconds)
            cpus.append(cpuSeconds() - startCPU)
            guard disks == accounts else { fail("the seed procedure made \(disks) disks for \(accounts) sharees") }
        }
        report("seed.seconds", walls.sorted()[walls.count / 2], format: "%.4f")
        report("seed.cpu_seconds", cpus.sorted()[cpus.count / 2], format: "%.4f")
    case "wire":
        let calls = count(1, "N")
        let wire = try await WireWorkload(simulator: try await SimulatorWorkload(accounts: 2))
        var sink = 0
        let getRole = try await median(runs: 5) { for _ in 0..<calls { sink &+= try wire.getRole() } }
        let describeKey = try await median(runs: 5) { for _ in 0..<calls { sink &+= try wire.describeKey() } }
        report("wire.getrole_us", getRole.wall / Double(calls) * 1e6, format: "%.1f")
        report("wire.describekey_us", describeKey.wall / Double(calls) * 1e6, format: "%.1f")
        report("wire.getrole_cpu_us", getRole.cpu / Double(calls) * 1e6, format: "%.1f")
        report("wire.describekey_cpu_us", describeKey.cpu / Double(calls) * 1e6, format: "%.1f")
        if sink == 42 { print("") }
    default:
        fail("unknown or missing command \(arguments.first.map { "'\($0)'" } ?? "")")
    }
} catch {
    try? FileHandle.standardError.write(contentsOf: Data("SimulatorLoad: \(error)\n".utf8))
    exit(1)
}
