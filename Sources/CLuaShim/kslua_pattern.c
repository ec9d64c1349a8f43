/*
 * Lua 5.4 patterns (manual §6.4.1) with every matching step charged to the instruction budget.
 *
 * Why our own matcher: the stock one runs entirely in C, where the count hook never fires, so a
 * pattern like string.rep(".-", 15) .. "b" against a long subject backtracks for hours past
 * --max-instructions. This one keeps a fuel counter (one decrement and compare per step) and raises
 * the budget error when it runs dry. string.find, match, gmatch and gsub are rebuilt on it with the
 * stock semantics and error messages.
 */
#include "CLuaShim.h"
#include "kslua_internal.h"

#include <ctype.h>
#include <limits.h>
#include <string.h>

#define KSLUA_ESC '%'
#define KSLUA_SPECIALS "^$*+?.([%-"
#define KSLUA_MAXCAPTURES 32 /* LUA_MAXCAPTURES of the stock library */
#define KSLUA_MATCHDEPTH 200
#define KSLUA_CAP_UNFINISHED (-1)
#define KSLUA_CAP_POSITION (-2)

typedef struct kslua_matcher {
    const char *subject;     /* start of the subject */
    const char *subject_end; /* one past its last byte */
    const char *pattern_end; /* one past the pattern's last byte */
    lua_State *L;
    int depth_left;          /* recursion left before "pattern too complex" */
    int level;               /* captures opened so far */
    long long fuel;          /* steps left in the budget; below zero raises the budget error */
    long long fuel_start;    /* fuel when this attempt started, to charge what was used */
    struct {
        const char *start;
        ptrdiff_t length;    /* or KSLUA_CAP_UNFINISHED / KSLUA_CAP_POSITION */
    } captures[KSLUA_MAXCAPTURES];
} kslua_matcher;

static const char *kslua_match(kslua_matcher *m, const char *s, const char *p);

/* Charges everything and raises: the fuel ran out inside the matcher. */
static void kslua_out_of_fuel(kslua_matcher *m) {
    kslua_charge(m->L, m->fuel_start + 1);
}

#define KSLUA_STEP(m) do { if (--(m)->fuel < 0) kslua_out_of_fuel(m); } while (0)

static void kslua_refuel(kslua_matcher *m) {
    m->fuel = kslua_fuel_left(m->L);
    m->fuel_start = m->fuel;
    m->depth_left = KSLUA_MATCHDEPTH;
    m->level = 0;
}

/* Runs one match attempt at s and charges the steps it took. */
static const char *kslua_attempt(kslua_matcher *m, const char *s, const char *p) {
    kslua_refuel(m);
    const char *end = kslua_match(m, s, p);
    kslua_charge(m->L, m->fuel_start - m->fuel);
    return end;
}

static void kslua_matcher_init(kslua_matcher *m, lua_State *L, const char *s, size_t ls, const char *p, size_t lp) {
    m->L = L;
    m->subject = s;
    m->subject_end = s + ls;
    m->pattern_end = p + lp;
}

/* One past the single-character class starting at p ("x", "%a", "[...]"). */
static const char *kslua_class_end(kslua_matcher *m, const char *p) {
    char c = *p++;
    if (c == KSLUA_ESC) {
        if (p == m->pattern_end) luaL_error(m->L, "malformed pattern (ends with '%%')");
        return p + 1;
    }
    if (c == '[') {
        if (*p == '^') p++;
        /* The first character of a set is literal, even ']': "[]]" is a set holding ']'. */
        do {
            if (p == m->pattern_end) luaL_error(m->L, "malformed pattern (missing ']')");
            c = *p++;
            if (c == KSLUA_ESC && p < m->pattern_end) p++;
        } while (*p != ']');
        return p + 1;
    }
    return p;
}

/* Whether c belongs to %class (uppercase letter: the complement). */
static int kslua_class_has(int c, int class_letter) {
    int result;
    switch (tolower(class_letter)) {
    case 'a': result = isalpha(c); break;
    case 'c': result = iscntrl(c); break;
    case 'd': result = isdigit(c); break;
    case 'g': result = isgraph(c); break;
    case 'l': result = islower(c); break;
    case 'p': result = ispunct(c); break;
    case 's': result = isspace(c); break;
    case 'u': result = isupper(c); break;
    case 'w': result = isalnum(c); break;
    case 'x': result = isxdigit(c); break;
    case 'z': result = (c == 0); break; /* deprecated in the manual, still matched by 5.4 */
    default: return class_letter == c;
    }
    if (isupper(class_letter)) result = !result;
    return result != 0;
}

