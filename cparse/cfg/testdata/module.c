/* A module-like C file used to exercise the CFG builder on realistic code.
 * It is self-contained: the Redis module API is declared with stubs in the
 * style of redismodule.h instead of including it. */

#define NULL ((void *)0)
#define REDISMODULE_OK 0
#define REDISMODULE_ERR 1
#define REDISMODULE_READ (1 << 0)
#define REDISMODULE_WRITE (1 << 1)
#define REDISMODULE_KEYTYPE_EMPTY 0
#define REDISMODULE_KEYTYPE_STRING 1
#define REDISMODULE_KEYTYPE_LIST 2
#define REDISMODULE_KEYTYPE_HASH 3
#define REDISMODULE_KEYTYPE_SET 4
#define REDISMODULE_KEYTYPE_ZSET 5
#define REDISMODULE_KEYTYPE_MODULE 6
#define REDISMODULE_KEYTYPE_STREAM 7
#define REDISMODULE_POSTPONED_LEN -1
#define REDISMODULE_LIST_TAIL 1
#define REDISMODULE_APIVER_1 1
#define REDISMODULE_ERRORMSG_WRONGTYPE "WRONGTYPE Operation against a key holding the wrong kind of value"

typedef unsigned long size_t;
typedef long long mstime_t;
typedef struct RedisModuleCtx RedisModuleCtx;
typedef struct RedisModuleKey RedisModuleKey;
typedef struct RedisModuleString RedisModuleString;
typedef struct RedisModuleCallReply RedisModuleCallReply;
typedef struct RedisModuleType RedisModuleType;
typedef struct RedisModuleIO RedisModuleIO;
typedef struct RedisModuleBlockedClient RedisModuleBlockedClient;
typedef int (*RedisModuleCmdFunc)(RedisModuleCtx *ctx, RedisModuleString **argv, int argc);

#define REDISMODULE_API_FUNC(x) (*x)

extern int REDISMODULE_API_FUNC(RedisModule_Init)(RedisModuleCtx *ctx, const char *name, int ver, int apiver);
extern int REDISMODULE_API_FUNC(RedisModule_CreateCommand)(RedisModuleCtx *ctx, const char *name, RedisModuleCmdFunc cmdfunc, const char *strflags, int firstkey, int lastkey, int keystep);
extern int REDISMODULE_API_FUNC(RedisModule_WrongArity)(RedisModuleCtx *ctx);
extern int REDISMODULE_API_FUNC(RedisModule_ReplyWithLongLong)(RedisModuleCtx *ctx, long long ll);
extern int REDISMODULE_API_FUNC(RedisModule_ReplyWithError)(RedisModuleCtx *ctx, const char *err);
extern int REDISMODULE_API_FUNC(RedisModule_ReplyWithSimpleString)(RedisModuleCtx *ctx, const char *msg);
extern int REDISMODULE_API_FUNC(RedisModule_ReplyWithString)(RedisModuleCtx *ctx, RedisModuleString *str);
extern int REDISMODULE_API_FUNC(RedisModule_ReplyWithNull)(RedisModuleCtx *ctx);
extern int REDISMODULE_API_FUNC(RedisModule_ReplyWithArray)(RedisModuleCtx *ctx, long len);
extern void REDISMODULE_API_FUNC(RedisModule_ReplySetArrayLength)(RedisModuleCtx *ctx, long len);
extern int REDISMODULE_API_FUNC(RedisModule_ReplyWithCallReply)(RedisModuleCtx *ctx, RedisModuleCallReply *reply);
extern void *REDISMODULE_API_FUNC(RedisModule_OpenKey)(RedisModuleCtx *ctx, RedisModuleString *keyname, int mode);
extern void REDISMODULE_API_FUNC(RedisModule_CloseKey)(RedisModuleKey *kp);
extern int REDISMODULE_API_FUNC(RedisModule_KeyType)(RedisModuleKey *kp);
extern size_t REDISMODULE_API_FUNC(RedisModule_ValueLength)(RedisModuleKey *kp);
extern int REDISMODULE_API_FUNC(RedisModule_ListPush)(RedisModuleKey *kp, int where, RedisModuleString *ele);
extern RedisModuleString *REDISMODULE_API_FUNC(RedisModule_ListPop)(RedisModuleKey *key, int where);
extern int REDISMODULE_API_FUNC(RedisModule_StringToLongLong)(const RedisModuleString *str, long long *ll);
extern RedisModuleString *REDISMODULE_API_FUNC(RedisModule_CreateString)(RedisModuleCtx *ctx, const char *ptr, size_t len);
extern RedisModuleString *REDISMODULE_API_FUNC(RedisModule_CreateStringFromLongLong)(RedisModuleCtx *ctx, long long ll);
extern void REDISMODULE_API_FUNC(RedisModule_FreeString)(RedisModuleCtx *ctx, RedisModuleString *str);
extern const char *REDISMODULE_API_FUNC(RedisModule_StringPtrLen)(const RedisModuleString *str, size_t *len);
extern RedisModuleCallReply *REDISMODULE_API_FUNC(RedisModule_Call)(RedisModuleCtx *ctx, const char *cmdname, const char *fmt, ...);
extern void REDISMODULE_API_FUNC(RedisModule_FreeCallReply)(RedisModuleCallReply *reply);
extern void *REDISMODULE_API_FUNC(RedisModule_Alloc)(size_t bytes);
extern void REDISMODULE_API_FUNC(RedisModule_Free)(void *ptr);
extern void REDISMODULE_API_FUNC(RedisModule_AutoMemory)(RedisModuleCtx *ctx);
extern int REDISMODULE_API_FUNC(RedisModule_ReplicateVerbatim)(RedisModuleCtx *ctx);
extern void REDISMODULE_API_FUNC(RedisModule__Assert)(const char *estr, const char *file, int line);
extern void REDISMODULE_API_FUNC(RedisModule_Log)(RedisModuleCtx *ctx, const char *level, const char *fmt, ...);
extern RedisModuleBlockedClient *REDISMODULE_API_FUNC(RedisModule_BlockClient)(RedisModuleCtx *ctx, RedisModuleCmdFunc reply_callback, RedisModuleCmdFunc timeout_callback, void (*free_privdata)(RedisModuleCtx *, void *), long long timeout_ms);
extern int REDISMODULE_API_FUNC(RedisModule_UnblockClient)(RedisModuleBlockedClient *bc, void *privdata);

