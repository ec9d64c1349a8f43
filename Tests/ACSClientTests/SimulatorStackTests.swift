import ACSClient
import ACSWire
import CloudAPI
import CloudModel
import CloudSimulator
import Foundation
import Hummingbird
import Logging
import SimulatorServer
import Testing

/// The simulator's access keys and STS sessions as the server's credential store.
struct SimulatorCredentialStore: CredentialStore {
    let cloud: SimulatedCloud

    func lookup(accessKeyID: String) async -> StoredCredential? {
        await cloud.credential(forAccessKeyID: accessKeyID).map {
            StoredCredential(
                secret: $0.secret, principal: $0.principal, securityToken: $0.securityToken,
                expiration: $0.expiration)
        }
    }
}

@Suite("RemoteCloud against the simulator")
struct SimulatorStackTests {
    @Test("management keys reach a member through its Resource Directory access role, end to end")
    func managementReachesMember() async throws {
        let world = World.starter(accounts: 2)
        let simulator = try SimulatedCloud(world: world)
        let management = try #require(world.resourceDirectory?.managementAccount)
        let key = try #require(world.accounts.first { $0.id == management }?.accessKeys.first)
        let member = try #require(world.accounts.first { $0.id != management }?.id)

        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let app = SimulatorApplication.make(
            cloud: simulator, credentials: SimulatorCredentialStore(cloud: simulator),
            port: 0, logger: Logger(label: "server") { _ in SwiftLogNoOpLogHandler() },
            onListening: { portSink.yield($0) })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            let transport = AsyncHTTPClientTransport()
            let caller = ACSCaller(
                transport: transport, codec: ACSWireCodec(),
                endpoints: EndpointResolver(
                    override: Endpoint(
                        scheme: "http", host: "127.0.0.1",
                        port: port)),
                logger: Logger(label: "client") { _ in SwiftLogNoOpLogHandler() })
            let cloud = RemoteCloud(
                caller: caller,
                credentials: .fixed(AccessCredentials(accessKeyID: key.id, accessKeySecret: key.secret)),
                shutdown: { try await transport.shutdown() })
            do {
                #expect(try await cloud.broker.ownAccountID() == management)
                let inMember = try await cloud.getCallerIdentity(GetCallerIdentityRequest(), context: .root(member))
                #expect(inMember.accountID == member.rawValue)
                #expect(inMember.arn.lowercased().hasSuffix("role/resourcedirectoryaccountaccessrole/keyshare"))
                let role = try await cloud.getRole(
                    GetRoleRequest(roleName: "ResourceDirectoryAccountAccessRole"),
                    context: .root(member))
                #expect(role.role.roleName == "ResourceDirectoryAccountAccessRole")
                let missing = await #expect(throws: CloudError.self) {
                    try await cloud.getRole(GetRoleRequest(roleName: "NoSuchRole"), context: .root(member))
                }
                #expect(missing?.code == "EntityNotExist.Role")
                #expect(missing?.httpStatus == 404)
            } catch {
                try await cloud.shutdown()
                throw error
            }
            try await cloud.shutdown()
            group.cancelAll()
        }
    }
}
