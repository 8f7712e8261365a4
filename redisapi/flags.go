package redisapi

// The command flag words accepted in the strflags argument of CreateCommand
// and CreateSubcommand.
//
// How to add a flag word: append a line with the word as Redis spells it
// (lower case), the first GA release whose parser accepts it, and a one-line
// summary in our own words. If a later release keeps accepting the word but
// ignores it, set IgnoredSince. Redis splits strflags on single spaces and
// compares words case-insensitively; an unknown word makes the whole
// registration fail.

var commandFlags = []*CommandFlag{
	{Word: "write", Since: V(4, 0, 0), Summary: "may modify the dataset"},
	{Word: "readonly", Since: V(4, 0, 0), Summary: "only reads keys"},
	{Word: "admin", Since: V(4, 0, 0), Summary: "administrative command"},
	{Word: "deny-oom", Since: V(4, 0, 0), Summary: "refused while the server is over maxmemory"},
	{Word: "deny-script", Since: V(4, 0, 0), Summary: "not callable from Lua scripts or functions"},
	{Word: "allow-loading", Since: V(4, 0, 0), Summary: "allowed while the server loads its data"},
	{Word: "pubsub", Since: V(4, 0, 0), Summary: "publishes on Pub/Sub channels"},
	{Word: "random", Since: V(4, 0, 0), IgnoredSince: V(7, 0, 0), Summary: "non-deterministic output; accepted but ignored since 7.0 (use command tips)"},
	{Word: "allow-stale", Since: V(4, 0, 0), Summary: "allowed on a replica with stale data"},
	{Word: "no-monitor", Since: V(4, 0, 0), Summary: "not shown in MONITOR"},
	{Word: "no-slowlog", Since: V(6, 0, 0), Summary: "not recorded in the SLOWLOG"},
	{Word: "fast", Since: V(4, 0, 0), Summary: "runs in O(1) or O(log N) time"},
	{Word: "no-auth", Since: V(6, 0, 0), Summary: "runnable by clients that have not authenticated"},
	{Word: "may-replicate", Since: V(6, 2, 0), Summary: "may produce replication traffic without being a write command"},
	{Word: "getkeys-api", Since: V(4, 0, 0), Summary: "reports its key positions itself (IsKeysPositionRequest / KeyAtPos)"},
	{Word: "getchannels-api", Since: V(7, 0, 0), Summary: "reports its channel positions itself (IsChannelsPositionRequest)"},
	{Word: "no-cluster", Since: V(4, 0, 0), Summary: "registration fails when cluster mode is enabled"},
	{Word: "no-mandatory-keys", Since: V(7, 0, 0), Summary: "every key it takes is optional"},
	{Word: "blocking", Since: V(7, 0, 0), Summary: "may block the client"},
	{Word: "allow-busy", Since: V(7, 0, 0), Summary: "allowed while a script or module is busy (Yield)"},
}

var flagIndex = func() map[string]*CommandFlag {
	m := make(map[string]*CommandFlag, len(commandFlags))
	for _, fl := range commandFlags {
		if m[fl.Word] != nil {
			panic("redisapi: duplicate command flag " + fl.Word)
		}
		m[fl.Word] = fl
	}
	return m
}()

// AcceptedBy reports whether release v accepts the flag word (it may still
// ignore it, see IgnoredSince).
func (fl *CommandFlag) AcceptedBy(v Version) bool { return !v.Less(fl.Since) }

// IgnoredBy reports whether release v accepts the word without effect.
func (fl *CommandFlag) IgnoredBy(v Version) bool {
	return !fl.IgnoredSince.IsZero() && !v.Less(fl.IgnoredSince)
}
