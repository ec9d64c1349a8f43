import CloudAPI
import CloudModel
import CloudSimulator
import KeyshareTesting
import Testing

/// `resource_directory.root_folder`: the root folder's id, which an account's `folder` may name so a
/// member sits directly under the root (as a capture of a real directory writes it).
@Suite("World files: the root folder")
struct RootFolderTests {
    /// A directory whose root folder is `root`, with two accounts in `folder`.
    static func world(root: String, folder: String = "r-root01") -> String {
        """
        version: 1
        resource_directory:
          id: rd-abc123
          management_account: "1000000000000001"
          root_folder: \(root)
          folders: [ { id: fd-prod, name: prod } ]
        accounts:
          - { id: "1000000000000001", name: security, folder: \(folder) }
          - { id: "2000000000000001", name: at-root, folder: \(folder) }
          - { id: "2000000000000002", name: in-prod, folder: fd-prod }
        """
    }

    @Test("a member may sit in the root folder: listed there, with its access role")
    func memberAtRoot() async throws {
        let cloud = try SimulatedCloud(
            world: try World.load(yaml: Self.world(root: "r-root01")),
            environment: DeterministicEnvironment.make())
        let owner = AccountID("1000000000000001")!
        let listed = try await cloud.listAccounts(ListAccountsRequest(pageSize: 100), context: .root(owner)).accounts.account
        let atRoot = try #require(listed.first { $0.accountID == "2000000000000001" })
        #expect(atRoot.folderID == "r-root01")
        #expect(atRoot.resourceDirectoryPath == "rd-abc123/r-root01/2000000000000001")
        #expect(
            listed.first { $0.accountID == "2000000000000002" }?.resourceDirectoryPath
                == "rd-abc123/r-root01/fd-prod/2000000000000002")
        let role = try await cloud.getRole(
            GetRoleRequest(roleName: "ResourceDirectoryAccountAccessRole"),
            context: .root(AccountID("2000000000000001")!))
        #expect(role.role.roleName == "ResourceDirectoryAccountAccessRole")
        let top = try await cloud.listFoldersForParent(
            ListFoldersForParentRequest(parentFolderID: "r-root01"), context: .root(owner))
        #expect(top.folders.folder.map(\.folderID) == ["fd-prod"])
    }

    @Test(
        "a bad root folder is refused by name",
        arguments: [
            ("fd-root", "r-root01", "resource_directory.root_folder 'fd-root' must start with r-"),
            ("fd-prod", "fd-prod", "resource_directory.root_folder 'fd-prod' must start with r-"),
            ("r-", "r-", "must start with r-"),
            ("r-root01", "r-other", "folder 'r-other' is not a folder"),
        ])
    func refused(_ root: String, _ folder: String, _ message: String) {
        #expect {
            _ = try World.load(yaml: Self.world(root: root, folder: folder))
        } throws: { error in
            "\(error)".contains(message)
        }
    }

    @Test("a world without root_folder writes none, so its text (a state file's fingerprint) is unchanged")
    func absentStaysAbsent() throws {
        let starter = World.starter(accounts: 2)
        #expect(starter.resourceDirectory?.rootFolder == nil)
        #expect(!starter.yaml().contains("root_folder"))
        #expect(try World.load(yaml: starter.yaml()) == starter)
    }
}
