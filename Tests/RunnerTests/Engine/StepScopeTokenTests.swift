import Rollout
import Testing

@testable import Runner

/// ClientTokens must not change between versions: a run resumed by a newer keyshare derives the
/// tokens the killed one sent, so the cloud returns what that run made instead of a second one.
@Suite("Step scope ClientTokens")
struct StepScopeTokenTests {
    @Test(
        "a token is `ks-` and the first 16 bytes of the SHA-256 of its parts joined by U+001F, in lower-case hex",
        arguments: [
            (["r-20261207T010000Z-abcdef", "2000000000000001", "0", "CreateDisk", "0"], "ks-a2041187c1fc95d08080962049b299cd"),
            (["r-20261207T010000Z-abcdef", "setup", "setup", "CopyImage", "12"], "ks-3ec5de8197216acd5ee72e4248e5e22d"),
            (["", "", "", "", ""], "ks-10e7fb50515179ec39dc8dec4958a936"),
            (["ünïcødé ✓ 🔑", "\u{1F}", "0", "", ""], "ks-a5c9bd02b59acd47c919c71459cd289e"),
        ])
    func knownAnswers(parts: [String], expected: String) {
        // The answers come from Python's hashlib, not from this code.
        #expect(StepScope.token(parts[0], parts[1], parts[2], parts[3], parts[4]) == expected)
    }

    @Test("a scope's tokens follow run, target, step and call order, and repeat in a new scope of the same step")
    func scopeTokens() throws {
        let run = try #require(RunID("r-20261207T010000Z-abcdef"))
        let step = StepDescriptor(index: 1, name: "ecs-key-sharing.share")
        let first = StepScope(run: run, target: "2000000000000001", step: step)
        let again = StepScope(run: run, target: "2000000000000001", step: step)
        let tokens = [first.clientToken(for: "CreateDisk"), first.clientToken(for: "CreateDisk")]
        #expect(tokens == [again.clientToken(for: "CreateDisk"), again.clientToken(for: "CreateDisk")])
        #expect(tokens[0] == "ks-55c8b495a0b43de6df3c6722214edfeb")
        #expect(tokens[0] != tokens[1])
    }
}
