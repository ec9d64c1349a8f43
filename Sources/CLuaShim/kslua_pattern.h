/*
 * The budgeted Lua pattern matcher shared by kslua_pattern.c (matching) and kslua_strings.c (the
 * string library functions built on it).
 */
#ifndef KSLUA_PATTERN_H
#define KSLUA_PATTERN_H

#include "CLuaShim.h"

#include <stddef.h>

#define KSLUA_ESC '%'
#define KSLUA_MAXCAPTURES 32 /* LUA_MAXCAPTURES of the stock library */
#define KSLUA_MATCHDEPTH 200
#define KSLUA_CAP_UNFINISHED (-1)
#define KSLUA_CAP_POSITION (-2)

typedef struct kslua_matcher {
    const char *subject;     /* start of the subject */
    const char *subject_end; /* one past its last byte */
    const char *pattern_end; /* one past the pattern's last byte */
    lua_State *L;
    kslua_limits *limits;    /* the state's budget, read once per attempt */
    int depth_left;          /* recursion left before "pattern too complex" */
    int level;               /* captures opened so far */
    long long fuel;          /* steps left in the budget; below zero raises the budget error */
    long long fuel_start;    /* fuel when this attempt started, to charge what was used */
    struct {
        const char *start;
        ptrdiff_t length;    /* or KSLUA_CAP_UNFINISHED / KSLUA_CAP_POSITION */
    } captures[KSLUA_MAXCAPTURES];
} kslua_matcher;

/* Prepares a matcher for subject s (ls bytes) and pattern p (lp bytes, anchor already removed). */
void kslua_matcher_init(kslua_matcher *m, lua_State *L, const char *s, size_t ls, const char *p, size_t lp);

/* Runs one match attempt at s, charging its steps; returns the end of the match or NULL. */
const char *kslua_attempt(kslua_matcher *m, const char *s, const char *p);

/* Capture i's length and start (the whole match s..e when there are no captures); pushes the
 * position of a position capture and returns KSLUA_CAP_POSITION for it. */
ptrdiff_t kslua_get_capture(kslua_matcher *m, int i, const char *s, const char *e, const char **start);

/* Pushes capture i (see kslua_get_capture). */
void kslua_push_capture(kslua_matcher *m, int i, const char *s, const char *e);

/* Pushes every capture, or the whole match when there is none and s is given; returns the count. */
int kslua_push_captures(kslua_matcher *m, const char *s, const char *e);

#endif
