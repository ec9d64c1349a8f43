import Foundation
import Rollout
import Runner
import Testing

private let run = RunID("r-20261207T000000Z-abcdef")!
private let owner = "1000000000000001"
private let member = "2000000000000001"

/// A mutation of the test run by target `target` (nil: the setup).
private func made(
    _ action: String, _ resource: String, account: String = member, target: String? = member,
    _ details: [String: String] = [:]
) -> MutationRecord {
    MutationRecord(
        run: run, target: target, step: target == nil ? nil : 0, account: account, action: action,
        resource: resource, details: details, at: Date())
}

@Suite("Undo plan")
struct UndoPlanTests {
    @Test(
        "each recorded change maps to its inverse, in reverse order of the run",
        arguments: [
            // (the run's changes, the undo's actions as plan lines)
            (
                [
                    made("ram:CreateRole", "R"), made("ram:CreatePolicy", "P"),
                    made("ram:AttachPolicyToRole", "R", ["policyName": "P", "policyType": "Custom"]),
                    made(
                        "kms:SetKeyPolicy", "key-1", account: owner,
                        ["added": "acs:ram::\(member):role/R", "region": "cn-hangzhou"]),
                ],
                [
                    "remove acs:ram::\(member):role/R from the policy of key key-1",
                    "detach policy P from role R in account \(member)", "delete policy P in account \(member)",
                    "delete role R in account \(member)",
                ]
            ),
            // a disk the run made and deleted again nets to nothing; one it left is deleted
            (
                [
                    made("ecs:CreateDisk", "d-1", ["region": "cn-hangzhou"]), made("ecs:DeleteDisk", "d-1"),
                    made("ecs:CreateDisk", "d-2", ["region": "cn-hangzhou"]),
                ],
                ["delete disk d-2 left in account \(member)"]
            ),
            // a role the run only corrected gets its first earlier state back, once
            (
                [
                    made("ram:UpdateRole", "R", ["previousTrust": "T0", "previousDescription": "D0"]),
                    made("ram:UpdateRole", "R", ["previousTrust": "T1", "previousDescription": "D1"]),
                ],
                ["restore the trust and description role R had in account \(member)"]
            ),
            // an update of a role the run created needs no restoring: the role goes
            (
                [made("ram:CreateRole", "R"), made("ram:UpdateRole", "R", ["previousDescription": "x"])],
                ["delete role R in account \(member)"]
            ),
            // a revoke is undone by granting again
            (
                [made("kms:SetKeyPolicy", "key-1", account: owner, ["removed": "a,b", "region": "cn-hangzhou"])],
                ["add back a, b to the policy of key key-1"]
            ),
            // leftover disks the run deleted are not recreated
            ([made("ecs:DeleteDisk", "d-9")], []),
            (
                [
                    made(
                        "ecs:ModifyImageSharePermission", "m-1", account: owner,
                        ["addAccount": "\(member)", "region": "cn-hangzhou"])
                ],
                ["stop sharing image m-1 of account \(owner) with \(member)"]
            ),
        ])
    func inverses(changes: [MutationRecord], expected: [String]) {
        let plan = UndoPlan(mutations: changes, order: [member])
        #expect(plan.targets.flatMap(\.actions).map(\.line) == expected)
    }

