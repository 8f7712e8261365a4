package replicate_test

import (
	"testing"

	"github.com/rmlint/rmlint/checks/checktest"
	"github.com/rmlint/rmlint/checks/replicate"
)

func Test(t *testing.T) { checktest.Run(t, "testdata", replicate.Rule) }
