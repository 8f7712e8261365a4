package callfmt

const doc = `callfmt: RedisModule_Call/Replicate/EmitAOF format strings that do not match their arguments

## What it finds

The format argument of RedisModule_Call, RedisModule_Replicate and
RedisModule_EmitAOF, when it is a constant string (a literal, a macro or a
const char * initialised with one), checked like a printf format against the
arguments that follow it:

- a character Redis does not know, including spaces, commas and printf-style
  "%s" (the whole format is rejected);
- a character newer than the oldest Redis the module must run on
  (--redis-version): "A" and "R" need 5.0.7; "3", "0", "C", "S", "W" and "E"
  need 7.0.0; "M" 7.0.1; "D" and "K" 7.2.0;
- more or fewer arguments than the format consumes ("c", "s" and "l" take one
  each, "b" and "v" take two: a pointer and a size_t);
- an argument whose C type does not fit its letter: a RedisModuleString * for
  "c" or a C string for "s"; an int, short, char, enum, pointer or floating
  value for "l" (which is read as a long long); an int length or count after
  the pointer of "b" or "v" (read as a size_t); NULL for "c" or "s";
- modifiers that do nothing (warnings): "A" or "R" in a RedisModule_Call
  format without "!", "!" and the RedisModule_Call-only modifiers in
  RedisModule_Replicate, and any modifier in RedisModule_EmitAOF.

Formats that are not constant, and calls through wrappers, are not checked.
Arguments whose type cannot be judged (void *, other structures) are accepted.

## Why it matters

Redis walks the format with va_arg and trusts it completely. A missing
argument, or a RedisModuleString * where a char * is expected, makes it read
garbage from the stack and usually crash the server. An int passed for "l",
or as the length of "b"/"v", fills only half of the 8 bytes Redis reads, so
the value is garbage (negative numbers become huge positive ones) even though
the compiler says nothing. An unknown or too new character makes
RedisModule_Call return NULL (errno EBADF), RedisModule_Replicate return
REDISMODULE_ERR and RedisModule_EmitAOF fail the AOF rewrite, so the command
silently never runs or never reaches replicas. A modifier that does nothing
shows that the call does not do what its author thinks, e.g. "A" without "!"
does not make a call replicate to replicas only: it is not replicated at all.

## Example

` + "```c" + `
int IncrBy(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    RedisModuleCallReply *r;
    r = RedisModule_Call(ctx, "INCRBY", "sl", argv[1], 5);
    r = RedisModule_Call(ctx, "SET", "s s", argv[1], "value");
    r = RedisModule_Call(ctx, "DEL", "v", argv + 1, argc - 1);
    RedisModule_Replicate(ctx, "SET", "!ss", argv[1], argv[2]);
    return RedisModule_ReplyWithCallReply(ctx, r);
}
` + "```" + `

## Fixed

` + "```c" + `
int IncrBy(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    RedisModuleCallReply *r;
    r = RedisModule_Call(ctx, "INCRBY", "sl", argv[1], (long long)5);
    r = RedisModule_Call(ctx, "SET", "sc", argv[1], "value");
    r = RedisModule_Call(ctx, "DEL", "v", argv + 1, (size_t)(argc - 1));
    RedisModule_Replicate(ctx, "SET", "ss", argv[1], argv[2]);
    return RedisModule_ReplyWithCallReply(ctx, r);
}
` + "```" + `
`
