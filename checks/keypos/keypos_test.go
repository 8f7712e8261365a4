package keypos_test

import (
	"testing"

	"github.com/rmlint/rmlint/checks/checktest"
	"github.com/rmlint/rmlint/checks/keypos"
)

func Test(t *testing.T) { checktest.Run(t, "testdata", keypos.Rule) }
