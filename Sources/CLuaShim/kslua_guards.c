/*
 * Budget guards: library functions rebuilt so every way a script burns CPU ends with the
 * instruction budget error. Two holes are closed here:
 *  - Lua code that runs with hooks off: __gc finalizers (refused by setmetatable), xpcall message
 *    handlers and __close handlers of a coroutine stopped by the budget (the hook's error leaves the
 *    coroutine with hooks off, so they are skipped instead of run unbounded).
 *  - C loops whose length a script picks without allocating (string.rep("", 2^53), table.move with
 *    a huge range, table functions driven by a lying __len): rewritten in kslua_loops.c to charge
 *    the budget per step, and pattern matching (kslua_pattern.c, kslua_strings.c).
 */
#include "CLuaShim.h"
#include "kslua_internal.h"

#include <limits.h>
#include <string.h>

/* Registry key of the weak-keyed set of coroutines stopped by the budget. */
static const char kslua_stopped_key = 0;

void kslua_mark_stopped(lua_State *L) {
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &kslua_stopped_key) != LUA_TTABLE) {
        lua_pop(L, 1);
        return;
    }
    if (lua_pushthread(L)) { /* the main thread is never closed by a script */
        lua_pop(L, 2);
        return;
    }
    lua_pushboolean(L, 1);
    lua_rawset(L, -3);
    lua_pop(L, 1);
}

int kslua_was_stopped(lua_State *L, lua_State *co) {
    if (kslua_limits_of(L)->budget_exceeded) return 1;
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &kslua_stopped_key) != LUA_TTABLE) {
        lua_pop(L, 1);
        return 0;
    }
    if (!lua_checkstack(co, 1)) { /* no room to name it: closing is the riskier choice */
        lua_pop(L, 1);
        return 1;
    }
    lua_pushthread(co);
    lua_xmove(co, L, 1);
    int stopped = lua_rawget(L, -2) != LUA_TNIL;
    lua_pop(L, 2);
    return stopped;
}

/* ---- setmetatable without __gc ----------------------------------------------------------- */

static int kslua_setmetatable(lua_State *L) {
    int kind = lua_type(L, 2);
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_argexpected(L, kind == LUA_TNIL || kind == LUA_TTABLE, 2, "nil or table");
    if (kind == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        int has_gc = lua_rawget(L, 2) != LUA_TNIL;
        lua_pop(L, 1);
        if (has_gc) {
            return luaL_error(L, "__gc metamethods are not allowed: Lua runs finalizers outside the "
                                 "instruction budget; release resources explicitly or with a <close> variable");
        }
    }
    if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL) return luaL_error(L, "cannot change a protected metatable");
    lua_settop(L, 2);
    lua_setmetatable(L, 1);
    return 1;
}

/* ---- xpcall whose handler is skipped once the budget is spent ---------------------------- */

/* The budget error is raised from the count hook, where Lua runs the message handler with hooks
 * off: a looping handler would never stop. Once the budget is spent the error passes unchanged. */
static int kslua_handler(lua_State *L) {
    if (kslua_limits_of(L)->budget_exceeded) return 1;
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

static int kslua_xpcall_finish(lua_State *L, int status, lua_KContext extra) {
    if (status != LUA_OK && status != LUA_YIELD) {
        lua_pushboolean(L, 0);
        lua_pushvalue(L, -2);
        return 2;
    }
    return lua_gettop(L) - (int)extra;
}

static int kslua_xpcall(lua_State *L) {
    int count = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, kslua_handler, 1);
    lua_replace(L, 2);
    lua_pushboolean(L, 1);
    lua_pushvalue(L, 1);
    lua_rotate(L, 3, 2); /* f, handler, true, f, args... */
    int status = lua_pcallk(L, count - 2, LUA_MULTRET, 2, 2, kslua_xpcall_finish);
    return kslua_xpcall_finish(L, status, 2);
}

/* ---- coroutine.wrap and coroutine.close that never run __close with hooks off ------------- */

enum { KSLUA_CO_RUNNING, KSLUA_CO_SUSPENDED, KSLUA_CO_NORMAL, KSLUA_CO_DEAD };
static const char *const kslua_co_names[] = {"running", "suspended", "normal", "dead"};