    @Test(
        "a grant's intent stands for it until confirmed; a confirmed one counts once; a role leaves every key first",
        arguments: [
            // confirmed: the intent is dropped, the confirmed principals are revoked once
            (
                [
                    made("ram:CreateRole", "R"),
                    made(
                        "kms:SetKeyPolicy", "key-1", account: owner,
                        [
                            "added": "acs:ram::\(member):role/R", "phase": "intent",
                            "operation": "op1", "region": "cn-hangzhou",
                        ]),
                    made(
                        "kms:SetKeyPolicy", "key-1", account: owner,
                        [
                            "added": "acs:ram::\(member):role/R", "phase": "done",
                            "operation": "op1", "region": "cn-hangzhou",
                        ]),
                ],
                ["remove acs:ram::\(member):role/R from the policy of key key-1", "delete role R in account \(member)"]
            ),
            // killed between write and record: the intent alone is undone
            (
                [
                    made("ram:CreateRole", "R"),
                    made(
                        "kms:SetKeyPolicy", "key-1", account: owner,
                        [
                            "added": "acs:ram::\(member):role/R", "phase": "intent",
                            "operation": "op1", "region": "cn-hangzhou",
                        ]),
                ],
                ["remove acs:ram::\(member):role/R from the policy of key key-1", "delete role R in account \(member)"]
            ),
            // the grant's record on key-2 was lost entirely: the role still leaves every key the run touched
            (
                [
                    made("ram:CreateRole", "R"),
                    made(
                        "kms:SetKeyPolicy", "key-1", account: owner,
                        ["added": "acs:ram::\(member):role/S", "region": "cn-hangzhou"]),
                ],
                [
                    "remove acs:ram::\(member):role/S from the policy of key key-1",
                    "remove acs:ram::\(member):role/R from the policy of key key-1", "delete role R in account \(member)",
                ]
            ),
        ])
    func intents(changes: [MutationRecord], expected: [String]) {
        let plan = UndoPlan(mutations: changes, order: [member])
        #expect(plan.targets.flatMap(\.actions).map(\.line) == expected)
    }

