import Audit
import Foundation
import Rollout

extension AuditCommand {
    /// What keyshare's journal says was verified, and not taken back since by a revoke or an undo:
    /// `--journal`, else the journal beside `--state`, else `./.keyshare/journal.sqlite`. A journal
    /// named with `--journal` must exist; a default one that does not exist means verification is
    /// not checked (never "verified").
    ///
    /// - Throws: `StartFailure` (exit 2) for a `--journal` that is missing, or any journal that is
    ///   not a keyshare journal, naming the file and the fix.
    func verificationRecord() async throws -> VerificationRecord {
        let location = JournalLocation.forQueries(journal: journal, state: backend.simulator.state)
        guard FileManager.default.fileExists(atPath: location.path) else {
            if let journal {
                throw StartFailure(
                    "--journal \(journal): no such file; pass keyshare's journal (.keyshare/journal.sqlite "
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
        // Oldest run first: a later revoke, or an undo of the run that verified, takes the fact back,
        // so a grant put back by hand afterwards is never called verified.
        var verifiedBy: [VerifiedGrant: RunID] = [:]
        do {
            for run in try await opened.runs().reversed() {
                if run.kind == "undo", let undone = run.undoes {
                    verifiedBy = verifiedBy.filter { $0.value != undone }
                    continue
                }
                for step in try await opened.steps(of: run.id) {
                    for change in step.changes {
                        if let revoked = Self.revokedGrant(in: change) { verifiedBy[revoked] = nil }
                    }
                    guard step.status == .succeeded else { continue }
                    for message in step.messages {
                        if let key = Self.verifiedKey(in: message) {
                            verifiedBy[VerifiedGrant(keyID: key, account: step.target)] = run.id
                        }
                    }
                }
            }
        } catch {
            throw StartFailure(
                "the journal \(location.path) could not be read: \(error); pass --journal FILE naming "
                    + "keyshare's journal")
        }
        return .checked(source: location.path, verified: Set(verifiedBy.keys))
    }

    /// The grant a change takes back: ecs-key-sharing's revoke records `revoked use of KEY by ARN`.
    static func revokedGrant(in change: String) -> VerifiedGrant? {
        let start = "revoked use of "
        guard change.hasPrefix(start), let by = change.range(of: " by ") else { return nil }
        let key = change[change.index(change.startIndex, offsetBy: start.count)..<by.lowerBound]
        let arn = change[by.upperBound...]
        guard arn.hasPrefix("acs:ram::"), let account = arn.dropFirst("acs:ram::".count).split(separator: ":").first,
            !key.isEmpty
        else { return nil }
        return VerifiedGrant(keyID: String(key), account: String(account))
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
