package cmdflags_test

import (
	"testing"

	"github.com/rmlint/rmlint/checks/checktest"
	"github.com/rmlint/rmlint/checks/cmdflags"
)

func Test(t *testing.T) { checktest.Run(t, "testdata", cmdflags.Rule) }
