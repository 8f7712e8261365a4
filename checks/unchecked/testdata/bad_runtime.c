#include "redismodule.h"
#include <unistd.h>

static void forkDone(int exitcode, int bysignal, void *user_data) {
    REDISMODULE_NOT_USED(exitcode);
    REDISMODULE_NOT_USED(bysignal);
    REDISMODULE_NOT_USED(user_data);
}

int ForkCmd(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    RedisModule_Fork(forkDone, NULL); /* want `command "fork.run": the result of RedisModule_Fork is ignored \(the child's pid in the parent, 0 in the child, -1 on failure\): parent and child both run the code that follows` */
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

/* A worker thread body. */
void *Worker(void *arg) {
    RedisModuleCtx *ctx = RedisModule_GetThreadSafeContext(NULL);
    REDISMODULE_NOT_USED(arg);
    RedisModule_ThreadSafeContextTryLock(ctx); /* want `the result of RedisModule_ThreadSafeContextTryLock is ignored: it returns REDISMODULE_ERR when it fails \(ERR with errno EBUSY when the lock is held\) and the code goes on as if it had worked; test it` */
    RedisModule_Call(ctx, "INCR", "c", "counter");
    RedisModule_ThreadSafeContextUnlock(ctx);
    RedisModule_FreeThreadSafeContext(ctx);
    return NULL;
}

int SetType(RedisModuleCtx *ctx, RedisModuleString **argv, int argc);

static RedisModuleType *MyType;

int SetType(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    if (argc != 2) return RedisModule_WrongArity(ctx);
    RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ);
    if (RedisModule_KeyType(key) == REDISMODULE_KEYTYPE_EMPTY) {
        RedisModule_CloseKey(key);
        return RedisModule_ReplyWithError(ctx, "ERR no such key");
    }
    void *value = RedisModule_Alloc(16);
    RedisModule_ModuleTypeSetValue(key, MyType, value); /* want `command "type.set": the result of RedisModule_ModuleTypeSetValue is ignored and the key was opened without REDISMODULE_WRITE: it always returns REDISMODULE_ERR then` */
    RedisModule_CloseKey(key);
    return RedisModule_ReplyWithSimpleString(ctx, "OK");
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    REDISMODULE_NOT_USED(argv);
    REDISMODULE_NOT_USED(argc);
    if (RedisModule_Init(ctx, "rt", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "fork.run", ForkCmd, "", 0, 0, 0) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    if (RedisModule_CreateCommand(ctx, "type.set", SetType, "write", 1, 1, 1) == REDISMODULE_ERR)
        return REDISMODULE_ERR;
    return REDISMODULE_OK;
}
