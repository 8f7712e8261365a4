package reports

import (
	"bytes"
	"errors"
	"testing"
)

func TestFormatsMatchFormatNames(t *testing.T) {
	seen := map[string]bool{}
	for _, name := range FormatNames {
		if seen[name] {
			t.Errorf("%q listed twice in FormatNames", name)
		}
		seen[name] = true
		if Formats[name] == nil {
			t.Errorf("FormatNames lists %q but Formats has no writer for it", name)
		}
	}
	for name := range Formats {
		if !seen[name] {
			t.Errorf("Formats has %q but FormatNames does not list it", name)
		}
	}
	for _, want := range []string{"text", "json", "sarif", "github"} {
		if Formats[want] == nil {
			t.Errorf("no %q writer", want)
		}
	}
}

func TestWritersHandleEmptyAndNil(t *testing.T) {
	for _, name := range FormatNames {
		var buf bytes.Buffer
		if err := Formats[name](&buf, &Result{}, Options{}); err != nil {
			t.Errorf("%s: empty result: %v", name, err)
		}
		if err := Formats[name](&buf, nil, Options{}); err == nil {
			t.Errorf("%s: nil result accepted", name)
		}
	}
}

type failWriter struct{}

var errWrite = errors.New("disk full")

func (failWriter) Write([]byte) (int, error) { return 0, errWrite }

func TestWritersReportWriteErrors(t *testing.T) {
	for _, name := range FormatNames {
		if err := Formats[name](failWriter{}, fixture(t), Options{}); !errors.Is(err, errWrite) {
			t.Errorf("%s: error %v, want %v", name, err, errWrite)
		}
	}
}
