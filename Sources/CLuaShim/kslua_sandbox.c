/*
 * The sandbox: which libraries a state gets, a text-only `load`, a `require` confined to plugin
 * folders and a read-only `io.open` confined to readable folders. Runs under lua_pcall because
 * setting it up uses raising API calls.
 */
#include "CLuaShim.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* `load` that forces mode "t": binary chunks can crash the interpreter (manual, `load`). The env
 * argument is forwarded only when given, because an explicit nil would set _ENV to nil. */
static int kslua_text_load(lua_State *L) {
    int given = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushvalue(L, 1);
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

/* 1 when `name` is a dotted module name: letters, digits, '_', '-', single dots between parts. */
static int kslua_valid_module_name(const char *name, size_t length) {
    if (length == 0 || name[0] == '.' || name[length - 1] == '.') return 0;
    for (size_t i = 0; i < length; i++) {
        char c = name[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '_' || c == '-' || c == '.';
        if (!ok) return 0;
        if (c == '.' && name[i + 1] == '.') return 0;
    }
    return 1;
}

static int kslua_readable_file(const char *path) {
    FILE *file = fopen(path, "r");
    if (file == NULL) return 0;
    fclose(file);
    return 1;
}

/* package.searchers entry: `a.b` → <root>/a/b.lua or <root>/a/b/init.lua, text only. */
static int kslua_plugin_searcher(lua_State *L) {
    size_t length = 0;
    const char *name = luaL_checklstring(L, 1, &length);
    if (!kslua_valid_module_name(name, length)) {
        return luaL_error(L,
            "module name '%s' is not allowed: require takes a dotted name resolved inside the plugin "
            "folders (like \"mylib.util\"), never an absolute path, '/', '\\' or '..'", name);
    }
    luaL_Buffer relative;
    luaL_buffinit(L, &relative);
    for (size_t i = 0; i < length; i++) luaL_addchar(&relative, name[i] == '.' ? '/' : name[i]);
    luaL_pushresult(&relative);
    int relative_index = lua_gettop(L);
    lua_pushliteral(L, "");
    int tried_index = lua_gettop(L);
    lua_Integer roots = luaL_len(L, lua_upvalueindex(1));
    for (lua_Integer i = 1; i <= roots; i++) {
        lua_rawgeti(L, lua_upvalueindex(1), i);
        const char *root = lua_tostring(L, -1);
        const char *rel = lua_tostring(L, relative_index);
        const char *patterns[2] = {"%s/%s.lua", "%s/%s/init.lua"};
        for (int p = 0; p < 2; p++) {
            const char *path = lua_pushfstring(L, patterns[p], root, rel);
            if (kslua_readable_file(path)) {
                if (luaL_loadfilex(L, path, "t") != LUA_OK) {
                    return luaL_error(L, "error loading module '%s' from file '%s':\n\t%s", name, path,
                                      lua_tostring(L, -1));
                }
                lua_pushvalue(L, -2);
                return 2;
            }
            lua_pushfstring(L, "%s\n\tno file '%s'", lua_tostring(L, tried_index), path);
            lua_replace(L, tried_index);
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
    if (roots == 0) lua_pushliteral(L, "\n\tno plugin folder is configured for require");
    else lua_pushvalue(L, tried_index);
    return 1;
}

/* 1 when `path` equals `root` or lies below it. */
static int kslua_path_under(const char *path, const char *root) {
    size_t length = strlen(root);
    while (length > 1 && root[length - 1] == '/') length--;
    if (strncmp(path, root, length) != 0) return 0;
    return path[length] == '\0' || path[length] == '/' || (length == 1 && root[0] == '/');
}

/* Sandboxed io.open: read-only, and only for files below one of the readable roots (upvalue 2),
 * with symlinks resolved first. Failures return nil plus a message, as io.open does. */
static int kslua_guarded_open(lua_State *L) {
    const char *path = luaL_checkstring(L, 1);
    const char *mode = luaL_optstring(L, 2, "r");
    lua_settop(L, 2);
    if (strcmp(mode, "r") != 0 && strcmp(mode, "rb") != 0) {
        luaL_pushfail(L);
        lua_pushfstring(L, "%s: the sandbox opens files for reading only (mode \"r\"), not \"%s\"", path, mode);
        return 2;
    }
    char resolved[PATH_MAX];
    if (realpath(path, resolved) == NULL) {
        luaL_pushfail(L);
        lua_pushfstring(L, "%s: No such file or directory", path);
        return 2;
    }
    lua_Integer roots = luaL_len(L, lua_upvalueindex(2));
    int allowed = 0;
    for (lua_Integer i = 1; i <= roots && !allowed; i++) {
        lua_rawgeti(L, lua_upvalueindex(2), i);
        allowed = kslua_path_under(resolved, lua_tostring(L, -1));
        lua_pop(L, 1);
    }
    if (!allowed) {
        luaL_pushfail(L);
        lua_pushfstring(L, "%s: reading is allowed only below the configured readable paths", path);
        return 2;
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushstring(L, resolved);
    lua_pushstring(L, mode);
    lua_call(L, 2, LUA_MULTRET);
    return lua_gettop(L) - 2;
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

/* Arguments: trusted (boolean), plugin roots (table), readable roots (table). */
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
        lua_getfield(L, -2, "open");
        lua_pushvalue(L, 3);
        lua_pushcclosure(L, kslua_guarded_open, 2);
        lua_setfield(L, -2, "open");
        lua_pushvalue(L, -1);
        lua_setfield(L, globals, LUA_IOLIBNAME);
        lua_getfield(L, package, "loaded");
        lua_insert(L, -2);
        lua_setfield(L, -2, LUA_IOLIBNAME);
        lua_pop(L, 2);
    }
    return 0;
}

int kslua_open_sandbox(lua_State *L, int trusted) {
    lua_pushcfunction(L, kslua_setup);
    lua_pushboolean(L, trusted);
    lua_rotate(L, -4, 2); /* roots, readable, setup, trusted → setup, trusted, roots, readable */
    return lua_pcall(L, 3, 0, 0);
}
