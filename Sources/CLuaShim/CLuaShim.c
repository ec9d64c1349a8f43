/*
 * The call/raise/yield trampoline, protected calls, coroutine helpers, error and object markers.
 * Raising (lua_error, luaL_argerror) and yielding happen only here, after Swift has returned.
 */
#include "CLuaShim.h"
#include "kslua_internal.h"

/* Unique addresses used as light-userdata keys and markers. */
static const char kslua_traceback_key = 0;
static const char kslua_raise_marker = 0;
static const char kslua_error_marker = 0;
static const char kslua_object_marker = 0;

/* Continuation of a suspended binding: the driver resumes it with the operation's results, or
 * with (raise marker, error value) to raise the operation's error at the binding's call site. */
static int kslua_resume_k(lua_State *L, int status, lua_KContext base) {
    (void)status;
    int top = lua_gettop(L);
    int count = top - (int)base;
    if (count >= 2 && lua_touserdata(L, (int)base + 1) == (void *)&kslua_raise_marker) {
        lua_settop(L, (int)base + 2);
        if (lua_type(L, -1) == LUA_TSTRING) {
            luaL_where(L, 1);
            lua_insert(L, -2);
            lua_concat(L, 2);
        }
        return lua_error(L);
    }
    return count;
}

static int kslua_raise(lua_State *L, int status) {
    switch (status) {
    case KSLUA_STATUS_ERROR:
        if (lua_type(L, -1) == LUA_TSTRING) {
            luaL_where(L, 1);
            lua_insert(L, -2);
            lua_concat(L, 2);
        }
        return lua_error(L);
    case KSLUA_STATUS_RAISE:
        return lua_error(L);
    case KSLUA_STATUS_ARGERROR: {
        int arg = (int)lua_tointeger(L, -2);
        const char *message = lua_tostring(L, -1);
        return luaL_argerror(L, arg, message);
    }
    case KSLUA_STATUS_YIELD: {
        /* Swift checked lua_isyieldable and that L belongs to the driver. */
        int base = lua_gettop(L);
        return lua_yieldk(L, 0, (lua_KContext)base, kslua_resume_k);
    }
    default:
        return luaL_error(L, "LuaKit: unknown binding status %d", status);
    }
}

/* Charges the string bytes among the `count` values from `first` on: one instruction per 16, as
 * the allocator charges what Lua builds. Swift copies (and may write out) every string a binding
 * takes or returns while the cap and the allocator's charge are off, and part of that work (a
 * print to a file, a log line) happens on other threads the CPU charge does not see. */
static void kslua_charge_strings(lua_State *L, int first, int count) {
    if (kslua_limits_of(L)->instruction_limit <= 0) return;
    size_t bytes = 0;
    for (int i = first; i < first + count; i++) {
        if (lua_type(L, i) == LUA_TSTRING) bytes += lua_rawlen(L, i);
    }
    if (bytes >= 16) kslua_charge(L, (long long)(bytes >> 4));
}

static int kslua_trampoline(lua_State *L) {
    void *box = lua_touserdata(L, lua_upvalueindex(1));
    kslua_charge_strings(L, 1, lua_gettop(L));
    int result = kslua_swift_dispatch(L, box);
    kslua_charge_host_cpu(L);
    if (result > 0) kslua_charge_strings(L, lua_gettop(L) - result + 1, result);
    if (result >= 0) return result;
    return kslua_raise(L, result);
}

void kslua_push_function(lua_State *L, void *box) {
    lua_pushlightuserdata(L, box);
    lua_pushcclosure(L, kslua_trampoline, 1);
}

/* Message handler: records the traceback beside the error and keeps the error value unchanged, so
 * structured error tables survive. Runs with the cap lifted so a near-full heap can still report. */
static int kslua_message_handler(lua_State *L) {
    kslua_limits *limits = kslua_limits_of(L);
    limits->in_host += 1;
    luaL_traceback(L, L, NULL, 1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &kslua_traceback_key);
    limits->in_host -= 1;
    return 1;
}

int kslua_load_text(lua_State *L, const char *source, size_t length, const char *chunkname) {
    kslua_limits *limits = kslua_limits_of(L);
    int saved = limits->in_host;
    limits->in_host = 0;
    kslua_mark_cpu(limits); /* CPU used by Swift before this is not Lua's */
    int status = luaL_loadbufferx(L, source, length, chunkname, "t");
    limits->in_host = saved;
    return status;
}

