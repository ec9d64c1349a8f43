import KeyshareTesting

/// Group H: what each key state allows (reference §2.4, all `Rejected.*` are 409), for the owner's
/// root and for a fully authorized sharee (37 rows).
enum KeyStateCases {
    /// The key states a world file can set.
    static let states = ["Enabled", "Disabled", "PendingDeletion", "PendingImport"]
    /// The refusal of a state change the current state forbids.
    static let stateModifiedFailed = Outcome.error("Rejected.StateModifiedFailed", 409)

    /// The crypto-operation error for a state, nil when the state allows it.
    static func cryptoRefusal(_ state: String) -> Outcome {
        switch state {
        case "Disabled": .error("Rejected.Disabled", 409)
        case "PendingDeletion": .error("Rejected.PendingDeletion", 409)
        case "PendingImport": .error("Rejected.PendingImport", 409)
        default: .success
        }
    }

    /// Every state row.
    static let all: [AuthorizationCase] = {
        let table: [(String, AuthorizationCase.Call, (String) -> Outcome)] = [
            ("Encrypt", .encrypt(.id), cryptoRefusal),
            ("GenerateDataKey", .generateDataKey(.id), cryptoRefusal),
            ("DescribeKey", .describeKey(.id), { _ in .success }),
            ("EnableKey", .enableKey, { ["PendingDeletion", "PendingImport"].contains($0) ? stateModifiedFailed : .success }),
            ("DisableKey", .disableKey, { ["PendingDeletion", "PendingImport"].contains($0) ? stateModifiedFailed : .success }),
            ("CancelKeyDeletion", .cancelKeyDeletion, { $0 == "PendingDeletion" ? .success : stateModifiedFailed }),
            ("ScheduleKeyDeletion", .scheduleKeyDeletion, { $0 == "PendingDeletion" ? stateModifiedFailed : .success }),
            ("CreateAlias", .createAlias, { $0 == "PendingDeletion" ? stateModifiedFailed : .success }),
        ]
        var rows = table.flatMap { action, call, expected in
            states.map { state in
                AuthorizationCase(
                    name: "owner root \(action) on a \(state) key", caller: .root(.owner), call: call,
                    expected: expected(state), keyState: state)
            }
        }
        rows += ["Enabled", "Disabled", "PendingDeletion"].map { state in
            AuthorizationCase(
                name: "owner root Decrypt after the key became \(state)", caller: .root(.owner), call: .decrypt,
                expected: cryptoRefusal(state), keyState: state)
        }
        rows += ["Disabled", "PendingDeletion"].map { state in
            AuthorizationCase(
                name: "authorized sharee Encrypt on a \(state) key", caller: .user(.sharee, "alice"),
                call: .encrypt(.arn), expected: cryptoRefusal(state), keyPolicy: KMSRuleCases.shareeGranted,
                keyState: state, callerSystemPolicies: ["AliyunKMSFullAccess"])
        }
        return rows
    }()
}
