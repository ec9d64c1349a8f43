/*
 * string.find, match, gmatch and gsub on the budgeted matcher (kslua_pattern.c), with Lua 5.4's
 * semantics: init and negative init, plain find, anchors, captures and position captures, gsub
 * with string/table/function replacements, a maximum count and "%" escapes.
 */
#include "CLuaShim.h"
#include "kslua_internal.h"
#include "kslua_pattern.h"

#include <ctype.h>
#include <string.h>

#define KSLUA_SPECIALS "^$*+?.([%-"

/* A 1-based start position as string.find takes it, made a 0-based offset (may exceed length). */
static size_t kslua_start_offset(lua_Integer position, size_t length) {
    if (position > 0) return (size_t)position - 1;
    if (position == 0) return 0;
    if (position < -(lua_Integer)length) return 0;
    return (size_t)((lua_Integer)length + position);
}

static int kslua_has_specials(const char *p, size_t length) {
    size_t upto = 0;
    do {
        if (strpbrk(p + upto, KSLUA_SPECIALS)) return 1;
        upto += strlen(p + upto) + 1; /* skip past an embedded '\0' */
    } while (upto <= length);
    return 0;
}

/* memmem without the GNU extension: the first occurrence of needle in haystack. Every candidate
 * (a position holding needle's first byte) compares up to the whole needle, so the work is up to
 * length × needle length ("aaa…" against "aa…ab"): the bytes compared are charged, one instruction
 * per 64 as the linear scan is, in blocks so a hopeless search stops within the budget. */
static const char *kslua_find_plain(lua_State *L, const char *haystack, size_t hl, const char *needle, size_t nl) {
    if (nl == 0) return haystack;
    if (nl > hl) return NULL;
    const char *last = haystack + (hl - nl);
    const char *at = haystack;
    size_t compared = 0;
    const char *found = NULL;
    while (at <= last) {
        const char *hit = memchr(at, needle[0], (size_t)(last - at) + 1);
        if (hit == NULL) break;
        size_t done = 1;
        while (done < nl) {
            size_t block = nl - done < 256 ? nl - done : 256;
            if (memcmp(hit + done, needle + done, block) != 0) break;
            done += block;
        }
        compared += done;
        if (compared >= ((size_t)1 << 16)) {
            kslua_charge(L, (long long)(compared >> 6));
            compared &= 63;
        }
        if (done >= nl) {
            found = hit;
            break;
        }
        at = hit + 1;
    }
    kslua_charge(L, (long long)(compared >> 6));
    return found;
}

static int kslua_find_or_match(lua_State *L, int find) {
    size_t ls = 0, lp = 0;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    size_t start = kslua_start_offset(luaL_optinteger(L, 3, 1), ls);
    if (start > ls) {
        luaL_pushfail(L);
        return 1;
    }
    if (find && (lua_toboolean(L, 4) || !kslua_has_specials(p, lp))) {
        kslua_charge(L, (long long)((ls - start) >> 6)); /* the scan is linear in the subject */
        const char *hit = kslua_find_plain(L, s + start, ls - start, p, lp);
        if (hit != NULL) {
            lua_pushinteger(L, (hit - s) + 1);
            lua_pushinteger(L, (lua_Integer)((hit - s) + lp));
            return 2;
        }
        luaL_pushfail(L);
        return 1;
    }
    kslua_matcher m;
    const char *at = s + start;
    int anchored = lp > 0 && *p == '^';
    if (anchored) {
        p++;
        lp--;
    }
    kslua_matcher_init(&m, L, s, ls, p, lp);
    do {
        const char *end = kslua_attempt(&m, at, p);
        if (end != NULL) {
            if (find) {
                lua_pushinteger(L, (at - s) + 1);
                lua_pushinteger(L, end - s);
                return kslua_push_captures(&m, NULL, NULL) + 2;
            }
            return kslua_push_captures(&m, at, end);
        }
    } while (at++ < m.subject_end && !anchored);
    luaL_pushfail(L);
    return 1;
}

static int kslua_str_find(lua_State *L) { return kslua_find_or_match(L, 1); }

static int kslua_str_match(lua_State *L) { return kslua_find_or_match(L, 0); }

/* gmatch's iterator state: upvalues 1 and 2 keep the subject and pattern alive. */
typedef struct kslua_gmatch {
    const char *at;        /* where the next attempt starts */
    const char *last_end;  /* end of the previous match, never matched empty again */
    kslua_matcher m;
} kslua_gmatch;

static int kslua_gmatch_next(lua_State *L) {
    kslua_gmatch *g = (kslua_gmatch *)lua_touserdata(L, lua_upvalueindex(3));
    g->m.L = L;
    const char *p = lua_tostring(L, lua_upvalueindex(2));
    for (const char *at = g->at; at <= g->m.subject_end; at++) {
        const char *end = kslua_attempt(&g->m, at, p);
        if (end != NULL && end != g->last_end) {
            g->at = g->last_end = end;
            return kslua_push_captures(&g->m, at, end);
        }
    }
    return 0;
}

