import Foundation
import Testing

@testable import Rollout

/// The hand-written JSON of word lists and maps must read back exactly, whatever the words hold.
@Suite("Journal JSON text")
struct JournalCodingTests {
    static let words = [
        "", "plain", "a \"quoted\" word", "back\\slash", "line\nbreak\r\n", "tab\there", "\u{0}\u{1}\u{8}\u{C}\u{1F}\u{7F}",
        "acs:ram::2000000000000001:role/AliyunECSDiskEncryptDefaultRole", "ünïcödé ✓ 🔑", "{\"Version\":\"1\"}", "/slash/",
        "\u{2028}\u{2029}", "\\u0041", String(repeating: "x", count: 10_000),
    ]

    @Test("a list of words reads back as written", arguments: [[String](), words, [words[2]], words.reversed()])
    func listRoundTrip(list: [String]) throws {
        let text = try JournalCoding.text(list)
        #expect(try JSONDecoder().decode([String].self, from: Data(text.utf8)) == list)
    }

    @Test("a map of words reads back as written, keys in ascending order", arguments: [0, 1, 2, words.count])
    func mapRoundTrip(count: Int) throws {
        var map: [String: String] = [:]
        for (index, word) in Self.words.prefix(count).enumerated() { map[word] = Self.words[(index + 3) % Self.words.count] }
        let text = try JournalCoding.text(map)
        #expect(try JSONDecoder().decode([String: String].self, from: Data(text.utf8)) == map)
        // Equal maps store equal text, whatever order the dictionary holds them in.
        let rebuilt = Dictionary(uniqueKeysWithValues: map.sorted { $0.key > $1.key })
        #expect(try JournalCoding.text(rebuilt) == text)
    }
}
