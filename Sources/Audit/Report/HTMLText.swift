/// Escaping for the audit page: every value that came from the cloud (a Sid, a role or account
/// name, an alias) is attacker-controlled text and goes through here before it reaches the page.
enum HTMLText {
    /// `text` safe in element content and in double- or single-quoted attribute values.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
