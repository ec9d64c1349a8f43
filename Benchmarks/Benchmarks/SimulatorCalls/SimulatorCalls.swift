import Benchmark
import KeyshareWorkloads

/// The in-process simulator through its Swift API (no Lua, no HTTP): simple calls, whose
/// throughput reads as calls per second (target ≥ 200,000/s), and the seed procedure for 1,000
/// sharees (target < 0.5 s).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .cpuTotal, .mallocCountTotal],
        warmupIterations: 1,
        scalingFactor: .kilo,
        maxDuration: .seconds(3),
        maxIterations: 25
    )

    Benchmark("GetRole by the account root") { benchmark async in
        do {
            let workload = try await SimulatorWorkload()
            benchmark.startMeasurement()
            blackHole(try await workload.getRoles(benchmark.scaledIterations.count))
            benchmark.stopMeasurement()
        } catch {
            benchmark.error("GetRole failed: \(error)")
        }
    }

    Benchmark("DescribeKey by the account root") { benchmark async in
        do {
            let workload = try await SimulatorWorkload()
            benchmark.startMeasurement()
            blackHole(try await workload.describeKeys(benchmark.scaledIterations.count))
            benchmark.stopMeasurement()
        } catch {
            benchmark.error("DescribeKey failed: \(error)")
        }
    }

    Benchmark(
        "Seed procedure, 1,000 sharees",
        configuration: .init(
            metrics: [.wallClock, .cpuTotal, .peakMemoryResident], scalingFactor: .one,
            maxDuration: .seconds(10), maxIterations: 7)
    ) { benchmark async in
        do {
            let workload = try SeedWorkload(sharees: 1000)
            benchmark.startMeasurement()
            blackHole(try await workload.run())
            benchmark.stopMeasurement()
        } catch {
            benchmark.error("the seed procedure failed: \(error)")
        }
    }
}
