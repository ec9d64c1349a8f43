// World files are user input holding access key secrets: the loader goes through BoundedYAML
// (depth, alias expansion) and the schema checks. Any text must give a World or a WorldError.
import CloudSimulator
import FuzzSupport

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzWorld(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    guard var input = FuzzInput(start, count) else { return -1 }
    _ = try? World.load(yaml: input.remainingText())
    return 0
}

FuzzDriver.run(fuzzWorld)
