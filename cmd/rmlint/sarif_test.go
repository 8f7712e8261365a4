package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The SARIF rmlint really writes (findings with fixes and related locations,
// plus an input error) validates against the official SARIF 2.1.0 schema.
func TestSARIFOutputValidatesAgainstSchema(t *testing.T) {
	schemaPath := filepath.Join("..", "..", "..", "shared", "schemas", "sarif-schema-2.1.0.json")
	f, err := os.Open(schemaPath)
	if err != nil {
		if os.Getenv("CI") != "true" {
			t.Skipf("SARIF schema not available: %v", err)
		}
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("sarif.json")
	if err != nil {
		t.Fatal(err)
	}

	code, out, _ := rmlint(t, "--format", "sarif",
		"../../checks/cmdflags/testdata/bad.c",         // fixes
		"../../checks/initorder/testdata/bad_helper.c", // related locations
		"testdata/syntax.c")                            // an input error
	if code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
	for _, want := range []string{`"fixes"`, `"relatedLocations"`, `"toolExecutionNotifications"`, `"executionSuccessful": false`} {
		if !strings.Contains(out, want) {
			t.Errorf("SARIF lacks %s", want)
		}
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(out)))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(v); err != nil {
		t.Fatalf("rmlint's SARIF does not validate: %v", err)
	}
	// The validator must be able to fail.
	bad := strings.Replace(out, `"version": "2.1.0"`, `"version": "9"`, 1)
	v, _ = jsonschema.UnmarshalJSON(bytes.NewReader([]byte(bad)))
	if sch.Validate(v) == nil {
		t.Fatal("a SARIF log with version 9 validated")
	}
}
