// The human form of an explanation: a header, then one block per action (or hop) whose first
// line is the answer and whose indented lines name the two halves.
extension KeyExplanation {
    /// The explanation for a terminal, columns aligned, ending in a newline.
    package var text: String {
        var lines = [
            "key        \(key.id) (\(key.arn)), owner \(key.owner), \(key.region), \(key.state)",
            "principal  \(principal)" + (via.map { " via \($0)" } ?? ""),
            "decision   \(decision.rawValue)",
            "",
        ]
        if via == nil {
            let width = max(actions.map(\.action.count).max() ?? 0, "RAM policy".count + 2)
            for action in actions {
                lines.append(
                    Self.pad(action.action, width) + "  " + Self.pad(action.decision.rawValue, 13) + "  " + action.reason)
                lines.append(
                    Self.pad("  key policy", width) + "  " + Self.pad(action.keyPolicy.decision.rawValue, 13) + "  "
                        + action.keyPolicy.summary)
                lines.append(
                    Self.pad("  RAM policy", width) + "  " + Self.pad(action.ramPolicy.decision.rawValue, 13) + "  "
                        + action.ramPolicy.summary)
            }
        } else {
            for (number, hop) in hops.enumerated() {
                let label = "\(number + 1). \(hop.hop)" + (hop.required ? "" : " (only to share onward)")
                lines.append(label)
                lines.append("     " + Self.pad(hop.decision.rawValue, 13) + "  " + hop.reason)
            }
        }
        if !notes.isEmpty {
            lines.append("")
            lines.append("notes")
            lines += notes.map { "  - \($0)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
