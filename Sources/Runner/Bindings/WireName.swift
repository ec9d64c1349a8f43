/// The mechanical spelling rule between the wire and Lua: `CreateKey` ⇄ `create_key`,
/// `DKMSInstanceId` ⇄ `dkms_instance_id`, `KMSKeyId` ⇄ `kms_key_id`, `VSwitchId` ⇄ `v_switch_id`.
///
/// A word boundary falls before an upper-case letter that follows a lower-case letter or digit,
/// and before the last capital of a run of capitals that is followed by a lower-case letter.
package enum WireName {
    /// The snake_case spelling of a wire name.
    package static func snakeCase(_ wire: String) -> String {
        let characters = Array(wire)
        var output = ""
        output.reserveCapacity(characters.count + 4)
        for (index, character) in characters.enumerated() {
            if character.isUppercase, index > 0 {
                let previous = characters[index - 1]
                let nextIsLower = index + 1 < characters.count && characters[index + 1].isLowercase
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && nextIsLower) {
                    output.append("_")
                }
            }
            output.append(contentsOf: character.lowercased())
        }
        return output
    }

    /// The closest of `candidates` to `name` by edit distance, when it is close enough to be a typo.
    package static func nearest(to name: String, in candidates: some Sequence<String>) -> String? {
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(name, candidate)
            if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        guard let best, best.distance <= max(2, name.count / 3) else { return nil }
        return best.name
    }

    /// Levenshtein distance over characters.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
