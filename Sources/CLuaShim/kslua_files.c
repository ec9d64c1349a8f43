/*
 * File access of the strict sandbox: `io.open` confined to readable folders and the `require`
 * searcher confined to plugin folders. Both resolve every symlink first, check the canonical path
 * is below an allowed root, and open only regular files (a FIFO or device must never block the run).
 */
#include "CLuaShim.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* How a script may widen the sandbox, appended to every refusal. */
#define KSLUA_WIDEN_HINT "keep the file inside the playbook's folder, or run with --trusted to read any file"

/* 1 when `path` equals `root` or lies below it (both canonical). */
static int kslua_path_under(const char *path, const char *root) {
    size_t length = strlen(root);
    while (length > 1 && root[length - 1] == '/') length--;
    if (strncmp(path, root, length) != 0) return 0;
    return path[length] == '\0' || path[length] == '/' || (length == 1 && root[0] == '/');
}

/* 1 when `path` is below one of the roots in the array at `roots` (an absolute index). */
static int kslua_under_any(lua_State *L, int roots, const char *path) {
    lua_Integer count = (lua_Integer)lua_rawlen(L, roots);
    for (lua_Integer i = 1; i <= count; i++) {
        lua_rawgeti(L, roots, i);
        int under = lua_type(L, -1) == LUA_TSTRING && kslua_path_under(path, lua_tostring(L, -1));
        lua_pop(L, 1);
        if (under) return 1;
    }
    return 0;
}

static const char *kslua_file_kind(mode_t mode) {
    if (S_ISDIR(mode)) return "a directory";
    if (S_ISFIFO(mode)) return "a FIFO";
    if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
    if (S_ISSOCK(mode)) return "a socket";
    return "not a regular file";
}

/* Opens the canonical `resolved` read-only without blocking or following a last symlink, and
 * checks it is a regular file still below a root (through /proc, so a folder swapped for a symlink
 * between realpath and open is caught). Returns the descriptor, or -1 with `why` filled in. */
static int kslua_open_regular(lua_State *L, int roots, const char *resolved, char *why, size_t why_size) {
    int fd = open(resolved, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        snprintf(why, why_size, "%s", strerror(errno));
        return -1;
    }
    struct stat info;
    if (fstat(fd, &info) != 0) {
        snprintf(why, why_size, "%s", strerror(errno));
        close(fd);
        return -1;
    }
    if (!S_ISREG(info.st_mode)) {
        snprintf(why, why_size, "%s, and the sandbox opens only regular files", kslua_file_kind(info.st_mode));
        close(fd);
        return -1;
    }
    char link[64];
    char opened[PATH_MAX];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t length = readlink(link, opened, sizeof opened - 1);
    if (length > 0) {
        opened[length] = '\0';
        if (!kslua_under_any(L, roots, opened)) {
            snprintf(why, why_size, "it was replaced while opening and now leads outside the allowed folders");
            close(fd);
            return -1;
        }
    }
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0) (void)fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    return fd;
}

/* Closes a stream opened by kslua_guarded_open (the io library's close protocol). */
static int kslua_close_stream(lua_State *L) {
    luaL_Stream *stream = (luaL_Stream *)luaL_checkudata(L, 1, LUA_FILEHANDLE);
    int result = fclose(stream->f);
    return luaL_fileresult(L, result == 0, NULL);
}

static int kslua_open_fail(lua_State *L, const char *path, const char *format, const char *detail) {
    luaL_pushfail(L);
    lua_pushfstring(L, "%s: ", path);
    lua_pushfstring(L, format, detail);
    lua_concat(L, 2);
    return 2;
}

/* Sandboxed io.open. Upvalues: readable roots (canonical), base folder for relative paths (or
 * nil). Failures return fail plus a message naming the path and the reason, as io.open does. */
int kslua_guarded_open(lua_State *L) {
    size_t length = 0;
    const char *path = luaL_checklstring(L, 1, &length);
    const char *mode = luaL_optstring(L, 2, "r");
    lua_settop(L, 2);
    if (strlen(path) != length) {
        luaL_pushfail(L);
        lua_pushfstring(L, "%s\\0...: the path contains a NUL byte (\"\\0\"), which no file name can hold; "
                           "the sandbox refuses it rather than open the shorter path before it", path);
        return 2;
    }
    if (strcmp(mode, "r") != 0 && strcmp(mode, "rb") != 0) {
        luaL_pushfail(L);
        lua_pushfstring(L, "%s: the sandbox opens files for reading only (mode \"r\"), not \"%s\"", path, mode);
        return 2;
    }
    int roots = lua_upvalueindex(1);
    const char *full = path;
    if (path[0] != '/') {
        if (lua_type(L, lua_upvalueindex(2)) != LUA_TSTRING) {
            return kslua_open_fail(L, path, "%s", "a relative path needs a base folder and the sandbox has none; pass an absolute path");
        }
        full = lua_pushfstring(L, "%s/%s", lua_tostring(L, lua_upvalueindex(2)), path);
    }
    if (strlen(full) >= PATH_MAX) {
        return kslua_open_fail(L, path, "%s", "the path is too long");
    }
    char resolved[PATH_MAX];
    if (realpath(full, resolved) == NULL) {
        int error = errno;
        if (error == ENOENT) {
            return kslua_open_fail(L, path, "%s", "No such file or directory (or a symlink whose target is missing)");
        }
        if (error == ELOOP) {
            return kslua_open_fail(L, path, "%s", "too many levels of symbolic links (a symlink loop)");
        }
        return kslua_open_fail(L, path, "%s", strerror(error));
    }
    if (!kslua_under_any(L, roots, resolved)) {
        luaL_pushfail(L);
        lua_pushfstring(L, "%s: resolves to '%s', outside the folders the sandbox may read: " KSLUA_WIDEN_HINT,
                        path, resolved);
        return 2;
    }
    /* The handle exists before the descriptor, so a memory error cannot leak the descriptor. */
    luaL_Stream *stream = (luaL_Stream *)lua_newuserdatauv(L, sizeof(luaL_Stream), 0);
    stream->f = NULL;
    stream->closef = NULL;
    luaL_setmetatable(L, LUA_FILEHANDLE);
    char why[PATH_MAX + 128];
    int fd = kslua_open_regular(L, roots, resolved, why, sizeof why);
    if (fd < 0) return kslua_open_fail(L, path, "%s", why);
    stream->f = fdopen(fd, "r");
    if (stream->f == NULL) {
        int error = errno;
        close(fd);
        return kslua_open_fail(L, path, "%s", strerror(error));
    }
    stream->closef = kslua_close_stream;
    return 1;
}

