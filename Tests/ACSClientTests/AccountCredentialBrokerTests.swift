import ACSClient
import CloudAPI
import CloudModel
import Foundation
import Synchronization
import Testing

/// An STS stand-in that issues numbered credentials and records what it was asked.
final class FakeIssuer: SecurityTokenIssuer {
    struct Call: Sendable, Equatable {
        var request: AssumeRoleRequest
        var signer: String
    }

    private let clock: TestClock
    private let state = Mutex<(calls: [Call], identities: Int)>(([], 0))

    init(clock: TestClock) {
        self.clock = clock
    }

    var assumeCalls: [Call] { state.withLock { $0.calls } }
    var identityCalls: Int { state.withLock { $0.identities } }

    func assumeRole(_ request: AssumeRoleRequest, signedWith credentials: AccessCredentials) async throws
        -> AssumeRoleResponse
    {
        try await Task.sleep(for: .milliseconds(20))
        let number = state.withLock { state in
            state.calls.append(Call(request: request, signer: credentials.accessKeyID))
            return state.calls.count
        }
        return Fixture.issued(
            "STS.member\(number)", secret: "member-secret-\(number)", token: "member-token-\(number)",
            now: clock.now, seconds: TimeInterval(request.durationSeconds ?? 3600))
    }

    func callerIdentity(signedWith credentials: AccessCredentials) async throws -> GetCallerIdentityResponse {
        try await Task.sleep(for: .milliseconds(20))
        state.withLock { $0.identities += 1 }
        return GetCallerIdentityResponse(
            accountID: Fixture.ownAccount.rawValue, arn: "acs:ram::\(Fixture.ownAccount):root",
            identityType: "Account", principalID: Fixture.ownAccount.rawValue)
    }
}

@Suite("Per-account credentials")
struct AccountCredentialBrokerTests {
    let clock = TestClock()

    private func broker(_ issuer: FakeIssuer, role: String = AccountCredentialBroker.defaultAccessRoleName)
        -> AccountCredentialBroker
    {
        let clock = clock
        return AccountCredentialBroker(
            base: StaticCredentialProvider(Fixture.keys), issuer: issuer,
            accessRoleName: role, now: { clock.now })
    }

    @Test("calls in the credentials' own account, or with no account, use the base credentials")
    func ownAccount() async throws {
        let issuer = FakeIssuer(clock: clock)
        let broker = broker(issuer)
        #expect(try await broker.credentials(for: Fixture.ownAccount) == Fixture.keys)
        #expect(try await broker.credentials(for: nil) == Fixture.keys)
        #expect(try await broker.credentials(for: Fixture.ownAccount) == Fixture.keys)
        #expect(issuer.assumeCalls.isEmpty)
        #expect(issuer.identityCalls == 1)
    }

    @Test("a member account is reached by assuming its access role with session name keyshare")
    func memberAssumesRole() async throws {
        let issuer = FakeIssuer(clock: clock)
        let credentials = try await broker(issuer, role: "OpsAccess").credentials(for: Fixture.member)
        #expect(credentials.accessKeyID == "STS.member1")
        #expect(credentials.securityToken == "member-token-1")
        #expect(
            issuer.assumeCalls == [
                FakeIssuer.Call(
                    request: AssumeRoleRequest(
                        roleARN: "acs:ram::5555666677778888:role/OpsAccess", roleSessionName: "keyshare",
                        durationSeconds: 3600),
                    signer: Fixture.keys.accessKeyID)
            ])
    }

    @Test("member credentials are cached, then refreshed five minutes before they expire")
    func cacheAndRefresh() async throws {
        let issuer = FakeIssuer(clock: clock)
        let broker = broker(issuer)
        let first = try await broker.credentials(for: Fixture.member)
        clock.advance(by: 3600 - 301)
        #expect(try await broker.credentials(for: Fixture.member) == first)
        #expect(issuer.assumeCalls.count == 1)
        clock.advance(by: 2)
        let renewed = try await broker.credentials(for: Fixture.member)
        #expect(renewed.accessKeyID == "STS.member2")
        #expect(issuer.assumeCalls.count == 2)
    }

    @Test("many concurrent calls for one member share a single AssumeRole and a single GetCallerIdentity")
    func singleFlight() async throws {
        let issuer = FakeIssuer(clock: clock)
        let broker = broker(issuer)
        let ids = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<50 {
                group.addTask { try await broker.credentials(for: Fixture.member).accessKeyID }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(ids == ["STS.member1"])
        #expect(issuer.assumeCalls.count == 1)
        #expect(issuer.identityCalls == 1)
    }

    @Test("each member account gets its own session")
    func perAccountCache() async throws {
        let issuer = FakeIssuer(clock: clock)
        let broker = broker(issuer)
        let other = AccountID("9999000011112222")!
        let a = try await broker.credentials(for: Fixture.member)
        let b = try await broker.credentials(for: other)
        #expect(a != b)
        #expect(
            issuer.assumeCalls.map(\.request.roleARN) == [
                "acs:ram::5555666677778888:role/ResourceDirectoryAccountAccessRole",
                "acs:ram::9999000011112222:role/ResourceDirectoryAccountAccessRole",
            ])
    }

    @Test("a RamRoleArn profile's role is assumed once and renewed before expiry")
    func assumedRoleProvider() async throws {
        let issuer = FakeIssuer(clock: clock)
        let clock = clock
        let provider = AssumedRoleCredentialProvider(
            source: StaticCredentialProvider(Fixture.keys),
            request: AssumeRoleRequest(
                roleARN: "acs:ram::1111222233334444:role/admin", roleSessionName: "ops",
                durationSeconds: 900),
            issuer: issuer, now: { clock.now })
        #expect(try await provider.credentials().accessKeyID == "STS.member1")
        #expect(try await provider.credentials().accessKeyID == "STS.member1")
        clock.advance(by: 601)
        #expect(try await provider.credentials().accessKeyID == "STS.member2")
        #expect(issuer.assumeCalls.map(\.signer) == [Fixture.keys.accessKeyID, Fixture.keys.accessKeyID])
    }
}
