package initorder

const doc = `initorder: RedisModule_* calls that can run before RedisModule_Init, and an ignored Init result

## What it finds

In RedisModule_OnLoad (and the helpers it calls):

- a call of any RedisModule_* API function on a path where RedisModule_Init
  has not been called yet, directly or through a helper function;
- a return of anything but REDISMODULE_ERR on a path where RedisModule_Init
  has not been called;
- a RedisModule_Init call whose result is thrown away.

## Why it matters

Every RedisModule_* function is a pointer that RedisModule_Init fills in:
before Init they are all NULL, and calling one crashes the server while it
loads the module. Returning success without Init also crashes it (the module
has no name yet). Init fails when a module with the same name is loaded; if
OnLoad goes on regardless, the next registration dereferences a NULL module.

## Example

` + "```c" + `
int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    RedisModule_Log(ctx, "notice", "loading");
    RedisModule_Init(ctx, "mymod", 1, REDISMODULE_APIVER_1);
    return REDISMODULE_OK;
}
` + "```" + `

## Fixed

` + "```c" + `
int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (RedisModule_Init(ctx, "mymod", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    RedisModule_Log(ctx, "notice", "loading");
    return REDISMODULE_OK;
}
` + "```" + `
`