    @Test(
        "a call whose answer a kill lost is undone only when the step saw it absent before, and otherwise named, never guessed",
        arguments: [
            // the step saw the role absent just before creating it: the run made it
            (
                [made("ram:CreateRole", "R", ["phase": "intent", "operation": "o1", "existedBefore": "no"])],
                ["delete role R in account \(member)"], 0
            ),
            // nothing tells whether the role stood before: kept
            ([made("ram:CreateRole", "R", ["phase": "intent", "operation": "o1"])], [], 1),
            ([made("ram:CreateRole", "R", ["phase": "intent", "operation": "o1", "existedBefore": "yes"])], [], 1),
            // the refused create changed nothing
            (
                [
                    made("ram:CreateRole", "R", ["phase": "intent", "operation": "o1", "existedBefore": "no"]),
                    made("ram:CreateRole", "R", ["phase": "failed", "operation": "o1"]),
                ], [], 0
            ),
            (
                [made("ram:CreatePolicy", "P", ["phase": "intent", "operation": "o1", "existedBefore": "no"])],
                ["delete policy P in account \(member)"], 0
            ),
            ([made("ram:CreatePolicy", "P", ["phase": "intent", "operation": "o1"])], [], 1),
            // an attachment to a role the run made is undone even unseen; to another role only when seen absent
            (
                [
                    made("ram:CreateRole", "R"),
                    made(
                        "ram:AttachPolicyToRole", "R",
                        ["policyName": "P", "policyType": "Custom", "phase": "intent", "operation": "o2"]),
                ],
                ["detach policy P from role R in account \(member)", "delete role R in account \(member)"], 0
            ),
            (
                [
                    made(
                        "ram:AttachPolicyToRole", "R",
                        ["policyName": "P", "policyType": "Custom", "phase": "intent", "operation": "o2"])
                ],
                [], 1
            ),
            (
                [
                    made(
                        "ram:AttachPolicyToRole", "R",
                        [
                            "policyName": "P", "policyType": "Custom", "phase": "intent",
                            "operation": "o2", "existedBefore": "no",
                        ])
                ],
                ["detach policy P from role R in account \(member)"], 0
            ),
            // an update's earlier state was read before the call: restoring it is right either way
            (
                [
                    made(
                        "ram:UpdateRole", "R",
                        ["previousTrust": "T0", "previousDescription": "D0", "phase": "intent", "operation": "o1"])
                ],
                ["restore the trust and description role R had in account \(member)"], 0
            ),
            // a disk whose id never came back: named with its token; a deletion in flight: the disk is deleted again
            (
                [
                    made(
                        "ecs:CreateDisk", "",
                        ["phase": "intent", "operation": "o1", "clientToken": "ks-1", "region": "cn-hangzhou"])
                ],
                [], 1
            ),
            (
                [
                    made("ecs:CreateDisk", "d-1", ["region": "cn-hangzhou"]),
                    made("ecs:DeleteDisk", "d-1", ["phase": "intent", "operation": "o2"]),
                ],
                ["delete disk d-1 left in account \(member)"], 0
            ),
        ] as [([MutationRecord], [String], Int)])
    func unansweredCalls(changes: [MutationRecord], expected: [String], keptCount: Int) {
        let plan = UndoPlan(mutations: changes, order: [member])
        #expect(plan.targets.flatMap(\.actions).map(\.line) == expected)
        let kept = plan.targets.flatMap(\.kept)
        #expect(kept.count == keptCount, "\(kept)")
        #expect(
            kept.allSatisfy { $0.contains("answer was lost") && $0.contains("by hand") || $0.contains("look for it") }, "\(kept)")
    }

    @Test(
        "what has no inverse is kept and named, never guessed",
        arguments: [
            made("ram:DeleteRole", "R"), made("ram:DeletePolicy", "P"), made("ecs:CopyImage", "m-2"),
            // a version made without reading the default before (not set as default, or the read failed)
            made("ram:CreatePolicyVersion", "P", ["versionId": "v2"]),
            made("kms:SetKeyPolicy", "key-1", account: owner, ["previousPolicy": "{}"]),
            made("ram:UpdateRole", "R"),
        ])
    func keptChanges(change: MutationRecord) {
        let plan = UndoPlan(mutations: [change], order: [member])
        #expect(plan.actionCount == 0)
        #expect(plan.targets.first?.kept.count == 1, "\(change.action)")
        #expect(plan.targets.first?.kept.first?.contains(change.resource) == true)
    }

    @Test(
        "a policy the run gave a new default version gets its earlier one back and loses the run's versions",
        arguments: [
            // (the run's changes, the undo's actions as plan lines, how many changes are kept)
            (
                [made("ram:CreatePolicyVersion", "P", ["previousDefaultVersion": "v1", "versionId": "v2"])],
                ["set the default version of policy P in account \(member) back to v1 and delete v2"], 0
            ),
            // a default the run chose among existing versions goes back, and no version is deleted
            (
                [made("ram:SetDefaultPolicyVersion", "P", ["previousDefaultVersion": "v1", "versionId": "v3"])],
                ["set the default version of policy P in account \(member) back to v1"], 0
            ),
            // the earliest of either kind of change wins; only the versions the run added go
            (
                [
                    made("ram:SetDefaultPolicyVersion", "P", ["previousDefaultVersion": "v1", "versionId": "v3"]),
                    made("ram:CreatePolicyVersion", "P", ["previousDefaultVersion": "v3", "versionId": "v4"]),
                ],
                ["set the default version of policy P in account \(member) back to v1 and delete v4"], 0
            ),
            // a deleted version cannot come back: named and kept
            ([made("ram:DeletePolicyVersion", "P", ["versionId": "v2"])], [], 1),
            // the earliest default wins; every version the run added goes
            (
                [
                    made("ram:CreatePolicyVersion", "P", ["previousDefaultVersion": "v1", "versionId": "v2"]),
                    made("ram:CreatePolicyVersion", "P", ["previousDefaultVersion": "v2", "versionId": "v3"]),
                ],
                ["set the default version of policy P in account \(member) back to v1 and delete v2, v3"], 0
            ),
            // a policy the run created is emptied of the run's versions first, so it can be deleted
            (
                [
                    made("ram:CreatePolicy", "P"),
                    made("ram:CreatePolicyVersion", "P", ["previousDefaultVersion": "v1", "versionId": "v2"]),
                ],
                [
                    "set the default version of policy P in account \(member) back to v1 and delete v2",
                    "delete policy P in account \(member)",
                ], 0
            ),
            // intent and outcome count once; a refused call changed nothing
            (
                [
                    made("ram:CreatePolicyVersion", "P", ["previousDefaultVersion": "v1", "phase": "intent", "operation": "o1"]),
                    made(
                        "ram:CreatePolicyVersion", "P",
                        [
                            "previousDefaultVersion": "v1", "versionId": "v2", "phase": "done",
                            "operation": "o1",
                        ]),
                ],
                ["set the default version of policy P in account \(member) back to v1 and delete v2"], 0
            ),
            (
                [
                    made("ram:CreatePolicyVersion", "P", ["previousDefaultVersion": "v1", "phase": "intent", "operation": "o1"]),
                    made("ram:CreatePolicyVersion", "P", ["previousDefaultVersion": "v1", "phase": "failed", "operation": "o1"]),
                ],
                [], 0
            ),
            // its answer was lost: the earlier default is safe to restore; the version it may have made is named
            (
                [made("ram:CreatePolicyVersion", "P", ["previousDefaultVersion": "v1", "phase": "intent", "operation": "o1"])],
                ["set the default version of policy P in account \(member) back to v1"], 1
            ),
            (
                [
                    made("ram:CreatePolicyVersion", "P", ["previousDefaultVersion": "v1", "versionId": "v2"]),
                    made("ram:CreatePolicyVersion", "P", ["previousDefaultVersion": "v2", "phase": "intent", "operation": "o2"]),
                ],
                ["set the default version of policy P in account \(member) back to v1 and delete v2"], 1
            ),
            // a version that did not become the default has no preimage: kept, while the default one is restored
            (
                [
                    made("ram:CreatePolicyVersion", "P", ["versionId": "v2"]),
                    made("ram:CreatePolicyVersion", "P", ["previousDefaultVersion": "v1", "versionId": "v3"]),
                ],
                ["set the default version of policy P in account \(member) back to v1 and delete v3"], 1
            ),
            // policies are told apart by name and account, and undone in reverse order with the rest
            (
                [
                    made("ram:CreatePolicyVersion", "P", ["previousDefaultVersion": "v1", "versionId": "v2"]),
                    made("ram:CreatePolicyVersion", "Q", ["previousDefaultVersion": "v3", "versionId": "v4"]),
                    made("ram:CreatePolicyVersion", "P", account: owner, ["previousDefaultVersion": "v5", "versionId": "v6"]),
                    made("ram:AttachPolicyToRole", "R", ["policyName": "P", "policyType": "Custom"]),
                ],
                [
                    "detach policy P from role R in account \(member)",
                    "set the default version of policy P in account \(owner) back to v5 and delete v6",
                    "set the default version of policy Q in account \(member) back to v3 and delete v4",
                    "set the default version of policy P in account \(member) back to v1 and delete v2",
                ], 0
            ),
        ] as [([MutationRecord], [String], Int)])
    func policyVersions(changes: [MutationRecord], expected: [String], keptCount: Int) {
        let plan = UndoPlan(mutations: changes, order: [member])
        #expect(plan.targets.flatMap(\.actions).map(\.line) == expected)
        let kept = plan.targets.flatMap(\.kept)
        #expect(kept.count == keptCount, "\(kept)")
        #expect(kept.allSatisfy { $0.contains("PolicyVersion") && $0.contains("by hand") }, "\(kept)")
        #expect(!kept.contains { $0.contains("has no automatic inverse") && $0.contains("answer was lost") }, "\(kept)")
    }

    @Test("targets keep the run's plan order and the setup comes last")
    func order() {
        let second = "2000000000000002"
        let changes = [
            made("ecs:CopyImage", "m-1", account: owner, target: nil),
            made("ram:CreateRole", "R", account: second, target: second),
            made("ram:CreateRole", "R", account: member, target: member),
        ]
        let plan = UndoPlan(mutations: changes, order: [member, second])
        #expect(plan.targets.map(\.id) == [member, second, owner])
        #expect(plan.targets.map(\.isSetup) == [false, false, true])
    }
}
