import CloudSimulator
import Foundation

extension PlanReport {
    /// The plan for people: per target what would change or fail, per key the room left, a total.
    var text: String {
        var lines = ["Plan for \(playbook) against \(backend) (nothing was written):"]
        if isPlaybook {
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
            lines.append("\(summary.targets) targets: \(summary.changed) would change, \(summary.unchanged) unchanged, "
                + "\(summary.failed) would fail, \(summary.skipped) skipped")
        }
        switch exitCode {
        case 0: lines.append("Nothing would change.")
        case 2: lines.append("Changes would be made.")
        case 3: lines.append("Nothing would run: \(targets.first?.skipReason ?? "every target would be skipped").")
        default: lines.append("Some targets would fail.")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func lines(_ target: Target) -> [String] {
        let label = target.name == target.account ? target.account : "\(target.account) (\(target.name))"
        var lines: [String]
        switch target.status {
        case "changed": lines = ["  ~ \(label): would change"]
        case "unchanged": lines = ["  = \(label): no change"]
        case "failed": lines = ["  ! \(label): would fail"]
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
