package redisapi

import (
	"sort"
	"strings"
	"testing"
)

// wantFunctions is the number of RedisModule_* function pointers declared by
// Redis's header at the commit the API_FACTS notes describe (the same 362
// names as the facts' §11 table, GetApi and ReplySetPushLength included).
const wantFunctions = 362

func TestFunctionCountAndNames(t *testing.T) {
	if got := len(Functions()); got != wantFunctions {
		t.Errorf("len(Functions()) = %d, want %d", got, wantFunctions)
	}
	for _, name := range []string{
		"Call", "CreateCommand", "ReplyWithLongLong", "OpenKey", "CloseKey", "FreeString",
		"BlockClientOnKeysWithFlags", "GetApi", "SetModuleAttribs", "IsModuleNameBusy",
		"ReplySetPushLength", "_Assert", "DefragAllocRaw", "RegisterDefragCallbacks",
		"TryCalloc", "ClusterKeySlot", "RdbStreamCreateFromFile", "ZsetScore",
	} {
		if Lookup(name) == nil {
			t.Errorf("Lookup(%q) = nil", name)
		}
	}
}

func TestSortedUnique(t *testing.T) {
	fns := Functions()
	if !sort.SliceIsSorted(fns, func(i, j int) bool { return fns[i].Name < fns[j].Name }) {
		t.Error("functions are not sorted by name")
	}
	seen := map[string]bool{}
	for _, fn := range fns {
		if seen[fn.Name] {
			t.Errorf("duplicate function %s", fn.Name)
		}
		seen[fn.Name] = true
		if strings.HasPrefix(fn.Name, Prefix) {
			t.Errorf("%s: Name must not carry the %s prefix", fn.Name, Prefix)
		}
	}
}

func TestLookup(t *testing.T) {
	call := Lookup("RedisModule_Call")
	if call == nil || call != Lookup("Call") {
		t.Fatalf("Lookup(RedisModule_Call) = %v, Lookup(Call) = %v", call, Lookup("Call"))
	}
	if call.CName() != "RedisModule_Call" || call.Result != "RedisModuleCallReply *" || !call.Variadic {
		t.Errorf("Call = %+v", call)
	}
	if call.CallFormat != 2 || call.Format != -1 || call.Allocates != CallReply || call.Returns != ReturnsNullable {
		t.Errorf("Call facts wrong: %+v", call)
	}
	if Lookup("RedisModule_NoSuchThing") != nil || Lookup("Init") != nil {
		t.Error("Lookup invented a function")
	}
}

// Functions whose Since is zero on purpose.
var noSince = map[string]string{
	"ReplySetPushLength": "declared by the header since 7.0.0 but never defined in module.c",
}

