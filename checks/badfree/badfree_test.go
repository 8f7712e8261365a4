package badfree_test

import (
	"testing"

	"github.com/rmlint/rmlint/checks/badfree"
	"github.com/rmlint/rmlint/checks/checktest"
)

func Test(t *testing.T) { checktest.Run(t, "testdata", badfree.Rule) }
