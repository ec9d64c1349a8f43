/// Refuses a single-valued option given twice (`--state a.db … --state b.db`): the parser keeps
/// the last silently, so a run could act on another state, world, endpoint or region than the one
/// the user read first on the line. Repeatable options (`--param`, `--reporter`, `--plugin-path`)
/// and words after `--` (a plain script's) are not counted.
enum RepeatedOption {
    /// Every option of any subcommand that takes one value and may appear once.
    static let singleValued: Set<String> = [
        "--backend", "--endpoint", "--profile", "--region", "--access-role", "--world", "--state", "--wait-state", "--journal",
        "--concurrency", "--max-instructions", "--max-memory", "--log-level", "--host", "--port", "--idle-timeout",
        "--request-timeout", "--accounts", "--keys", "--output", "--seed", "--calls", "--sharees",
        "--canary", "--batches", "--pause", "--tolerance", "--tolerance-mode",
        "--key", "--principal", "--via", "--html", "--fail-on",
    ]

    /// Options a subcommand takes repeatedly although others take them once (`audit --region a --region b`).
    static let repeatableIn: [String: Set<String>] = ["audit": ["--region"], "sim": ["--region"]]

    /// The message for the first single-valued option given twice in `words` (the arguments after
    /// the program name), naming both values and the fix; nil when there is none.
    static func problem(in words: [String]) -> String? {
        var seen: [String: String] = [:]
        let repeatable = words.first.flatMap { repeatableIn[$0] } ?? []
        var index = 0
        while index < words.count, words[index] != "--" {
            let word = words[index]
            let name = String(word.prefix { $0 != "=" })
            guard singleValued.contains(name), !repeatable.contains(name) else {
                index += 1
                continue
            }
            let inline = word.count > name.count ? String(word.dropFirst(name.count + 1)) : nil
            let value = inline ?? (index + 1 < words.count ? words[index + 1] : "")
            if let first = seen[name] {
                return "\(name) is given twice ('\(first)' and '\(value)'); give it once, with the value you mean. "
                    + "Nothing ran."
            }
            seen[name] = value
            index += inline == nil ? 2 : 1
        }
        return nil
    }
}
