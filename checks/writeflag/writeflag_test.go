package writeflag_test

import (
	"testing"

	"github.com/rmlint/rmlint/checks/checktest"
	"github.com/rmlint/rmlint/checks/writeflag"
)

func Test(t *testing.T) { checktest.Run(t, "testdata", writeflag.Rule) }
