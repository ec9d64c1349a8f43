import CloudModel

extension World {
    /// Checks what YAML decoding cannot: references between entries, id formats and uniqueness.
    func validate() throws {
        guard version == 1 else { throw WorldError("version: \(version) is not supported; use version: 1.") }
        var accountIDs = Set<AccountID>()
        var accessKeyIDs = Set<String>()
        let folders = Set(resourceDirectory?.folders.map(\.id) ?? [])
        for (index, account) in accounts.enumerated() {
            let at = "accounts[\(index)]"
            guard account.id.rawValue.count == 16 else {
                throw WorldError("\(at).id '\(account.id)' must be a 16-digit account UID (quote it: \"1000000000000001\").")
            }
            guard accountIDs.insert(account.id).inserted else {
                throw WorldError("\(at).id '\(account.id)' is listed twice; account ids must be unique.")
            }
            if let folder = account.folder, !folders.contains(folder) {
                throw WorldError("\(at).folder '\(folder)' is not a folder of resource_directory.folders; add it there.")
            }
            for (keyIndex, key) in account.accessKeys.enumerated() {
                let keyAt = "\(at).access_keys[\(keyIndex)]"
                guard !key.id.uppercased().hasPrefix("LTAI") else {
                    throw WorldError("\(keyAt).id must not look like a real Alibaba key (LTAI…); use a KS prefix.")
                }
                guard !key.id.hasPrefix("STS."), !key.id.isEmpty, !key.secret.isEmpty else {
                    throw WorldError("\(keyAt) needs a non-empty id (not starting with STS.) and secret.")
                }
                guard accessKeyIDs.insert(key.id).inserted else {
                    throw WorldError("\(keyAt).id '\(key.id)' is used twice; access key ids must be unique.")
                }
                if let user = key.user, !account.users.contains(where: { $0.name.lowercased() == user.lowercased() }) {
                    throw WorldError("\(keyAt).user '\(user)' is not a user of \(at); add it under users.")
                }
            }
            let instances = Set(account.kmsInstances.map(\.id))
            for (keyIndex, key) in account.keys.enumerated() {
                if let instance = key.instance, !instances.contains(instance) {
                    throw WorldError("\(at).keys[\(keyIndex)].instance '\(instance)' is not in \(at).kms_instances.")
                }
            }
        }
        if let directory = resourceDirectory {
            guard accountIDs.contains(directory.managementAccount) else {
                throw WorldError("resource_directory.management_account '\(directory.managementAccount)' is not in accounts.")
            }
            for (index, folder) in directory.folders.enumerated() {
                if let parent = folder.parent, !folders.contains(parent) {
                    throw WorldError("resource_directory.folders[\(index)].parent '\(parent)' is not a folder id.")
                }
            }
        }
    }
}
