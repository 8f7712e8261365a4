package writeflag

const doc = `writeflag: a command that writes without the "write" flag, or is flagged "write" and never writes

## What it finds

rmlint summarises what each command's handler (and the helpers it calls)
does: key API writes (StringSet, List/Hash/Zset/Stream writers,
ModuleTypeSetValue, DeleteKey, SetExpire, DMA opened for writing, ...),
RedisModule_Call of core write commands, RedisModule_Replicate.

- a command that writes but is not registered with "write" (an error);
- a command that replicates but has neither "write" nor "may-replicate"
  (a warning);
- a "write" command that can never write (a note: it could be "readonly");
- a "write" command that adds data without "deny-oom" (a note).

## Why it matters

Redis decides from the flags, not from the code, where a command may run. A
writing command without "write" runs on read-only replicas (the replica
then diverges from its master), inside EVAL_RO and FCALL_RO, during CLIENT
PAUSE WRITE and failover, and ignores min-replicas and disk-error write
gates. Real modules (RediSearch, valkey-search) shipped such commands.

## Example

` + "```c" + `
RedisModule_CreateCommand(ctx, "counter.incr", CounterIncr, "readonly", 1, 1, 1);
/* CounterIncr calls RedisModule_StringSet(key, ...) */
` + "```" + `

## Fixed

` + "```c" + `
RedisModule_CreateCommand(ctx, "counter.incr", CounterIncr, "write deny-oom", 1, 1, 1);
` + "```" + `
`