func TestFunctionFacts(t *testing.T) {
	for _, fn := range Functions() {
		name := fn.Name
		if fn.Since.IsZero() != (noSince[name] != "") {
			t.Errorf("%s: Since = %v (zero allowed only for %v)", name, fn.Since, noSince)
		}
		if fn.Result == "" {
			t.Errorf("%s: no result type", name)
		}
		if (fn.Result == "void") != (fn.Returns == ReturnsVoid) {
			t.Errorf("%s: result %q but Returns %v", name, fn.Result, fn.Returns)
		}
		if fn.Returns == ReturnsNullable && fn.NullWhen == "" {
			t.Errorf("%s: nullable without NullWhen", name)
		}
		if fn.Returns != ReturnsNullable && fn.NullWhen != "" {
			t.Errorf("%s: NullWhen set on a result that is not nullable", name)
		}
		if (fn.Returns == ReturnsNullable || fn.Returns == ReturnsNeverNull) && !strings.HasSuffix(fn.Result, "*") {
			t.Errorf("%s: pointer convention on non-pointer result %q", name, fn.Result)
		}
		if fn.Returns == ReturnsOther && fn.Note == "" {
			t.Errorf("%s: ReturnsOther needs a Note", name)
		}
		for i, p := range fn.Params {
			if p.Type == "" || p.Name == "" {
				t.Errorf("%s: param %d = %+v", name, i, p)
			}
		}
		inRange := func(what string, i int, allowNone bool) {
			if allowNone && i == -1 {
				return
			}
			if i < 0 || i >= len(fn.Params) {
				t.Errorf("%s: %s = %d out of range (%d params)", name, what, i, len(fn.Params))
			}
		}
		inRange("Format", fn.Format, true)
		inRange("CallFormat", fn.CallFormat, true)
		inRange("AllocArg", fn.AllocArg, true)
		inRange("ReleaseArg", fn.ReleaseArg, true)
		inRange("CountArg", fn.CountArg, true)
		for _, i := range fn.ExtraAllocArgs {
			inRange("ExtraAllocArgs", i, false)
		}
		for _, i := range fn.TakesOwnership {
			inRange("TakesOwnership", i, false)
		}
		for _, i := range fn.NullUnsafe {
			inRange("NullUnsafe", i, false)
		}
		if (fn.Format >= 0 || fn.CallFormat >= 0) && !fn.Variadic {
			t.Errorf("%s: format parameter without ...", name)
		}
		if fn.Format >= 0 && fn.Params[fn.Format].Type != "const char *" ||
			fn.CallFormat >= 0 && fn.Params[fn.CallFormat].Type != "const char *" {
			t.Errorf("%s: format parameter is not a const char *", name)
		}
		if (fn.Releases == NoResource) != (fn.ReleaseArg == -1) {
			t.Errorf("%s: Releases %v with ReleaseArg %d", name, fn.Releases, fn.ReleaseArg)
		}
		if fn.AllocArg >= 0 && fn.Allocates == NoResource {
			t.Errorf("%s: AllocArg without Allocates", name)
		}
		if fn.Allocates != NoResource && fn.AllocArg == -1 && !strings.HasSuffix(fn.Result, "*") {
			t.Errorf("%s: allocates its result but returns %q", name, fn.Result)
		}
		if fn.NotNulTerminated && fn.AllocArg >= 0 {
			t.Errorf("%s: NotNulTerminated describes the result, but the allocation is an out-parameter", name)
		}
		switch fn.Reply {
		case ReplyAggregate:
			if fn.CountArg < 0 || fn.CountFactor < 1 {
				t.Errorf("%s: aggregate without count", name)
			}
		default:
			if fn.CountArg != -1 || fn.CountFactor != 0 {
				t.Errorf("%s: count on a non-aggregate", name)
			}
		}
		if fn.Reply != NoReply && !strings.HasPrefix(name, "Reply") && name != "WrongArity" {
			t.Errorf("%s: unexpected reply function", name)
		}
	}
}

