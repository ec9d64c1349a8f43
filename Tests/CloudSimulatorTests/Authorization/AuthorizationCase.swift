import CloudAPI
import CloudModel
import CloudSimulator
import Foundation
import KeyshareTesting
import Testing

/// One row of the authorization truth table: a world, one caller, one call, the expected outcome.
///
/// The world is the fixed organisation of `AuthorizationWorld` plus what the row varies: the
/// shared key's policy and state, the caller's own policies, and extra roles.
struct AuthorizationCase: Sendable, CustomTestStringConvertible {
    /// What the row checks, as a phrase.
    var name: String
    /// Who calls.
    var caller: Caller
    /// The one call.
    var call: Call
    /// What must happen.
    var expected: Outcome
    /// The shared key's policy; nil = the default key policy.
    var keyPolicy: PolicyFixture?
    /// The shared key's state.
    var keyState = "Enabled"
    /// A custom policy attached to the caller's user or role.
    var callerPolicy: PolicyFixture?
    /// System policies attached to the caller's user or role.
    var callerSystemPolicies: [String] = []
    /// Roles to add to the world: (account, role).
    var roles: [PartyRole] = []
    /// A custom policy `DiskEncrypt` created in the sharee and third accounts for roles to attach.
    var rolePolicy: PolicyFixture?
    /// The caller's source IP (`acs:SourceIp`).
    var sourceIP = "10.1.2.3"
    /// Whether the call counts as TLS (`acs:SecureTransport`).
    var secureTransport = true

    var testDescription: String { "\(name) → \(expected)" }

    /// The accounts of the organisation.
    enum Party: String, Sendable {
        case owner = "1000000000000001"
        case sharee = "2000000000000001"
        case third = "2000000000000002"

        var id: AccountID { AccountID(rawValue)! }
    }

    /// A role placed in an account for this row.
    struct PartyRole: Sendable {
        var party: Party
        var role: World.Role
    }

    /// The identity making the call.
    enum Caller: Sendable, CustomStringConvertible {
        case root(Party)
        case user(Party, String)
        case session(Party, role: String)

        var principal: Principal {
            switch self {
            case .root(let party): .account(party.id)
            case .user(let party, let name): .user(party.id, name: name)
            case .session(let party, let role): .assumedRole(party.id, roleName: role, sessionName: "truth-table")
            }
        }

        var description: String { principal.arn }
    }

    /// How a KMS call names the key.
    enum KeyRef: Sendable {
        case arn, id, alias, otherRegionARN, otherKeyARN
    }

    /// The call under test.
    enum Call: Sendable {
        case encrypt(KeyRef)
        case generateDataKey(KeyRef)
        case describeKey(KeyRef)
        /// Decrypt a blob the owner's root made under the shared key (before any state change).
        case decrypt
        case enableKey, disableKey, scheduleKeyDeletion, cancelKeyDeletion, createAlias
        /// DisableKey naming the key as `KeyRef` says (administration across accounts).
        case disableKeyNamed(KeyRef)
        /// SetKeyPolicy on the shared key named as `KeyRef` says.
        case setKeyPolicy(KeyRef, PolicyFixture)
        case assumeRole(Party, role: String)
        /// CreateDisk as the caller; `keyID` nil = no `KMSKeyId`.
        case createDisk(keyID: String?, encrypted: Bool?)
        case getRole(String)
        case createRole(String)
        case listAccounts
        case describeDisks
    }
}

extension AuthorizationCase {
    /// The world this row starts from.
    func world() -> World {
        var spec = AuthorizationWorld.base(keyPolicy: keyPolicy, keyState: worldKeyState)
        var callerPolicies = callerSystemPolicies.map { "System:\($0)" }
        if let callerPolicy {
            callerPolicies.append("Custom:CallerPolicy")
            let party: Party =
                switch caller {
                case .root(let party), .user(let party, _), .session(let party, _): party
                }
            spec.editAccount(party.rawValue) { $0.policies.append(.init(name: "CallerPolicy", document: callerPolicy)) }
        }
        if let key = callerAccessKey, case .root(let party) = caller {
            spec.editAccount(party.rawValue) { $0.accessKeys.append(key) }
        }
        switch caller {
        case .root: break
        case .user(let party, let name):
            spec.editAccount(party.rawValue) { account in
                if let key = callerAccessKey { account.accessKeys.append(key) }
                if let index = account.users.firstIndex(where: { $0.name == name }) {
                    account.users[index].policies += callerPolicies
                } else {
                    account.users.append(.init(name: name, policies: callerPolicies))
                }
            }
        case .session(let party, let role):
            let trust = PolicyFixture(
                .init(
                    effect: "Allow", action: ["sts:AssumeRole"],
                    principal: ["RAM": ["acs:ram::\(party.rawValue):root"]]))
            spec.editAccount(party.rawValue) { $0.roles.append(.init(name: role, trust: trust, policies: callerPolicies)) }
        }
        if let rolePolicy {
            for party in [Party.sharee, .third] {
                spec.editAccount(party.rawValue) { $0.policies.append(.init(name: "DiskEncrypt", document: rolePolicy)) }
            }
        }
        for extra in roles {
            spec.editAccount(extra.party.rawValue) { $0.roles.append(extra.role) }
        }
        return spec
    }

    /// Decrypt rows need an enabled key to make the blob; the state is changed through the API after.
    private var worldKeyState: KeyState {
        if case .decrypt = call { return .enabled }
        guard let state = KeyState(rawValue: keyState) else {
            preconditionFailure("row key state \(keyState) is not a KMS key state")
        }
        return state
    }

