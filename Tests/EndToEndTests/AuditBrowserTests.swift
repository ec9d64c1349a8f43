import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The `--html` page of the audit world in a real headless browser (Debian's Chromium): it renders,
/// its script runs (the DOM after scripts shows the filter count and the known findings), a hostile
/// account name stays text, nothing logs to the console (a blocked fetch or a script error would),
/// and a screenshot is kept in the test's output folder. `scripts/test` installs chromium; when it
/// cannot be found this suite fails, unless KEYSHARE_SKIP_BROWSER=1 says to skip it.
@Suite(
    "keyshare audit --html in a headless browser",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"),
    .enabled(
        if: ProcessInfo.processInfo.environment["KEYSHARE_SKIP_BROWSER"] != "1",
        "skipped: KEYSHARE_SKIP_BROWSER=1"))
struct AuditBrowserTests {
    /// Debian's `chromium` (or `chromium-browser`) on PATH.
    static let chromium: URL? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            for name in ["chromium", "chromium-browser"] {
                let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            }
        }
        return nil
    }()

    /// Where the screenshot is kept: `.build/test-output/audit-html/`.
    static let outputFolder = packageRoot.appendingPathComponent(".build/test-output/audit-html")

    /// Headless Chromium with its profile in `profile`. As root, Chromium refuses to start without
    /// `--no-sandbox` (its sandbox needs an unprivileged user and namespaces a container rarely
    /// grants); the page is our own file and its Content-Security-Policy forbids every fetch.
    static func arguments(profile: URL) -> [String] {
        var words = [
            "--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
            "--user-data-dir=\(profile.path)", "--enable-logging=stderr", "--v=0",
        ]
        if geteuid() == 0 { words.append("--no-sandbox") }
        return words
    }

    @Test("the page renders, its script runs, the known findings show, nothing logs to the console")
    func rendersInChromium() async throws {
        let browser = try #require(
            Self.chromium,
            """
            chromium is not installed: scripts/test installs it (apt-get install -y chromium);             set KEYSHARE_SKIP_BROWSER=1 to skip this suite
            """)
        let folder = try AuditFolder()
        defer { folder.remove() }
        try await folder.runShareAndDelete()
        let page = folder.url.appendingPathComponent("audit.html")
        let audit = try await keyshare(["audit", "--world", folder.world, "--state", folder.state, "--html", page.path])
        try #require(audit.status == 3, "\(audit.output)\(audit.errors)")
        let profile = try folder.url.appendingPathComponent("chromium-profile").creatingFolder()

        let dump = try await keyshare(
            KeyshareInvocation(
                arguments: Self.arguments(profile: profile) + ["--dump-dom", page.absoluteString],
                environment: ["HOME": folder.url.path], executable: browser, timeout: 120))
        #expect(dump.status == 0, "chromium: \(dump.errors.suffix(2000))")
        let dom = dump.output
        #expect(dom.contains("data-ready=\"yes\""), "the page's script did not run")
        #expect(dom.contains("9 of 9 shown"), "the filter count the script writes is missing")
        for kind in [
            "access-quota", "account-wide-grant", "outside-resource-directory", "role-missing", "grant-not-verified",
            "key-unreadable",
        ] {
            #expect(dom.contains("data-kind=\"\(kind)\""), "finding \(kind) is not in the DOM")
        }
        for state in ["granted-verified", "granted-not-verified", "role-missing", "outside-resource-directory", "wildcard"] {
            #expect(dom.contains("data-state=\"\(state)\""), "matrix state \(state) is not in the DOM")
        }
        #expect(dom.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"), "the hostile name is not shown as text")
        #expect(dom.contains("<title>keyshare audit of 1000000000000001</title>"), "the title changed")
        #expect(!dom.contains("<img"), "an injected element reached the DOM")
        let console = dump.errors.split(separator: "\n").filter { $0.contains("CONSOLE") || $0.contains("Uncaught") }
        #expect(console.isEmpty, "console output: \(console)")

        try FileManager.default.createDirectory(at: Self.outputFolder, withIntermediateDirectories: true)
        let screenshot = Self.outputFolder.appendingPathComponent("audit-report.png")
        try? FileManager.default.removeItem(at: screenshot)
        let shot = try await keyshare(
            KeyshareInvocation(
                arguments: Self.arguments(profile: profile) + [
                    "--hide-scrollbars", "--window-size=1400,1000",
                    "--screenshot=\(screenshot.path)", page.absoluteString,
                ],
                environment: ["HOME": folder.url.path], executable: browser, timeout: 120))
        #expect(shot.status == 0, "chromium: \(shot.errors.suffix(2000))")
        let size = (try? FileManager.default.attributesOfItem(atPath: screenshot.path)[.size] as? Int) ?? 0
        #expect(size > 10_000, "no screenshot at \(screenshot.path)")
        print("audit page screenshot: \(screenshot.path)")
    }
}