void exit(int status) __attribute__((noreturn));
void abort(void) __attribute__((noreturn));
int strcasecmp(const char *a, const char *b);
void *memcpy(void *dst, const void *src, size_t n);

#define RedisModule_Assert(_e) ((_e) ? (void)0 : (RedisModule__Assert(#_e, __FILE__, __LINE__), exit(1)))

#define REPLY_OK(ctx) do { RedisModule_ReplyWithSimpleString(ctx, "OK"); } while (0)
#define CHECK_ARITY(ctx, argc, n) do { if ((argc) != (n)) return RedisModule_WrongArity(ctx); } while (0)
#define MAX(a, b) ({ __typeof__(a) _a = (a); __typeof__(b) _b = (b); _a > _b ? _a : _b; })

static RedisModuleType *MyType;
static long long counter;

/* HELLO.SIMPLE: straight line code. */
int HelloSimple_RedisCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
	(void)argv;
	(void)argc;
	RedisModule_ReplyWithLongLong(ctx, counter++);
	return REDISMODULE_OK;
}

/* HELLO.PUSH.NATIVE key value: open key, check type, goto cleanup. */
int HelloPushNative_RedisCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
	int ret = REDISMODULE_ERR;
	if (argc != 3) return RedisModule_WrongArity(ctx);

	RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ | REDISMODULE_WRITE);
	int type = RedisModule_KeyType(key);
	if (type != REDISMODULE_KEYTYPE_EMPTY && type != REDISMODULE_KEYTYPE_LIST) {
		RedisModule_ReplyWithError(ctx, REDISMODULE_ERRORMSG_WRONGTYPE);
		goto cleanup;
	}
	if (RedisModule_ListPush(key, REDISMODULE_LIST_TAIL, argv[2]) == REDISMODULE_ERR) {
		RedisModule_ReplyWithError(ctx, "ERR push failed");
		goto cleanup;
	}
	size_t len = RedisModule_ValueLength(key);
	RedisModule_ReplyWithLongLong(ctx, len);
	ret = REDISMODULE_OK;
cleanup:
	RedisModule_CloseKey(key);
	return ret;
}

/* HELLO.SUMLIST key: loop with break/continue. */
int HelloListSum_RedisCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
	CHECK_ARITY(ctx, argc, 2);
	RedisModuleCallReply *reply = RedisModule_Call(ctx, "LRANGE", "sll", argv[1], (long long)0, (long long)-1);
	long long sum = 0;
	for (int j = 0; j < 100; j++) {
		RedisModuleString *ele = RedisModule_ListPop(NULL, j);
		long long val;
		if (ele == NULL) break;
		if (RedisModule_StringToLongLong(ele, &val) != REDISMODULE_OK) {
			RedisModule_FreeString(ctx, ele);
			continue;
		}
		sum += val;
		RedisModule_FreeString(ctx, ele);
	}
	RedisModule_FreeCallReply(reply);
	RedisModule_ReplyWithLongLong(ctx, sum);
	return REDISMODULE_OK;
}

