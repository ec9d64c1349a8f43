import CloudModel

extension World {
    /// Checks what YAML decoding cannot: references between entries, id formats, uniqueness,
    /// quotas and known names. Each error names its path (`accounts[0].kms_instances[0].vpc_num`)
    /// and the fix; none quotes an access key secret.
    func validate() throws {
        guard version == 1 else { throw WorldError("version: \(version) is not supported; use version: 1.") }
        if let region = defaultRegion { try WorldNames.checkRegion(region, at: "default_region") }
        try validateZones()
        let folders = try validateDirectory()
        var accountIDs = Set<AccountID>()
        var accountNames: [String: Int] = [:]
        var accessKeyIDs = Set<String>()
        var instanceIDs: [String: String] = [:]
        for (index, account) in accounts.enumerated() {
            let at = "accounts[\(index)]"
            guard account.id.rawValue.count == 16, account.id.rawValue.allSatisfy(\.isASCIIDigit) else {
                throw WorldError("\(at).id '\(account.id)' must be a 16-digit account UID (quote it: \"1000000000000001\").")
            }
            guard accountIDs.insert(account.id).inserted else {
                throw WorldError("\(at).id '\(account.id)' is listed twice; account ids must be unique.")
            }
            if let first = accountNames.updateValue(index, forKey: account.name.lowercased()) {
                throw WorldError(
                    "\(at).name '\(account.name)' is also the name of accounts[\(first)]; account names must be unique.")
            }
            if let folder = account.folder, !folders.contains(folder) {
                throw WorldError("\(at).folder '\(folder)' is not a folder of resource_directory.folders; add it there.")
            }
            try account.validateAccessKeys(at: at, ids: &accessKeyIDs)
            try account.validateRAM(at: at)
            try account.validateKMS(at: at, instanceIDs: &instanceIDs)
        }
        if let directory = resourceDirectory, !accountIDs.contains(directory.managementAccount) {
            throw WorldError("resource_directory.management_account '\(directory.managementAccount)' is not in accounts.")
        }
    }

    /// Checks `zones`: known regions, each with at least one zone, zones named `<region>-…`, none twice.
    private func validateZones() throws {
        for (region, zones) in (zones ?? [:]).sorted(by: { $0.key < $1.key }) {
            try WorldNames.checkRegion(region, at: "zones")
            guard !zones.isEmpty else {
                throw WorldError("zones.\(region) is empty; list at least one zone (e.g. \(region)-h) or leave the region out.")
            }
            var seen = Set<String>()
            for (index, zone) in zones.enumerated() {
                let at = "zones.\(region)[\(index)]"
                guard zone.hasPrefix(region + "-"), zone.count > region.count + 1, zone.count <= 64 else {
                    throw WorldError("\(at) '\(zone.prefix(64))' is not a zone of \(region); zone ids look like \(region)-h.")
                }
                guard seen.insert(zone).inserted else { throw WorldError("\(at) '\(zone)' is listed twice.") }
            }
        }
    }

    /// The folder ids, after checking they are unique and form a tree.
    private func validateDirectory() throws -> Set<String> {
        guard let directory = resourceDirectory else { return [] }
        if let id = directory.id, !id.hasPrefix("rd-") {
            throw WorldError("resource_directory.id '\(id)' must start with rd- (or be left out to generate one).")
        }
        var parents: [String: String?] = [:]
        for (index, folder) in directory.folders.enumerated() {
            let at = "resource_directory.folders[\(index)]"
            guard !folder.id.isEmpty else { throw WorldError("\(at).id is empty; give the folder an id such as fd-prod.") }
            guard parents.updateValue(folder.parent, forKey: folder.id) == nil else {
                throw WorldError("\(at).id '\(folder.id)' is listed twice; folder ids must be unique.")
            }
        }
        if let root = directory.rootFolder {
            guard root.hasPrefix("r-"), root.count > 2 else {
                throw WorldError(
                    "resource_directory.root_folder '\(root.prefix(64))' must start with r- (or be left out to generate one).")
            }
            guard parents[root] == nil else {
                throw WorldError(
                    "resource_directory.root_folder '\(root)' is also the id of a folder; the root is not listed under folders.")
            }
        }
        for (index, folder) in directory.folders.enumerated() {
            let at = "resource_directory.folders[\(index)].parent"
            guard let parent = folder.parent else { continue }
            guard parents[parent] != nil else {
                throw WorldError("\(at) '\(parent)' is not a folder id; add that folder or drop parent.")
            }
            // Walk up: reaching this folder again means the parents form a loop, not a tree.
            var seen: Set<String> = [folder.id]
            var next: String? = parent
            while let current = next {
                guard seen.insert(current).inserted else {
                    throw WorldError(
                        "\(at) '\(parent)' makes the folders a loop (\(folder.id) is its own ancestor); "
                            + "folders must form a tree.")
                }
                next = parents[current] ?? nil
            }
        }
        // Accounts may name the root folder: members placed directly under it.
        return Set(parents.keys).union(directory.rootFolder.map { [$0] } ?? [])
    }
}

extension World.Account {
    /// Access keys: ids unique in the world, not real-looking, with a secret (never quoted).
    fileprivate func validateAccessKeys(at: String, ids: inout Set<String>) throws {
        for (keyIndex, key) in accessKeys.enumerated() {
            let keyAt = "\(at).access_keys[\(keyIndex)]"
            guard !key.id.uppercased().hasPrefix("LTAI") else {
                throw WorldError("\(keyAt).id must not look like a real Alibaba key (LTAI…); use a KS prefix.")
            }
            guard !key.id.hasPrefix("STS."), !key.id.isEmpty, !key.secret.isEmpty else {
                throw WorldError("\(keyAt) needs a non-empty id (not starting with STS.) and secret.")
            }
            guard ids.insert(key.id).inserted else {
                throw WorldError("\(keyAt).id '\(key.id)' is used twice; access key ids must be unique.")
            }
            if let user = key.user, !users.contains(where: { $0.name.lowercased() == user.lowercased() }) {
                throw WorldError("\(keyAt).user '\(user)' is not a user of \(at); add it under users.")
            }
        }
    }

