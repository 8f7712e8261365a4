package redisapi

import "testing"

func TestCoreCommands(t *testing.T) {
	if len(coreCommands) < 200 {
		t.Fatalf("only %d core commands", len(coreCommands))
	}
	set := LookupCoreCommand("SET")
	if set == nil || !set.Writes() || set.FirstKey != 1 || !set.IsKeyPos(1, 3) || set.IsKeyPos(2, 3) {
		t.Fatalf("SET: %+v", set)
	}
	get := LookupCoreCommand("get")
	if get == nil || get.Writes() || !get.Has("readonly") {
		t.Fatalf("GET: %+v", get)
	}
	mset := LookupCoreCommand("mset")
	for i, want := range []bool{false, true, false, true, false} {
		if mset.IsKeyPos(i, 5) != want {
			t.Errorf("MSET k v k v: arg %d key=%v", i, !want)
		}
	}
	if LookupCoreCommand("hello.greet") != nil {
		t.Error("a module command in the core table")
	}
	if CoreCommandsVersion() == "" {
		t.Error("no version")
	}
}
