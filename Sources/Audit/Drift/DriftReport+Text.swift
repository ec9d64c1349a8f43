import Foundation

extension DriftReport {
    /// The report for people: only targets that are not clean, each difference on its own line
    /// with the kinds aligned, then the summary and the verdict.
    package var text: String {
        var lines = ["Drift of \(playbook) against \(backend) (nothing was written):"]
        let listed = (targets + others).filter { $0.status != "clean" && $0.status != "skipped" }
        let width = listed.flatMap(\.findings).map(\.kind.count).max() ?? 0
        for target in listed {
            let label =
                target.name.isEmpty || target.name == target.account
                ? (target.name.isEmpty ? "\(target.account) (not a target)" : target.account)
                : "\(target.account) (\(target.name))"
            lines.append("  \(Self.mark(target.status)) \(label): \(Self.word(target.status))")
            for finding in target.findings {
                let kind = finding.kind.padding(toLength: width, withPad: " ", startingAt: 0)
                lines.append("      \(kind)  \(finding.message)")
            }
        }
        for caveat in caveats { lines.append("Caveat: \(caveat)") }
        var counts = "\(summary.targets) targets: \(summary.clean) clean, \(summary.drifted) drifted, \(summary.unknown) unknown"
        if summary.errors > 0 { counts += ", \(summary.errors) could not be checked" }
        if summary.skipped > 0 { counts += ", \(summary.skipped) skipped" }
        lines.append(counts)
        lines.append(verdict)
        return lines.joined(separator: "\n") + "\n"
    }

    /// The last line: what the exit code says.
    private var verdict: String {
        switch status {
        case "clean": "No drift: the declared state holds in every target."
        case "drift": "Drift found."
        case "unknown": "No drift found, but some access could not be decided (unknown)."
        case "not-checked": "Nothing was checked: \(targets.first?.skipReason ?? "every target would be skipped")."
        default: "Some targets could not be checked."
        }
    }

    private static func mark(_ status: String) -> String {
        switch status {
        case "drifted": "~"
        case "unknown": "?"
        default: "!"
        }
    }

    private static func word(_ status: String) -> String {
        switch status {
        case "drifted": "drifted"
        case "unknown": "unknown"
        default: "could not be checked"
        }
    }
}
