/*
 * string.rep and the table functions rebuilt with the stock semantics and messages, and utf8.len
 * and utf8.offset checked and charged before the stock ones run, charging the instruction budget: their stock loops run in C, where the count hook never fires, for as
 * many steps as a script asks (string.rep("", 2^53), table.move({}, 1, 2^40, 2), or a __len that
 * claims 2^63 elements with C functions as __index/__newindex).
 */
#include "CLuaShim.h"
#include "kslua_internal.h"

#include <limits.h>
#include <string.h>

/* ---- string.rep ------------------------------------------------------------------------- */

/* Like the stock one, but an empty result returns at once (the stock loop runs n times doing
 * nothing, 2^53 times for string.rep("", 2^53)) and the copies are charged. */
static int kslua_str_rep(lua_State *L) {
    size_t length = 0, sep_length = 0;
    const char *s = luaL_checklstring(L, 1, &length);
    lua_Integer n = luaL_checkinteger(L, 2);
    const char *sep = luaL_optlstring(L, 3, "", &sep_length);
    if (n <= 0 || length + sep_length == 0) {
        lua_pushliteral(L, "");
        return 1;
    }
    size_t most = (size_t)INT_MAX;
    if (length + sep_length < length || length + sep_length > most / (lua_Unsigned)n) {
        return luaL_error(L, "resulting string too large");
    }
    size_t total = (size_t)n * length + (size_t)(n - 1) * sep_length;
    luaL_Buffer b;
    char *out = luaL_buffinitsize(L, &b, total);
    kslua_charge(L, (long long)(n >> 4));
    while (n-- > 1) {
        memcpy(out, s, length);
        out += length;
        if (sep_length > 0) {
            memcpy(out, sep, sep_length);
            out += sep_length;
        }
    }
    memcpy(out, s, length);
    luaL_pushresultsize(&b, total);
    return 1;
}

/* ---- table functions, charged per element ------------------------------------------------ */

#define KSLUA_TAB_R 1
#define KSLUA_TAB_W 2
#define KSLUA_TAB_L 4

/* A table, or a value whose metatable has the metamethods `what` needs. */
static void kslua_check_table(lua_State *L, int arg, int what) {
    if (lua_type(L, arg) == LUA_TTABLE) return;
    int base = lua_gettop(L);
    int ok = lua_getmetatable(L, arg);
    int metatable = lua_gettop(L);
    static const char *const names[] = {"__index", "__newindex", "__len"};
    for (int i = 0; i < 3 && ok; i++) {
        if (!(what & (1 << i))) continue;
        lua_pushstring(L, names[i]);
        ok = lua_rawget(L, metatable) != LUA_TNIL;
    }
    lua_settop(L, base);
    if (!ok) luaL_checktype(L, arg, LUA_TTABLE);
}

static lua_Integer kslua_table_length(lua_State *L, int arg, int what) {
    kslua_check_table(L, arg, what | KSLUA_TAB_L);
    return luaL_len(L, arg);
}

static int kslua_tab_insert(lua_State *L) {
    lua_Integer end = kslua_table_length(L, 1, KSLUA_TAB_R | KSLUA_TAB_W);
    end = (lua_Integer)((lua_Unsigned)end + 1u);
    lua_Integer position;
    switch (lua_gettop(L)) {
    case 2:
        position = end;
        break;
    case 3:
        position = luaL_checkinteger(L, 2);
        luaL_argcheck(L, (lua_Unsigned)position - 1u < (lua_Unsigned)end, 2, "position out of bounds");
        for (lua_Integer i = end; i > position; i--) {
            kslua_charge(L, 1);
            lua_geti(L, 1, i - 1);
            lua_seti(L, 1, i);
        }
        break;
    default:
        return luaL_error(L, "wrong number of arguments to 'insert'");
    }
    lua_seti(L, 1, position);
    return 0;
}

static int kslua_tab_remove(lua_State *L) {
    lua_Integer size = kslua_table_length(L, 1, KSLUA_TAB_R | KSLUA_TAB_W);
    lua_Integer position = luaL_optinteger(L, 2, size);
    if (position != size) {
        luaL_argcheck(L, (lua_Unsigned)position - 1u <= (lua_Unsigned)size, 2, "position out of bounds");
    }
    lua_geti(L, 1, position);
    for (; position < size; position++) {
        kslua_charge(L, 1);
        lua_geti(L, 1, position + 1);
        lua_seti(L, 1, position);
    }
    lua_pushnil(L);
    lua_seti(L, 1, position);
    return 1;
}

