import Crypto
import Foundation
import Rollout
import Synchronization

/// Which run, target and step a coroutine works for: attached to each step's coroutine as its
/// `LuaCall.context`, read by the bindings it calls (ClientTokens, the journal's mutations).
package final class StepScope: Sendable {
    /// The run.
    package let run: RunID
    /// The target's account id.
    package let target: String
    /// The step.
    package let step: StepDescriptor
    private let sequence = Mutex(0)

    /// Creates the scope of one step of one target.
    package init(run: RunID, target: String, step: StepDescriptor) {
        self.run = run
        self.target = target
        self.step = step
    }

    /// A ClientToken for the next idempotent request of `action` in this step: it depends only on
    /// the run, target, step and how many such requests the step made before, so the same step of a
    /// resumed run repeats the same token and the cloud returns the resource it already made.
    package func clientToken(for action: String) -> String {
        let index = sequence.withLock { value -> Int in
            defer { value += 1 }
            return value
        }
        return Self.token(run.rawValue, target, String(step.index), action, String(index))
    }

    /// The first 32 hex digits of the SHA-256 of `parts` (ECS takes up to 64 ASCII characters).
    static func token(_ parts: String...) -> String {
        let digest = SHA256.hash(data: Data(parts.joined(separator: "\u{1F}").utf8))
        return "ks-" + digest.prefix(16).map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }
}
