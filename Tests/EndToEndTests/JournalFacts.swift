import Foundation
import Rollout

/// What a journal holds about one run, read after its processes ended: the record, each target's
/// status and every confirmed mutating call, in order.
struct JournalFacts {
    /// The run's record.
    var run: RunRecord
    /// Each target's status, in plan order.
    var statuses: [String: TargetStatus]
    /// The run's changes in the order they were recorded: each call once, its outcome when the cloud
    /// answered, its intent when a kill lost the answer (`MutationRecord.settled`).
    var mutations: [MutationRecord]

    /// Reads run `name` (an id, a prefix or `last`) from the journal at `path`.
    static func read(_ path: URL, run name: String = "last") async throws -> JournalFacts {
        let journal = try SQLiteJournal(path: path)
        let id = try await journal.resolve(name)
        guard let run = try await journal.run(id) else { throw JournalFactsError(message: "no run \(name) in \(path.path)") }
        var statuses: [String: TargetStatus] = [:]
        for entry in try await journal.targetStatuses(of: id) { statuses[entry.target] = entry.status }
        return JournalFacts(run: run, statuses: statuses, mutations: MutationRecord.settled(try await journal.mutations(of: id)))
    }

    /// The mutations recorded with `action` (`ram:CreateRole`, …).
    func mutations(_ action: String) -> [MutationRecord] { mutations.filter { $0.action == action } }

    /// The principals a `kms:SetKeyPolicy` mutation added (or removed, with `removed`).
    static func principals(of mutation: MutationRecord, removed: Bool = false) -> [String] {
        (mutation.details[removed ? "removed" : "added"] ?? "").split(separator: ",").map(String.init)
    }

    /// Every journaled change of a share run that the cloud in `dump` does not show (empty: each one
    /// matches). Disks count as matching when they are gone and their deletion was journaled.
    func shareProblems(against dump: CloudDump) -> [String] {
        var problems: [String] = []
        // A call whose answer was lost may or may not have changed the cloud: nothing to compare.
        for mutation in mutations where mutation.isConfirmed {
            let account = dump.accounts[mutation.account] ?? DumpedAccount()
            let what = "\(mutation.action) \(mutation.resource) in \(mutation.account)"
            switch mutation.action {
            case "ram:CreateRole", "ram:UpdateRole":
                if account.roles[mutation.resource] == nil { problems.append("\(what): the role does not exist") }
            case "ram:CreatePolicy":
                if account.policies[mutation.resource] == nil { problems.append("\(what): the policy does not exist") }
            case "ram:AttachPolicyToRole":
                let policy = "\(mutation.details["policyType"] ?? "?"):\(mutation.details["policyName"] ?? "?")"
                if account.roles[mutation.resource]?.policies.contains(policy) != true {
                    problems.append("\(what): \(policy) is not attached")
                }
            case "kms:SetKeyPolicy":
                let present = Set(dump.principals[mutation.resource] ?? [])
                for arn in Self.principals(of: mutation) where !present.contains(arn) {
                    problems.append("\(what): \(arn) is not in the key policy")
                }
                for arn in Self.principals(of: mutation, removed: true) where present.contains(arn) {
                    problems.append("\(what): \(arn) is still in the key policy")
                }
            case "ecs:CreateDisk", "ecs:DeleteDisk":
                if account.disks.contains(mutation.resource) { problems.append("\(what): the disk still exists") }
            default:
                problems.append("\(what): an action this check does not know")
            }
        }
        return problems
    }

    /// Every change between `before` and `after` (roles and custom policies that appeared,
    /// principals added) that no journaled mutation of this run accounts for, and every disk
    /// created without a journaled deletion: what an undo of the run would miss.
    func unjournaledChanges(before: CloudDump, after: CloudDump) -> [String] {
        var problems: [String] = []
        let created = Set(mutations("ram:CreateRole").map { "\($0.account)/\($0.resource)" })
        let policies = Set(mutations("ram:CreatePolicy").map { "\($0.account)/\($0.resource)" })
        for (uid, account) in after.accounts.sorted(by: { $0.key < $1.key }) {
            let earlier = before.accounts[uid] ?? DumpedAccount()
            for name in Set(account.roles.keys).subtracting(earlier.roles.keys).sorted() where !created.contains("\(uid)/\(name)")
            {
                problems.append("\(uid): role \(name) was created but no ram:CreateRole is journaled")
            }
            for name in Set(account.policies.keys).subtracting(earlier.policies.keys).sorted()
            where !policies.contains("\(uid)/\(name)") {
                problems.append("\(uid): policy \(name) was created but no ram:CreatePolicy is journaled")
            }
        }
        let added = Set(mutations("kms:SetKeyPolicy").flatMap { Self.principals(of: $0) })
        for (key, principals) in after.principals.sorted(by: { $0.key < $1.key }) {
            for arn in Set(principals).subtracting(before.principals[key] ?? []).sorted() where !added.contains(arn) {
                problems.append("\(key): \(arn) was added but no kms:SetKeyPolicy names it")
            }
        }
        let deleted = Set(mutations("ecs:DeleteDisk").map(\.resource))
        // A create whose answer was lost has no disk id to look for (its resumed step replays the token).
        for disk in Set(mutations("ecs:CreateDisk").map(\.resource)).subtracting(deleted).subtracting([""]).sorted() {
            problems.append("disk \(disk) was created and is gone, but no ecs:DeleteDisk is journaled")
        }
        return problems
    }
}

/// The journal did not hold the run asked for.
struct JournalFactsError: Error, CustomStringConvertible {
    /// Why.
    var message: String
    var description: String { message }
}