static int kslua_tab_move(lua_State *L) {
    lua_Integer first = luaL_checkinteger(L, 2);
    lua_Integer last = luaL_checkinteger(L, 3);
    lua_Integer to = luaL_checkinteger(L, 4);
    int target = !lua_isnoneornil(L, 5) ? 5 : 1;
    kslua_check_table(L, 1, KSLUA_TAB_R);
    kslua_check_table(L, target, KSLUA_TAB_W);
    if (last >= first) {
        luaL_argcheck(L, first > 0 || last < LUA_MAXINTEGER + first, 3, "too many elements to move");
        lua_Integer count = last - first + 1;
        luaL_argcheck(L, to <= LUA_MAXINTEGER - count + 1, 4, "destination wrap around");
        if (to > last || to <= first || (target != 1 && !lua_compare(L, 1, target, LUA_OPEQ))) {
            for (lua_Integer i = 0; i < count; i++) {
                kslua_charge(L, 1);
                lua_geti(L, 1, first + i);
                lua_seti(L, target, to + i);
            }
        } else {
            for (lua_Integer i = count - 1; i >= 0; i--) {
                kslua_charge(L, 1);
                lua_geti(L, 1, first + i);
                lua_seti(L, target, to + i);
            }
        }
    }
    lua_pushvalue(L, target);
    return 1;
}

static void kslua_concat_field(lua_State *L, luaL_Buffer *b, lua_Integer i) {
    kslua_charge(L, 1);
    lua_geti(L, 1, i);
    if (!lua_isstring(L, -1)) luaL_error(L, "invalid value (at index %I) in table for 'concat'", (LUAI_UACINT)i);
    luaL_addvalue(b);
}

static int kslua_tab_concat(lua_State *L) {
    lua_Integer last = kslua_table_length(L, 1, KSLUA_TAB_R);
    size_t sep_length = 0;
    const char *sep = luaL_optlstring(L, 2, "", &sep_length);
    lua_Integer i = luaL_optinteger(L, 3, 1);
    last = luaL_optinteger(L, 4, last);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (; i < last; i++) {
        kslua_concat_field(L, &b, i);
        luaL_addlstring(&b, sep, sep_length);
    }
    if (i == last) kslua_concat_field(L, &b, i);
    luaL_pushresult(&b);
    return 1;
}

static int kslua_tab_unpack(lua_State *L) {
    lua_Integer i = luaL_optinteger(L, 2, 1);
    lua_Integer last = lua_isnoneornil(L, 3) ? luaL_len(L, 1) : luaL_checkinteger(L, 3);
    if (i > last) return 0;
    lua_Unsigned count = (lua_Unsigned)last - (lua_Unsigned)i;
    if (count >= (unsigned int)INT_MAX || !lua_checkstack(L, (int)(++count))) {
        return luaL_error(L, "too many results to unpack");
    }
    kslua_charge(L, (long long)count);
    for (; i < last; i++) lua_geti(L, 1, i);
    lua_geti(L, 1, last);
    return (int)count;
}

/* a < b by the comparator at index 2 (or Lua's <), charged one instruction. */
static int kslua_sort_less(lua_State *L, int a, int b) {
    kslua_charge(L, 1);
    a = lua_absindex(L, a);
    b = lua_absindex(L, b);
    if (lua_isnil(L, 2)) return lua_compare(L, a, b, LUA_OPLT);
    lua_pushvalue(L, 2);
    lua_pushvalue(L, a);
    lua_pushvalue(L, b);
    lua_call(L, 2, 1);
    int less = lua_toboolean(L, -1);
    lua_pop(L, 1);
    return less;
}

/* Restores the heap below `root` in t[1..count] (heap order: parents not less than children). */
static void kslua_sift_down(lua_State *L, lua_Integer root, lua_Integer count) {
    for (;;) {
        lua_Integer child = root * 2;
        if (child > count) return;
        lua_geti(L, 1, child);
        if (child + 1 <= count) {
            lua_geti(L, 1, child + 1);
            if (kslua_sort_less(L, -2, -1)) {
                lua_remove(L, -2);
                child++;
            } else {
                lua_pop(L, 1);
            }
        }
        lua_geti(L, 1, root);
        if (!kslua_sort_less(L, -1, -2)) {
            lua_pop(L, 2);
            return;
        }
        lua_seti(L, 1, child);  /* t[child] = old t[root] */
        lua_seti(L, 1, root);   /* t[root] = larger child */
        root = child;
    }
}

