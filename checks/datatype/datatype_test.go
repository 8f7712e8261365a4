package datatype_test

import (
	"testing"

	"github.com/rmlint/rmlint/checks/checktest"
	"github.com/rmlint/rmlint/checks/datatype"
)

func Test(t *testing.T) { checktest.Run(t, "testdata", datatype.Rule) }