static int kslua_str_gmatch(lua_State *L) {
    size_t ls = 0, lp = 0;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    size_t start = kslua_start_offset(luaL_optinteger(L, 3, 1), ls);
    if (start > ls) start = ls + 1; /* past the end: the iterator finds nothing */
    lua_settop(L, 2);
    kslua_gmatch *g = (kslua_gmatch *)lua_newuserdatauv(L, sizeof(kslua_gmatch), 0);
    kslua_matcher_init(&g->m, L, s, ls, p, lp);
    g->at = s + start;
    g->last_end = NULL;
    lua_pushcclosure(L, kslua_gmatch_next, 3);
    return 1;
}

/* Appends a string replacement with %0-%9 and %% expanded. */
static void kslua_add_replacement(kslua_matcher *m, luaL_Buffer *b, const char *s, const char *e) {
    lua_State *L = m->L;
    size_t length = 0;
    const char *text = lua_tolstring(L, 3, &length);
    const char *escape;
    while ((escape = memchr(text, KSLUA_ESC, length)) != NULL) {
        luaL_addlstring(b, text, (size_t)(escape - text));
        escape++;
        if (*escape == KSLUA_ESC) {
            luaL_addchar(b, *escape);
        } else if (*escape == '0') {
            luaL_addlstring(b, s, (size_t)(e - s));
        } else if (isdigit((unsigned char)*escape)) {
            const char *start = NULL;
            ptrdiff_t capture = kslua_get_capture(m, *escape - '1', s, e, &start);
            if (capture == KSLUA_CAP_POSITION) luaL_addvalue(b);
            else luaL_addlstring(b, start, (size_t)capture);
        } else {
            luaL_error(L, "invalid use of '%c' in replacement string", KSLUA_ESC);
        }
        length -= (size_t)(escape + 1 - text);
        text = escape + 1;
    }
    luaL_addlstring(b, text, length);
}

/* Appends the replacement of the match s..e; returns 0 when the match was kept as it was. */
static int kslua_add_value(kslua_matcher *m, luaL_Buffer *b, const char *s, const char *e, int kind) {
    lua_State *L = m->L;
    if (kind == LUA_TFUNCTION) {
        lua_pushvalue(L, 3);
        int count = kslua_push_captures(m, s, e);
        lua_call(L, count, 1);
    } else if (kind == LUA_TTABLE) {
        kslua_push_capture(m, 0, s, e);
        lua_gettable(L, 3);
    } else {
        kslua_add_replacement(m, b, s, e);
        return 1;
    }
    if (!lua_toboolean(L, -1)) {
        lua_pop(L, 1);
        luaL_addlstring(b, s, (size_t)(e - s));
        return 0;
    }
    if (!lua_isstring(L, -1)) return luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
    luaL_addvalue(b);
    return 1;
}

static int kslua_str_gsub(lua_State *L) {
    size_t ls = 0, lp = 0;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    const char *last_end = NULL;
    int kind = lua_type(L, 3);
    lua_Integer most = luaL_optinteger(L, 4, (lua_Integer)ls + 1);
    luaL_argexpected(L, kind == LUA_TNUMBER || kind == LUA_TSTRING || kind == LUA_TFUNCTION || kind == LUA_TTABLE,
                     3, "string/function/table");
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    int anchored = lp > 0 && *p == '^';
    if (anchored) {
        p++;
        lp--;
    }
    kslua_matcher m;
    kslua_matcher_init(&m, L, s, ls, p, lp);
    lua_Integer count = 0;
    int changed = 0;
    const char *at = s;
    while (count < most) {
        const char *end = kslua_attempt(&m, at, p);
        if (end != NULL && end != last_end) {
            count++;
            changed = kslua_add_value(&m, &b, at, end, kind) | changed;
            at = last_end = end;
        } else if (at < m.subject_end) {
            luaL_addchar(&b, *at++);
        } else {
            break;
        }
        if (anchored) break;
    }
    if (!changed) {
        lua_pushvalue(L, 1);
    } else {
        luaL_addlstring(&b, at, (size_t)(m.subject_end - at));
        luaL_pushresult(&b);
    }
    lua_pushinteger(L, count);
    return 2;
}

void kslua_install_patterns(lua_State *L, int string_table) {
    static const luaL_Reg functions[] = {
        {"find", kslua_str_find}, {"match", kslua_str_match}, {"gmatch", kslua_str_gmatch},
        {"gsub", kslua_str_gsub}, {NULL, NULL}};
    string_table = lua_absindex(L, string_table);
    for (const luaL_Reg *f = functions; f->name != NULL; f++) {
        lua_pushcfunction(L, f->func);
        lua_setfield(L, string_table, f->name);
    }
}
