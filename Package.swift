// swift-tools-version:6.1
import PackageDescription

/// Settings every keyshare Swift target shares: Swift 6 mode plus the upcoming features the model
/// codebases turn on (see ../shared/reference/aesthetics-anchors.md, C11).
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "keyshare",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "keyshare", targets: ["keyshare"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/jpsim/Yams", "5.0.0"..<"7.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.21.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        // Hummingbird's own transport, named for the server's connection deadlines and bind errors.
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.24.0"),
        // The HTTP field and status types the server tests build requests and check answers with.
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
    ],
    targets: [
        // Lua 5.4 from Debian (liblua5.4-dev), reached through pkg-config.
        .systemLibrary(
            name: "CLua",
            pkgConfig: "lua5.4",
            providers: [.apt(["liblua5.4-dev", "pkg-config"])]
        ),
        .target(name: "CLuaShim", dependencies: ["CLua"]),
        .target(name: "LuaKit", dependencies: ["CLuaShim"], swiftSettings: strict),

        .target(name: "CloudModel", swiftSettings: strict),
        // YAML within limits (depth, alias expansion, no quoted text in errors), for worlds and yaml.decode.
        .target(name: "BoundedYAML", dependencies: [.product(name: "Yams", package: "Yams")], swiftSettings: strict),
        .target(name: "CloudAPI", dependencies: ["CloudModel"], swiftSettings: strict),
        .target(
            name: "CloudSimulator",
            dependencies: [
                "CloudAPI", "CloudModel", "BoundedYAML",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ACSWire",
            dependencies: ["CloudAPI", "CloudModel", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        .target(
            name: "ACSClient",
            dependencies: [
                "ACSWire", "CloudAPI", "CloudModel",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "SimulatorServer",
            dependencies: [
                "ACSWire", "CloudAPI", "CloudModel",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "Rollout",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
                // The journal's fold binds its rows straight to SQLite (JournalFold).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        // Key-policy editing, the per-key writers and key pools: cloud-aware, no Lua, shared by the
        // run, the plan and undo.
        .target(name: "Grants", dependencies: ["CloudAPI", "CloudModel"], swiftSettings: strict),
        // Read-only answers about access (`keyshare explain`): the simulator's rules over any backend.
        .target(name: "Audit", dependencies: ["CloudAPI", "CloudModel"], swiftSettings: strict),
        .target(
            name: "Runner",
            dependencies: [
                "LuaKit", "CloudAPI", "CloudModel", "Rollout", "BoundedYAML", "Grants",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "keyshare",
            dependencies: [
                "LuaKit", "CloudAPI", "CloudModel", "CloudSimulator", "ACSWire", "ACSClient", "SimulatorServer",
                "Rollout", "Runner", "Audit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict,
            // jemalloc (Debian's libjemalloc-dev) instead of glibc's malloc: a rollout frees on one
            // thread what another allocated (a response built beside the Lua state, pushed and
            // dropped on it), and glibc serialises those frees on the allocating arena's lock.
            linkerSettings: [.linkedLibrary("jemalloc", .when(platforms: [.linux]))]
        ),
        .target(
            name: "KeyshareTesting",
            dependencies: [
                "LuaKit", "CloudAPI", "CloudModel", "CloudSimulator", "ACSWire", "ACSClient", "SimulatorServer",
                "Rollout", "Runner",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        .testTarget(name: "LuaKitTests", dependencies: ["LuaKit", "CLuaShim"], swiftSettings: strict),
        .testTarget(name: "CloudModelTests", dependencies: ["CloudModel"], swiftSettings: strict),
        .testTarget(
            name: "CloudSimulatorTests",
            dependencies: [
                "CloudSimulator", "CloudAPI", "CloudModel", "BoundedYAML", "KeyshareTesting", "Audit",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ACSWireTests", dependencies: ["ACSWire", "CloudAPI", "CloudModel", "KeyshareTesting"], swiftSettings: strict
        ),
        .testTarget(
            name: "ACSClientTests",
            dependencies: [
                "ACSClient", "ACSWire", "CloudAPI", "CloudModel", "CloudSimulator", "SimulatorServer", "KeyshareTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "SimulatorServerTests",
            dependencies: [
                "SimulatorServer", "ACSWire", "CloudAPI", "CloudModel", "KeyshareTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ConformanceTests",
            dependencies: [
                "KeyshareTesting", "CloudSimulator", "ACSClient", "ACSWire", "CloudAPI", "CloudModel", "LuaKit", "Runner",
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "RunnerTests",
            dependencies: [
                "Runner", "CloudAPI", "CloudModel", "CloudSimulator", "Grants", "LuaKit", "Rollout", "KeyshareTesting",
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "GrantsTests", dependencies: ["Grants", "CloudAPI", "CloudModel", "CloudSimulator", "KeyshareTesting"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "RolloutTests",
            dependencies: ["Rollout", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["KeyshareTesting", "CloudAPI", "CloudModel", "CloudSimulator", "LuaKit", "Rollout", "Runner"],
            swiftSettings: strict
        ),
    ]
)

// libFuzzer targets for every parser of outside input, only when `scripts/fuzz` asks for them
// (KEYSHARE_FUZZ=1): CI's build and `scripts/test` never see them. The script builds them in its own
// scratch path with `-sanitize=fuzzer,address` on every Swift module, so the parsers are instrumented.
if Context.environment["KEYSHARE_FUZZ"] == "1" {
    package.targets.append(
        .target(
            name: "FuzzSupport", dependencies: ["ACSWire", "CloudAPI"], path: "Fuzz/FuzzSupport", swiftSettings: strict
        ))
    let fuzzTargets: [(name: String, dependencies: [Target.Dependency])] = [
        ("FuzzPolicy", ["CloudModel"]),
        ("FuzzWireParameters", ["ACSWire", "CloudAPI"]),
        ("FuzzSignature", ["ACSWire", "CloudAPI"]),
        ("FuzzWorld", ["CloudSimulator"]),
        ("FuzzLuaDecoder", ["Runner", "LuaKit", "CloudAPI"]),
    ]
    for target in fuzzTargets {
        package.targets.append(
            .executableTarget(
                name: target.name, dependencies: target.dependencies + ["FuzzSupport"], path: "Fuzz/\(target.name)",
                swiftSettings: strict
            ))
    }
}

// The benchmarks in Benchmarks/, only when `scripts/bench` asks for them (KEYSHARE_BENCH=1): CI's build
// and `scripts/test` never see them nor fetch package-benchmark. Being targets of this package, they
// reach the `package` API directly, so no library product exists for them. The script builds them in
// release in its own scratch path (.build-bench).
if Context.environment["KEYSHARE_BENCH"] == "1" {
    package.dependencies.append(
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"])
    )
    let benchmark: Target.Dependency = .product(name: "Benchmark", package: "benchmark")
    let benchmarkPlugin: [Target.PluginUsage] = [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    package.targets += [
        // The measured Lua loops, shared by the suite and the instruction counter.
        .target(name: "LuaLoops", dependencies: ["LuaKit"], path: "Benchmarks/Sources/LuaLoops", swiftSettings: strict),
        // One loop per process, for callgrind's instruction counts and a plain wall-clock timing.
        .executableTarget(
            name: "LuaCallCount", dependencies: ["LuaLoops"], path: "Benchmarks/Sources/LuaCallCount",
            swiftSettings: strict),
        // The simulator and wire workloads, shared by the suites and the load drivers.
        .target(
            name: "KeyshareWorkloads", dependencies: ["CloudModel", "CloudAPI", "CloudSimulator", "ACSWire"],
            path: "Benchmarks/Sources/KeyshareWorkloads", swiftSettings: strict
        ),
        // Figures scripts/bench prints: simulator call rates, seed time, the client's wire work.
        .executableTarget(
            name: "SimulatorLoad", dependencies: ["KeyshareWorkloads"], path: "Benchmarks/Sources/SimulatorLoad",
            swiftSettings: strict),
        // Figures scripts/bench prints: a bounded load on `keyshare serve` through RemoteCloud.
        .executableTarget(
            name: "KeyshareLoad",
            dependencies: ["KeyshareWorkloads", "ACSClient", "CloudModel", "CloudAPI", "CloudSimulator"],
            path: "Benchmarks/Sources/KeyshareLoad", swiftSettings: strict
        ),
        // package-benchmark suites (`swift package benchmark`, which looks in Benchmarks/<suite>): Lua
        // binding calls against math.abs, simulator calls and the seed procedure, the client's wire work.
        .executableTarget(
            name: "LuaBinding", dependencies: ["LuaLoops", benchmark], path: "Benchmarks/Benchmarks/LuaBinding",
            swiftSettings: strict, plugins: benchmarkPlugin
        ),
        .executableTarget(
            name: "SimulatorCalls", dependencies: ["KeyshareWorkloads", benchmark], path: "Benchmarks/Benchmarks/SimulatorCalls",
            swiftSettings: strict, plugins: benchmarkPlugin
        ),
        .executableTarget(
            name: "ClientWire", dependencies: ["KeyshareWorkloads", benchmark], path: "Benchmarks/Benchmarks/ClientWire",
            swiftSettings: strict, plugins: benchmarkPlugin
        ),
    ]
}
