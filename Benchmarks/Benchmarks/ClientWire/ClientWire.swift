import Benchmark
import KeyshareWorkloads

/// What our client spends per call besides the network: building and signing the request (V3)
/// and decoding the server's answer, with ACSWire's request builder and response parser.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .cpuTotal, .mallocCountTotal],
        warmupIterations: 1,
        scalingFactor: .kilo,
        maxDuration: .seconds(3),
        maxIterations: 25
    )

    Benchmark("GetRole sign + encode + decode") { benchmark async in
        do {
            let wire = try await WireWorkload(simulator: try await SimulatorWorkload(accounts: 2))
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { blackHole(try wire.getRole()) }
            benchmark.stopMeasurement()
        } catch {
            benchmark.error("GetRole encoding failed: \(error)")
        }
    }

    Benchmark("DescribeKey sign + encode + decode") { benchmark async in
        do {
            let wire = try await WireWorkload(simulator: try await SimulatorWorkload(accounts: 2))
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { blackHole(try wire.describeKey()) }
            benchmark.stopMeasurement()
        } catch {
            benchmark.error("DescribeKey encoding failed: \(error)")
        }
    }
}
