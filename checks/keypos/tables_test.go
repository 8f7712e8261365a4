package keypos

import (
	"testing"

	"github.com/rmlint/rmlint/redisapi"
)

// The hand-kept lists name real API functions.
func TestAPINames(t *testing.T) {
	names := []string{}
	for n := range needsClient {
		names = append(names, n)
	}
	for n := range keyAPIs {
		names = append(names, n)
	}
	for _, k := range posRequests {
		names = append(names, k.test, k.at)
	}
	for _, n := range names {
		if redisapi.Lookup(n) == nil {
			t.Errorf("%s is not in the API table", n)
		}
	}
	for _, k := range posRequests {
		if redisapi.LookupCommandFlag(k.flag) == nil {
			t.Errorf("flag %q is not a known command flag", k.flag)
		}
	}
}
