import CloudAPI
import CloudModel
import CloudSimulator
import Foundation
import KeyshareTesting
import Testing

/// A capture that cannot read everything: it names what it skipped and why, still writes a world
/// that loads, and fails outright only when the credentials' own account cannot be read.
@Suite("Capture: partial reads")
struct CapturePartialTests {
    /// The member whose reads are refused.
    static let member = AccountID("2000000000000002")!

    /// A refusal as the access role's AssumeRole would give it.
    static let refused = CloudError(
        code: "NoPermission", message: "You are not authorized to do this action.", httpStatus: 403,
        requestID: "req-capture-1")

    @Test(
        "a member whose reads fail is skipped, named with the call and reason, and the rest is captured",
        arguments: ["ListRoles", "GetRole", "ListKmsInstances", "ListAliases"])
    func memberSkipped(_ action: String) async throws {
        let original = try await CaptureRoundTripTests.original(CaptureCase.nestedFolders)
        let cloud = CaptureCallLog().recording(original) { request, context in
            context.account == Self.member && type(of: request).action == action ? Self.refused : nil
        }
        let captured = try await WorldCapture(cloud: cloud, caller: CaptureCase.owner, regions: [.hangzhou]).capture()
        #expect(captured.report.isPartial)
        #expect(captured.report.skipped.map(\.account) == [Self.member])
        let line = try #require(captured.report.lines.first { $0.hasPrefix("skipped account: \(Self.member)") })
        #expect(line.contains(action) && line.contains("NoPermission"), "\(line)")
        #expect(!line.contains("req-capture-1"), "the request id would make the file differ from one capture to the next")
        #expect(captured.yaml().contains("#   skipped account: \(Self.member)"))
        try captured.verify()
        // The member keeps its directory entry; the others are read in full.
        let members = captured.world.accounts.map(\.id.rawValue)
        #expect(members.contains(Self.member.rawValue))
        #expect(captured.world.accounts.first { $0.id == Self.member }?.roles.isEmpty == true)
        #expect(
            captured.world.accounts.first { $0.id.rawValue == "2000000000000003" }?.roles.contains { $0.name == "web-app" }
                == true)
    }

    @Test(
        "a member whose ECS resources cannot be counted is named, not skipped",
        arguments: ["DescribeDisks", "DescribeSnapshots", "DescribeImages", "ListResourceShares"])
    func uncounted(_ action: String) async throws {
        let original = try await CaptureRoundTripTests.original(CaptureCase.nestedFolders)
        let cloud = CaptureCallLog().recording(original) { request, context in
            context.account == Self.member && type(of: request).action == action ? Self.refused : nil
        }
        let captured = try await WorldCapture(cloud: cloud, caller: CaptureCase.owner, regions: [.hangzhou]).capture()
        #expect(!captured.report.isPartial)
        #expect(captured.report.uncaptured.uncounted == [Self.member])
        #expect(
            captured.report.lines.contains { $0.hasSuffix("not countable in 1 account (\(Self.member))") },
            "\(captured.report.lines)")
    }

    @Test("credentials of a member (no right to list the directory) capture that account only, as partial")
    func memberCredentials() async throws {
        let original = try await CaptureRoundTripTests.original(CaptureCase.nestedFolders)
        let caller = AccountID("2000000000000003")!
        let captured = try await WorldCapture(cloud: original, caller: caller, regions: [.hangzhou]).capture()
        #expect(captured.report.isPartial)
        #expect(captured.report.directoryRefused?.contains("ListAccounts") == true)
        #expect(captured.world.resourceDirectory == nil)
        #expect(captured.world.accounts.map(\.id) == [caller])
        #expect(captured.world.accounts[0].accessKeys.map(\.id) == ["KSAK\(caller)"])
        try captured.verify()
    }

    @Test(
        "a refused read in the credentials' own account fails the capture, naming the call and account",
        arguments: [
            ("ListAccounts", "ListAccounts in account 1000000000000001"),
            ("ListFoldersForParent", "ListFoldersForParent"),
            ("ListRoles", "ListRoles in account 1000000000000001"),
            ("GetKeyPolicy", "GetKeyPolicy key-hzz000000000000000002 in account 1000000000000001 (cn-hangzhou)"),
        ])
    func ownAccountFails(_ action: String, _ named: String) async throws {
        let original = try await CaptureRoundTripTests.original(CaptureCase.nestedFolders)
        let broken = CloudError(code: "InternalError", message: "The request processing has failed.", httpStatus: 500)
        let cloud = CaptureCallLog().recording(original) { request, context in
            context.account == CaptureCase.owner && type(of: request).action == action ? broken : nil
        }
        await #expect {
            _ = try await WorldCapture(cloud: cloud, caller: CaptureCase.owner, regions: [.hangzhou]).capture()
        } throws: { error in
            let text = "\(error)"
            return text.contains(named) && text.contains("InternalError")
        }
    }

    @Test("a listing that never ends is cut at the page cap and reported as truncated")
    func endlessListing() async throws {
        let original = try await CaptureRoundTripTests.original(CaptureCase.noDirectory)
        let pages = CaptureCallLog()
        let cloud = HandlerCloud { request, context in
            await pages.record(type(of: request).action)
            if let list = request as? ListRolesRequest {
                // Always one more page, each with a new marker and no role.
                let next = String((Int(list.marker ?? "0") ?? 0) + 1)
                return ListRolesResponse(roles: [], isTruncated: true, marker: next)
            }
            return try await original.call(request, context: context)
        }
        let captured = try await WorldCapture(cloud: cloud, caller: CaptureCase.owner, regions: [.hangzhou]).capture()
        #expect(captured.report.isPartial)
        #expect(captured.report.truncated == ["ListRoles in account \(CaptureCase.owner)"])
        #expect(await pages.actions.filter { $0 == "ListRoles" }.count == WorldCapture.pageLimit)
    }

    @Test(
        "--region lists: known regions in order, each once; an unknown or empty one is refused by name",
        arguments: [
            ("cn-hangzhou", ["cn-hangzhou"], nil), ("cn-shanghai, cn-hangzhou,cn-shanghai", ["cn-shanghai", "cn-hangzhou"], nil),
            ("cn-hangzou", nil, "did you mean 'cn-hangzhou'"), ("cn-hangzhou,", nil, "empty entry"),
        ] as [(String, [String]?, String?)])
    func regionLists(_ list: String, _ expected: [String]?, _ problem: String?) throws {
        if let expected {
            #expect(try WorldCapture.regions(list).map(\.rawValue) == expected)
        } else {
            #expect { _ = try WorldCapture.regions(list) } throws: { "\($0)".contains(problem ?? "?") }
        }
    }
}