/* HELLO.TYPE key: switch with fallthrough and default. */
int HelloType_RedisCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
	if (argc != 2) return RedisModule_WrongArity(ctx);
	RedisModuleKey *key = RedisModule_OpenKey(ctx, argv[1], REDISMODULE_READ);
	const char *name;
	switch (RedisModule_KeyType(key)) {
	case REDISMODULE_KEYTYPE_EMPTY:
		RedisModule_CloseKey(key);
		return RedisModule_ReplyWithNull(ctx);
	case REDISMODULE_KEYTYPE_STRING:
		name = "string";
		break;
	case REDISMODULE_KEYTYPE_LIST:
	case REDISMODULE_KEYTYPE_SET:
		name = "collection";
		/* fallthrough */
	case REDISMODULE_KEYTYPE_HASH ... REDISMODULE_KEYTYPE_ZSET:
		if (name == NULL) name = "other";
		break;
	default:
		name = "unknown";
	}
	RedisModule_CloseKey(key);
	RedisModule_ReplyWithSimpleString(ctx, name);
	return REDISMODULE_OK;
}

/* HELLO.REPEAT key n: while and do-while, postponed array length. */
int HelloRepeat_RedisCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
	long long count, i = 0;
	if (argc < 3 || RedisModule_StringToLongLong(argv[2], &count) != REDISMODULE_OK || count < 0) {
		return RedisModule_ReplyWithError(ctx, "ERR invalid count");
	}
	RedisModule_ReplyWithArray(ctx, REDISMODULE_POSTPONED_LEN);
	while (i < count) {
		if (i > 1000) goto done;
		RedisModule_ReplyWithString(ctx, argv[1]);
		i++;
	}
	do {
		i--;
	} while (i > count && !(i & 1));
done:
	RedisModule_ReplySetArrayLength(ctx, i);
	return REDISMODULE_OK;
}

/* HELLO.ASSERT: RedisModule_Assert expands to a conditional expression and
 * is not treated as a non-returning call. */
int HelloAssert_RedisCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
	RedisModule_Assert(argc > 0);
	RedisModule_Assert(argv != NULL && ctx != NULL);
	if (argc > 10) {
		RedisModule_Log(ctx, "warning", "too many args");
		exit(1);
	}
	REPLY_OK(ctx);
	return REDISMODULE_OK;
}

/* A helper returning void that falls off the end. */
static void freeArray(RedisModuleCtx *ctx, RedisModuleString **arr, int n) {
	if (arr == NULL) return;
	for (int i = 0; i < n; i++) {
		if (!arr[i]) continue;
		RedisModule_FreeString(ctx, arr[i]);
	}
	RedisModule_Free(arr);
}

/* Statement expressions stay inside the expression. */
int HelloMax_RedisCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
	long long a = 0, b = 0;
	if (argc != 3) return RedisModule_WrongArity(ctx);
	if (RedisModule_StringToLongLong(argv[1], &a) != REDISMODULE_OK ||
	    RedisModule_StringToLongLong(argv[2], &b) != REDISMODULE_OK)
		return RedisModule_ReplyWithError(ctx, "ERR not a number");
	long long m = MAX(a, b);
	return RedisModule_ReplyWithLongLong(ctx, m);
}

/* Nested loops with labels and backward gotos. */
static int findPair(long long *v, int n, long long target, int *pi, int *pj) {
	int i = 0, j;
retry:
	for (; i < n; i++) {
		for (j = i + 1; j < n; j++) {
			if (v[i] + v[j] == target) goto found;
			if (v[j] < 0) break;
		}
		if (j == n && v[i] == 0) {
			i += 2;
			goto retry;
		}
	}
	return 0;
found:
	*pi = i;
	*pj = j;
	return 1;
}

/* Duff's device. */
static void copyStrings(RedisModuleString **to, RedisModuleString **from, int count) {
	int n = (count + 3) / 4;
	if (count <= 0) return;
	switch (count % 4) {
	case 0: do { *to++ = *from++;
	case 3:      *to++ = *from++;
	case 2:      *to++ = *from++;
	case 1:      *to++ = *from++;
		} while (--n > 0);
	}
}

/* Computed goto dispatch. */
static long long interp(const unsigned char *code) {
	static void *dispatch[] = { &&op_halt, &&op_inc, &&op_dec };
	long long acc = 0;
#define NEXT goto *dispatch[*code++]
	NEXT;
op_inc:
	acc++;
	NEXT;
op_dec:
	acc--;
	NEXT;
op_halt:
	return acc;
#undef NEXT
}

