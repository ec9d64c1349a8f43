/* Side-by-side benchmark of the sandbox's budgeted Lua-pattern matcher against the stock one.
 * Built by scripts/bench with cc -O2 from Sources/CLuaShim; the Swift dispatch is stubbed out. */
#include "CLuaShim.h"
#include <lauxlib.h>
#include <stdio.h>
#include <string.h>
int kslua_swift_dispatch(lua_State *L, void *box) { (void)L; (void)box; return 0; }
/* Runs a Lua file in a sandboxed state (the guarded string library) with the stock library exposed
 * as the global `stock`, so both are timed side by side in one process. */
int main(int argc, char **argv) {
    kslua_limits lim; memset(&lim, 0, sizeof lim);
    lim.instruction_limit = 1LL << 60; lim.hook_step = 1000;
    lua_State *L = kslua_newstate(&lim);
    lua_newtable(L); lua_newtable(L); lua_pushnil(L);
    if (kslua_open_sandbox(L, 0) != LUA_OK) { fprintf(stderr, "sandbox: %s\n", lua_tostring(L, -1)); return 1; }
    kslua_arm_budget(L);
    if (kslua_expose_stock(L, "stock") != LUA_OK) { fprintf(stderr, "stock failed\n"); return 1; }
    if (luaL_loadfilex(L, argv[1], "t") != LUA_OK || lua_pcall(L, 0, 0, 0) != LUA_OK) {
        fprintf(stderr, "%s\n", lua_tostring(L, -1)); return 1;
    }
    (void)argc; return 0;
}
