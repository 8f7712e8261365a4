// Package redisapi is rmlint's single table of facts about the Redis module
// API: every RedisModule_* function with its signature, the release that
// introduced it, how it fails, what it allocates, frees or borrows and whether
// it sends a reply; the REDISMODULE_* constants; the command flag words and the
// RedisModule_Call format characters accepted by each release.
//
// The checks, the embedded redismodule.h-compatible header (see Header) and
// the rule docs all read this package; nothing else restates these facts.
// The facts come from Redis's source (src/module.c, src/redismodule.h) as
// collected in the project's API_FACTS notes; the text and code here are ours.
package redisapi

import (
	"fmt"
	"strconv"
	"strings"
)

// Version is a Redis release, e.g. 7.2.0. Pre-releases such as 8.0-m01 are
// represented by their numeric part (8.0.0) with Pre set.
type Version struct {
	Major, Minor, Patch int
	Pre                 string // "m01" for 8.0-m01; empty for a GA release
}

// V is shorthand for a GA release.
func V(major, minor, patch int) Version { return Version{Major: major, Minor: minor, Patch: patch} }

// ParseVersion accepts "7", "7.2", "7.2.4" and "8.0-m01".
func ParseVersion(s string) (Version, error) {
	var v Version
	orig := s
	if i := strings.IndexByte(s, '-'); i >= 0 {
		v.Pre = s[i+1:]
		s = s[:i]
	}
	parts := strings.Split(s, ".")
	if len(parts) == 0 || len(parts) > 3 || s == "" {
		return Version{}, fmt.Errorf("invalid Redis version %q (want X.Y or X.Y.Z)", orig)
	}
	nums := []*int{&v.Major, &v.Minor, &v.Patch}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return Version{}, fmt.Errorf("invalid Redis version %q (want X.Y or X.Y.Z)", orig)
		}
		*nums[i] = n
	}
	return v, nil
}

func (v Version) String() string {
	s := fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch)
	if v.Pre != "" {
		s = fmt.Sprintf("%d.%d-%s", v.Major, v.Minor, v.Pre)
	}
	return s
}

// IsZero reports whether v is the zero Version (unknown).
func (v Version) IsZero() bool { return v == Version{} }

// Compare returns -1, 0 or +1. A pre-release sorts before its GA release.
func (v Version) Compare(w Version) int {
	for _, d := range [3]int{v.Major - w.Major, v.Minor - w.Minor, v.Patch - w.Patch} {
		if d < 0 {
			return -1
		}
		if d > 0 {
			return 1
		}
	}
	switch {
	case v.Pre == w.Pre:
		return 0
	case v.Pre == "":
		return 1
	case w.Pre == "":
		return -1
	}
	return strings.Compare(v.Pre, w.Pre)
}

// Less reports whether v is older than w.
func (v Version) Less(w Version) bool { return v.Compare(w) < 0 }

// Returns classifies what a function's result tells the caller.
type Returns int

const (
	ReturnsVoid      Returns = iota // no result
	ReturnsStatus                   // REDISMODULE_OK / REDISMODULE_ERR
	ReturnsNullable                 // a pointer that is NULL on failure (see NullWhen)
	ReturnsNeverNull                // a pointer that is never NULL
	ReturnsBool                     // non-zero = true; comparing with OK/ERR is a bug
	ReturnsCount                    // a count or size (HashSet, DictSize, PublishMessage...)
	ReturnsValue                    // a plain value (ids, times, flags, lengths...)
	ReturnsOther                    // an unusual convention; see Note
)

// Resource is a kind of object the module must release (or that AutoMemory
// may release for it).
type Resource int

const (
	NoResource    Resource = iota
	String                 // RedisModuleString*: FreeString
	Key                    // RedisModuleKey*: CloseKey
	CallReply              // RedisModuleCallReply* (root): FreeCallReply
	Memory                 // RedisModule_Alloc & co: RedisModule_Free
	Dict                   // RedisModuleDict*: FreeDict
	DictIter               // RedisModuleDictIter*: DictIteratorStop
	ServerInfo             // RedisModuleServerInfoData*: FreeServerInfo
	ThreadCtx              // thread-safe context: FreeThreadSafeContext
	BlockedClient          // RedisModuleBlockedClient*: UnblockClient / AbortBlock
	ScanCursor             // RedisModuleScanCursor*: ScanCursorDestroy
	ClusterNodes           // char**: FreeClusterNodesList
	ModuleUser             // RedisModuleUser*: FreeModuleUser
	ZsetRange              // a key's zset range iterator: ZsetRangeStop
	StreamIter             // a key's stream iterator: StreamIteratorStop
	RdbStream              // RedisModuleRdbStream*: RdbStreamFree
	numResources
)

var resourceNames = [...]string{"", "string", "key", "call reply", "memory", "dict", "dict iterator",
	"server info", "thread-safe context", "blocked client", "scan cursor", "cluster node list",
	"module user", "zset range", "stream iterator", "rdb stream"}

func (r Resource) String() string {
	if r >= 0 && int(r) < len(resourceNames) {
		return resourceNames[r]
	}
	return fmt.Sprintf("Resource(%d)", int(r))
}

// AutoMemoryTracks reports whether RedisModule_AutoMemory releases objects of
// kind r (strings, keys, call replies, dicts and server info only).
func (r Resource) AutoMemoryTracks() bool {
	switch r {
	case String, Key, CallReply, Dict, ServerInfo:
		return true
	}
	return false
}

// Reply says what a function contributes to a command's reply stream.
type Reply int

