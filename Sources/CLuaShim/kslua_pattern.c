/*
 * Lua 5.4 patterns (manual §6.4.1) with every matching step charged to the instruction budget.
 *
 * Why our own matcher: the stock one runs entirely in C, where the count hook never fires, so a
 * pattern like string.rep(".-", 15) .. "b" against a long subject backtracks for hours past
 * --max-instructions. This one keeps a fuel counter (one decrement and compare per step) and raises
 * the budget error when it runs dry. kslua_strings.c rebuilds string.find, match, gmatch and gsub
 * on it with the stock semantics and error messages.
 */
#include "CLuaShim.h"
#include "kslua_internal.h"
#include "kslua_pattern.h"

#include <ctype.h>
#include <limits.h>
#include <string.h>

static const char *kslua_match(kslua_matcher *m, const char *s, const char *p);

/* Charges everything and raises: the fuel ran out inside the matcher. */
static void kslua_out_of_fuel(kslua_matcher *m) {
    kslua_charge(m->L, m->fuel_start + 1);
}

#define KSLUA_STEP(m) do { if (--(m)->fuel < 0) kslua_out_of_fuel(m); } while (0)

/* Fuel for one attempt: what is left of the budget (no budget: practically endless). */
static void kslua_refuel(kslua_matcher *m) {
    kslua_limits *limits = m->limits;
    if (limits->instruction_limit <= 0) m->fuel = LLONG_MAX;
    else if (limits->budget_exceeded || limits->instructions_spent >= limits->instruction_limit) m->fuel = 0;
    else m->fuel = limits->instruction_limit - limits->instructions_spent;
    m->fuel_start = m->fuel;
    m->depth_left = KSLUA_MATCHDEPTH;
    m->level = 0;
}

/* Runs one match attempt at s and charges the steps it took (never more than were left). */
const char *kslua_attempt(kslua_matcher *m, const char *s, const char *p) {
    kslua_refuel(m);
    const char *end = kslua_match(m, s, p);
    if (m->limits->instruction_limit > 0) m->limits->instructions_spent += m->fuel_start - m->fuel;
    return end;
}

void kslua_matcher_init(kslua_matcher *m, lua_State *L, const char *s, size_t ls, const char *p, size_t lp) {
    m->L = L;
    m->limits = kslua_limits_of(L);
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

/* ---- captures ------------------------------------------------------------------------------ */

/* Capture i's text (length returned, start in *start), pushing position captures' integer. */
ptrdiff_t kslua_get_capture(kslua_matcher *m, int i, const char *s, const char *e, const char **start) {
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

void kslua_push_capture(kslua_matcher *m, int i, const char *s, const char *e) {
    const char *start = NULL;
    ptrdiff_t length = kslua_get_capture(m, i, s, e, &start);
    if (length != KSLUA_CAP_POSITION) lua_pushlstring(m->L, start, (size_t)length);
}

/* Pushes every capture (or the whole match when there is none and s is given). */
int kslua_push_captures(kslua_matcher *m, const char *s, const char *e) {
    int count = (m->level == 0 && s != NULL) ? 1 : m->level;
    luaL_checkstack(m->L, count, "too many captures");
    for (int i = 0; i < count; i++) kslua_push_capture(m, i, s, e);
    return count;
}
