package replycount_test

import (
	"testing"

	"github.com/rmlint/rmlint/checks/checktest"
	"github.com/rmlint/rmlint/checks/replycount"
)

func Test(t *testing.T) { checktest.Run(t, "testdata", replycount.Rule) }
