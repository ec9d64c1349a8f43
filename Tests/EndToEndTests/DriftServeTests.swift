import Foundation
import Testing

/// `keyshare drift --backend http` against `keyshare serve`: the same answers as on the embedded
/// simulator, and the server's request log shows reads only while drift runs.
@Suite(
    "keyshare drift over keyshare serve",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct DriftServeTests {
    @Test("clean after a run over HTTP, drift after two changes, and not one mutating request from drift")
    func driftOverHTTP() async throws {
        let work = try temporaryFolder("keyshare-drift-serve")
        defer { try? FileManager.default.removeItem(at: work) }
        let world = work.appendingPathComponent("world.yaml")
        try driftWorld.write(to: world, atomically: true, encoding: .utf8)
        let server = try await LoggedServer.start(world: world.path, log: work.appendingPathComponent("serve.log"))
        defer { server.stop() }
        let options = ["--backend", "http", "--endpoint", server.endpoint]

        let run = try await keyshare(["run"] + options + [planSharePlaybook], in: work, environment: driftClientEnvironment)
        try #require(run.status == 0, "\(run.output)\(run.errors)")

        var before = try server.actions().count
        let clean = try await keyshare(["drift"] + options + [planSharePlaybook], in: work, environment: driftClientEnvironment)
        #expect(clean.status == 0, "\(clean.output)\(clean.errors)")
        var during = Array(try server.actions().dropFirst(before))
        #expect(!during.isEmpty, "the server logged no request at all")
        #expect(during.filter(isMutatingAction).isEmpty, "mutating requests during drift: \(during)")

        let twoAtOnce = try #require(driftTampers.first { $0.name.hasPrefix("two at once") })
        try await tamper(twoAtOnce.script, in: work, options: options, environment: driftClientEnvironment)
        let writes = try server.actions().filter(isMutatingAction).count
        before = try server.actions().count
        let drift = try await keyshare(
            ["drift"] + options + ["--json", planSharePlaybook], in: work,
            environment: driftClientEnvironment)
        #expect(drift.status == 2, "\(drift.output)\(drift.errors)")
        let findings = try driftFindings(drift.output)
        #expect(findings["2000000000000001"]?.map(\.kind) == ["policy-detached"], "\(findings)")
        #expect(findings["2000000000000002"]?.map(\.kind) == ["access-denied"], "\(findings)")
        #expect(findings.count == 2, "\(findings)")
        during = Array(try server.actions().dropFirst(before))
        #expect(during.filter(isMutatingAction).isEmpty, "mutating requests during drift: \(during)")
        #expect(try server.actions().filter(isMutatingAction).count == writes)
        #expect(!drift.output.contains(driftSecret) && !drift.errors.contains(driftSecret))
    }

    @Test("a server that is not there is an error (exit 1), not bad input and not drift")
    func unreachable() async throws {
        let work = try temporaryFolder("keyshare-drift-noserver")
        defer { try? FileManager.default.removeItem(at: work) }
        let drift = try await keyshare(
            ["drift", "--backend", "http", "--endpoint", "http://127.0.0.1:9", planSharePlaybook],
            in: work, environment: driftClientEnvironment)
        #expect(drift.status == 1, "\(drift.output)\(drift.errors)")
        #expect(drift.errors.contains("GetCallerIdentity"), "\(drift.errors)")
    }
}
