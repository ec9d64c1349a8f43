import CloudModel

extension WorldCapture {
    /// Adds the roles and users the captured key policies name but the world lacks, so the world
    /// loads (the simulator refuses a key policy naming a missing role or user, SIM-004): roles of
    /// accounts outside the capture or no longer there, and users, which no call lists. Accounts
    /// outside the capture are added without a folder, so they stay outside the directory.
    func addPlaceholders(to world: inout World, report: inout CaptureReport) {
        var index: [AccountID: Int] = [:]
        for (position, account) in world.accounts.enumerated() { index[account.id] = position }
        var added: [World.Account] = []
        func edit(_ id: AccountID, _ change: (inout World.Account) -> Void) {
            if let position = index[id] {
                change(&world.accounts[position])
            } else if let position = added.firstIndex(where: { $0.id == id }) {
                change(&added[position])
            } else {
                var account = World.Account(id: id, name: "external-\(id)")
                change(&account)
                added.append(account)
            }
        }
        let keys = world.accounts.flatMap(\.keys)
        for key in keys {
            guard let text = key.policy?.json, let document = try? PolicyDocument.parse(text, kind: .keyPolicy) else { continue }
            for principal in KMSNames.namedRoles(of: document) {
                switch principal {
                case .role(let id, let name):
                    edit(id) { account in
                        guard !account.roles.contains(where: { $0.name.lowercased() == name.lowercased() }) else { return }
                        let trust =
                            #"{"Statement":[{"Action":"sts:AssumeRole","Effect":"Allow","Principal":{"RAM":["acs:ram::"#
                            + id.rawValue + #":root"]}}],"Version":"1"}"#
                        account.roles.append(
                            World.Role(
                                name: name, trust: PolicyText(json: trust),
                                description: Self.placeholderDescription))
                        account.roles.sort { $0.name.lowercased() < $1.name.lowercased() }
                        report.placeholderRoles += 1
                    }
                case .user(let id, let name):
                    edit(id) { account in
                        guard !account.users.contains(where: { $0.name.lowercased() == name.lowercased() }) else { return }
                        account.users.append(World.User(name: name))
                        account.users.sort { $0.name.lowercased() < $1.name.lowercased() }
                        report.placeholderUsers += 1
                    }
                default:
                    continue
                }
            }
        }
        report.placeholderAccounts += added.count
        world.accounts += added.sorted { $0.id.rawValue < $1.id.rawValue }
    }
}
