/*
 * Functions shared between the C files of CLuaShim (not exported to Swift).
 */
#ifndef KSLUA_INTERNAL_H
#define KSLUA_INTERNAL_H

#include "CLuaShim.h"

/* Sandboxed io.open (upvalues: readable roots, base folder or nil). */
int kslua_guarded_open(lua_State *L);

/* package.searchers entry confined to the plugin roots (upvalue 1). */
int kslua_plugin_searcher(lua_State *L);

/* Records the thread's CPU time as the start of Lua's share of it (when Lua takes over). */
void kslua_mark_cpu(kslua_limits *limits);

/* Charges `cost` instructions to the running budget; raises the budget error once it is spent. */
void kslua_charge(lua_State *L, long long cost);

/* Charges the thread CPU time since the last mark (Swift work a binding did for Lua, which the
 * count hook would only see up to a thousand instructions later) and raises once the budget is
 * spent, so a loop of costly binding calls stops within the budget's time. */
void kslua_charge_host_cpu(lua_State *L);

/* Replaces find, match, gmatch and gsub in the string table at idx with the budgeted matcher. */
void kslua_install_patterns(lua_State *L, int idx);

/* Replaces string.rep in the string table at idx with the budgeted version. */
void kslua_install_string_loops(lua_State *L, int idx);

/* Replaces insert, remove, move, concat, unpack and sort in the table library at idx. */
void kslua_install_table_loops(lua_State *L, int idx);

/* Wraps len and offset of the utf8 library at idx so their scans are charged. */
void kslua_install_utf8_loops(lua_State *L, int idx);

/* Replaces the library functions whose C loops a script can drive without allocating (and the
 * ones that would run Lua with hooks off) with budgeted or refusing versions. Globals at idx. */
void kslua_install_guards(lua_State *L, int globals);

/* Records that the budget error was raised from the hook in coroutine L: Lua leaves such a
 * coroutine with hooks off, so its __close handlers must never run. */
void kslua_mark_stopped(lua_State *L);

/* 1 when closing co must be skipped: the budget is spent, or the budget stopped co. */
int kslua_was_stopped(lua_State *L, lua_State *co);

#endif
