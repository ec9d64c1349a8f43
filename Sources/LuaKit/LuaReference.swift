import Foundation

/// A Lua value that stays inside its state (a function, userdata or thread), anchored in the
/// registry until the last Swift copy of the reference goes away.
///
/// References are Sendable so they can ride inside ``LuaValue``; they are only *usable* by the
/// ``LuaState`` that made them, which releases their registry slots at its next operation (a
/// reference may be dropped on any thread, but only the owner may touch the state).
public final class LuaReference: Sendable {
    /// The registry slot (`luaL_ref`).
    let slot: Int32
    /// Collects released slots for the owning state.
    let owner: LuaReferenceOwner

    /// A reference to registry `slot`, released through `owner`.
    init(slot: Int32, owner: LuaReferenceOwner) {
        self.slot = slot
        self.owner = owner
    }

    deinit { owner.release(slot) }
}

/// The per-state ledger of registry slots whose references were dropped; drained by the state.
final class LuaReferenceOwner: @unchecked Sendable {
    private let lock = NSLock()
    private var released: [Int32] = []
    private var closed = false

    /// Queues a slot for `luaL_unref` on the owner's isolation.
    func release(_ slot: Int32) {
        lock.withLock {
            if !closed { released.append(slot) }
        }
    }

    /// The queued slots, emptied.
    func takeReleased() -> [Int32] {
        lock.withLock {
            defer { released.removeAll() }
            return released
        }
    }

    /// Stops queuing once the state is closed (its registry is gone).
    func close() {
        lock.withLock {
            closed = true
            released.removeAll()
        }
    }
}