/* Reads the whole descriptor (light userdata slot at 1) into a string; run under lua_pcall so a
 * memory error cannot leak the descriptor. */
static int kslua_read_all(lua_State *L) {
    int fd = *(int *)lua_touserdata(L, 1);
    luaL_Buffer buffer;
    luaL_buffinit(L, &buffer);
    for (;;) {
        char *space = luaL_prepbuffsize(&buffer, 16384);
        ssize_t count = read(fd, space, 16384);
        if (count < 0) {
            if (errno == EINTR) continue;
            return luaL_error(L, "%s", strerror(errno));
        }
        if (count == 0) break;
        luaL_addsize(&buffer, (size_t)count);
    }
    luaL_pushresult(&buffer);
    return 1;
}

/* Loads the module file at `path` (inside `root`) as text. Returns 1 with the chunk pushed, 0 when
 * there is no such file; raises when the file exists but may not or cannot be loaded. */
static int kslua_load_module_file(lua_State *L, const char *name, const char *path, int roots) {
    char resolved[PATH_MAX];
    if (strlen(path) >= PATH_MAX) return 0;
    if (realpath(path, resolved) == NULL) {
        if (errno == ENOENT || errno == ENOTDIR) return 0;
        return luaL_error(L, "error loading module '%s' from file '%s': %s", name, path, strerror(errno));
    }
    if (!kslua_under_any(L, roots, resolved)) {
        return luaL_error(L,
            "error loading module '%s' from file '%s': it resolves to '%s', outside the plugin folders; "
            "require does not follow symlinks out of a plugin folder (copy the module into the folder)",
            name, path, resolved);
    }
    char why[PATH_MAX + 128];
    int fd = kslua_open_regular(L, roots, resolved, why, sizeof why);
    if (fd < 0) return luaL_error(L, "error loading module '%s' from file '%s': %s", name, path, why);
    lua_pushcfunction(L, kslua_read_all);
    lua_pushlightuserdata(L, &fd);
    int status = lua_pcall(L, 1, 1, 0);
    close(fd);
    if (status != LUA_OK) return lua_error(L);
    size_t length = 0;
    const char *text = lua_tolstring(L, -1, &length);
    lua_pushfstring(L, "@%s", path);
    status = luaL_loadbufferx(L, text, length, lua_tostring(L, -1), "t");
    if (status != LUA_OK) {
        return luaL_error(L, "error loading module '%s' from file '%s':\n\t%s", name, path, lua_tostring(L, -1));
    }
    lua_replace(L, -3);
    lua_pop(L, 1);
    return 1;
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

/* package.searchers entry: `a.b` → <root>/a/b.lua or <root>/a/b/init.lua, text only, never leaving
 * the root through a symlink. Upvalue 1: the plugin roots (canonical). */
int kslua_plugin_searcher(lua_State *L) {
    size_t length = 0;
    const char *name = luaL_checklstring(L, 1, &length);
    if (!kslua_valid_module_name(name, length) || strlen(name) != length) {
        return luaL_error(L,
            "module name '%s' is not allowed: require takes a dotted name resolved inside the plugin "
            "folders (like \"mylib.util\"), never an absolute path, '/', '\\' or '..'", name);
    }
    int roots = lua_upvalueindex(1);
    luaL_Buffer relative;
    luaL_buffinit(L, &relative);
    for (size_t i = 0; i < length; i++) luaL_addchar(&relative, name[i] == '.' ? '/' : name[i]);
    luaL_pushresult(&relative);
    int relative_index = lua_gettop(L);
    lua_pushliteral(L, "");
    int tried_index = lua_gettop(L);
    lua_Integer count = (lua_Integer)lua_rawlen(L, roots);
    for (lua_Integer i = 1; i <= count; i++) {
        lua_rawgeti(L, roots, i);
        const char *root = lua_tostring(L, -1);
        const char *rel = lua_tostring(L, relative_index);
        const char *patterns[2] = {"%s/%s.lua", "%s/%s/init.lua"};
        for (int p = 0; p < 2; p++) {
            const char *path = lua_pushfstring(L, patterns[p], root, rel);
            if (kslua_load_module_file(L, name, path, roots)) {
                lua_pushvalue(L, -2);
                return 2;
            }
            lua_pushfstring(L, "%s\n\tno file '%s'", lua_tostring(L, tried_index), path);
            lua_replace(L, tried_index);
            lua_pop(L, 1);
        }
        lua_pop(L, 1);
    }
    if (count == 0) lua_pushliteral(L, "\n\tno plugin folder is configured for require");
    else lua_pushvalue(L, tried_index);
    return 1;
}
