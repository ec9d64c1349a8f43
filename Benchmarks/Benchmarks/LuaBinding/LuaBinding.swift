import Benchmark
import LuaLoops

/// The cost of calling a Swift binding from Lua, next to calling `math.abs` and an empty loop.
/// One scaled iteration is one Lua loop iteration, so throughput reads as calls per second.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .cpuTotal, .mallocCountTotal],
        warmupIterations: 2,
        scalingFactor: .mega,
        maxDuration: .seconds(3),
        maxIterations: 25
    )

    for loop in LuaLoop.allCases {
        Benchmark(loop.title) { benchmark in
            do {
                let runner = try LuaLoopRunner(loop)
                benchmark.startMeasurement()
                try runner.run(count: benchmark.scaledIterations.count)
                benchmark.stopMeasurement()
            } catch {
                benchmark.error("\(loop.title) failed: \(error)")
            }
        }
    }
}
