import Foundation
import Testing

/// `keyshare plan --backend http` against `keyshare serve`: the server's request log shows only
/// reads during the plan, and the prediction is what the run over HTTP then does.
@Suite(
    "keyshare plan over keyshare serve",
    .enabled(if: keyshareBinaryExists, "skipped: build the binary first (swift build --product keyshare)"))
struct PlanServeTests {
    @Test(
        "no mutating request reaches the server during a plan, and the prediction matches the run",
        arguments: [
            ("quota for two of three members", planWorld, ["Rejected.ShareQuotaExceedLimit": 1]),
            ("room for everyone", planWorld.replacingOccurrences(of: "vpc_num: 4", with: "vpc_num: 10"), [:]),
            (
                "a disabled key",
                planWorld.replacingOccurrences(of: "state: Enabled", with: "state: Disabled")
                    .replacingOccurrences(of: "vpc_num: 4", with: "vpc_num: 10"), ["InvalidParameter.KMSKeyId.CMKNotEnabled": 3]
            ),
            (
                "no quota left at all", planWorld.replacingOccurrences(of: "bound_vpcs: 1", with: "bound_vpcs: 3"),
                ["Rejected.ShareQuotaExceedLimit": 3]
            ),
        ])
    func planOverHTTP(_ name: String, _ worldText: String, _ failures: [String: Int]) async throws {
        let work = try temporaryFolder("keyshare-plan-serve")
        defer { try? FileManager.default.removeItem(at: work) }
        let world = work.appendingPathComponent("world.yaml")
        try worldText.write(to: world, atomically: true, encoding: .utf8)
        let server = try await LoggedServer.start(world: world.path, log: work.appendingPathComponent("serve.log"))
        defer { server.stop() }
        let options = ["--backend", "http", "--endpoint", server.endpoint, "--concurrency", "1"]

        let planFile = work.appendingPathComponent("plan.json")
        let before = try server.actions().count
        let plan = try await keyshare(
            ["plan"] + options + ["--out", planFile.path, planSharePlaybook],
            environment: planClientEnvironment)
        #expect(plan.status == (failures.isEmpty ? 2 : 1), "\(name): \(plan.output)\(plan.errors)")
        let during = Array(try server.actions().dropFirst(before))
        #expect(!during.isEmpty, "\(name): the server logged no request at all")
        #expect(during.filter(isMutatingAction).isEmpty, "\(name): mutating requests during the plan: \(during)")
        #expect(!plan.output.contains("plan-test-secret") && !plan.errors.contains("plan-test-secret"))

        let predicted = try plannedTargets(planFile)
        var codes: [String: Int] = [:]
        for target in predicted.values { if let code = target.code { codes[code, default: 0] += 1 } }
        #expect(codes == failures, "\(name): \(predicted)")

        let report = work.appendingPathComponent("run.jsonl")
        let run = try await keyshare(
            ["run"] + options + ["--reporter", "json=\(report.path)", planSharePlaybook],
            environment: planClientEnvironment)
        #expect(run.status == (failures.isEmpty ? 0 : 1), "\(name): \(run.output)\(run.errors)")
        let writes = try server.actions().filter(isMutatingAction)
        #expect(!writes.isEmpty || predicted.values.allSatisfy { $0.changes.isEmpty }, "\(name): the run wrote nothing")
        #expect(predicted == (try reportedTargets(report)), "\(name)")

        let again = try await keyshare(["plan"] + options + [planSharePlaybook], environment: planClientEnvironment)
        #expect(again.status == (failures.isEmpty ? 0 : 1), "\(name): \(again.output)\(again.errors)")
        #expect(try server.actions().filter(isMutatingAction).count == writes.count, "\(name): the second plan wrote")
    }
}
