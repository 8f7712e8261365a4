package keypos

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rmlint/rmlint/checks/inspect"
	"github.com/rmlint/rmlint/cparse"
)

// describe renders a model compactly: fixed indexes with the API and mode
// (r/w), variadic uses as from+step, the count of other opens, shifted.
func describe(km *KeyModel) string {
	var parts []string
	for _, u := range km.Fixed {
		mode := "?"
		if u.ModeKnown {
			switch {
			case u.Mode&2 != 0: // REDISMODULE_WRITE
				mode = "w"
			case u.Mode&1 != 0: // REDISMODULE_READ
				mode = "r"
			}
		}
		api := strings.TrimPrefix(u.API, "RedisModule_")
		if api == "KeyExists" {
			mode = "e"
		}
		parts = append(parts, fmt.Sprintf("%d%s@%s", u.Index, mode, u.In.Name))
	}
	for _, v := range km.Variadic {
		parts = append(parts, fmt.Sprintf("%d+%d", v.From, v.Step))
	}
	if len(km.Other) > 0 {
		parts = append(parts, fmt.Sprintf("other:%d", len(km.Other)))
	}
	if km.Shifted {
		parts = append(parts, "shifted")
	}
	if km.Handler == nil {
		parts = append(parts, "nohandler")
	}
	return strings.Join(parts, " ")
}

func TestKeyUses(t *testing.T) {
	u, err := cparse.ParseFile("testdata/keymodel.c", &cparse.Options{NoCompileCommands: true})
	if err != nil {
		t.Fatal(err)
	}
	mods := cparse.BuildModules([]*cparse.Unit{u})
	if len(mods) != 1 {
		t.Fatalf("got %d modules", len(mods))
	}
	m := &inspect.Module{Module: mods[0]}
	want := map[string]string{
		"km.copy":      "1r@Copy 2w@Copy",
		"km.mget":      "1+1",
		"km.mset":      "1+2",
		"km.exists":    "2e@exists_at",
		"km.counter":   "other:1",
		"km.shifted":   "other:1 shifted",
		"km.container": "nohandler",
	}
	seen := 0
	for _, c := range m.Commands {
		w, ok := want[c.Name]
		if !ok {
			t.Errorf("unexpected command %q", c.Name)
			continue
		}
		seen++
		km := KeyUses(m, c)
		if km.Command != c {
			t.Errorf("%s: model of the wrong command", c.Name)
		}
		if got := describe(km); got != w {
			t.Errorf("%s: KeyUses = %q, want %q", c.Name, got, w)
		}
	}
	if seen != len(want) {
		t.Errorf("saw %d of %d commands", seen, len(want))
	}
}