static int kslua_co_status(lua_State *L, lua_State *co) {
    if (L == co) return KSLUA_CO_RUNNING;
    switch (lua_status(co)) {
    case LUA_YIELD: return KSLUA_CO_SUSPENDED;
    case LUA_OK: {
        lua_Debug ar;
        if (lua_getstack(co, 0, &ar)) return KSLUA_CO_NORMAL;
        return lua_gettop(co) == 0 ? KSLUA_CO_DEAD : KSLUA_CO_SUSPENDED;
    }
    default: return KSLUA_CO_DEAD;
    }
}

/* Resumes co with the top `count` values of L; returns the results moved to L, or -1 with the
 * error on top of L. Marks co when the budget stopped it. */
static int kslua_co_resume(lua_State *L, lua_State *co, int count) {
    int state = kslua_co_status(L, co);
    if (state != KSLUA_CO_SUSPENDED) {
        lua_pushfstring(L, "cannot resume %s coroutine", kslua_co_names[state]);
        return -1;
    }
    if (!lua_checkstack(co, count)) {
        lua_pushliteral(L, "too many arguments to resume");
        return -1;
    }
    lua_xmove(L, co, count);
    int results = 0;
    int status = lua_resume(co, L, count, &results);
    if (status == LUA_OK || status == LUA_YIELD) {
        if (!lua_checkstack(L, results + 1)) {
            lua_pop(co, results);
            lua_pushliteral(L, "too many results to resume");
            return -1;
        }
        lua_xmove(co, L, results);
        return results;
    }
    lua_xmove(co, L, 1);
    return -1;
}

static int kslua_wrapped(lua_State *L) {
    lua_State *co = lua_tothread(L, lua_upvalueindex(1));
    int results = kslua_co_resume(L, co, lua_gettop(L));
    if (results >= 0) return results;
    int status = lua_status(co);
    if (status != LUA_OK && status != LUA_YIELD && !kslua_was_stopped(L, co)) {
        status = kslua_closethread(co, L); /* run its __close handlers, as coroutine.wrap does */
        lua_xmove(co, L, 1);
    }
    if (status != LUA_ERRMEM && lua_type(L, -1) == LUA_TSTRING) {
        luaL_where(L, 1);
        lua_insert(L, -2);
        lua_concat(L, 2);
    }
    return lua_error(L);
}

static int kslua_co_wrap(lua_State *L) {
    luaL_checktype(L, 1, LUA_TFUNCTION);
    lua_State *co = lua_newthread(L);
    lua_pushvalue(L, 1);
    lua_xmove(L, co, 1);
    lua_pushcclosure(L, kslua_wrapped, 1);
    return 1;
}

static int kslua_co_close(lua_State *L) {
    lua_State *co = lua_tothread(L, 1);
    luaL_argexpected(L, co != NULL, 1, "coroutine");
    int state = kslua_co_status(L, co);
    if (state != KSLUA_CO_DEAD && state != KSLUA_CO_SUSPENDED) {
        return luaL_error(L, "cannot close a %s coroutine", kslua_co_names[state]);
    }
    if (kslua_was_stopped(L, co)) {
        kslua_charge(L, 0); /* raises while the budget is spent */
        lua_pushboolean(L, 0);
        lua_pushliteral(L, "the coroutine was stopped by the instruction budget: its to-be-closed variables are not run");
        return 2;
    }
    int status = kslua_closethread(co, L);
    if (status == LUA_OK) {
        lua_pushboolean(L, 1);
        return 1;
    }
    lua_pushboolean(L, 0);
    lua_xmove(co, L, 1);
    return 2;
}

/* ---- collectgarbage limited to what a script needs, charged by heap size ----------------- */

