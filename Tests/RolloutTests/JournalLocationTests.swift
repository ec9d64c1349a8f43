import Foundation
import Testing

@testable import Rollout

@Suite("JournalLocation")
struct JournalLocationTests {
    static let cwd = URL(fileURLWithPath: "/home/me/work", isDirectory: true)

    @Test(
        "A run records in --journal, else beside --state, else in .keyshare beside the playbook",
        arguments: [
            ("j.sqlite", "s.db", "pb/share.lua", "/home/me/work/j.sqlite"),
            ("/abs/j.sqlite", nil, "pb/share.lua", "/abs/j.sqlite"),
            ("../up/j.sqlite", nil, "pb/share.lua", "/home/me/up/j.sqlite"),
            (nil, "state.sqlite", "pb/share.lua", "/home/me/work/state.sqlite.journal.sqlite"),
            (nil, "/var/sim/state.sqlite", "pb/share.lua", "/var/sim/state.sqlite.journal.sqlite"),
            (nil, "sim/./s", "/other/pb.lua", "/home/me/work/sim/s.journal.sqlite"),
            (nil, nil, "pb/share.lua", "/home/me/work/pb/.keyshare/journal.sqlite"),
            (nil, nil, "/srv/playbooks/share.lua", "/srv/playbooks/.keyshare/journal.sqlite"),
            (nil, nil, "share.lua", "/home/me/work/.keyshare/journal.sqlite"),
            (nil, nil, "../x/../y/share.lua", "/home/me/y/.keyshare/journal.sqlite"),
        ] as [(String?, String?, String, String)])
    func forRun(journal: String?, state: String?, playbook: String, expected: String) {
        let playbookURL =
            playbook.hasPrefix("/") ? URL(fileURLWithPath: playbook) : URL(fileURLWithPath: playbook, relativeTo: Self.cwd)
        #expect(
            JournalLocation.forRun(journal: journal, state: state, playbook: playbookURL, workingDirectory: Self.cwd).path
                == expected)
    }

    @Test(
        "runs list/show read --journal, else beside --state, else ./.keyshare/journal.sqlite",
        arguments: [
            ("j.sqlite", "s.db", "/home/me/work/j.sqlite"),
            (nil, "s.db", "/home/me/work/s.db.journal.sqlite"),
            (nil, nil, "/home/me/work/.keyshare/journal.sqlite"),
        ] as [(String?, String?, String)])
    func forQueries(journal: String?, state: String?, expected: String) {
        #expect(JournalLocation.forQueries(journal: journal, state: state, workingDirectory: Self.cwd).path == expected)
    }
}