func TestSelectedFacts(t *testing.T) {
	type check struct {
		name string
		ok   func(*Func) bool
	}
	checks := []check{
		{"FreeString", func(f *Func) bool { return f.Releases == String && f.ReleaseArg == 1 && has(f.NullUnsafe, 1) }},
		{"CloseKey", func(f *Func) bool { return f.Releases == Key && f.ReleaseArg == 0 && len(f.NullUnsafe) == 0 }},
		{"FreeCallReply", func(f *Func) bool { return f.Releases == CallReply && has(f.NullUnsafe, 0) }},
		{"OpenKey", func(f *Func) bool { return f.Allocates == Key && f.Returns == ReturnsNullable && !f.MustUse }},
		{"CreateCommand", func(f *Func) bool { return f.MustUse && f.OnLoadOnly && f.Returns == ReturnsStatus }},
		{"StringToLongLong", func(f *Func) bool { return f.MustUse }},
		{"ModuleTypeSetValue", func(f *Func) bool { return f.MustUse && f.Writes && has(f.TakesOwnership, 2) }},
		{"CommandFilterArgInsert", func(f *Func) bool { return has(f.TakesOwnership, 2) }},
		{"StringPtrLen", func(f *Func) bool { return f.Borrowed && !f.NotNulTerminated }},
		{"CallReplyStringPtr", func(f *Func) bool { return f.Borrowed && f.NotNulTerminated }},
		{"LoadStringBuffer", func(f *Func) bool { return !f.Borrowed && f.NotNulTerminated && f.Allocates == Memory }},
		{"DictNextC", func(f *Func) bool { return f.NotNulTerminated }},
		{"ReplyWithArray", func(f *Func) bool { return f.Reply == ReplyAggregate && f.CountArg == 1 && f.CountFactor == 1 }},
		{"ReplyWithMap", func(f *Func) bool { return f.Reply == ReplyAggregate && f.CountArg == 1 && f.CountFactor == 2 }},
		{"ReplyWithAttribute", func(f *Func) bool { return f.CountFactor == 2 }},
		{"ReplySetMapLength", func(f *Func) bool { return f.Reply == ReplySetLength }},
		{"WrongArity", func(f *Func) bool { return f.Reply == ReplyValue }},
		{"ReplyWithCallReply", func(f *Func) bool { return f.Reply == ReplyValue && f.Note != "" }},
		{"BlockClient", func(f *Func) bool { return f.Blocks && f.Allocates == BlockedClient && f.Experimental }},
		{"UnblockClient", func(f *Func) bool { return f.Releases == BlockedClient }},
		{"Replicate", func(f *Func) bool { return f.Replicates && f.CallFormat == 2 }},
		{"ReplicateVerbatim", func(f *Func) bool { return f.Replicates }},
		{"StringSet", func(f *Func) bool { return f.Writes && has(f.NullUnsafe, 0) }},
		{"HashSet", func(f *Func) bool { return f.Returns == ReturnsCount && f.Writes }},
		{"DictIteratorReseek", func(f *Func) bool { return f.Returns == ReturnsOther }},
		{"SetModuleUserACL", func(f *Func) bool { return f.Returns == ReturnsOther }},
		{"KeyAtPos", func(f *Func) bool { return f.Deprecated != "" }},
		{"Log", func(f *Func) bool { return f.Format == 2 }},
		{"CreateStringPrintf", func(f *Func) bool { return f.Format == 1 && f.Allocates == String }},
		{"StreamIteratorNextField", func(f *Func) bool { return f.AllocArg == 1 && has(f.ExtraAllocArgs, 2) }},
		{"DefragAllocRaw", func(f *Func) bool { return f.Since == Version{8, 0, 0, "m01"} }},
		{"AbortBlock", func(f *Func) bool { return f.Since == V(4, 0, 0) && f.Experimental }},
		{"SubscribeToKeyspaceEvents", func(f *Func) bool { return f.Since == V(4, 0, 9) }},
	}
	for _, c := range checks {
		fn := Lookup(c.name)
		if fn == nil {
			t.Errorf("%s missing", c.name)
			continue
		}
		if !c.ok(fn) {
			t.Errorf("%s: facts wrong: %+v", c.name, fn)
		}
	}
}

