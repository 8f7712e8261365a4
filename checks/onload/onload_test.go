package onload_test

import (
	"testing"

	"github.com/rmlint/rmlint/checks/checktest"
	"github.com/rmlint/rmlint/checks/onload"
)

func Test(t *testing.T) { checktest.Run(t, "testdata", onload.Rule) }
