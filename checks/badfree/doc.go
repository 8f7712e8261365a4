package badfree

const doc = `badfree: freeing argv or borrowed pointers, double release, use after release, wrong release function

## What it finds

- RedisModule_FreeString on argv[i] (argv belongs to Redis);
- releasing a pointer an API only lends (a string a call reply or a blocked
  client's ready key points into);
- releasing the same string, key, call reply or memory twice on a path;
- using an object in an API call after releasing it;
- the wrong release function: RedisModule_Free on a RedisModuleString,
  FreeString on RedisModule_Alloc memory, libc free() on module memory;
- RedisModule_FreeCallReply (and other release functions that do not accept
  NULL) on a pointer that may be NULL on that path.

## Why it matters

Each of these corrupts Redis's heap or dereferences freed memory: the server
crashes, often later and somewhere unrelated, which makes the bug hard to find
in production.

## Example

` + "```c" + `
RedisModuleCallReply *r = RedisModule_Call(ctx, "GET", "s", argv[1]);
RedisModule_ReplyWithCallReply(ctx, r);
RedisModule_FreeCallReply(r);
RedisModule_FreeString(ctx, argv[1]);
` + "```" + `

## Fixed

` + "```c" + `
RedisModuleCallReply *r = RedisModule_Call(ctx, "GET", "s", argv[1]);
if (r == NULL) return RedisModule_ReplyWithError(ctx, "ERR call failed");
RedisModule_ReplyWithCallReply(ctx, r);
RedisModule_FreeCallReply(r);
` + "```" + `
`