    /// Users, policies and roles: unique names (RAM compares them case-insensitively), session lengths in range.
    fileprivate func validateRAM(at: String) throws {
        try WorldNames.checkUnique(users.map(\.name), at: "\(at).users", what: "user")
        try WorldNames.checkUnique(policies.map(\.name), at: "\(at).policies", what: "policy")
        for (index, policy) in policies.enumerated() {
            if let version = policy.defaultVersion, WorldNames.versionNumber(version) == nil {
                throw WorldError(
                    "\(at).policies[\(index)].default_version '\(WorldNames.clipped(version))' is not a version id; "
                        + "use v followed by a number (v1, v3) or leave it out (v1).")
            }
        }
        for (index, role) in roles.enumerated() {
            if let duration = role.maxSessionDuration, !WorldNames.sessionDurations.contains(duration) {
                throw WorldError(
                    "\(at).roles[\(index)].max_session_duration: \(duration) is outside "
                        + "\(WorldNames.sessionDurations.lowerBound)–\(WorldNames.sessionDurations.upperBound) seconds; "
                        + "use a value in that range or leave it out (3600).")
            }
        }
    }

    /// KMS instances and keys: quotas non-negative and possible, known regions and specs, unique ids and aliases.
    fileprivate func validateKMS(at: String, instanceIDs: inout [String: String]) throws {
        var instances: [String: World.KMSInstance] = [:]
        for (index, instance) in kmsInstances.enumerated() {
            let instanceAt = "\(at).kms_instances[\(index)]"
            guard KMSInstanceID(instance.id) != nil else {
                throw WorldError("\(instanceAt).id '\(instance.id)' must start with kst- (e.g. kst-hzz65f0a1b2c3d4e5f6).")
            }
            if let other = instanceIDs.updateValue(instanceAt, forKey: instance.id) {
                throw WorldError("\(instanceAt).id '\(instance.id)' is also \(other).id; instance ids must be unique.")
            }
            try WorldNames.checkRegion(instance.region, at: "\(instanceAt).region")
            try WorldNames.checkCount(instance.vpcNum, at: "\(instanceAt).vpc_num")
            try WorldNames.checkCount(instance.keyNum, at: "\(instanceAt).key_num")
            try WorldNames.checkCount(instance.boundVPCs, at: "\(instanceAt).bound_vpcs")
            guard instance.boundVPCs <= instance.vpcNum else {
                throw WorldError(
                    "\(instanceAt).bound_vpcs: \(instance.boundVPCs) is more than vpc_num (\(instance.vpcNum)); "
                        + "each bound VPC uses one unit of vpc_num, so raise vpc_num or bind fewer.")
            }
            instances[instance.id] = instance
        }
        var keysPerInstance: [String: Int] = [:]
        var keyIDs = Set<String>()
        var aliases: [String: String] = [:]
        for (index, key) in keys.enumerated() {
            let keyAt = "\(at).keys[\(index)]"
            try WorldNames.checkRegion(key.region, at: "\(keyAt).region")
            guard KMSNames.keySpecs.contains(key.spec) else {
                throw WorldError(
                    "\(keyAt).spec '\(key.spec)' is not a KMS key spec; use one of "
                        + KMSNames.keySpecs.sorted().joined(separator: ", ") + ".")
            }
            if let id = key.id {
                guard !id.isEmpty else { throw WorldError("\(keyAt).id is empty; give an id or leave it out to generate one.") }
                guard KMSKeyID(id) != nil else {
                    throw WorldError(
                        "\(keyAt).id '\(WorldNames.clipped(id))' is longer than \(KMSKeyID.maxLength) bytes; "
                            + "use a shorter id (KMS ids look like key-hzz65f0a1b2c3d4e5f6a7b8) or leave it out.")
                }
                guard keyIDs.insert(id).inserted else {
                    throw WorldError("\(keyAt).id '\(id)' is used twice in \(at); key ids must be unique.")
                }
            }
            for alias in (key.alias.map { [$0] } ?? []) + (key.aliases ?? []) {
                if let other = aliases.updateValue(keyAt, forKey: "\(key.region) \(alias)") {
                    throw WorldError(
                        "\(keyAt).alias '\(alias)' is also the alias of \(other) in \(key.region); an alias names one key.")
                }
            }
            guard let instanceID = key.instance else { continue }
            guard let instance = instances[instanceID] else {
                throw WorldError("\(keyAt).instance '\(instanceID)' is not in \(at).kms_instances.")
            }
            guard instance.region == key.region else {
                throw WorldError(
                    "\(keyAt).region '\(key.region)' differs from its instance's region '\(instance.region)'; "
                        + "a key lives in its instance's region.")
            }
            keysPerInstance[instanceID, default: 0] += 1
            if keysPerInstance[instanceID, default: 0] > instance.keyNum {
                throw WorldError(
                    "\(keyAt): instance '\(instanceID)' holds more keys than its key_num (\(instance.keyNum)); "
                        + "raise key_num or move keys.")
            }
        }
    }
}

extension Character {
    /// `0`–`9` only (not other scripts' digits).
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
