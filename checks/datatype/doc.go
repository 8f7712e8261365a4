package datatype

const doc = `datatype: RedisModule_CreateDataType calls Redis refuses, method tables whose NULL callbacks crash the server, unchecked results and types created outside OnLoad

## What it finds

For every RedisModule_CreateDataType(ctx, name, encver, &tm) call:

- a name (constant-evaluated, also through macros and const char* constants)
  that is not exactly 9 characters from A-Z a-z 0-9 - _;
- an encoding version outside 0..1023, and the reserved pair "AAAAAAAAA"
  with encoding version 0;
- a method table (a local, static or global RedisModuleTypeMethods, filled by
  its initializer, positional or designated, by member assignments, or after
  memset to 0) that does not set .version or sets it to 0;
- a method table that leaves rdb_load, rdb_save or free unset or NULL, which
  Redis calls without a NULL check; a table with only aux_load/aux_save
  callbacks whose type the module never stores values of is the aux-data
  idiom and is not reported;
- a method table without aof_rewrite (a warning: only an AOF rewrite without
  RDB preamble calls it);
- a local method table without an initializer, whose unassigned members are
  stack garbage Redis takes as callbacks;
- members newer than the .version given, which Redis ignores (a warning);
- a NULL method table;
- a result that is discarded, or stored and never compared against NULL in
  the function that stores it or in a function that calls it (a warning);
- a type created in a command handler, timer or other callback (or in what
  they call) that RedisModule_OnLoad does not reach.

When the method table escapes (its address goes to another function, it is
copied whole, defined in a file that is not analysed) the rule says nothing
about it.

## Why it matters

RedisModule_CreateDataType returns NULL for a bad name, encoding version or
method table version, and outside OnLoad (Redis 7.2 and later). A module that
ignores the NULL loads without its type, and the first value it stores with
the NULL type crashes the server when that value is freed. Redis never checks
rdb_load, rdb_save and free for NULL: the first SAVE, DUMP, RDB load,
replication sync, DEL or overwrite of a key of the type calls address 0 and
the server crashes; a missing aof_rewrite crashes every AOF rewrite when
aof-use-rdb-preamble is off.

## Example

` + "```c" + `
static RedisModuleType *CounterType;
void *CounterRdbLoad(RedisModuleIO *rdb, int encver);
void CounterRdbSave(RedisModuleIO *rdb, void *value);

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (RedisModule_Init(ctx, "counter", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    RedisModuleTypeMethods tm = {
        .rdb_load = CounterRdbLoad,
        .rdb_save = CounterRdbSave,
    };
    CounterType = RedisModule_CreateDataType(ctx, "counter.type", 0, &tm);
    return REDISMODULE_OK;
}
` + "```" + `

## Fixed

` + "```c" + `
static RedisModuleType *CounterType;
void *CounterRdbLoad(RedisModuleIO *rdb, int encver);
void CounterRdbSave(RedisModuleIO *rdb, void *value);
void CounterAofRewrite(RedisModuleIO *aof, RedisModuleString *key, void *value);
void CounterFree(void *value);

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (RedisModule_Init(ctx, "counter", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    RedisModuleTypeMethods tm = {
        .version = REDISMODULE_TYPE_METHOD_VERSION,
        .rdb_load = CounterRdbLoad,
        .rdb_save = CounterRdbSave,
        .aof_rewrite = CounterAofRewrite,
        .free = CounterFree,
    };
    CounterType = RedisModule_CreateDataType(ctx, "counter-1", 0, &tm);
    if (CounterType == NULL)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
` + "```" + `
`
