import Audit
import Foundation
import Rollout

extension AuditCommand {
    /// What keyshare's journal says was verified: `--journal`, else the journal beside `--state`,
    /// else `./.keyshare/journal.sqlite`. A journal named with `--journal` must exist; a default
    /// one that does not exist means verification is not checked (never "verified").
    ///
    /// - Throws: `StartFailure` (exit 2) for a `--journal` that is missing, or any journal that is
    ///   not a keyshare journal, naming the file and the fix.
    func verificationRecord() async throws -> VerificationRecord {
        let location = JournalLocation.forQueries(journal: journal, state: backend.simulator.state)
        guard FileManager.default.fileExists(atPath: location.path) else {
            if let journal {
                throw StartFailure("--journal \(journal): no such file; pass keyshare's journal (.keyshare/journal.sqlite "
                    + "beside a playbook, STATE.journal.sqlite beside a simulator state) or leave --journal out")
            }
            return .notChecked(reason: "no journal at \(location.path) (pass --journal FILE)")
        }
        let opened: SQLiteJournal
        do {
            opened = try SQLiteJournal(path: location, create: false)
        } catch let error as JournalError {
            throw StartFailure(error.message)
        }
        var verified = Set<VerifiedGrant>()
        do {
            for run in try await opened.runs() where run.kind == "run" {
                for step in try await opened.steps(of: run.id) where step.status == .succeeded {
                    for message in step.messages {
                        if let key = Self.verifiedKey(in: message) {
                            verified.insert(VerifiedGrant(keyID: key, account: step.target))
                        }
                    }
                }
            }
        } catch {
            throw StartFailure("the journal \(location.path) could not be read: \(error); pass --journal FILE naming "
                + "keyshare's journal")
        }
        return .checked(source: location.path, verified: verified)
    }

    /// The key a verification log line names. The ecs-key-sharing plugin logs `verified: encrypted
    /// disk D created with KEY and deleted` when it verified a target, and `not verified again:
    /// verified with KEY before …` when an earlier run did.
    static func verifiedKey(in message: String) -> String? {
        for (start, end) in [("verified: encrypted disk ", " and deleted"), ("not verified again: verified with ", " before")]
        where message.hasPrefix(start) {
            let rest = message.dropFirst(start.count)
            let body = start.hasPrefix("verified:") ? rest.range(of: " created with ").map { rest[$0.upperBound...] } : rest
            guard let body, let stop = body.range(of: end) else { return nil }
            let key = body[..<stop.lowerBound]
            return key.isEmpty || key.contains(" ") ? nil : String(key)
        }
        return nil
    }
}
