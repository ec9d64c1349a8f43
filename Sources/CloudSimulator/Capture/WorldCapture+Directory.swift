import CloudAPI
import CloudModel

/// The Resource Directory as the capture read it.
struct CapturedDirectory: Sendable {
    /// A member account's directory entry.
    struct Member: Sendable {
        /// The account.
        var id: AccountID
        /// Its display name.
        var name: String
        /// Its folder (the root folder's id for members directly under the root).
        var folder: String?
        /// Its tags.
        var tags: [String: String]
    }

    /// `rd-…`.
    var id: String?
    /// `r-…`, from the accounts' directory paths.
    var root: String?
    /// Every folder under the root, sorted by id.
    var folders: [World.Folder]
    /// Every member, the credentials' account included.
    var members: [Member]
}

extension WorldCapture {
    /// Lists the directory's accounts (ListAccounts with tags) and folders (ListFoldersForParent from
    /// the root down). Nil when there is no directory, or when the credentials may not list it (a
    /// member's): then only the credentials' account is read and the report says why.
    ///
    /// - Throws: `CaptureFailure` for any other refusal.
    func readDirectory(report: inout CaptureReport) async throws -> CapturedDirectory? {
        let context = CallContext.root(caller)
        let listed: (items: [AccountInfo], truncated: Bool)
        do {
            listed = try await pages("ListAccounts", caller) { page in
                let answer = try await cloud.listAccounts(
                    ListAccountsRequest(pageNumber: page, pageSize: 100, includeTags: true),
                    context: context)
                return (answer.accounts.account, answer.totalCount)
            }
        } catch let failure as CaptureFailure {
            switch failure.reason {
            case let reason where reason.hasPrefix("EntityNotExists.ResourceDirectory"):
                return nil
            case let reason where reason.hasPrefix("NoPermission") || reason.hasPrefix("Forbidden"):
                report.directoryRefused = failure.summary
                return nil
            default:
                throw failure
            }
        }
        if listed.truncated { report.truncated.append("ListAccounts in account \(caller)") }
        let root = listed.items.lazy.compactMap { info -> String? in
            let parts = info.resourceDirectoryPath.split(separator: "/")
            return parts.count >= 2 && parts[1].hasPrefix("r-") ? String(parts[1]) : nil
        }.first
        let folders = try await readFolders(root: root, report: &report)
        let known = Set(folders.map(\.id) + (root.map { [$0] } ?? []))
        var members: [CapturedDirectory.Member] = []
        for info in listed.items {
            guard let id = AccountID(info.accountID), !members.contains(where: { $0.id == id }) else { continue }
            var tags: [String: String] = [:]
            for tag in info.tags?.tag ?? [] { tags[tag.key] = tag.value ?? "" }
            // A folder the listing did not reach (truncated) would not load; the root holds the member.
            let folder = known.contains(info.folderID) ? info.folderID : root
            members.append(
                CapturedDirectory.Member(
                    id: id, name: info.displayName.isEmpty ? id.rawValue : info.displayName,
                    folder: folder, tags: tags))
        }
        if !members.contains(where: { $0.id == caller }) {
            members.append(CapturedDirectory.Member(id: caller, name: caller.rawValue, folder: root, tags: [:]))
        }
        return CapturedDirectory(id: listed.items.first?.resourceDirectoryID, root: root, folders: folders, members: members)
    }

    /// The folder tree, breadth first from the root, sorted by id; parents under the root are nil.
    private func readFolders(root: String?, report: inout CaptureReport) async throws -> [World.Folder] {
        var folders: [World.Folder] = []
        var seen = Set<String>()
        var queue: [String?] = [nil]
        while !queue.isEmpty {
            let parent = queue.removeFirst()
            let listed = try await pages("ListFoldersForParent \(parent ?? root ?? "root")", caller) { page in
                let answer = try await cloud.listFoldersForParent(
                    ListFoldersForParentRequest(parentFolderID: parent, pageNumber: page, pageSize: 100), context: .root(caller))
                return (answer.folders.folder, answer.totalCount)
            }
            if listed.truncated { report.truncated.append("ListFoldersForParent \(parent ?? "root") in account \(caller)") }
            for folder in listed.items.sorted(by: { $0.folderID < $1.folderID }) where seen.insert(folder.folderID).inserted {
                guard folders.count < Self.folderLimit else {
                    report.truncated.append("the folder tree in account \(caller)")
                    return folders.sorted { $0.id < $1.id }
                }
                folders.append(World.Folder(id: folder.folderID, name: folder.folderName, parent: parent))
                queue.append(folder.folderID)
            }
        }
        return folders.sorted { $0.id < $1.id }
    }
}
