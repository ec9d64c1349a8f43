/*
 * The sandbox: which libraries a state gets, a text-only `load`, a `require` confined to plugin
 * folders and a read-only `io.open` confined to readable folders. Runs under lua_pcall because
 * setting it up uses raising API calls.
 */
#include "CLuaShim.h"
#include "kslua_internal.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A reader function given to `load`, wrapped (upvalue 1): the parser scans every piece it returns
 * in C, where the count hook never fires, so each piece is charged like source text is. */
static int kslua_charged_reader(lua_State *L) {
    lua_settop(L, 0);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_call(L, 0, 1);
    if (lua_type(L, 1) == LUA_TSTRING) kslua_charge(L, 1 + (long long)(lua_rawlen(L, 1) >> 4));
    return 1;
}

/* `load` that forces mode "t": binary chunks can crash the interpreter (manual, `load`). The env
 * argument is forwarded only when given, because an explicit nil would set _ENV to nil. */
static int kslua_text_load(lua_State *L) {
    int given = lua_gettop(L);
    /* Parsing runs in C without the count hook: charge one instruction per 16 bytes of source. */
    if (lua_type(L, 1) == LUA_TSTRING) kslua_charge(L, (long long)(lua_rawlen(L, 1) >> 4));
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 1);
    if (lua_type(L, 1) == LUA_TFUNCTION) lua_pushcclosure(L, kslua_charged_reader, 1);
    if (given >= 2) lua_pushvalue(L, 2);
    else lua_pushnil(L);
    lua_pushliteral(L, "t");
    if (given >= 4) {
        lua_pushvalue(L, 4);
        lua_call(L, 4, LUA_MULTRET);
    } else {
        lua_call(L, 3, LUA_MULTRET);
    }
    return lua_gettop(L) - given;
}

static void kslua_clear_fields(lua_State *L, int table, const char *const *names) {
    for (; *names != NULL; names++) {
        lua_pushnil(L);
        lua_setfield(L, table, *names);
    }
}

static void kslua_open(lua_State *L, const char *name, lua_CFunction open) {
    luaL_requiref(L, name, open, 1);
    lua_pop(L, 1);
}

/* Arguments: trusted (boolean), plugin roots (table), readable roots (table), base folder of
 * relative io.open paths (string or nil). */
static int kslua_setup(lua_State *L) {
    int trusted = lua_toboolean(L, 1);
    kslua_open(L, LUA_GNAME, luaopen_base);
    kslua_open(L, LUA_LOADLIBNAME, luaopen_package);
    kslua_open(L, LUA_COLIBNAME, luaopen_coroutine);
    kslua_open(L, LUA_TABLIBNAME, luaopen_table);
    kslua_open(L, LUA_STRLIBNAME, luaopen_string);
    kslua_open(L, LUA_MATHLIBNAME, luaopen_math);
    kslua_open(L, LUA_UTF8LIBNAME, luaopen_utf8);
    kslua_open(L, LUA_OSLIBNAME, luaopen_os);
    if (trusted) kslua_open(L, LUA_IOLIBNAME, luaopen_io);

    lua_pushglobaltable(L);
    int globals = lua_gettop(L);
    static const char *const base_removed[] = {"dofile", "loadfile", NULL};
    kslua_clear_fields(L, globals, base_removed);
    lua_getfield(L, globals, "load");
    lua_pushcclosure(L, kslua_text_load, 1);
    lua_setfield(L, globals, "load");

    /* The string metatable is shared by every chunk of the state: hide it behind __metatable so
     * getmetatable("") cannot reach it and nobody can change ("").method for everyone. */
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_pushliteral(L, "string");
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 2);

    if (!trusted) {
        lua_getfield(L, globals, LUA_OSLIBNAME);
        static const char *const os_removed[] = {
            "execute", "exit", "remove", "rename", "tmpname", "getenv", "setlocale", NULL};
        kslua_clear_fields(L, lua_gettop(L), os_removed);
        lua_pop(L, 1);
    }

    lua_getfield(L, globals, LUA_LOADLIBNAME);
    int package = lua_gettop(L);
    static const char *const package_removed[] = {"loadlib", "searchpath", NULL};
    kslua_clear_fields(L, package, package_removed);
    lua_pushliteral(L, "");
    lua_setfield(L, package, "cpath");
    lua_pushliteral(L, "");
    lua_setfield(L, package, "path");
    lua_getfield(L, package, "searchers");
    lua_createtable(L, 2, 0);
    lua_rawgeti(L, -2, 1); /* the preload searcher */
    lua_rawseti(L, -2, 1);
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, kslua_plugin_searcher, 1);
    lua_rawseti(L, -2, 2);
    lua_setfield(L, package, "searchers");
    lua_pop(L, 1);

    if (!trusted && luaL_len(L, 3) > 0) {
        luaL_requiref(L, LUA_IOLIBNAME, luaopen_io, 0);
        lua_createtable(L, 0, 1);
        lua_pushvalue(L, 3);
        lua_pushvalue(L, 4);
        lua_pushcclosure(L, kslua_guarded_open, 2);
        lua_setfield(L, -2, "open");
        lua_pushvalue(L, -1);
        lua_setfield(L, globals, LUA_IOLIBNAME);
        lua_getfield(L, package, "loaded");
        lua_insert(L, -2);
        lua_setfield(L, -2, LUA_IOLIBNAME);
        lua_pop(L, 2);
    }

    kslua_install_guards(L, globals);
    /* A file handle's metatable holds the C __gc that closes it: lock it so a script cannot put a
     * Lua finalizer there (finalizers run with hooks off, outside the instruction budget). */
    if (luaL_getmetatable(L, LUA_FILEHANDLE) == LUA_TTABLE) {
        lua_pushliteral(L, "FILE*");
        lua_setfield(L, -2, "__metatable");
    }
    lua_pop(L, 1);
    return 0;
}

int kslua_open_sandbox(lua_State *L, int trusted) {
    lua_pushcfunction(L, kslua_setup);
    lua_pushboolean(L, trusted);
    lua_rotate(L, -5, 2); /* roots, readable, base, setup, trusted → setup, trusted, roots, readable, base */
    return lua_pcall(L, 4, 0, 0);
}