/* table.sort as a heap sort: in place, O(n log n) comparisons each charged to the budget (the
 * stock quicksort may also reject an inconsistent comparator; this one just yields some order). */
static int kslua_tab_sort(lua_State *L) {
    lua_Integer count = kslua_table_length(L, 1, KSLUA_TAB_R | KSLUA_TAB_W);
    if (count > 1) {
        luaL_argcheck(L, count < INT_MAX, 1, "array too big");
        if (!lua_isnoneornil(L, 2)) luaL_checktype(L, 2, LUA_TFUNCTION);
        lua_settop(L, 2);
        for (lua_Integer root = count / 2; root >= 1; root--) kslua_sift_down(L, root, count);
        for (lua_Integer end = count; end > 1; end--) {
            lua_geti(L, 1, 1);
            lua_geti(L, 1, end);
            lua_seti(L, 1, 1);
            lua_seti(L, 1, end);
            kslua_sift_down(L, 1, end - 1);
        }
    }
    return 0;
}

/* ---- utf8.len and utf8.offset: checked here, charged, then run by the stock functions -------- */

/* A utf8 position made absolute (negative counts from the end; 0 when before the start). */
static lua_Integer kslua_utf8_position(lua_Integer position, size_t length) {
    if (position >= 0) return position;
    if (0u - (size_t)position > length) return 0;
    return (lua_Integer)length + position + 1;
}

/* Calls the stock function (upvalue 1) with this call's arguments and returns its results. The
 * arguments were checked here, so the stock function raises none of its own errors (which would
 * lose the caller's position and the function's name). */
static int kslua_call_stock(lua_State *L) {
    int given = lua_gettop(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, given, LUA_MULTRET);
    return lua_gettop(L);
}

/* utf8.len decodes every byte of the slice without allocating: 1 instruction per 4 bytes. */
static int kslua_utf8_len(lua_State *L) {
    size_t length = 0;
    (void)luaL_checklstring(L, 1, &length);
    lua_Integer first = kslua_utf8_position(luaL_optinteger(L, 2, 1), length);
    lua_Integer last = kslua_utf8_position(luaL_optinteger(L, 3, -1), length);
    luaL_argcheck(L, 1 <= first && --first <= (lua_Integer)length, 2, "initial position out of bounds");
    luaL_argcheck(L, --last < (lua_Integer)length, 3, "final position out of bounds");
    if (last >= first) kslua_charge(L, (long long)((last - first) >> 2));
    return kslua_call_stock(L);
}

/* utf8.offset walks up to the whole string without allocating: 1 instruction per 4 bytes. */
static int kslua_utf8_offset(lua_State *L) {
    size_t length = 0;
    const char *s = luaL_checklstring(L, 1, &length);
    lua_Integer n = luaL_checkinteger(L, 2);
    lua_Integer position = n >= 0 ? 1 : (lua_Integer)length + 1;
    position = kslua_utf8_position(luaL_optinteger(L, 3, position), length);
    luaL_argcheck(L, 1 <= position && --position <= (lua_Integer)length, 3, "position out of bounds");
    if (n != 0 && (s[position] & 0xC0) == 0x80) return luaL_error(L, "initial position is a continuation byte");
    kslua_charge(L, (long long)(length >> 2));
    return kslua_call_stock(L);
}

void kslua_install_utf8_loops(lua_State *L, int idx) {
    static const luaL_Reg functions[] = {{"len", kslua_utf8_len}, {"offset", kslua_utf8_offset}, {NULL, NULL}};
    idx = lua_absindex(L, idx);
    for (const luaL_Reg *f = functions; f->name != NULL; f++) {
        lua_getfield(L, idx, f->name);
        lua_pushcclosure(L, f->func, 1);
        lua_setfield(L, idx, f->name);
    }
}

void kslua_install_string_loops(lua_State *L, int idx) {
    idx = lua_absindex(L, idx);
    lua_pushcfunction(L, kslua_str_rep);
    lua_setfield(L, idx, "rep");
}

void kslua_install_table_loops(lua_State *L, int idx) {
    static const luaL_Reg functions[] = {
        {"insert", kslua_tab_insert}, {"remove", kslua_tab_remove}, {"move", kslua_tab_move},
        {"concat", kslua_tab_concat}, {"unpack", kslua_tab_unpack}, {"sort", kslua_tab_sort}, {NULL, NULL}};
    idx = lua_absindex(L, idx);
    for (const luaL_Reg *f = functions; f->name != NULL; f++) {
        lua_pushcfunction(L, f->func);
        lua_setfield(L, idx, f->name);
    }
}
