package callfmt_test

import (
	"strings"
	"testing"

	"github.com/rmlint/rmlint/checks/callfmt"
	"github.com/rmlint/rmlint/checks/checktest"
	"github.com/rmlint/rmlint/reports"
)

func Test(t *testing.T) {
	for _, f := range checktest.Run(t, "testdata", callfmt.Rule) {
		// Modifiers that do nothing are warnings; everything else breaks the
		// call and is an error.
		want := reports.SeverityError
		if strings.Contains(f.Message, "only matters with \"!\"") || strings.Contains(f.Message, "is ignored") {
			want = reports.SeverityWarning
		}
		if f.Severity != want {
			t.Errorf("%s: severity %s, want %s: %s", f.Pos, f.Severity, want, f.Message)
		}
	}
}
