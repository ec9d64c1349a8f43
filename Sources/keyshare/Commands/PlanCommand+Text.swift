import CloudSimulator
import Foundation

extension PlanReport {
    /// The plan for people: per target what would change or fail, per key the room left, a total.
    var text: String {
        var lines = ["Plan for \(playbook) against \(backend) (nothing was written):"]
        if isPlaybook {
            if let staging { lines += Self.lines(staging) }
            for target in targets { lines += Self.lines(target) }
        } else {
            lines.append("  a plain script (no targets)")
        }
        if !keys.isEmpty {
            lines.append("Keys after the change:")
            for key in keys { lines.append("  " + Self.line(key)) }
        }
        if !mutatingCalls.isEmpty {
            let calls = mutatingCalls.sorted { $0.key < $1.key }.map { "\($0.key) ×\($0.value)" }
            lines.append("Writes a run would send: " + calls.joined(separator: ", "))
        }
        for caveat in caveats { lines.append("Caveat: \(caveat)") }
        if isPlaybook {
            lines.append(
                "\(summary.targets) targets: \(summary.changed) would change, \(summary.unchanged) unchanged, "
                    + "\(summary.failed) would fail, \(summary.skipped) skipped"
                    + (summary.cancelled > 0 ? ", \(summary.cancelled) would be cancelled" : ""))
        }
        switch exitCode {
        case 0: lines.append("Nothing would change.")
        case 2: lines.append("Changes would be made.")
        case 3: lines.append("Nothing would run: \(targets.first?.skipReason ?? "every target would be skipped").")
        default: lines.append("Some targets would fail.")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `Stages: canary 1 (…), batch 1 of 2: 10 targets, …; concurrency 5; pause after the canary; …`,
    /// printed only when the playbook stages its run.
    private static func lines(_ staging: Staging) -> [String] {
        let staged =
            staging.stages.count > 1 || staging.stages.first?.batch == 0 || staging.pause != "never"
            || staging.tolerance != nil
        guard staged else { return [] }
        var lines = ["Stages (concurrency \(staging.concurrency)):"]
        for stage in staging.stages {
            let shown = stage.accounts.prefix(5).joined(separator: ", ") + (stage.accounts.count > 5 ? ", …" : "")
            lines.append("  \(stage.name): \(stage.accounts.count) target\(stage.accounts.count == 1 ? "" : "s") (\(shown))")
        }
        let pause =
            switch staging.pause {
            case "canary": "after the canary"
            case "batch": "after the canary and after every batch"
            default: "never"
            }
        let tolerance = staging.tolerance.map { "\($0) failure\($0 == 1 ? "" : "s") (\(staging.toleranceMode))" } ?? "no limit"
        lines.append("  pause: \(pause); failure tolerance: \(tolerance)")
        return lines
    }

    private static func lines(_ target: Target) -> [String] {
        let label = target.name == target.account ? target.account : "\(target.account) (\(target.name))"
        var lines: [String]
        switch target.status {
        case "changed": lines = ["  ~ \(label): would change"]
        case "unchanged": lines = ["  = \(label): no change"]
        case "failed": lines = ["  ! \(label): would fail"]
        case "cancelled": lines = ["  x \(label): would be cancelled: \(target.cancelReason ?? "")"]
        default: lines = ["  - \(label): skipped: \(target.skipReason ?? "")"]
        }
        lines += target.changes.map { "      + \($0)" }
        if let failure = target.failure {
            let step = failure.step.map { " (step \($0))" } ?? ""
            lines.append("      \(failure.code): \(failure.message)\(step)")
        }
        return lines
    }

    private static func line(_ key: KeyCapacity) -> String {
        var parts = ["\(key.arn) [\(key.state)]"]
        if let used = key.quotaUsed, let total = key.quotaTotal, let left = key.quotaLeft {
            parts.append("access-management quota \(used)/\(total) used, \(left) left (\(key.instanceID ?? "?"))")
        } else {
            parts.append("no KMS instance quota")
        }
        parts.append("policy \(key.policyBytes)/\(key.policyLimit) bytes")
        return parts.joined(separator: ": ")
    }
}