/* Whether c belongs to the set [p .. close] (p at '[', close at the closing ']'). */
static int kslua_set_has(int c, const char *p, const char *close) {
    int inside = 1;
    if (p[1] == '^') {
        inside = 0;
        p++;
    }
    while (++p < close) {
        if (*p == KSLUA_ESC) {
            p++;
            if (kslua_class_has(c, (unsigned char)*p)) return inside;
        } else if (p[1] == '-' && p + 2 < close) {
            if ((unsigned char)p[0] <= c && c <= (unsigned char)p[2]) return inside;
            p += 2;
        } else if ((unsigned char)*p == c) {
            return inside;
        }
    }
    return !inside;
}

/* Whether the subject byte at s matches the single-character class p .. class_end. */
static int kslua_single(kslua_matcher *m, const char *s, const char *p, const char *class_end) {
    if (s >= m->subject_end) return 0;
    int c = (unsigned char)*s;
    switch (*p) {
    case '.': return 1;
    case KSLUA_ESC: return kslua_class_has(c, (unsigned char)p[1]);
    case '[': return kslua_set_has(c, p, class_end - 1);
    default: return (unsigned char)*p == c;
    }
}

/* %bxy: a balanced run from x to its matching y. */
static const char *kslua_balanced(kslua_matcher *m, const char *s, const char *p) {
    if (p >= m->pattern_end - 1) luaL_error(m->L, "malformed pattern (missing arguments to '%%b')");
    if (s >= m->subject_end || *s != p[0]) return NULL;
    char open = p[0], close = p[1];
    int depth = 1;
    while (++s < m->subject_end) {
        KSLUA_STEP(m);
        if (*s == close) {
            if (--depth == 0) return s + 1;
        } else if (*s == open) {
            depth++;
        }
    }
    return NULL;
}

/* Greedy repetition: take as many as possible, then give back one at a time. */
static const char *kslua_greedy(kslua_matcher *m, const char *s, const char *p, const char *class_end) {
    ptrdiff_t count = 0;
    while (kslua_single(m, s + count, p, class_end)) {
        KSLUA_STEP(m);
        count++;
    }
    for (; count >= 0; count--) {
        const char *end = kslua_match(m, s + count, class_end + 1);
        if (end != NULL) return end;
    }
    return NULL;
}

/* Lazy repetition: take as few as possible, one more at a time. */
static const char *kslua_lazy(kslua_matcher *m, const char *s, const char *p, const char *class_end) {
    for (;;) {
        const char *end = kslua_match(m, s, class_end + 1);
        if (end != NULL) return end;
        if (!kslua_single(m, s, p, class_end)) return NULL;
        s++;
    }
}

static const char *kslua_open_capture(kslua_matcher *m, const char *s, const char *p, ptrdiff_t kind) {
    if (m->level >= KSLUA_MAXCAPTURES) luaL_error(m->L, "too many captures");
    m->captures[m->level].start = s;
    m->captures[m->level].length = kind;
    m->level++;
    const char *end = kslua_match(m, s, p);
    if (end == NULL) m->level--;
    return end;
}

static const char *kslua_close_capture(kslua_matcher *m, const char *s, const char *p) {
    int open = m->level - 1;
    while (open >= 0 && m->captures[open].length != KSLUA_CAP_UNFINISHED) open--;
    if (open < 0) luaL_error(m->L, "invalid pattern capture");
    m->captures[open].length = s - m->captures[open].start;
    const char *end = kslua_match(m, s, p);
    if (end == NULL) m->captures[open].length = KSLUA_CAP_UNFINISHED;
    return end;
}

/* %1-%9: the text of a closed capture again. */
static const char *kslua_back_reference(kslua_matcher *m, const char *s, int digit) {
    int index = digit - '1';
    if (index < 0 || index >= m->level || m->captures[index].length == KSLUA_CAP_UNFINISHED) {
        luaL_error(m->L, "invalid capture index %%%d", index + 1);
    }
    ptrdiff_t length = m->captures[index].length;
    if (length < 0) return NULL; /* a position capture has no text */
    m->fuel -= length >> 5;
    if (m->subject_end - s >= length && memcmp(m->captures[index].start, s, (size_t)length) == 0) {
        return s + length;
    }
    return NULL;
}