static int kslua_collectgarbage(lua_State *L) {
    static const char *const options[] = {"collect", "step", "count", "isrunning", NULL};
    const char *name = luaL_optstring(L, 1, "collect");
    int option = -1;
    for (int i = 0; options[i] != NULL; i++) {
        if (strcmp(options[i], name) == 0) option = i;
    }
    if (option < 0) {
        return luaL_error(L, "collectgarbage(\"%s\") is not available in the sandbox: only \"collect\", "
                             "\"step\", \"count\" and \"isrunning\" are", name);
    }
    switch (option) {
    case 0:
    case 1: {
        /* A full cycle costs time in proportion to the heap: one instruction per 256 bytes. */
        kslua_charge(L, 1 + (long long)(kslua_limits_of(L)->memory_used >> 8));
        if (option == 0) {
            lua_gc(L, LUA_GCCOLLECT);
            lua_pushinteger(L, 0);
        } else {
            int step = (int)luaL_optinteger(L, 2, 0);
            lua_pushboolean(L, lua_gc(L, LUA_GCSTEP, step));
        }
        return 1;
    }
    case 2: {
        int kilobytes = lua_gc(L, LUA_GCCOUNT);
        int bytes = lua_gc(L, LUA_GCCOUNTB);
        lua_pushnumber(L, (lua_Number)kilobytes + ((lua_Number)bytes / 1024));
        return 1;
    }
    default:
        lua_pushboolean(L, lua_gc(L, LUA_GCISRUNNING));
        return 1;
    }
}

/* ---- library functions that raise as soon as their work spent the budget ----------------- */

/* Calls the upvalue-less C function in upvalue 1 in this frame, then raises if what it did (the
 * allocator charges the bytes it produced) spent the budget. Without this, a loop over calls that
 * each build megabytes (string.format("%q", s), s:upper(), os.date of a long format) runs a
 * thousand of them before the count hook next looks. Costs one indirect call, no Lua call. */
static int kslua_checked_call(lua_State *L) {
    lua_CFunction function = lua_tocfunction(L, lua_upvalueindex(1));
    int results = function(L);
    kslua_limits *limits = kslua_limits_of(L);
    if (limits->instruction_limit > 0 && limits->instructions_spent > limits->instruction_limit) {
        kslua_charge(L, 1);
    }
    return results;
}

/* Wraps every upvalue-less C function of the table at idx with kslua_checked_call. */
static void kslua_check_library(lua_State *L, int idx) {
    idx = lua_absindex(L, idx);
    lua_pushnil(L);
    while (lua_next(L, idx) != 0) {
        int wrap = lua_type(L, -2) == LUA_TSTRING && lua_iscfunction(L, -1);
        if (wrap && lua_getupvalue(L, -1, 1) != NULL) {
            lua_pop(L, 1); /* has upvalues: it must run as its own closure */
            wrap = 0;
        }
        if (wrap) {
            lua_pushvalue(L, -2);
            lua_pushvalue(L, -2);
            lua_pushcclosure(L, kslua_checked_call, 1);
            lua_rawset(L, idx); /* assigning an existing key during lua_next is allowed */
        }
        lua_pop(L, 1);
    }
}

/* ---- print, warn and tonumber charged by the bytes they go through ------------------------ */

/* Calls the stock function in upvalue 1 after charging its string arguments one instruction per
 * 16 bytes: writing megabytes to a file or pipe blocks in the kernel, time the CPU charge of the
 * count hook never sees (`for i = 1, 1e9 do print(s) end` ran far past the budget), and tonumber
 * scans a whole string without allocating. */
static int kslua_charged_scan(lua_State *L) {
    int count = lua_gettop(L);
    size_t bytes = 0;
    for (int i = 1; i <= count; i++) {
        if (lua_type(L, i) == LUA_TSTRING) bytes += lua_rawlen(L, i);
    }
    kslua_charge(L, 1 + (long long)(bytes >> 4));
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, count, LUA_MULTRET);
    return lua_gettop(L);
}

/* tonumber's own argument checks, made here so their errors name 'tonumber' (the stock function,
 * called from C, would be named '?'); then the charged stock call. */
static int kslua_tonumber(lua_State *L) {
    if (lua_isnoneornil(L, 2)) {
        luaL_checkany(L, 1);
    } else {
        lua_Integer base = luaL_checkinteger(L, 2);
        luaL_checktype(L, 1, LUA_TSTRING);
        luaL_argcheck(L, 2 <= base && base <= 36, 2, "base out of range");
    }
    return kslua_charged_scan(L);
}

/* Registry key of the stock functions the guards replace (for differential tests). */
static const char kslua_stock_key = 0;

