package cparse

import (
	"reflect"
	"runtime"
	"testing"

	"modernc.org/cc/v4"
)

// The one-run probe gives exactly the Config cc.NewConfig gives (with the
// system compiler of the machine the tests run on).
func TestProbeHostMatchesNewConfig(t *testing.T) {
	want, err := cc.NewConfig(runtime.GOOS, runtime.GOARCH)
	if err != nil {
		t.Skipf("no C compiler: %v", err)
	}
	got, ok := probeHost()
	if !ok {
		if runtime.GOOS == "linux" && stdcVersion(want.Predefined) < 202000 {
			t.Fatal("probeHost declined on Linux with a pre-C23 compiler")
		}
		t.Skip("probeHost declines here; NewConfig is used")
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("probeHost:\n%+v\ncc.NewConfig:\n%+v", got, want)
	}
}

func TestSearchLists(t *testing.T) {
	const gcc = `Using built-in specs.
ignoring nonexistent directory "/usr/local/include/x86_64-linux-gnu"
#include "..." search starts here:
 /q
#include <...> search starts here:
 /usr/lib/gcc/x86_64-linux-gnu/12/include
 /usr/include
End of search list.
COMPILER_PATH=/usr/lib/gcc/
`
	q, s, ok := searchLists(gcc)
	if !ok || !reflect.DeepEqual(q, []string{"/q"}) || !reflect.DeepEqual(s, []string{"/usr/lib/gcc/x86_64-linux-gnu/12/include", "/usr/include"}) {
		t.Errorf("got %q %q %v", q, s, ok)
	}
	if _, _, ok := searchLists("#include \"...\" search starts here:\n /q\nEnd of search list.\n"); ok {
		t.Error("accepted a report without the <...> list")
	}
	if _, _, ok := searchLists("gcc: error: no input files\n"); ok {
		t.Error("accepted a report without search lists")
	}
}