/* Matches pattern p at subject position s; returns the end of the match or NULL. */
static const char *kslua_match(kslua_matcher *m, const char *s, const char *p) {
    if (m->depth_left-- == 0) luaL_error(m->L, "pattern too complex");
    for (;;) {
        KSLUA_STEP(m);
        if (p == m->pattern_end) break;
        if (*p == '(') {
            s = p[1] == ')' ? kslua_open_capture(m, s, p + 2, KSLUA_CAP_POSITION)
                            : kslua_open_capture(m, s, p + 1, KSLUA_CAP_UNFINISHED);
            break;
        }
        if (*p == ')') {
            s = kslua_close_capture(m, s, p + 1);
            break;
        }
        if (*p == '$' && p + 1 == m->pattern_end) {
            if (s != m->subject_end) s = NULL;
            break;
        }
        if (*p == KSLUA_ESC && p[1] == 'b') {
            s = kslua_balanced(m, s, p + 2);
            if (s == NULL) break;
            p += 4;
            continue;
        }
        if (*p == KSLUA_ESC && p[1] == 'f') {
            p += 2;
            if (*p != '[') luaL_error(m->L, "missing '[' after '%%f' in pattern");
            const char *close = kslua_class_end(m, p);
            int before = s == m->subject ? '\0' : (unsigned char)s[-1];
            int here = s < m->subject_end ? (unsigned char)*s : '\0';
            if (!kslua_set_has(before, p, close - 1) && kslua_set_has(here, p, close - 1)) {
                p = close;
                continue;
            }
            s = NULL;
            break;
        }
        if (*p == KSLUA_ESC && isdigit((unsigned char)p[1])) {
            s = kslua_back_reference(m, s, (unsigned char)p[1]);
            if (s == NULL) break;
            p += 2;
            continue;
        }
        const char *class_end = kslua_class_end(m, p);
        char suffix = class_end < m->pattern_end ? *class_end : '\0';
        if (!kslua_single(m, s, p, class_end)) {
            if (suffix == '*' || suffix == '?' || suffix == '-') {
                p = class_end + 1; /* zero repetitions are fine */
                continue;
            }
            s = NULL;
            break;
        }
        if (suffix == '?') {
            const char *end = kslua_match(m, s + 1, class_end + 1);
            if (end != NULL) {
                s = end;
                break;
            }
            p = class_end + 1;
            continue;
        }
        if (suffix == '+') {
            s = kslua_greedy(m, s + 1, p, class_end);
            break;
        }
        if (suffix == '*') {
            s = kslua_greedy(m, s, p, class_end);
            break;
        }
        if (suffix == '-') {
            s = kslua_lazy(m, s, p, class_end);
            break;
        }
        s++;
        p = class_end;
    }
    m->depth_left++;
    return s;
}

/* ---- captures and the library functions ------------------------------------------------- */

/* Capture i's text (length returned, start in *start), pushing position captures' integer. */
static ptrdiff_t kslua_get_capture(kslua_matcher *m, int i, const char *s, const char *e, const char **start) {
    if (i >= m->level) {
        if (i != 0) luaL_error(m->L, "invalid capture index %%%d", i + 1);
        *start = s;
        return e - s;
    }
    ptrdiff_t length = m->captures[i].length;
    *start = m->captures[i].start;
    if (length == KSLUA_CAP_UNFINISHED) luaL_error(m->L, "unfinished capture");
    if (length == KSLUA_CAP_POSITION) lua_pushinteger(m->L, (m->captures[i].start - m->subject) + 1);
    return length;
}

static void kslua_push_capture(kslua_matcher *m, int i, const char *s, const char *e) {
    const char *start = NULL;
    ptrdiff_t length = kslua_get_capture(m, i, s, e, &start);
    if (length != KSLUA_CAP_POSITION) lua_pushlstring(m->L, start, (size_t)length);
}

/* Pushes every capture (or the whole match when there is none and s is given). */
static int kslua_push_captures(kslua_matcher *m, const char *s, const char *e) {
    int count = (m->level == 0 && s != NULL) ? 1 : m->level;
    luaL_checkstack(m->L, count, "too many captures");
    for (int i = 0; i < count; i++) kslua_push_capture(m, i, s, e);
    return count;
}

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

/* memmem without the GNU extension: the first occurrence of needle in haystack. */
static const char *kslua_find_plain(const char *haystack, size_t hl, const char *needle, size_t nl) {
    if (nl == 0) return haystack;
    if (nl > hl) return NULL;
    const char *last = haystack + (hl - nl);
    const char *at = haystack;
    while (at <= last) {
        const char *hit = memchr(at, needle[0], (size_t)(last - at) + 1);
        if (hit == NULL) return NULL;
        if (memcmp(hit + 1, needle + 1, nl - 1) == 0) return hit;
        at = hit + 1;
    }
    return NULL;
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
        const char *hit = kslua_find_plain(s + start, ls - start, p, lp);
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
