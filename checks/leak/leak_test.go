package leak_test

import (
	"testing"

	"github.com/rmlint/rmlint/checks/checktest"
	"github.com/rmlint/rmlint/checks/leak"
)

func Test(t *testing.T) { checktest.Run(t, "testdata", leak.Rule) }
