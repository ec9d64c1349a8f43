/*
 * CLuaShim: the only C between LuaKit and Lua 5.4.
 *
 * Why it exists: Lua raises errors and yields with longjmp, which must never cross a Swift frame
 * (Swift skips `defer` and `deinit` when that happens). So Swift functions called from Lua return a
 * status to the C trampoline here, and only the trampoline raises or yields, after Swift returned.
 * The header also re-exposes Lua's function-like macros, which Swift cannot import.
 * Every symbol is `kslua_*`, every macro `KSLUA_*`.
 */
#ifndef CLUASHIM_H
#define CLUASHIM_H

#include <stddef.h>
#include <lua.h>
#include <lualib.h>
#include <lauxlib.h>

/* Statuses a Swift dispatcher returns instead of a result count (which is >= 0). */
/* An error message string is on top; the trampoline prefixes the caller's position and raises it. */
#define KSLUA_STATUS_ERROR (-1)
/* The stack ends with (argument index, message); the trampoline calls luaL_argerror. */
#define KSLUA_STATUS_ARGERROR (-2)
/* The calling coroutine must suspend; Swift stored the pending operation. */
#define KSLUA_STATUS_YIELD (-3)
/* An error value is on top and is raised exactly as it is (re-raised Lua errors, error tables). */
#define KSLUA_STATUS_RAISE (-4)

/* Per-state bookkeeping shared by the allocator, the count hook and Swift. */
typedef struct kslua_limits {
    size_t memory_used;           /* bytes currently allocated by this state */
    size_t memory_limit;          /* 0: no cap */
    int in_host;                  /* > 0 while Swift is in control: the cap is not enforced */
    int memory_refused;           /* set when an allocation was refused because of the cap */
    long long instruction_limit;  /* 0: no budget (no hook installed) */
    long long instructions_spent; /* counted by the hook for the run or coroutine in progress */
    int budget_exceeded;          /* set once the budget ran out; the hook then fires every instruction */
    int hook_step;                /* instructions between hook calls */
    long long cpu_mark_ns;        /* monotonic time when Lua last took over or the hook last ran */
    int in_run;                   /* > 0 inside kslua_pcall/kslua_resume: growth past the budget is refused */
} kslua_limits;

/* The Swift entry point every registered function goes through (defined in LuaKit with
 * @_cdecl): runs the function in `box` and returns a result count or a KSLUA_STATUS_*. */
int kslua_swift_dispatch(lua_State *L, void *box);

/* A new state using the capped allocator and the aborting panic handler; NULL when out of memory. */
lua_State *kslua_newstate(kslua_limits *limits);

/* The limits a state was created with. */
kslua_limits *kslua_limits_of(lua_State *L);

/* Opens the libraries and applies the sandbox, under lua_pcall. Expects three values on top of the
 * stack (plugin roots, readable roots: arrays of canonical absolute paths; the base folder of
 * relative io.open paths: a string or nil) and pops them. Returns a Lua status; on failure the
 * error message is left on the stack. */
int kslua_open_sandbox(lua_State *L, int trusted);

/* Pushes a Lua function that calls the Swift dispatcher with `box`. */
void kslua_push_function(lua_State *L, void *box);

/* Loads text-only (mode "t") source with the cap enforced; pushes the chunk or an error message. */
int kslua_load_text(lua_State *L, const char *source, size_t length, const char *chunkname);

/* lua_pcall with the traceback handler and the cap enforced; the traceback of a failure is kept
 * for kslua_take_traceback. */
int kslua_pcall(lua_State *L, int nargs, int nresults);

/* Pushes (and forgets) the traceback recorded by the last failing kslua_pcall, or nil. */
void kslua_take_traceback(lua_State *L);

/* lua_resume with the cap enforced. */
int kslua_resume(lua_State *co, lua_State *from, int nargs, int *nresults);

/* Pushes what `tostring` gives for the value at idx (running __tostring under lua_pcall with the cap
 * enforced); returns a Lua status, leaving the error message on the stack on failure. */
int kslua_tolstring(lua_State *L, int idx);

/* Sets global `name` to a table of the stock string/table functions the budget guards replaced
 * (find, match, gmatch, gsub, rep, insert, remove, move, concat, unpack, sort, utf8_len,
 * utf8_offset), for tests that compare the two. Returns a Lua status. */
int kslua_expose_stock(lua_State *L, const char *name);

/* Pushes the marker that, followed by an error value, makes a resumed binding raise that error. */
void kslua_push_raise_marker(lua_State *L);

/* Pushes onto L the traceback of the failed coroutine `co` (its call stack is still there). */
void kslua_push_thread_traceback(lua_State *L, lua_State *co);

/* Closes a dead or failed coroutine's pending to-be-closed variables (5.4.4 and 5.4.6+ spelling);
 * skipped (LUA_OK) for a coroutine the instruction budget stopped, whose handlers would run with
 * hooks off. */
int kslua_closethread(lua_State *co, lua_State *from);

/* Starts a fresh instruction budget on L (installs or removes the count hook). */
void kslua_arm_budget(lua_State *L);

/* Gives the table on top a metatable whose __tostring returns `text`, marking it an error object. */
void kslua_mark_error_object(lua_State *L, const char *text, size_t length);

/* 1 when the value at idx is a table marked by kslua_mark_error_object. */
int kslua_is_error_object(lua_State *L, int idx);

/* Pushes the text of the marked error object at idx. */
void kslua_push_error_text(lua_State *L, int idx);

/* Creates a full userdata holding one pointer, pushes it and returns the pointer slot. */
void **kslua_new_object(lua_State *L);

/* The slot of a LuaKit object userdata at idx, or NULL for any other value. */
void **kslua_object_slot(lua_State *L, int idx);

/* Marks the table on top as a LuaKit object metatable (so kslua_object_slot accepts its values). */
void kslua_mark_object_metatable(lua_State *L);

/* ---- static inline wrappers for Lua's function-like macros -------------------------------- */

static inline int kslua_registryindex(void) { return LUA_REGISTRYINDEX; }
static inline int kslua_upvalueindex(int i) { return lua_upvalueindex(i); }
static inline void kslua_pop(lua_State *L, int n) { lua_pop(L, n); }
static inline void kslua_newtable(lua_State *L) { lua_newtable(L); }
static inline const char *kslua_tostring(lua_State *L, int idx) { return lua_tostring(L, idx); }
static inline int kslua_isnil(lua_State *L, int idx) { return lua_isnil(L, idx); }
static inline int kslua_isnone(lua_State *L, int idx) { return lua_isnone(L, idx); }
static inline int kslua_isnoneornil(lua_State *L, int idx) { return lua_isnoneornil(L, idx); }
static inline void kslua_insert(lua_State *L, int idx) { lua_insert(L, idx); }
static inline void kslua_remove(lua_State *L, int idx) { lua_remove(L, idx); }
static inline void kslua_pushglobaltable(lua_State *L) { lua_pushglobaltable(L); }
static inline int kslua_pcallraw(lua_State *L, int nargs, int nresults, int msgh) {
    return lua_pcall(L, nargs, nresults, msgh);
}

/* The extra space of a thread: LuaKit stores the driver's task pointer there (NULL elsewhere). */
static inline void *kslua_thread_task(lua_State *L) { return *(void **)lua_getextraspace(L); }
static inline void kslua_set_thread_task(lua_State *L, void *task) { *(void **)lua_getextraspace(L) = task; }

#endif
