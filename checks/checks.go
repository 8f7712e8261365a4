// Package checks lists rmlint's rules. Each rule is a go/analysis Analyzer in
// its own package under checks/ (checks/<rule>/{<rule>.go, doc.go,
// testdata/}); checks/inspect is the root analyzer they all require and
// checks/driver runs them.
package checks

import (
	"fmt"
	"sort"
	"strings"

	"github.com/rmlint/rmlint/checks/apiversion"
	"github.com/rmlint/rmlint/checks/badfree"
	"github.com/rmlint/rmlint/checks/callfmt"
	"github.com/rmlint/rmlint/checks/cmdflags"
	"github.com/rmlint/rmlint/checks/datatype"
	"github.com/rmlint/rmlint/checks/initorder"
	"github.com/rmlint/rmlint/checks/inspect"
	"github.com/rmlint/rmlint/checks/keypos"
	"github.com/rmlint/rmlint/checks/leak"
	"github.com/rmlint/rmlint/checks/nulterm"
	"github.com/rmlint/rmlint/checks/onload"
	"github.com/rmlint/rmlint/checks/replicate"
	"github.com/rmlint/rmlint/checks/replycount"
	"github.com/rmlint/rmlint/checks/unchecked"
	"github.com/rmlint/rmlint/checks/writeflag"
)

// All is every static rule, in the order `rmlint rules` lists them.
var All = []*inspect.Rule{
	onload.Rule,
	initorder.Rule,
	cmdflags.Rule,
	keypos.Rule,
	datatype.Rule,
	apiversion.Rule,
	callfmt.Rule,
	replycount.Rule,
	leak.Rule,
	badfree.Rule,
	unchecked.Rule,
	nulterm.Rule,
	writeflag.Rule,
	replicate.Rule,
}

// Lookup finds a rule by name.
func Lookup(name string) *inspect.Rule {
	for _, r := range All {
		if r.Name() == name {
			return r
		}
	}
	return nil
}

// Names returns the names of all rules, sorted.
func Names() []string {
	var r []string
	for _, x := range All {
		r = append(r, x.Name())
	}
	sort.Strings(r)
	return r
}

// Select returns the rules to run: all of them, or only those in enable
// when it is non-empty, minus those in disable. Unknown names are an error.
func Select(enable, disable []string) ([]*inspect.Rule, error) {
	for _, n := range append(append([]string(nil), enable...), disable...) {
		if Lookup(n) == nil {
			return nil, fmt.Errorf("unknown rule %q (known rules: %s)", n, strings.Join(Names(), ", "))
		}
	}
	on := map[string]bool{}
	for _, n := range enable {
		on[n] = true
	}
	off := map[string]bool{}
	for _, n := range disable {
		off[n] = true
	}
	var r []*inspect.Rule
	for _, x := range All {
		if (len(enable) == 0 || on[x.Name()]) && !off[x.Name()] {
			r = append(r, x)
		}
	}
	return r, nil
}