static void kslua_save_stock(lua_State *L, int globals) {
    static const char *const string_names[] = {"find", "match", "gmatch", "gsub", "rep", NULL};
    static const char *const table_names[] = {"insert", "remove", "move", "concat", "unpack", "sort", NULL};
    static const char *const utf8_names[] = {"len", "offset", NULL};
    lua_newtable(L);
    lua_getfield(L, globals, LUA_STRLIBNAME);
    for (int i = 0; string_names[i] != NULL; i++) {
        lua_getfield(L, -1, string_names[i]);
        lua_setfield(L, -3, string_names[i]);
    }
    lua_pop(L, 1);
    lua_getfield(L, globals, LUA_TABLIBNAME);
    for (int i = 0; table_names[i] != NULL; i++) {
        lua_getfield(L, -1, table_names[i]);
        lua_setfield(L, -3, table_names[i]);
    }
    lua_pop(L, 1);
    lua_getfield(L, globals, LUA_UTF8LIBNAME);
    for (int i = 0; utf8_names[i] != NULL; i++) {
        lua_getfield(L, -1, utf8_names[i]);
        lua_pushfstring(L, "utf8_%s", utf8_names[i]);
        lua_insert(L, -2);
        lua_settable(L, -4);
    }
    lua_pop(L, 1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &kslua_stock_key);
}

static int kslua_expose_stock_call(lua_State *L) {
    lua_rawgetp(L, LUA_REGISTRYINDEX, &kslua_stock_key);
    lua_setglobal(L, lua_tostring(L, 1));
    return 0;
}

int kslua_expose_stock(lua_State *L, const char *name) {
    lua_pushcfunction(L, kslua_expose_stock_call);
    lua_pushstring(L, name);
    int status = lua_pcall(L, 1, 0, 0);
    if (status != LUA_OK) lua_pop(L, 1);
    return status;
}

void kslua_install_guards(lua_State *L, int globals) {
    globals = lua_absindex(L, globals);
    kslua_save_stock(L, globals);
    lua_pushcfunction(L, kslua_setmetatable);
    lua_setfield(L, globals, "setmetatable");
    lua_pushcfunction(L, kslua_xpcall);
    lua_setfield(L, globals, "xpcall");
    lua_pushcfunction(L, kslua_collectgarbage);
    lua_setfield(L, globals, "collectgarbage");

    static const char *const scans[] = {"print", "warn", "tonumber", NULL};
    for (int i = 0; scans[i] != NULL; i++) {
        if (lua_getfield(L, globals, scans[i]) == LUA_TFUNCTION) {
            lua_pushcclosure(L, i == 2 ? kslua_tonumber : kslua_charged_scan, 1);
            lua_setfield(L, globals, scans[i]);
        } else {
            lua_pop(L, 1);
        }
    }

    lua_getfield(L, globals, LUA_COLIBNAME);
    lua_pushcfunction(L, kslua_co_wrap);
    lua_setfield(L, -2, "wrap");
    lua_pushcfunction(L, kslua_co_close);
    lua_setfield(L, -2, "close");
    lua_pop(L, 1);

    lua_getfield(L, globals, LUA_STRLIBNAME);
    kslua_install_patterns(L, -1);
    kslua_install_string_loops(L, -1);
    lua_pop(L, 1);
    lua_getfield(L, globals, LUA_TABLIBNAME);
    kslua_install_table_loops(L, -1);
    lua_pop(L, 1);
    lua_getfield(L, globals, LUA_UTF8LIBNAME);
    kslua_install_utf8_loops(L, -1);
    lua_pop(L, 1);

    static const char *const checked[] = {
        LUA_STRLIBNAME, LUA_TABLIBNAME, LUA_UTF8LIBNAME, LUA_OSLIBNAME, LUA_MATHLIBNAME, NULL};
    for (int i = 0; checked[i] != NULL; i++) {
        if (lua_getfield(L, globals, checked[i]) == LUA_TTABLE) kslua_check_library(L, -1);
        lua_pop(L, 1);
    }

    lua_newtable(L);
    lua_createtable(L, 0, 1);
    lua_pushliteral(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &kslua_stopped_key);
}
