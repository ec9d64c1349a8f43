import Crypto
import Foundation
import Rollout
import Synchronization

/// Which run, target and step a coroutine works for: attached to each step's coroutine as its
/// `LuaCall.context` and read by the bindings it calls, which derive ClientTokens from it and
/// journal the changes the cloud confirmed.
package final class StepScope: Sendable {
    /// The run.
    package let run: RunID
    /// The target's account id; nil for the owner-side setup (inventory, hooks, setup steps).
    package let target: String?
    /// The step; nil for the setup.
    package let step: StepDescriptor?
    /// Where confirmed changes are recorded (nil: not journaled).
    package let journal: (any RolloutJournal)?
    private let sequence = Mutex(0)
    private let operations = Mutex(0)
    private let observations = Mutex<[String: Bool]>([:])
    /// Tells this attempt's operations from another attempt's (a resume restarts the count).
    private let attempt = UInt32.random(in: 0...UInt32.max)

    /// Creates the scope of one step of one target (or of the setup, with nil target and step).
    package init(run: RunID, target: String?, step: StepDescriptor?, journal: (any RolloutJournal)? = nil) {
        self.run = run
        self.target = target
        self.step = step
        self.journal = journal
    }

    /// A ClientToken for the next idempotent request of `action` in this scope: it depends only on
    /// the run, target, step and how many requests the step sent before, so the same step of a
    /// resumed run repeats the same tokens and the cloud returns what it already made.
    package func clientToken(for action: String) -> String {
        let index = sequence.withLock { value -> Int in
            defer { value += 1 }
            return value
        }
        return Self.token(run.rawValue, target ?? "setup", step.map { String($0.index) } ?? "setup", action, String(index))
    }

    /// A fresh id for an operation of this scope whose intent and outcome are journaled apart.
    package func operationID() -> String {
        let index = operations.withLock { value -> Int in
            defer { value += 1 }
            return value
        }
        return "\(target ?? "setup")/\(step.map { String($0.index) } ?? "setup")/\(index)/\(attempt)"
    }

    /// Journals a change the cloud confirmed; throws when the journal cannot record it, so the step
    /// fails instead of carrying on with a change nobody could undo.
    package func record(account: String, action: String, resource: String, details: [String: String]) async throws {
        guard let journal else { return }
        try await journal.recordMutation(
            MutationRecord(
                run: run, target: target, step: step?.index, account: account, action: action, resource: resource,
                details: details, at: Date()))
    }

    /// Journals a call's intent (before it is sent) or outcome (`operation` pairs the two): a process
    /// killed while the call is in flight leaves the intent, standing for a change that may exist.
    /// An intent is durable when this returns, unless `queued`: then the caller awaits the journal's
    /// `flush()` before the change (a key-policy batch flushes once for all its grants).
    package func record(
        _ phase: MutationRecord.Phase, operation: String, account: String, action: String,
        resource: String, details: [String: String], queued: Bool = false
    ) async throws {
        guard let journal else { return }
        var details = details
        details[MutationRecord.phaseKey] = phase.rawValue
        details[MutationRecord.operationKey] = operation
        let mutation = MutationRecord(
            run: run, target: target, step: step?.index, account: account, action: action,
            resource: resource, details: details, at: Date())
        // Only the intent must be durable before the call goes out; its outcome commits with the next
        // write (the next intent, or the step's end), and a kill before that leaves the intent standing.
        if phase == .intent, !queued {
            try await journal.recordMutation(mutation)
        } else {
            try await journal.recordMutationDeferred(mutation)
        }
    }

    /// Notes what a read of this scope showed about a resource (`role:ACCOUNT/NAME` exists or not), so
    /// the intent of a later call can say what stood before it without reading again.
    package func observe(_ subject: String, exists: Bool) {
        observations.withLock { $0[subject] = exists }
    }

    /// What this scope last saw of `subject`, or nil when it never looked.
    package func observed(_ subject: String) -> Bool? {
        observations.withLock { $0[subject] }
    }

    /// `ks-` and the first 32 hex digits of the SHA-256 of `parts` (ECS takes up to 64 ASCII characters).
    static func token(_ parts: String...) -> String {
        let digest = SHA256.hash(data: Data(parts.joined(separator: "\u{1F}").utf8))
        // Hex by table into one buffer: a string per byte, joined, cost more than the hash.
        var text: [UInt8] = Array("ks-".utf8)
        text.reserveCapacity(35)
        for byte in digest.prefix(16) {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
