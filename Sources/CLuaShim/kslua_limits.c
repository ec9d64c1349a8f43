/*
 * Limits: the allocator with a memory cap, the count hook for the instruction budget, and the
 * panic handler. Written in C because all three run inside Lua and may have to raise.
 */
#include "CLuaShim.h"
#include "kslua_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* CPU time an instruction may take on average before the rest is charged as more instructions.
 * Plain Lua runs at 5-20 ns an instruction; what takes longer is C work one instruction starts
 * (comparing two huge strings, a 2000-step __index chain, a slow binding), which the count alone
 * would let run 10-1000 times longer than the budget means. */
#define KSLUA_NS_PER_INSTRUCTION 100

static long long kslua_clock_ns(clockid_t clock) {
    struct timespec now;
    if (clock_gettime(clock, &now) != 0) return 0;
    return (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
}

/* The thread's CPU clock is a system call (about 0.2 µs, more in a VM) and was read two or three
 * times per coroutine resume, several per cent of a simulated rollout's Lua thread; the monotonic
 * clock is read in user space. Time between two marks is charged from the monotonic clock, an
 * upper bound of the CPU the thread used in it (never less than Lua's work). An interval long enough
 * to matter is bounded again by the thread's CPU clock since a baseline taken on this thread at or
 * before the interval's start (at most KSLUA_CPU_BASELINE_NS earlier): so a thread descheduled in
 * the middle is charged what it used, plus at most that much, not the time it waited. */
#define KSLUA_PRECISE_ABOVE_NS 100000LL
#define KSLUA_CPU_BASELINE_NS 1000000LL
static __thread long long kslua_baseline_cpu = -1;
static __thread long long kslua_baseline_wall = 0;

static void kslua_take_baseline(long long wall) {
    kslua_baseline_cpu = kslua_clock_ns(CLOCK_THREAD_CPUTIME_ID);
    kslua_baseline_wall = wall;
}

void kslua_mark_cpu(kslua_limits *limits) {
    if (limits->instruction_limit <= 0) return;
    long long wall = kslua_clock_ns(CLOCK_MONOTONIC);
    if (kslua_baseline_cpu < 0 || wall - kslua_baseline_wall > KSLUA_CPU_BASELINE_NS) kslua_take_baseline(wall);
    limits->cpu_mark_ns = wall;
}

/* Charges the CPU time since the last mark beyond what the counted instructions account for. */
static void kslua_charge_cpu(kslua_limits *limits, long long counted) {
    long long now = kslua_clock_ns(CLOCK_MONOTONIC);
    long long mark = limits->cpu_mark_ns;
    limits->cpu_mark_ns = now;
    if (mark <= 0 || now <= mark) return;
    long long spent = now - mark;
    if (spent >= KSLUA_PRECISE_ABOVE_NS) {
        long long base = kslua_baseline_cpu, base_wall = kslua_baseline_wall;
        kslua_take_baseline(now);
        /* The baseline bounds the interval only when it was taken on this thread before it began. */
        if (base >= 0 && base_wall <= mark && kslua_baseline_cpu >= base && kslua_baseline_cpu - base < spent) {
            spent = kslua_baseline_cpu - base;
        }
    }
    long long worth = spent / KSLUA_NS_PER_INSTRUCTION;
    if (worth > counted) limits->instructions_spent += worth - counted;
}

/* Refuses growth past the cap (Lua turns NULL into a "not enough memory" error) unless Swift is
 * in control (in_host > 0): Swift code must never see a refused allocation, which would longjmp
 * through it. Shrinking never fails. */
static void *kslua_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    kslua_limits *limits = (kslua_limits *)ud;
    size_t old = ptr != NULL ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        limits->memory_used -= old;
        return NULL;
    }
    /* Growth charged past the budget (a loop of `s .. i` over a megabyte string, which the count
     * hook would see only up to a thousand instructions later) is refused: the allocator cannot
     * raise the budget error, but the memory error it causes unwinds just as well, and the flag
     * makes it reported as the budget error. */
    if (nsize > old && limits->in_host == 0 && limits->in_run > 0 && limits->instruction_limit > 0 &&
        limits->instructions_spent > limits->instruction_limit) {
        limits->budget_exceeded = 1;
        return NULL;
    }
    if (nsize > old && limits->memory_limit != 0 && limits->in_host == 0 &&
        limits->memory_used - old + nsize > limits->memory_limit) {
        limits->memory_refused = 1;
        return NULL;
    }
    void *block = realloc(ptr, nsize);
    if (block == NULL) {
        if (limits->in_host > 0) {
            fprintf(stderr, "LuaKit: the system is out of memory while Swift holds the Lua state\n");
            abort();
        }
        return NULL;
    }
    limits->memory_used = limits->memory_used - old + nsize;
    /* Work in proportion to the bytes a script makes Lua produce (s:upper() of a huge string,
     * concatenation, buffers) runs in C without the count hook: charge one instruction per 16
     * bytes of growth. The hook raises once that spends the budget; the allocator never raises. */
    if (nsize > old && limits->in_host == 0) limits->instructions_spent += (long long)((nsize - old) >> 4);
    return block;
}