const (
	NoReply        Reply = iota
	ReplyValue           // sends one RESP value (ReplyWithLongLong, ReplyWithCallReply, WrongArity...)
	ReplyAggregate       // opens an aggregate: its count argument (CountArg) says how many elements follow
	ReplySetLength       // closes the newest postponed aggregate (ReplySetArrayLength & co)
)

// Param is one parameter of an API function.
type Param struct {
	Type string // C type as written in a prototype, e.g. "RedisModuleString **"
	Name string // e.g. "argv"
}

// Func describes one RedisModule_<Name> API function.
type Func struct {
	Name     string  // without the RedisModule_ prefix, e.g. "CreateCommand"
	Result   string  // C return type, e.g. "int", "RedisModuleString *", "void"
	Params   []Param // fixed parameters
	Variadic bool    // ends in "..."
	// Format is the index of a printf-style format parameter (CreateStringPrintf,
	// Log, ...) or -1; CallFormat is the index of a RedisModule_Call-style format
	// parameter (Call, Replicate, EmitAOF) or -1.
	Format, CallFormat int

	Since        Version // first release whose module.c defines it (API_FACTS §11)
	Experimental bool    // declared only under REDISMODULE_EXPERIMENTAL_API before 7.0
	Deprecated   string  // non-empty: why and what to use instead

	Returns  Returns
	NullWhen string // for ReturnsNullable: when it is NULL
	MustUse  bool   // ignoring the result hides a failure that matters (unchecked rule)

	Allocates Resource // the result must be released (see Releases of the matching function)
	// AllocArg is the index of an out-parameter that receives the allocated
	// object instead of the result, or -1.
	AllocArg int
	// ExtraAllocArgs lists further out-parameters that also receive an object
	// of kind Allocates (StreamIteratorNextField's value_ptr,
	// GetCommandKeysWithFlags' out_flags).
	ExtraAllocArgs []int
	Releases       Resource // the function releases the object passed as ReleaseArg
	ReleaseArg     int
	// Borrowed: the result points into memory the module does not own (must not
	// be freed, dies with its owner); NotNulTerminated: the result is a
	// pointer+length buffer that is not promised to end in NUL.
	Borrowed         bool
	NotNulTerminated bool
	// TakesOwnership lists parameter indexes whose object the API keeps (on
	// success): ModuleTypeSetValue's value, CommandFilterArgInsert's arg, ...
	TakesOwnership []int
	// NullSafe lists parameter indexes that may be NULL; NullUnsafe lists
	// parameter indexes that are dereferenced without a NULL test.
	NullUnsafe []int

	Reply    Reply
	CountArg int // for ReplyAggregate: index of the element count parameter; -1 otherwise
	// CountFactor: elements per unit of the count (2 for maps and attributes).
	CountFactor int

	OnLoadOnly bool // fails (or is undefined) outside RedisModule_OnLoad
	Blocks     bool // blocks the client: the reply comes from callbacks
	Writes     bool // modifies the keyspace (key API writers)
	Replicates bool // propagates to replicas/AOF (Replicate, ReplicateVerbatim)
	Note       string
}

// CName is the name modules call: "RedisModule_" + Name.
func (f *Func) CName() string { return "RedisModule_" + f.Name }

// Prefix is the prefix of every API function pointer.
const Prefix = "RedisModule_"

// Lookup finds an API function by its C name ("RedisModule_Call") or short
// name ("Call"). It returns nil for names the table does not know.
func Lookup(name string) *Func {
	return funcIndex[strings.TrimPrefix(name, Prefix)]
}

// Functions returns every API function, sorted by name.
func Functions() []*Func { return functions }

// Constant is one REDISMODULE_* macro.
type Constant struct {
	Name  string // e.g. "REDISMODULE_OK"
	Value string // C replacement text, e.g. "0", "(1<<0)", "\"WRONGTYPE ...\""
	Since Version
	// Enum is the typedef name of the C enum the constant belongs to
	// ("RedisModuleCommandArgType"); empty for a #define.
	Enum string
	// Group is a short description of the family the constant belongs to
	// ("key types", "context flags"); the header prints one comment per group.
	Group string
	// Deprecated: non-empty when the constant should no longer be used, and why.
	Deprecated string
}

// LookupConstant finds a constant by name.
func LookupConstant(name string) *Constant { return constIndex[name] }

// Constants returns every constant in header order.
func Constants() []*Constant { return constants }

// CommandFlag is one flag word of RedisModule_CreateCommand's strflags.
type CommandFlag struct {
	Word  string  // e.g. "deny-oom"
	Since Version // first release that accepts it
	// Ignored: accepted but without effect since IgnoredSince (e.g. "random" in 7.0).
	IgnoredSince Version
	Summary      string
}

// LookupCommandFlag finds a flag word, case-insensitively as Redis does.
func LookupCommandFlag(word string) *CommandFlag { return flagIndex[strings.ToLower(word)] }

// CommandFlags returns every flag word the newest release accepts.
func CommandFlags() []*CommandFlag { return commandFlags }

// CallFormatChar is one character of a RedisModule_Call format string.
type CallFormatChar struct {
	Char     byte
	Consumes []string // C types of the variadic arguments it consumes, e.g. {"char *", "size_t"}
	Since    Version
	Summary  string
}

// LookupCallFormatChar finds a format character.
func LookupCallFormatChar(c byte) *CallFormatChar { return fmtIndex[c] }

// CallFormatChars returns every known format character.
func CallFormatChars() []*CallFormatChar { return callFormatChars }

// Newest is the newest release the table knows; it is the default target of
// --redis-version.
func Newest() Version { return newest }
