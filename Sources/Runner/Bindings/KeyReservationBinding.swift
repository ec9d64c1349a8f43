import CloudAPI
import Grants
import LuaKit

/// `keyshare.reserve_key_use(key, principals)` and `keyshare.release_key_use(key, principals)`: the
/// capacity check a target makes before its first write (see ``CapacityLedger``).
///
/// A reservation ends at the target's grant (consumed when the write lands, given back when the
/// grant fails) or at an explicit release. Release is explicit, not tied to the target's end,
/// because the action knows what it holds and why it failed; a `prepare` that succeeds keeps its
/// room for the grant it prepared for, even when that grant runs in a later step.
enum KeyReservationBinding {
    /// The two functions, for the `keyshare` module.
    static func functions(writers: KeyPolicyWriters) -> [String: LuaFunction] {
        [
            "reserve_key_use": { arguments in
                let key = try HelperModules.sharedKey(try arguments.table(1))
                let principals = try HelperModules.strings(try arguments.table(2), position: 2)
                return .suspend {
                    let writer = await writers.writer(for: key)
                    let reserved: [String]
                    do {
                        reserved = try await writer.reserve(principals)
                    } catch let error as CloudError {
                        throw CloudErrorObject(error)
                    } catch let error as KeyPolicyEditError {
                        throw CloudErrorObject(error)
                    }
                    return [.table(LuaTable(array: reserved.map(LuaValue.string)))]
                }
            },
            "release_key_use": { arguments in
                let key = try HelperModules.sharedKey(try arguments.table(1))
                let principals = try HelperModules.strings(try arguments.table(2), position: 2)
                writers.ledger.release(key, principals: principals)
                return .none
            },
        ]
    }
}
