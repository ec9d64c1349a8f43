import Foundation
import Rollout

/// The human-readable output of `keyshare runs list` and `runs show`.
enum RunsText {
    /// The `runs list` table: a header line, then one line per run.
    static func table(_ runs: [RunRecord], counts: [RunID: [TargetStatus: Int]]) -> String {
        let rows = runs.map { run -> [String] in
            [
                run.id.rawValue, run.kind, run.status.rawValue, time(run.startedAt), duration(of: run), run.playbook,
                summary(of: run, counts: counts[run.id] ?? [:]),
            ]
        }
        let header = ["RUN", "KIND", "STATUS", "STARTED", "DURATION", "PLAYBOOK", "SUMMARY"]
        let widths = (0..<header.count).map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        return ([header] + rows).map { row in
            row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }

    /// The `runs show` text: the header, then per target its status, steps and mutation count.
    static func show(_ details: RunDetails) -> String {
        let run = details.record
        var lines = ["run \(run.id) (\(run.kind))\(run.undoes.map { ", undoes \($0)" } ?? ""): \(run.status.rawValue)"]
        lines.append("playbook:    \(run.playbook) (sha256 \(run.playbookDigest.prefix(12)))")
        lines.append("backend:     \(run.backend)")
        lines.append("invocation:  keyshare \(run.kind) \(run.invocation.map(shellWord).joined(separator: " "))")
        lines.append("directory:   \(run.workingDirectory)")
        var times = "started \(time(run.startedAt))"
        if let resumed = run.resumedAt { times += ", resumed \(time(resumed))" }
        times +=
            run.finishedAt.map { ", finished \(time($0)) (\(duration(of: run)))" }
            ?? ", not finished (running, or killed: `keyshare resume \(run.id)`)"
        lines.append("times:       \(times)")
        lines.append("steps:       \(run.steps.isEmpty ? "none" : run.steps.joined(separator: ", "))")
        let counts = Dictionary(details.targets.map { ($0.status, 1) }, uniquingKeysWith: +)
        lines.append("summary:     \(summary(of: run, counts: counts))")
        if details.setupMutations > 0 {
            lines.append("setup:       \(details.setupMutations) mutation\(details.setupMutations == 1 ? "" : "s")")
        }
        lines.append("")
        lines.append("targets (\(details.targets.count)):")
        for target in details.targets {
            let name = target.target.name == target.target.id ? "" : " \(target.target.name)"
            lines.append(
                "  \(target.target.id)\(name): \(target.status.rawValue)\(target.reason.map { " — \(oneLine($0))" } ?? "")")
            for step in target.steps {
                var line = "    [\(step.step.index)] \(step.step.name): \(step.status.rawValue)"
                if !step.changes.isEmpty { line += "; changes: \(step.changes.map(oneLine).joined(separator: "; "))" }
                if let failure = step.failure {
                    line += "; \(step.status == .skipped ? "reason" : "error") \(failure.code): \(oneLine(failure.message))"
                    if let request = failure.requestID { line += " (request \(request))" }
                    if !failure.changes.isEmpty {
                        line += "; changed before it failed: \(failure.changes.map(oneLine).joined(separator: "; "))"
                    }
                }
                lines.append(line)
            }
            if target.mutations > 0 { lines.append("    mutations: \(target.mutations)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The run's summary line, or, before it has one, how far its targets got.
    static func summary(of run: RunRecord, counts: [TargetStatus: Int]) -> String {
        if let summary = run.summary, run.status != .running { return oneLine(summary) }
        let total = counts.values.reduce(0, +)
        let done = total - (counts[.pending] ?? 0) - (counts[.running] ?? 0)
        let parts = TargetStatus.allCases.compactMap { status in
            counts[status].flatMap { $0 > 0 ? "\($0) \(status.rawValue)" : nil }
        }
        return "\(done) of \(total) targets done" + (parts.isEmpty ? "" : " (\(parts.joined(separator: ", ")))")
    }

    /// `2026-12-06 23:45:00Z`.
    static func time(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss'Z'"
        return formatter.string(from: date)
    }

    /// `0.42s`, `12.3s`, `2m05s`, `1h02m`; `-` for a run that has not finished.
    static func duration(of run: RunRecord) -> String {
        guard let finished = run.finishedAt else { return "-" }
        let seconds = max(0, finished.timeIntervalSince(run.startedAt))
        guard seconds.isFinite, seconds < 1e9 else { return "-" }
        if seconds < 10 { return String(format: "%.2fs", seconds) }
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let whole = Int(seconds.rounded(.down))
        if whole < 3_600 { return "\(whole / 60)m" + String(format: "%02ds", whole % 60) }
        return "\(whole / 3_600)h" + String(format: "%02dm", (whole % 3_600) / 60)
    }

    /// A journal text on one line: control characters (a newline in an error message) shown escaped.
    static func oneLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return text }
        return String(
            text.unicodeScalars.map { scalar in
                scalar.properties.generalCategory == .control ? scalar.escaped(asASCII: true) : String(scalar)
            }.joined())
    }

    /// `word` as a shell would need it typed: bare when plain, else single-quoted.
    static func shellWord(_ word: String) -> String {
        let plain =
            !word.isEmpty
            && word.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "-_./=:,@%+".unicodeScalars.contains(scalar))
            }
        return plain ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
