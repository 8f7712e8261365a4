package redisapi

// The characters of a RedisModule_Call format string (also used by
// Replicate and EmitAOF).
//
// How to add one: append a line with the character, the C types of the
// variadic arguments it consumes in order (nil for a modifier), the first
// release that accepts it and a one-line summary in our own words. Any
// character not listed makes Call fail with errno EBADF (Replicate returns
// ERR), so the table must list exactly what the newest release accepts.

var callFormatChars = []*CallFormatChar{
	{Char: 'c', Consumes: []string{"char *"}, Since: V(4, 0, 0), Summary: "one argument from a NUL-terminated C string"},
	{Char: 's', Consumes: []string{"RedisModuleString *"}, Since: V(4, 0, 0), Summary: "one argument from a RedisModuleString"},
	{Char: 'b', Consumes: []string{"char *", "size_t"}, Since: V(4, 0, 0), Summary: "one argument from a buffer and its length (a size_t, not an int)"},
	{Char: 'l', Consumes: []string{"long long"}, Since: V(4, 0, 0), Summary: "one argument from a long long (an int literal is not enough)"},
	{Char: 'v', Consumes: []string{"RedisModuleString **", "size_t"}, Since: V(4, 0, 0), Summary: "several arguments from an array of RedisModuleString and its length"},
	{Char: '!', Since: V(4, 0, 0), Summary: "replicate the command to replicas and AOF (Call only; Replicate ignores it)"},
	{Char: 'A', Since: V(5, 0, 7), Summary: "with !, do not propagate to the AOF"},
	{Char: 'R', Since: V(5, 0, 7), Summary: "with !, do not propagate to replicas"},
	{Char: '3', Since: V(7, 0, 0), Summary: "return RESP3 replies"},
	{Char: '0', Since: V(7, 0, 0), Summary: "return replies in the protocol of the context's client (use before ReplyWithCallReply)"},
	{Char: 'C', Since: V(7, 0, 0), Summary: "run as the context's user, checking ACLs"},
	{Char: 'S', Since: V(7, 0, 0), Summary: "script mode: refuse deny-script commands and writes the server would refuse to a script"},
	{Char: 'W', Since: V(7, 0, 0), Summary: "refuse write commands"},
	{Char: 'M', Since: V(7, 0, 1), Summary: "respect deny-oom when the server is over maxmemory"},
	{Char: 'E', Since: V(7, 0, 0), Summary: "return errors raised before execution as error replies instead of NULL"},
	{Char: 'D', Since: V(7, 2, 0), Summary: "dry run: check everything, execute nothing (NULL means it would run)"},
	{Char: 'K', Since: V(7, 2, 0), Summary: "allow the command to block; a blocked call returns a promise reply"},
}

var fmtIndex = func() map[byte]*CallFormatChar {
	m := make(map[byte]*CallFormatChar, len(callFormatChars))
	for _, fc := range callFormatChars {
		if m[fc.Char] != nil {
			panic("redisapi: duplicate format character " + string(fc.Char))
		}
		m[fc.Char] = fc
	}
	return m
}()
