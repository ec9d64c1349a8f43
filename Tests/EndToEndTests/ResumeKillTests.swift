import CloudSimulator
import Foundation
import Rollout
import Testing

/// A real 300-account rollout killed with SIGKILL twenty times, each time resumed by a new
/// `keyshare resume` process, must end exactly where an uninterrupted run ends.
@Suite(
    "Resume after kill -9",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct ResumeKillTests {
    /// The shipped example, copied beside the world so the runs are journaled beside their state.
    static let sharePlaybook = packageRoot.appendingPathComponent("plugins/ecs-key-sharing/examples/share-disk-key.lua")

    @Test(
        "a 300-account share killed 20 times at random moments and resumed each time ends as a clean run: same roles, trust, policies and principals, nothing twice, no verification disk left, every journaled change in the cloud"
    )
    func killedTwentyTimes() async throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        var random = SeededGenerator(seed: seed)
        let work = try temporaryFolder("keyshare-resume-kill")
        defer { try? FileManager.default.removeItem(at: work) }
        let made = try await keyshare(
            KeyshareInvocation(
                arguments: ["sim", "init", "--accounts", "300", "--output", "world.yaml"],
                directory: work, timeout: 120))
        try #require(made.status == 0, "\(made.errors)")
        try FileManager.default.copyItem(at: Self.sharePlaybook, to: work.appendingPathComponent("share.lua"))
        let share = ["run", "share.lua", "--world", "world.yaml", "--param", "folder="]

        let before = try await CloudDump.read(state: "before.sqlite", world: "world.yaml", in: work)
        let clean = try await keyshare(
            KeyshareInvocation(arguments: share + ["--state", "clean.sqlite"], directory: work, timeout: 180))
        try #require(
            clean.status == 0 && clean.output.contains("300 targets: 300 changed"), "\(clean.output.suffix(500))\(clean.errors)")
        let expected = try await CloudDump.read(state: "clean.sqlite", in: work)

        // The first kill waits for the run to be journaled (before that there is nothing to
        // resume); later ones land after the resumed run announced itself, or (one in four) at any
        // moment of its start.
        var schedule: [String] = []
        for round in 0..<20 {
            let arguments = round == 0 ? share + ["--state", "state.sqlite"] : ["resume", "last", "--state", "state.sqlite"]
            let early = round > 0 && Int.random(in: 0..<4, using: &random) == 0
            let delay = Int.random(in: 0...(early ? 400 : 300), using: &random)
            let markers = early ? [] : [round == 0 ? "keyshare: run r-" : "keyshare: resuming r-"]
            let outcome = try await onOwnThread {
                try killKeyshare(arguments, in: work, after: markers, milliseconds: delay)
            }
            schedule.append(
                "\(round):\(early ? "start" : "announce")+\(delay)ms\(outcome.killed ? "" : " ended \(outcome.status)")")
            if !outcome.killed {
                #expect(
                    outcome.status == 0,
                    "seed \(seed), round \(round) ended by itself with \(outcome.status): \(outcome.errors.suffix(800))")
            }
        }
        let note = "seed \(seed), kills \(schedule.joined(separator: " "))"
        // Kills after the announce must mostly land mid-run, or the test proves little.
        #expect(schedule.filter { !$0.contains("ended") }.count >= 15, "\(note)")

        let final = try await keyshare(
            KeyshareInvocation(
                arguments: ["resume", "last", "--state", "state.sqlite"], directory: work,
                timeout: 180))
        #expect(final.status == 0, "\(note): \(final.output.suffix(800))\(final.errors)")
        #expect(
            final.output.contains("300 targets: ") && final.output.contains(" 0 failed, 0 skipped"),
            "\(note): \(final.output.suffix(400))")

        let after = try await CloudDump.read(state: "state.sqlite", in: work)
        let differences = after.differences(from: expected)
        #expect(
            differences.isEmpty, "\(note): the resumed cloud differs from a clean run's:\n\(differences.joined(separator: "\n"))")
        for (key, principals) in after.principals {
            #expect(principals.count == Set(principals).count, "\(note): \(key) names a principal twice")
            #expect(principals.count == 300, "\(note): \(key) names \(principals.count) principals")
        }
        let disks = after.accounts.filter { !$0.value.disks.isEmpty }
        #expect(disks.isEmpty, "\(note): disks left: \(disks.mapValues(\.disks).sorted { $0.key < $1.key }.prefix(5))")

        let facts = try await JournalFacts.read(work.appendingPathComponent("state.sqlite.journal.sqlite"))
        #expect(facts.run.status == .succeeded, "\(note)")
        #expect(facts.statuses.count == 300, "\(note)")
        let unfinished = facts.statuses.filter { $0.value != .changed && $0.value != .unchanged }
        #expect(unfinished.isEmpty, "\(note): targets not done: \(unfinished.sorted { $0.key < $1.key }.prefix(5))")
        let problems = facts.shareProblems(against: after)
        #expect(
            problems.isEmpty, "\(note): journal entries the cloud does not show:\n\(problems.prefix(10).joined(separator: "\n"))")
        // Every call is journaled before it is sent, so a kill between the cloud's answer and the
        // journal's commit still leaves the change in the journal (as an unanswered intent), and the
        // resumed target still counts it as changed.
        do {
            let missing = facts.unjournaledChanges(before: before, after: after)
            #expect(missing.isEmpty, "\(note): changes the journal does not hold:\n\(missing.prefix(10).joined(separator: "\n"))")
            let unchanged = facts.statuses.filter { $0.value != .changed }.keys.sorted()
            #expect(unchanged.isEmpty, "\(note): targets reported unchanged though this run changed them: \(unchanged.prefix(8))")
            // A resumed verification gets its disk back by ClientToken: never two disks at once in one
            // account, and a fresh one only after the earlier one was deleted.
            for target in Set(facts.mutations("ecs:CreateDisk").compactMap(\.target)) {
                let order = facts.mutations.filter { $0.target == target && $0.action.hasSuffix("Disk") && !$0.resource.isEmpty }
                // A replayed token answers with the disk it made even once deleted: no new disk.
                var live: Set<String> = []
                var deleted: Set<String> = []
                for mutation in order {
                    if mutation.action == "ecs:CreateDisk" {
                        guard !deleted.contains(mutation.resource) else { continue }
                        live.insert(mutation.resource)
                        #expect(live.count == 1, "\(note): \(target) held \(live.sorted()) at once")
                    } else {
                        live.remove(mutation.resource)
                        deleted.insert(mutation.resource)
                    }
                }
            }
        }

        // The second run of the same playbook has nothing to do.
        let again = try await keyshare(
            KeyshareInvocation(arguments: share + ["--state", "state.sqlite"], directory: work, timeout: 180))
        #expect(again.output.contains("300 targets: 0 changed, 300 unchanged, 0 failed"), "\(note): \(again.output.suffix(400))")
        let second = try await JournalFacts.read(work.appendingPathComponent("state.sqlite.journal.sqlite"))
        #expect(second.mutations.isEmpty, "\(note): a second run recorded \(second.mutations.count) mutations")

        // Undoing the killed and resumed run returns the cloud to where it started, including what
        // calls whose answers a kill lost may have made.
        let undo = try await keyshare(
            KeyshareInvocation(
                arguments: ["undo", facts.run.id.rawValue, "--state", "state.sqlite", "--yes"],
                directory: work, timeout: 180))
        let undone = try await CloudDump.read(state: "state.sqlite", in: work)
        let left = undone.differences(from: before)
        let journaled = Set(facts.mutations("kms:SetKeyPolicy").flatMap { JournalFacts.principals(of: $0) })
        #expect(journaled.count > 200, "\(note): only \(journaled.count) grants journaled")
        do {
            #expect(undo.status == 0, "\(note): \(undo.output.suffix(800))\(undo.errors)")
            #expect(left.isEmpty, "\(note): after undo the cloud differs from before the run:\n\(left.joined(separator: "\n"))")
            #expect(journaled.isDisjoint(with: undone.allPrincipals), "\(note): undo left journaled grants in place")
            let roles = facts.mutations("ram:CreateRole").filter { undone.accounts[$0.account]?.roles[$0.resource] != nil }
            #expect(roles.isEmpty, "\(note): undo left roles the run created: \(roles.prefix(5).map(\.account))")
        }
    }
}
