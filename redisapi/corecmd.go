package redisapi

import "strings"

//go:generate go run ./internal/gencorecmds -o corecommands.go

// CoreCommand is one of Redis's own commands, as COMMAND describes it; rmlint
// uses it to judge RedisModule_Call (which arguments are keys, whether the
// command writes). The table is generated from a real redis-server (see
// internal/gencorecmds); CoreCommandsVersion says which release.
type CoreCommand struct {
	Name                       string   // lower case, e.g. "set"
	Arity                      int64    // N: exactly N words, -N: at least N (the name counts)
	Flags                      []string // e.g. "write", "denyoom", "readonly", "movablekeys"
	FirstKey, LastKey, KeyStep int64    // legacy key positions (1-based; LastKey < 0 counts from the end)
}

// Has reports whether the command has a flag.
func (c *CoreCommand) Has(flag string) bool {
	for _, f := range c.Flags {
		if f == flag {
			return true
		}
	}
	return false
}

// Writes reports whether the command may modify the dataset.
func (c *CoreCommand) Writes() bool { return c.Has("write") }

// IsKeyPos reports whether argument i of the command (0 is the command name)
// is a key by its legacy key positions, for a call with argc words.
func (c *CoreCommand) IsKeyPos(i, argc int) bool {
	if c.FirstKey <= 0 || c.KeyStep <= 0 || i < int(c.FirstKey) {
		return false
	}
	last := int(c.LastKey)
	if last < 0 {
		last = argc + last
	}
	return i <= last && (i-int(c.FirstKey))%int(c.KeyStep) == 0
}

var coreIndex = func() map[string]*CoreCommand {
	m := map[string]*CoreCommand{}
	for _, c := range coreCommands {
		m[c.Name] = c
	}
	return m
}()

// LookupCoreCommand finds a core command by name, case-insensitively.
func LookupCoreCommand(name string) *CoreCommand { return coreIndex[strings.ToLower(name)] }

// CoreCommandsVersion is the Redis release the core command table describes.
func CoreCommandsVersion() string { return coreCommandsVersion }
