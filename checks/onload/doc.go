package onload

const doc = `onload: RedisModule_OnLoad missing, misspelled, static, mis-declared, or returning the wrong thing

## What it finds

- a function that is meant to be the module's entry point but is not named
  exactly RedisModule_OnLoad (RedisModule_Onload, Redismodule_OnLoad,
  RedisModule_OnLaod, or any function with OnLoad's signature that calls
  RedisModule_Init while no RedisModule_OnLoad exists);
- RedisModule_OnLoad (or RedisModule_OnUnload) declared static;
- a RedisModule_OnLoad whose signature is not
  int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc);
- a path through RedisModule_OnLoad that falls off the end without a return,
  or that returns a constant other than REDISMODULE_OK or REDISMODULE_ERR.

## Why it matters

Redis finds the entry point with dlsym("RedisModule_OnLoad"): a misspelled or
static function makes MODULE LOAD fail with "does not export
RedisModule_OnLoad()". Redis treats only REDISMODULE_ERR (1) as failure: an
OnLoad that returns -1 or C_ERR after a failed registration loads a broken
module, and one that falls off the end returns garbage.

## Example

` + "```c" + `
static int RedisModule_Onload(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (RedisModule_Init(ctx, "mymod", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return -1;
}
` + "```" + `

## Fixed

` + "```c" + `
int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (RedisModule_Init(ctx, "mymod", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
` + "```" + `
`