int kslua_pcall(lua_State *L, int nargs, int nresults) {
    kslua_limits *limits = kslua_limits_of(L);
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, kslua_message_handler);
    lua_insert(L, base);
    int saved = limits->in_host;
    limits->in_host = 0;
    kslua_mark_cpu(limits); /* CPU used by Swift before this is not Lua's */
    limits->in_run += 1;
    int status = lua_pcall(L, nargs, nresults, base);
    limits->in_run -= 1;
    limits->in_host = saved;
    lua_remove(L, base);
    if (status == LUA_OK && limits->budget_exceeded) {
        /* The script caught the budget error (coroutine.resume, coroutine.close, pcall at its
         * last instructions) and ended before the hook raised it again: still a budget failure. */
        lua_settop(L, base - 1);
        lua_pushliteral(L, "instruction budget exceeded");
        status = LUA_ERRRUN;
    }
    return status;
}

static int kslua_tolstring_call(lua_State *L) {
    luaL_tolstring(L, 1, NULL);
    return 1;
}

int kslua_tolstring(lua_State *L, int idx) {
    idx = lua_absindex(L, idx);
    lua_pushcfunction(L, kslua_tolstring_call);
    lua_pushvalue(L, idx);
    int status = kslua_pcall(L, 1, 1);
    if (status != LUA_OK) {
        kslua_take_traceback(L);
        lua_pop(L, 1);
    }
    return status;
}

void kslua_take_traceback(lua_State *L) {
    lua_rawgetp(L, LUA_REGISTRYINDEX, &kslua_traceback_key);
    lua_pushnil(L);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &kslua_traceback_key);
}

int kslua_resume(lua_State *co, lua_State *from, int nargs, int *nresults) {
    kslua_limits *limits = kslua_limits_of(co);
    int saved = limits->in_host;
    limits->in_host = 0;
    kslua_mark_cpu(limits); /* CPU used by Swift before this is not Lua's */
    limits->in_run += 1;
    int status = lua_resume(co, from, nargs, nresults);
    limits->in_run -= 1;
    limits->in_host = saved;
    if (status == LUA_OK && limits->budget_exceeded) { /* caught by the script: see kslua_pcall */
        lua_pop(co, *nresults);
        *nresults = 0;
        lua_pushliteral(co, "instruction budget exceeded");
        status = LUA_ERRRUN;
    }
    return status;
}

void kslua_push_thread_traceback(lua_State *L, lua_State *co) {
    luaL_traceback(L, co, NULL, 0);
}

int kslua_closethread(lua_State *co, lua_State *from) {
    /* A coroutine the budget stopped from the hook has hooks off: its __close handlers could run
     * forever, so they are skipped. */
    if (kslua_was_stopped(from, co)) return LUA_OK;
#if LUA_VERSION_RELEASE_NUM >= 50406
    return lua_closethread(co, from);
#else
    (void)from;
    return lua_resetthread(co);
#endif
}

void kslua_push_raise_marker(lua_State *L) {
    lua_pushlightuserdata(L, (void *)&kslua_raise_marker);
}

static int kslua_error_tostring(lua_State *L) {
    lua_pushvalue(L, lua_upvalueindex(1));
    return 1;
}

void kslua_mark_error_object(lua_State *L, const char *text, size_t length) {
    lua_createtable(L, 0, 3);
    lua_pushlstring(L, text, length);
    lua_pushcclosure(L, kslua_error_tostring, 1);
    lua_setfield(L, -2, "__tostring");
    lua_pushboolean(L, 1);
    lua_rawsetp(L, -2, &kslua_error_marker);
    lua_pushliteral(L, "error");
    lua_setfield(L, -2, "__name");
    lua_setmetatable(L, -2);
}

int kslua_is_error_object(lua_State *L, int idx) {
    if (lua_type(L, idx) != LUA_TTABLE || !lua_getmetatable(L, idx)) return 0;
    lua_rawgetp(L, -1, &kslua_error_marker);
    int marked = lua_toboolean(L, -1);
    lua_pop(L, 2);
    return marked;
}

void kslua_push_error_text(lua_State *L, int idx) {
    idx = lua_absindex(L, idx);
    if (!lua_getmetatable(L, idx)) {
        lua_pushnil(L);
        return;
    }
    lua_pushliteral(L, "__tostring");
    lua_rawget(L, -2);
    if (lua_getupvalue(L, -1, 1) == NULL) lua_pushnil(L);
    lua_remove(L, -2);
    lua_remove(L, -2);
}

void **kslua_new_object(lua_State *L) {
    void **slot = (void **)lua_newuserdatauv(L, sizeof(void *), 0);
    *slot = NULL;
    return slot;
}

void kslua_mark_object_metatable(lua_State *L) {
    lua_pushboolean(L, 1);
    lua_rawsetp(L, -2, &kslua_object_marker);
}

void **kslua_object_slot(lua_State *L, int idx) {
    if (lua_type(L, idx) != LUA_TUSERDATA || !lua_getmetatable(L, idx)) return NULL;
    lua_rawgetp(L, -1, &kslua_object_marker);
    int marked = lua_toboolean(L, -1);
    lua_pop(L, 2);
    return marked ? (void **)lua_touserdata(L, idx) : NULL;
}