func has(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func TestParseVersionAndCompare(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Version
	}{
		{"7", V(7, 0, 0)}, {"7.2", V(7, 2, 0)}, {"7.2.4", V(7, 2, 4)}, {"8.0-m01", Version{8, 0, 0, "m01"}},
	} {
		got, err := ParseVersion(c.in)
		if err != nil || got != c.want {
			t.Errorf("ParseVersion(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"", "x", "7.a", "1.2.3.4", "-1", "7.-2"} {
		if _, err := ParseVersion(bad); err == nil {
			t.Errorf("ParseVersion(%q) succeeded", bad)
		}
	}
	pre := Version{8, 0, 0, "m01"}
	for _, c := range []struct {
		a, b Version
		want int
	}{
		{V(7, 0, 0), V(7, 0, 0), 0},
		{V(6, 2, 0), V(7, 0, 0), -1},
		{V(7, 0, 1), V(7, 0, 0), 1},
		{V(7, 4, 0), pre, -1},
		{pre, V(8, 0, 0), -1},
		{V(8, 0, 0), pre, 1},
		{pre, Version{8, 0, 0, "m02"}, -1},
	} {
		if got := c.a.Compare(c.b); got != c.want {
			t.Errorf("%v.Compare(%v) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
	if pre.String() != "8.0-m01" || V(7, 2, 4).String() != "7.2.4" {
		t.Errorf("String: %s %s", pre, V(7, 2, 4))
	}
	if Newest() != (Version{8, 0, 0, "m01"}) {
		t.Errorf("Newest() = %v", Newest())
	}
	// The default target accepts everything the table knows.
	for _, fn := range Functions() {
		if Newest().Less(fn.Since) {
			t.Errorf("%s (since %v) is newer than the default target %v", fn.Name, fn.Since, Newest())
		}
	}
	for _, cf := range CallFormatChars() {
		if Newest().Less(cf.Since) {
			t.Errorf("format %c (since %v) is newer than the default target", cf.Char, cf.Since)
		}
	}
	for _, fl := range CommandFlags() {
		if Newest().Less(fl.Since) {
			t.Errorf("flag %s (since %v) is newer than the default target", fl.Word, fl.Since)
		}
	}
	for _, fn := range Functions() {
		if fn.Since.Compare(Version{8, 0, 0, "m01"}) > 0 {
			t.Errorf("%s: Since %v is newer than anything the table knows", fn.Name, fn.Since)
		}
	}
}

func TestCommandFlags(t *testing.T) {
	if n := len(CommandFlags()); n != 20 {
		t.Fatalf("%d command flags, want 20", n)
	}
	accepted := func(v Version) map[string]bool {
		m := map[string]bool{}
		for _, fl := range CommandFlags() {
			if fl.AcceptedBy(v) {
				m[fl.Word] = true
			}
		}
		return m
	}
	v70, v62, v60, v50 := accepted(V(7, 0, 0)), accepted(V(6, 2, 0)), accepted(V(6, 0, 0)), accepted(V(5, 0, 14))
	if len(v70) != 20 || len(v62) != 16 || len(v60) != 15 || len(v50) != 13 {
		t.Errorf("accepted counts 7.0=%d 6.2=%d 6.0=%d 5.0=%d, want 20 16 15 13", len(v70), len(v62), len(v60), len(v50))
	}
	for _, w := range []string{"blocking", "getchannels-api", "no-mandatory-keys", "allow-busy"} {
		if v62[w] || !v70[w] {
			t.Errorf("%s: want accepted by 7.0 only", w)
		}
	}
	if v60["may-replicate"] || !v62["may-replicate"] {
		t.Error("may-replicate: want 6.2+")
	}
	for _, w := range []string{"no-slowlog", "no-auth"} {
		if v50[w] || !v60[w] {
			t.Errorf("%s: want 6.0+", w)
		}
	}
	random := LookupCommandFlag("RANDOM")
	if random == nil || !random.IgnoredBy(V(7, 0, 0)) || random.IgnoredBy(V(6, 2, 0)) {
		t.Errorf("random = %+v", random)
	}
	if LookupCommandFlag("Deny-OOM") == nil || LookupCommandFlag("deny oom") != nil {
		t.Error("LookupCommandFlag is not case-insensitive or accepts junk")
	}
	for _, fl := range CommandFlags() {
		if fl.Word != strings.ToLower(fl.Word) || fl.Summary == "" || fl.Since.IsZero() {
			t.Errorf("flag %+v", fl)
		}
	}
}

func TestCallFormatChars(t *testing.T) {
	if n := len(CallFormatChars()); n != 17 {
		t.Errorf("%d format chars, want 17", n)
	}
	want := map[byte][]string{
		'c': {"char *"}, 's': {"RedisModuleString *"}, 'b': {"char *", "size_t"},
		'l': {"long long"}, 'v': {"RedisModuleString **", "size_t"},
	}
	for _, fc := range CallFormatChars() {
		if strings.Join(fc.Consumes, "|") != strings.Join(want[fc.Char], "|") {
			t.Errorf("%c consumes %q, want %q", fc.Char, fc.Consumes, want[fc.Char])
		}
	}
	since := map[byte]Version{'A': V(5, 0, 7), 'R': V(5, 0, 7), '3': V(7, 0, 0), 'E': V(7, 0, 0), 'M': V(7, 0, 1), 'D': V(7, 2, 0), 'K': V(7, 2, 0), '!': V(4, 0, 0)}
	for c, v := range since {
		if fc := LookupCallFormatChar(c); fc == nil || fc.Since != v {
			t.Errorf("%c: %+v, want since %v", c, fc, v)
		}
	}
	if LookupCallFormatChar('x') != nil || LookupCallFormatChar(' ') != nil {
		t.Error("unknown format character found")
	}
}

func TestConstants(t *testing.T) {
	for name, value := range map[string]string{
		"REDISMODULE_OK": "0", "REDISMODULE_ERR": "1", "REDISMODULE_APIVER_1": "1",
		"REDISMODULE_TYPE_METHOD_VERSION": "5", "REDISMODULE_POSTPONED_LEN": "-1",
		"REDISMODULE_WRITE": "(1<<1)", "REDISMODULE_CTX_FLAGS_DENY_BLOCKING": "(1<<21)",
		"REDISMODULE_KSPEC_BS_INDEX": "2", "REDISMODULE_ARG_TYPE_BLOCK": "8",
		"REDISMODULE_CMD_KEY_VARIABLE_FLAGS": "(1ULL<<10)", "REDISMODULE_EVENT_KEY": "17",
	} {
		k := LookupConstant(name)
		if k == nil || k.Value != value {
			t.Errorf("%s = %+v, want %s", name, k, value)
		}
	}
	if k := LookupConstant("REDISMODULE_POSTPONED_ARRAY_LEN"); k == nil || k.Deprecated == "" {
		t.Error("REDISMODULE_POSTPONED_ARRAY_LEN should be deprecated")
	}
	if k := LookupConstant("REDISMODULE_POSTPONED_LEN"); k == nil || k.Since != V(7, 0, 0) {
		t.Error("REDISMODULE_POSTPONED_LEN should be 7.0.0")
	}
	seen := map[string]bool{}
	for _, k := range Constants() {
		if seen[k.Name] {
			t.Errorf("duplicate constant %s", k.Name)
		}
		seen[k.Name] = true
		if !strings.HasPrefix(strings.TrimPrefix(k.Name, "_"), "REDISMODULE_") || k.Value == "" || k.Group == "" {
			t.Errorf("constant %+v", k)
		}
	}
	if len(Constants()) < 250 {
		t.Errorf("only %d constants", len(Constants()))
	}
}

func TestResourcePairs(t *testing.T) {
	// Every resource some function allocates has a function that releases it.
	released := map[Resource]bool{}
	for _, fn := range Functions() {
		if fn.Releases != NoResource {
			released[fn.Releases] = true
		}
	}
	for _, fn := range Functions() {
		if fn.Allocates != NoResource && !released[fn.Allocates] {
			t.Errorf("%s allocates %v but nothing releases it", fn.Name, fn.Allocates)
		}
	}
	for r := NoResource + 1; r < numResources; r++ {
		if !released[r] {
			t.Errorf("no function releases %v", r)
		}
	}
}

func TestPrototypeParser(t *testing.T) {
	fn := &Func{}
	if err := parsePrototype(fn, "int (X)(void)"); err == nil {
		t.Error("accepted a prototype without a name")
	}
	fn = &Func{}
	if err := parsePrototype(fn, "void *Foo(void (*cb)(RedisModuleCtx*,void*), const char* s, ...)"); err != nil {
		t.Fatal(err)
	}
	if fn.Name != "Foo" || fn.Result != "void *" || !fn.Variadic || len(fn.Params) != 2 ||
		fn.Params[0] != (Param{"void (*)(RedisModuleCtx *, void *)", "cb"}) ||
		fn.Params[1] != (Param{"const char *", "s"}) {
		t.Errorf("parsed %+v", fn)
	}
	if got := declarator(fn); got != "void *(*RedisModule_Foo)(void (*cb)(RedisModuleCtx *, void *), const char *s, ...)" {
		t.Errorf("declarator = %s", got)
	}
}
