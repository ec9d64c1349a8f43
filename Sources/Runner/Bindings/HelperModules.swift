import CloudAPI
import CloudModel
import Grants
import LuaKit
import Rollout

/// The Swift-provided modules that are not cloud operations: `json`, `yaml` and `keyshare`
/// (the key-policy single writer, a suspending sleep and `concurrently`). Their stubs are in ``BindingStubs``.
package enum HelperModules {
    /// Function names per helper module, for the `_meta` drift check.
    package static let names: [String: [String]] = [
        "json": ["decode", "encode"],
        "yaml": ["decode"],
        "keyshare": [
            "assign_key", "concurrently", "grant_key_use", "load_key_capacity", "release_key_use", "reserve_key_use",
            "revoke_key_use", "sleep",
        ],
    ]

    /// `json.encode(value)` (canonical: sorted keys, compact) and `json.decode(text)`. Both bound
    /// what they build by the memory cap: the copy of the value (a shared table counts once per
    /// reference), and the decoded result against what is left under the cap.
    package static var json: LuaModule {
        LuaModule(
            name: "json",
            functions: [
                "encode": naming { arguments in
                    do {
                        return .value(.string(try JSONValue(lua: try arguments.value(1)).canonicalText))
                    } catch let error as JSONEncodingError {
                        throw LuaArgumentError(position: 1, message: error.description)
                    }
                },
                "decode": naming { arguments in
                    let text = try arguments.string(1)
                    var budget = LuaOutputBudget(arguments, input: "the JSON text")
                    // The parse itself builds a tree in Swift several times the text's size.
                    try budget.charge(text.utf8.count * 2)
                    let value: JSONValue
                    do throws(JSONValue.SyntaxError) {
                        value = try JSONValue.parse(text)
                    } catch {
                        throw LuaArgumentError(
                            position: 1, message: "JSON is not valid JSON: \(error.reason) at byte \(error.offset)")
                    }
                    if let remaining = budget.remaining, value.luaCost(limit: remaining) > remaining { throw budget.exceeded() }
                    return .value(value.luaValue)
                },
            ])
    }

    /// `yaml.decode(text)`: aliases, nesting and the result's size are bounded (see
    /// ``YAMLLuaConversion``); errors give a line and column, never the text.
    package static var yaml: LuaModule {
        LuaModule(
            name: "yaml",
            functions: [
                "decode": naming { arguments in
                    let text = try arguments.string(1)
                    var budget = LuaOutputBudget(arguments, input: "the YAML text")
                    return .value(try YAMLLuaConversion.decode(text, budget: &budget))
                }
            ])
    }

    /// `keyshare.grant_key_use(key, principals)`, `keyshare.revoke_key_use(key, principals)`,
    /// `keyshare.assign_key(keys, account, principals)`, `keyshare.sleep(seconds)` and
    /// `keyshare.concurrently(f1, …)` (``LuaConcurrently``: the children run in the caller's step).
    package static func keyshare(writers: KeyPolicyWriters, sleep: @escaping @Sendable (Duration) async -> Void) -> LuaModule {
        func edit(revoke: Bool) -> LuaFunction {
            { arguments in
                let key = try sharedKey(try arguments.table(1))
                let principals = try strings(try arguments.table(2), position: 2)
                let scope = arguments.callContext as? StepScope
                return .suspend {
                    try await ThrottleMeter.$target.withValue(scope?.target) {
                        let writer = await writers.writer(for: key)
                        // The intent first (made durable by the writer's barrier before the policy write):
                        // a process killed between the write and its record leaves the principals it may
                        // have changed in the journal, for undo to check.
                        var operation: String?
                        if let scope, scope.journal != nil {
                            let candidates = try await raisingInLua {
                                revoke ? principals : try await writer.absent(principals)
                            }
                            if !candidates.isEmpty {
                                let id = scope.operationID()
                                try await journalKeyPolicyChange(
                                    scope, key: key, revoke: revoke, principals: candidates,
                                    phase: .intent, operation: id)
                                operation = id
                            }
                        }
                        let change = try await raisingInLua {
                            revoke ? try await writer.revoke(principals) : try await writer.grant(principals)
                        }
                        await writers.journal.record(
                            keyID: key.keyID, revoke: revoke, principals: change.principals,
                            notes: change.notes, requested: principals)
                        if let scope, let operation {
                            try await journalKeyPolicyChange(
                                scope, key: key, revoke: revoke, principals: change.principals,
                                phase: .done, operation: operation)
                        }
                        var result = LuaTable()
                        result["principals"] = .table(LuaTable(array: change.principals.map(LuaValue.string)))
                        result["changed"] = .boolean(!change.principals.isEmpty)
                        result["notes"] = .table(LuaTable(array: change.notes.map(LuaValue.string)))
                        return [.table(result)]
                    }
                }
            }
        }
        return LuaModule(
            name: "keyshare",
            functions: [
                "assign_key": { arguments in
                    let keys = try poolKeys(arguments)
                    let account = try arguments.string(2)
                    let principals = try strings(try arguments.table(3), position: 3)
                    return .suspend {
                        let pool = await writers.pool(for: keys)
                        let index = try await raisingInLua { try await pool.assign(account: account, principals: principals) }
                        return [.integer(Int64(index + 1))]
                    }
                },
                "concurrently": naming(LuaConcurrently.function),
                // Reads only, and each key at most once per run: a failure is left for the first
                // assignment to raise, in its target's name.
                "load_key_capacity": { arguments in
                    let keys = try poolKeys(arguments)
                    return .suspend {
                        await writers.pool(for: keys).loadCapacity()
                        return []
                    }
                },
                "grant_key_use": edit(revoke: false),
                "revoke_key_use": edit(revoke: true),
                "sleep": naming { arguments in
                    let duration = try sleepDuration(arguments)
                    return .suspend {
                        await sleep(duration)
                        return []
                    }
                },
            ].merging(KeyReservationBinding.functions(writers: writers)) { own, _ in own })
    }

    /// The key handles of a pool, argument 1 of `assign_key` and `load_key_capacity`.
    private static func poolKeys(_ arguments: LuaArguments) throws -> [SharedKey] {
        let keys = try arguments.table(1).array.enumerated().map { index, value in
            guard case .table(let handle) = value else {
                throw LuaArgumentError(position: 1, message: "key #\(index + 1): a key handle expected, got \(value.typeName)")
            }
            return try sharedKey(handle)
        }
        guard !keys.isEmpty else { throw LuaArgumentError(position: 1, message: "the pool has no keys") }
        return keys
    }

    /// Journals the principals a grant or revoke may change (`intent`, before the write) or changed
    /// (`done`, after its read-back), as the undo of the run needs them.
    private static func journalKeyPolicyChange(
        _ scope: StepScope, key: SharedKey, revoke: Bool, principals: [String],
        phase: MutationRecord.Phase, operation: String
    ) async throws {
        let details = [
            revoke ? "removed" : "added": principals.joined(separator: ","), "region": key.region.rawValue,
            "keyArn": key.arn,
        ]
        do {
            // The writer flushes the journal once per batch, right before it writes the policy.
            try await scope.record(
                phase, operation: operation, account: key.owner.rawValue, action: "kms:SetKeyPolicy",
                resource: key.keyID, details: details, queued: true)
        } catch {
            throw CloudErrorObject(
                CloudError(
                    code: "keyshare.JournalError",
                    message: "the key policy of \(key.keyID) changed but the journal could not record it (\(error)); "
                        + "the run stops here so nothing goes unrecorded: fix the journal's disk, then resume",
                    httpStatus: 500))
        }
    }

    /// Prefixes argument errors with the function's full name: called as `yaml.decode(…)`, Lua's
    /// message names only the field (`bad argument #1 to 'decode'`).
    static func naming(_ function: @escaping LuaFunction) -> LuaFunction {
        { arguments in
            do {
                return try function(&arguments)
            } catch var error as LuaArgumentError {
                error.message = "\(arguments.functionName): \(error.message)"
                throw error
            }
        }
    }

    /// Longest `keyshare.sleep`: a day, far past any wait a rollout needs, far below where
    /// seconds stop converting exactly.
    static let longestSleep: Double = 86_400

    /// The duration of `keyshare.sleep(seconds)`: a number from 0 to ``longestSleep``.
    static func sleepDuration(_ arguments: LuaArguments) throws -> Duration {
        let range = "from 0 to \(Int(longestSleep)) seconds"
        guard !arguments.isNil(1) else {
            throw LuaArgumentError(position: 1, message: "seconds expected (a number \(range)), got no value")
        }
        let seconds: Double
        do {
            seconds = try arguments.number(1)
        } catch {
            throw arguments.mismatch(1, expected: "seconds (a number \(range))")
        }
        guard seconds.isFinite, seconds >= 0, seconds <= longestSleep else {
            throw LuaArgumentError(position: 1, message: "seconds must be \(range), got \(seconds)")
        }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }

    /// Runs `body`, turning cloud and key-policy errors into the error tables Lua code branches on.
    private static func raisingInLua<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as CloudError {
            throw CloudErrorObject(error)
        } catch let error as KeyPolicyEditError {
            throw CloudErrorObject(error)
        }
    }

    /// Reads a list of principal strings.
    static func strings(_ list: LuaTable, position: Int) throws -> [String] {
        try list.array.enumerated().map { index, value in
            guard case .string(let text) = value else {
                throw LuaArgumentError(
                    position: position, message: "principal #\(index + 1): string expected, got \(value.typeName)")
            }
            return text
        }
    }

    /// Reads a key handle table (`id`, `arn`, `region`, `owner`, `instance_id`, `state`).
    static func sharedKey(_ table: LuaTable) throws -> SharedKey {
        func field(_ name: String) throws -> String {
            guard case .string(let value) = table[name] else {
                throw LuaArgumentError(
                    position: 1, message: "key handle field '\(name)' missing: pass a handle from account:key(…)")
            }
            return value
        }
        guard let owner = AccountID(try field("owner")) else {
            throw LuaArgumentError(position: 1, message: "key handle field 'owner' is not an account UID")
        }
        let metadata = KeyMetadata(
            keyID: try field("id"), arn: try field("arn"), keyState: table["state"].stringValue ?? "Enabled",
            keySpec: "", keyUsage: "", origin: "", protectionLevel: "", dkmsInstanceID: table["instance_id"].stringValue,
            creator: owner.rawValue, creationDate: "", description: "")
        return SharedKey(metadata: metadata, owner: owner, region: RegionID(try field("region")))
    }
}
