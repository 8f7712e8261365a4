package apiversion_test

import (
	"testing"

	"github.com/rmlint/rmlint/checks/apiversion"
	"github.com/rmlint/rmlint/checks/checktest"
)

func Test(t *testing.T) { checktest.Run(t, "testdata", apiversion.Rule) }
