package cmdflags

const doc = `cmdflags: invalid, too new or contradictory RedisModule_CreateCommand flag strings

## What it finds

The strflags argument of RedisModule_CreateCommand and
RedisModule_CreateSubcommand, constant-evaluated (also through macros and
const char* constants), checked the way Redis parses it:

- a word Redis does not know ("wirte", "read-only"), with the closest real flag;
- separators other than one single space: commas, tabs, doubled, leading or
  trailing spaces (Redis splits on every single space, so an empty word or
  "write,deny-oom" is an unknown flag);
- a flag newer than the oldest Redis the module must run on (--redis-version):
  "blocking", "allow-busy", "no-mandatory-keys" and "getchannels-api" need 7.0,
  "may-replicate" 6.2, "no-slowlog" and "no-auth" 6.0;
- contradictory combinations: "readonly" together with "write" (a warning).

## Why it matters

Redis rejects the whole flag string when one word is wrong:
RedisModule_CreateCommand returns REDISMODULE_ERR, nothing is registered and
nothing is logged. If OnLoad ignores the result, the module loads without the
command; if it checks it, the module fails to load with no hint why. A
command flagged both readonly and write is treated as a write command by every
gate, while client-side tracking still treats it as a read.

## Example

` + "```c" + `
int CounterIncr(RedisModuleCtx *ctx, RedisModuleString **argv, int argc);

/* in RedisModule_OnLoad */
if (RedisModule_CreateCommand(ctx, "counter.incr", CounterIncr,
        "write,deny-oom", 1, 1, 1) == REDISMODULE_ERR)
    return REDISMODULE_ERR;
` + "```" + `

## Fixed

` + "```c" + `
int CounterIncr(RedisModuleCtx *ctx, RedisModuleString **argv, int argc);

/* in RedisModule_OnLoad */
if (RedisModule_CreateCommand(ctx, "counter.incr", CounterIncr,
        "write deny-oom", 1, 1, 1) == REDISMODULE_ERR)
    return REDISMODULE_ERR;
` + "```" + `
`