    /// The caller's context.
    var context: CallContext {
        CallContext(principal: caller.principal, region: .hangzhou, secureTransport: secureTransport, sourceIP: sourceIP)
    }

    /// An access key for a root or user caller, so the row can also be signed over HTTP
    /// (sessions get theirs from STS and are not replayed over the wire).
    var callerAccessKey: World.AccessKey? {
        switch caller {
        case .root(let party): World.AccessKey(id: "KSAKROOT\(party.rawValue)", secret: "ks-row-secret-root")
        case .user(let party, let name):
            World.AccessKey(id: "KSAKUSER\(party.rawValue)\(name.uppercased())", secret: "ks-row-secret-\(name)", user: name)
        case .session: nil
        }
    }

    /// Loads the world, performs the set-up the call needs, makes the call and reports the outcome.
    func run() async throws -> Outcome {
        let cloud = try Fixtures.simulator(world: world())
        let blob = try await prepare(cloud)
        return await perform(on: cloud, blob: blob)
    }

    /// The same row over HTTP: set-up in process, then the one call through `RemoteCloud` →
    /// `SimulatorServer`, signed with the caller's access key.
    func runOverHTTP() async throws -> Outcome {
        guard let key = callerAccessKey else { return .unexpected("sessions are not replayed over HTTP") }
        let cloud = try Fixtures.simulator(world: world())
        let blob = try await prepare(cloud)
        let row = self
        return try await LiveSimulator.with(cloud, accessKey: key) { remote in
            await row.perform(on: remote, blob: blob)
        }
    }

    /// Set-up calls as the owner's root; returns the ciphertext a Decrypt row opens.
    func prepare(_ cloud: SimulatedCloud) async throws -> String {
        let owner = CallContext.root(Party.owner.id)
        let k = AuthorizationWorld.self
        var blob = ""
        if case .decrypt = call {
            blob = try await cloud.encrypt(
                EncryptRequest(keyID: k.keyID, plaintext: "dHJ1dGg=", encryptionContext: nil),
                context: owner
            ).ciphertextBlob
            switch keyState {
            case "Disabled": _ = try await cloud.disableKey(DisableKeyRequest(keyID: k.keyID), context: owner)
            case "PendingDeletion":
                _ = try await cloud.scheduleKeyDeletion(
                    ScheduleKeyDeletionRequest(keyID: k.keyID, pendingWindowInDays: 7),
                    context: owner)
            default: break
            }
        }
        return blob
    }

    /// The row's one call against any cloud.
    func perform(on cloud: any Cloud, blob: String) async -> Outcome {
        let k = AuthorizationWorld.self
        let context = self.context
        return await Outcome.of {
            switch call {
            case .encrypt(let ref):
                _ = try await cloud.encrypt(EncryptRequest(keyID: k.reference(ref), plaintext: "dHJ1dGg="), context: context)
            case .generateDataKey(let ref):
                _ = try await cloud.generateDataKey(GenerateDataKeyRequest(keyID: k.reference(ref)), context: context)
            case .describeKey(let ref):
                _ = try await cloud.describeKey(DescribeKeyRequest(keyID: k.reference(ref)), context: context)
            case .decrypt:
                _ = try await cloud.decrypt(DecryptRequest(ciphertextBlob: blob), context: context)
            case .enableKey:
                _ = try await cloud.enableKey(EnableKeyRequest(keyID: k.keyID), context: context)
            case .disableKey:
                _ = try await cloud.disableKey(DisableKeyRequest(keyID: k.keyID), context: context)
            case .scheduleKeyDeletion:
                _ = try await cloud.scheduleKeyDeletion(
                    ScheduleKeyDeletionRequest(keyID: k.keyID, pendingWindowInDays: 7),
                    context: context)
            case .cancelKeyDeletion:
                _ = try await cloud.cancelKeyDeletion(CancelKeyDeletionRequest(keyID: k.keyID), context: context)
            case .disableKeyNamed(let ref):
                _ = try await cloud.disableKey(DisableKeyRequest(keyID: k.reference(ref)), context: context)
            case .setKeyPolicy(let ref, let policy):
                _ = try await cloud.setKeyPolicy(
                    SetKeyPolicyRequest(keyID: k.reference(ref), policy: policy.json),
                    context: context)
            case .createAlias:
                _ = try await cloud.createAlias(
                    CreateAliasRequest(aliasName: "alias/truth-table", keyID: k.keyID), context: context)
            case .assumeRole(let party, let role):
                _ = try await cloud.assumeRole(
                    AssumeRoleRequest(roleARN: "acs:ram::\(party.rawValue):role/\(role)", roleSessionName: "truth-table"),
                    context: context)
            case .createDisk(let keyID, let encrypted):
                _ = try await cloud.createDisk(
                    CreateDiskRequest(
                        regionID: "cn-hangzhou", zoneID: "cn-hangzhou-h", diskCategory: "cloud_essd", size: 20,
                        encrypted: encrypted, kmsKeyID: keyID), context: context)
            case .getRole(let name):
                _ = try await cloud.getRole(GetRoleRequest(roleName: name), context: context)
            case .createRole(let name):
                _ = try await cloud.createRole(
                    CreateRoleRequest(roleName: name, assumeRolePolicyDocument: SeedPolicies.ecsServiceTrust.json),
                    context: context)
            case .listAccounts:
                _ = try await cloud.listAccounts(ListAccountsRequest(), context: context)
            case .describeDisks:
                _ = try await cloud.describeDisks(DescribeDisksRequest(regionID: "cn-hangzhou"), context: context)
            }
        }
    }
}
