// swift-tools-version:6.1
import PackageDescription

/// keyshare's modules (except LuaKit) expose their API as `package`, visible only inside the keyshare
/// package; this separate package reaches it by turning access checks off in the targets that
/// drive the simulator and the client (SwiftPM's own `-package-name` comes last and would win).
let keyshareAccess: [SwiftSetting] = [.unsafeFlags(["-Xfrontend", "-disable-access-control"])]

/// keyshare's modules the simulator and wire benchmarks use (KeyshareLoad adds ACSClient).
let keyshareModules: [Target.Dependency] = [
    .product(name: "CloudModel", package: "keyshare"),
    .product(name: "CloudAPI", package: "keyshare"),
    .product(name: "CloudSimulator", package: "keyshare"),
    .product(name: "ACSWire", package: "keyshare"),
]

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
        // The simulator and wire workloads, shared by the suites and the load drivers.
        .target(name: "KeyshareWorkloads", dependencies: keyshareModules, swiftSettings: keyshareAccess),
        // package-benchmark suite: simple simulator calls and the seed procedure, in process.
        .executableTarget(
            name: "SimulatorCalls",
            dependencies: ["KeyshareWorkloads", .product(name: "Benchmark", package: "benchmark")] + keyshareModules,
            path: "Benchmarks/SimulatorCalls",
            swiftSettings: keyshareAccess,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // package-benchmark suite: the client's per-call work without I/O (sign, encode, decode).
        .executableTarget(
            name: "ClientWire",
            dependencies: ["KeyshareWorkloads", .product(name: "Benchmark", package: "benchmark")] + keyshareModules,
            path: "Benchmarks/ClientWire",
            swiftSettings: keyshareAccess,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Figures scripts/bench prints: simulator call rates, seed time, the client's wire work.
        .executableTarget(
            name: "SimulatorLoad",
            dependencies: ["KeyshareWorkloads"] + keyshareModules,
            path: "Sources/SimulatorLoad",
            swiftSettings: keyshareAccess
        ),
        // Figures scripts/bench prints: a bounded load on `keyshare serve` through RemoteCloud.
        .executableTarget(
            name: "KeyshareLoad",
            dependencies: ["KeyshareWorkloads", .product(name: "ACSClient", package: "keyshare")] + keyshareModules,
            path: "Sources/KeyshareLoad",
            swiftSettings: keyshareAccess
        ),
    ]
)
