import Foundation
import LuaLoops

// Runs one Lua loop, for instruction counting under callgrind, or times all loops.
//
//   LuaCallCount swift|cabs|empty N   run that loop once with N iterations
//   LuaCallCount time N [RUNS]        median seconds per loop over RUNS runs (default 7)

/// Prints `message` to standard error and exits with status 2 (bad usage or a Lua failure).
func fail(_ message: String) -> Never {
    try? FileHandle.standardError.write(contentsOf: Data("LuaCallCount: \(message)\n".utf8))
    exit(2)
}

let usage = "usage: LuaCallCount swift|cabs|empty N | LuaCallCount time N [RUNS]"
let arguments = CommandLine.arguments.dropFirst()
guard arguments.count >= 2, let count = Int(arguments[arguments.startIndex + 1]), count > 0 else { fail(usage) }

do {
    if arguments.first == "time" {
        let runs = arguments.count > 2 ? Int(arguments[arguments.startIndex + 2]) ?? 7 : 7
        for loop in LuaLoop.allCases {
            let runner = try LuaLoopRunner(loop)
            try runner.run(count: count / 10)
            var samples: [Double] = []
            for _ in 0..<runs {
                let start = ContinuousClock.now
                try runner.run(count: count)
                let elapsed = ContinuousClock.now - start
                samples.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            }
            print(loop.rawValue, samples.sorted()[samples.count / 2])
        }
    } else {
        guard let loop = LuaLoop(rawValue: String(arguments.first!)) else { fail(usage) }
        try LuaLoopRunner(loop).run(count: count)
    }
} catch {
    fail("\(error)")
}