/* Reached only by a LuaKit bug: an error raised outside any protected call. */
static int kslua_panic(lua_State *L) {
    const char *message = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "(error object is not a string)";
    fprintf(stderr, "LuaKit: unprotected Lua error (a LuaKit bug): %s\n", message);
    fflush(stderr);
    abort();
    return 0;
}

lua_State *kslua_newstate(kslua_limits *limits) {
    lua_State *L = lua_newstate(kslua_alloc, limits);
    if (L != NULL) {
        lua_atpanic(L, kslua_panic);
        kslua_set_thread_task(L, NULL);
    }
    return L;
}

kslua_limits *kslua_limits_of(lua_State *L) {
    void *ud = NULL;
    (void)lua_getallocf(L, &ud);
    return (kslua_limits *)ud;
}

static int kslua_budget_error(lua_State *L, kslua_limits *limits);

/* Counts instructions; once over budget it re-arms itself to run on every instruction (as Redis
 * does), so a script that catches the error with pcall meets it again at its next instruction. */
static void kslua_count_hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    kslua_limits *limits = kslua_limits_of(L);
    if (!limits->budget_exceeded) {
        limits->instructions_spent += limits->hook_step;
        kslua_charge_cpu(limits, limits->hook_step);
        if (limits->instructions_spent <= limits->instruction_limit) return;
        limits->budget_exceeded = 1;
    }
    kslua_mark_stopped(L);
    kslua_budget_error(L, limits);
}

/* Re-arms the hook to fire on every instruction (so pcall cannot swallow the error) and raises. */
static int kslua_budget_error(lua_State *L, kslua_limits *limits) {
    lua_sethook(L, kslua_count_hook, LUA_MASKCOUNT, 1);
    return luaL_error(L, "instruction budget exceeded: more than %I Lua instructions (raise the limit with --max-instructions N)",
                      (lua_Integer)limits->instruction_limit);
}

void kslua_charge(lua_State *L, long long cost) {
    kslua_limits *limits = kslua_limits_of(L);
    if (limits->instruction_limit <= 0) return;
    if (!limits->budget_exceeded) {
        if (cost <= 0) return;
        long long left = limits->instruction_limit - limits->instructions_spent;
        if (cost <= left) {
            limits->instructions_spent += cost;
            return;
        }
        limits->instructions_spent = limits->instruction_limit + 1;
        limits->budget_exceeded = 1;
    }
    kslua_budget_error(L, limits);
}

void kslua_charge_host_cpu(lua_State *L) {
    kslua_limits *limits = kslua_limits_of(L);
    if (limits->instruction_limit <= 0) return;
    if (!limits->budget_exceeded) {
        kslua_charge_cpu(limits, 0);
        if (limits->instructions_spent <= limits->instruction_limit) return;
        limits->budget_exceeded = 1;
    }
    kslua_budget_error(L, limits);
}

void kslua_arm_budget(lua_State *L) {
    kslua_limits *limits = kslua_limits_of(L);
    if (limits->instruction_limit <= 0) {
        lua_sethook(L, NULL, 0, 0);
        return;
    }
    int step = limits->hook_step > 0 ? limits->hook_step : 1000;
    if (limits->instruction_limit < step) step = (int)limits->instruction_limit;
    limits->hook_step = step;
    lua_sethook(L, kslua_count_hook, LUA_MASKCOUNT, limits->budget_exceeded ? 1 : step);
}
