import Audit
import CloudModel
import CloudSimulator
import Foundation
import Testing

/// The audit's three outputs on hostile cloud values: a Sid, a principal or an account name is
/// attacker-controlled, so the page shows it as text and the terminal never receives its control
/// characters; JSON keeps it exactly.
@Suite("audit outputs")
struct AuditRenderingTests {
    /// Values a hostile policy or account may carry, and how each must not appear in the page.
    static let hostile: [(value: String, raw: String)] = [
        ("<script>alert(1)</script>", "<script>alert(1)"),
        ("\"><img src=x onerror=alert(2)>", "<img src=x"),
        ("' onmouseover='alert(3)", "' onmouseover='"),
        ("</style><b>bold</b>", "</style><b>"),
        ("&amp; & <", "& <"),
    ]

    /// A report over the audit world whose key policy (as the cloud returns it) carries `value` as
    /// a Sid and in a principal name.
    static func report(hostile value: String) async throws -> AuditReport {
        let cloud = try SimulatedCloud(
            world: try World.load(yaml: AuditWorld(principals: ["acs:ram::\(AuditWorld.member1):role/KeyUser"]).yaml))
        let sid = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        var probe = AuditProbeCloud(inner: cloud)
        probe.policies[AuditWorld.keyID] =
            #"{"Version":"1","Statement":[{"Sid":"\#(sid)","Effect":"Allow","Principal":{"RAM":["acs:ram::3000000000000001:role/\#(sid)","*"]},"Action":["kms:Decrypt"],"Resource":["*"]}]}"#
        return try await OrganisationAuditor(
            cloud: probe, caller: try #require(AccountID(AuditWorld.owner)), regions: [.hangzhou],
            verification: .notChecked(reason: "none")
        ).audit()
    }

    @Test("a hostile Sid or principal is shown as text in the page, never as markup", arguments: hostile.indices)
    func escapedInHTML(_ index: Int) async throws {
        let (value, raw) = Self.hostile[index]
        let report = try await Self.report(hostile: value)
        #expect(report.findings.contains { $0.message.contains(value) }, "the value reaches the findings")
        let page = report.html(generated: Date(timeIntervalSince1970: 0))
        #expect(!page.contains(raw), "\(value) appears unescaped")
        let escaped = value.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
        #expect(page.contains(escaped), "\(value) is not shown escaped")
        // The page's own script is the only one, and nothing is fetched.
        #expect(page.components(separatedBy: "<script>").count == 2)
        #expect(page.contains("default-src 'none'"))
        #expect(!page.contains("http://") && !page.contains("https://"))
    }

    @Test("the page holds the matrix, both gauges and every finding")
    func pageSections() async throws {
        let report = try await Self.report(hostile: "plain")
        let page = report.html(generated: Date(timeIntervalSince1970: 0))
        for part in [
            "id=\"findings\"", "table class=\"matrix\"", "id=\"gauges\"", "Key policy size", "Access-management quota",
            "data-state=\"wildcard\"", "data-state=\"outside-resource-directory\"",
        ] {
            #expect(page.contains(part), "missing \(part)")
        }
        #expect(page.components(separatedBy: "<li class=\"finding\"").count == report.findings.count + 1)
    }

    @Test(
        "control characters from the cloud never reach the terminal",
        arguments: ["\u{1b}[2J", "a\u{07}b", "x\u{202e}y", "line\nbreak"])
    func terminalSafe(_ value: String) async throws {
        let cloud = try SimulatedCloud(world: try World.load(yaml: AuditWorld(principals: []).yaml))
        var probe = AuditProbeCloud(inner: cloud)
        let escaped = value.unicodeScalars.map {
            $0.value < 0x80 && $0.value >= 0x20 ? String($0) : String(format: "\\u%04x", $0.value)
        }.joined()
        probe.policies[AuditWorld.keyID] =
            #"{"Version":"1","Statement":[{"Sid":"\#(escaped)","Effect":"Allow","Principal":{"RAM":"acs:ram::3000000000000001:root"},"Action":"kms:Decrypt","Resource":"*"}]}"#
        let report = try await OrganisationAuditor(
            cloud: probe, caller: try #require(AccountID(AuditWorld.owner)), regions: [.hangzhou],
            verification: .notChecked(reason: "none")
        ).audit()
        #expect(report.findings.contains { $0.message.contains(value) })
        let text = report.text
        for scalar in value.unicodeScalars where scalar.properties.generalCategory == .control || scalar.value == 0x202E {
            if scalar == "\n" { continue }
            #expect(!text.unicodeScalars.contains(scalar), "U+\(String(scalar.value, radix: 16)) reached the terminal text")
        }
        #expect(!text.contains(value), "the raw value reached the terminal text")
        // JSON keeps the value exactly (escaped by the encoder).
        let json = try report.json()
        let decoded = try JSONDecoder().decode(AuditReport.self, from: Data(json.utf8))
        #expect(decoded == report)
    }

    @Test("JSON has stable, sorted keys and the documented top-level fields")
    func jsonFields() async throws {
        let report = try await Self.report(hostile: "plain")
        let json = try report.json()
        #expect(try report.json() == json)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(
            Set(object.keys) == [
                "accounts", "caller", "counts", "findings", "instances", "keys", "regions",
                "resourceDirectory", "verification",
            ])
        let counts = try #require(object["counts"] as? [String: Int])
        #expect(Set(counts.keys) == ["high", "medium", "low", "info"])
        let finding = try #require((object["findings"] as? [[String: Any]])?.first)
        #expect(finding["severity"] as? String == "high")
        #expect(finding["kind"] != nil && finding["message"] != nil)
    }

    @Test(
        "severity thresholds: at least",
        arguments: [
            (AuditSeverity.high, AuditSeverity.high, true), (.high, .medium, true), (.medium, .high, false),
            (.low, .medium, false), (.info, .info, true), (.info, .low, false), (.medium, .info, true),
        ])
    func thresholds(_ severity: AuditSeverity, _ threshold: AuditSeverity, _ expected: Bool) {
        #expect(severity.isAtLeast(threshold) == expected)
    }
}
