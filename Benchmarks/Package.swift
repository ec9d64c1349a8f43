// swift-tools-version:6.1
import PackageDescription

/// Micro benchmarks for keyshare, kept out of the root package so its build stays free of the
/// benchmark dependency. Run them through `scripts/bench`.
let package = Package(
    name: "Benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "keyshare", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        // The measured Lua loops, shared by both executables.
        .target(name: "LuaLoops", dependencies: [.product(name: "LuaKit", package: "keyshare")]),
        // package-benchmark suite: Lua → Swift binding calls against math.abs and an empty loop.
        .executableTarget(
            name: "LuaBinding",
            dependencies: [
                "LuaLoops",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/LuaBinding",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // One loop per process, for callgrind's instruction counts and a plain wall-clock timing.
        .executableTarget(
            name: "LuaCallCount",
            dependencies: ["LuaLoops"],
            path: "Sources/LuaCallCount"
        ),
    ]
)
