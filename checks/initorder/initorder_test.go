package initorder_test

import (
	"testing"

	"github.com/rmlint/rmlint/checks/checktest"
	"github.com/rmlint/rmlint/checks/initorder"
)

func Test(t *testing.T) { checktest.Run(t, "testdata", initorder.Rule) }
