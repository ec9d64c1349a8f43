import CLuaShim

/// Swift objects as full userdata: one retained pointer per userdata, a metatable per type with
/// `__index` (methods), `__tostring`, `__name`, a locked `__metatable`, and `__gc` releasing the
/// object exactly once.
extension LuaState {
    /// Pushes `object` as a new userdata with its type's metatable.
    func pushObject(_ object: any LuaObject, on thread: OpaquePointer) {
        let slot = kslua_new_object(thread)!
        slot.pointee = Unmanaged.passRetained(object as AnyObject).toOpaque()
        pushMetatable(for: object, on: thread)
        lua_setmetatable(thread, -2)
    }

    /// The Swift object behind the userdata at `index`, or nil for any other value.
    func object(at index: Int32, on thread: OpaquePointer) -> (any LuaObject)? {
        guard let slot = kslua_object_slot(thread, index), let pointer = slot.pointee else { return nil }
        return Unmanaged<AnyObject>.fromOpaque(pointer).takeUnretainedValue() as? any LuaObject
    }

    private func pushMetatable<Object: LuaObject>(for object: Object, on thread: OpaquePointer) {
        let key = ObjectIdentifier(Object.self)
        if let slot = objectMetatables[key] {
            lua_rawgeti(thread, kslua_registryindex(), lua_Integer(slot))
            return
        }
        lua_createtable(thread, 0, 6)
        kslua_mark_object_metatable(thread)
        setField("__name", on: thread) { pushString(Object.luaTypeName, on: $0) }
        setField("__metatable", on: thread) { pushString(Object.luaTypeName, on: $0) }
        setField("__tostring", on: thread) { thread in
            pushFunction(
                { arguments in
                    .value(.string(try arguments.object(1, as: Object.self).luaDescription))
                }, named: "\(Object.luaTypeName).__tostring", on: thread)
        }
        setField("__gc", on: thread) { thread in
            pushFunction(
                { arguments in
                    arguments.releaseObject(1)
                    return .none
                }, named: "\(Object.luaTypeName).__gc", on: thread)
        }
        let methods = Object.luaMethods
        if !methods.isEmpty {
            setField("__index", on: thread) { thread in
                lua_createtable(thread, 0, Int32(clamping: methods.count))
                for (name, method) in methods.sorted(by: { $0.key < $1.key }) {
                    pushString(name, on: thread)
                    pushFunction(
                        { arguments in
                            let receiver = try arguments.object(1, as: Object.self)
                            return try method(receiver, &arguments)
                        }, named: "\(Object.luaTypeName).\(name)", on: thread)
                    lua_rawset(thread, -3)
                }
            }
        }
        lua_pushvalue(thread, -1)
        objectMetatables[key] = luaL_ref(thread, kslua_registryindex())
    }

    private func setField(_ name: String, on thread: OpaquePointer, pushValue: (OpaquePointer) -> Void) {
        pushString(name, on: thread)
        pushValue(thread)
        lua_rawset(thread, -3)
    }
}

extension LuaArguments {
    /// Releases the Swift object of the userdata at `position` once; later calls do nothing.
    func releaseObject(_ position: Int) {
        guard let slot = kslua_object_slot(thread, Int32(position)), let pointer = slot.pointee else { return }
        slot.pointee = nil
        Unmanaged<AnyObject>.fromOpaque(pointer).release()
    }
}