/* Infinite loop with a conditional return: nothing falls off. */
static int waitFor(volatile int *flag) {
	for (;;) {
		if (*flag) return *flag;
	}
}

/* while (1) with break and unreachable code. */
static int parseFlags(RedisModuleString **argv, int argc, int *flags) {
	int i = 1;
	while (1) {
		if (i >= argc) break;
		const char *s = RedisModule_StringPtrLen(argv[i], NULL);
		if (!strcasecmp(s, "NX")) *flags |= 1;
		else if (!strcasecmp(s, "XX")) *flags |= 2;
		else if (!strcasecmp(s, "CH")) *flags |= 4;
		else {
			return REDISMODULE_ERR;
			*flags = 0; /* unreachable */
		}
		i++;
	}
	return REDISMODULE_OK;
}

/* Comma operator and assignment in conditions. */
static int sumArgs(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
	long long v, total = 0;
	int i;
	for (i = 1, total = 0; i < argc && (RedisModule_StringToLongLong(argv[i], &v) == REDISMODULE_OK); i++)
		total += v;
	if (total = total * 2, total > 100)
		RedisModule_ReplyWithSimpleString(ctx, "big");
	else
		RedisModule_ReplyWithLongLong(ctx, total);
	return i == argc ? REDISMODULE_OK : REDISMODULE_ERR;
}

/* Blocking command with callbacks. */
static int reply_cb(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
	(void)argv; (void)argc;
	return RedisModule_ReplyWithSimpleString(ctx, "Hello!");
}

static int timeout_cb(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
	(void)argv; (void)argc;
	return RedisModule_ReplyWithNull(ctx);
}

static void free_cb(RedisModuleCtx *ctx, void *privdata) {
	(void)ctx;
	RedisModule_Free(privdata);
}

int HelloBlock_RedisCommand(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
	long long delay, timeout;
	if (argc != 3) return RedisModule_WrongArity(ctx);
	if (RedisModule_StringToLongLong(argv[1], &delay) != REDISMODULE_OK) {
		return RedisModule_ReplyWithError(ctx, "ERR invalid count");
	}
	if (RedisModule_StringToLongLong(argv[2], &timeout) != REDISMODULE_OK) {
		return RedisModule_ReplyWithError(ctx, "ERR invalid count");
	}
	RedisModuleBlockedClient *bc = RedisModule_BlockClient(ctx, reply_cb, timeout_cb, free_cb, timeout);
	void **targ = RedisModule_Alloc(sizeof(void *) * 2);
	targ[0] = bc;
	targ[1] = (void *)(unsigned long)delay;
	if (delay < 0) {
		RedisModule_UnblockClient(bc, NULL);
		RedisModule_Free(targ);
	}
	return REDISMODULE_OK;
}

int RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
	if (RedisModule_Init(ctx, "helloworld", 1, REDISMODULE_APIVER_1) == REDISMODULE_ERR)
		return REDISMODULE_ERR;

	for (int j = 0; j < argc; j++) {
		const char *s = RedisModule_StringPtrLen(argv[j], NULL);
		RedisModule_Log(ctx, "notice", "Module loaded with ARGV[%d] = %s\n", j, s);
	}

	static const struct { const char *name; RedisModuleCmdFunc fn; const char *flags; } cmds[] = {
		{"hello.simple", HelloSimple_RedisCommand, "readonly"},
		{"hello.push.native", HelloPushNative_RedisCommand, "write deny-oom"},
		{"hello.sumlist", HelloListSum_RedisCommand, "readonly"},
		{"hello.type", HelloType_RedisCommand, "readonly"},
		{"hello.repeat", HelloRepeat_RedisCommand, "readonly"},
		{"hello.assert", HelloAssert_RedisCommand, "readonly"},
		{"hello.max", HelloMax_RedisCommand, "readonly"},
		{"hello.block", HelloBlock_RedisCommand, "readonly"},
	};
	for (unsigned k = 0; k < sizeof(cmds) / sizeof(cmds[0]); k++) {
		if (RedisModule_CreateCommand(ctx, cmds[k].name, cmds[k].fn, cmds[k].flags, 1, 1, 1) == REDISMODULE_ERR)
			return REDISMODULE_ERR;
	}
	(void)MyType;
	(void)freeArray;
	(void)findPair;
	(void)copyStrings;
	(void)interp;
	(void)waitFor;
	(void)parseFlags;
	(void)sumArgs;
	return REDISMODULE_OK;
}
