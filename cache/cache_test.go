package cache

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestPutGetTrim(t *testing.T) {
	c, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	k := Key(sha256.Sum256([]byte("k")))
	if _, ok := c.Get(k); ok {
		t.Fatal("hit in an empty cache")
	}
	if err := c.Put(k, []byte("v1")); err != nil {
		t.Fatal(err)
	}
	if err := c.Put(k, []byte("v2")); err != nil {
		t.Fatal(err)
	}
	if b, ok := c.Get(k); !ok || string(b) != "v2" {
		t.Fatalf("got %q %v", b, ok)
	}
	// No temporary files are left behind.
	m, _ := filepath.Glob(filepath.Join(c.Dir(), "*", ".tmp-*"))
	if len(m) != 0 {
		t.Fatalf("temporary files: %v", m)
	}
	old := time.Now().Add(-60 * 24 * time.Hour)
	os.Chtimes(c.path(k), old, old)
	c.Trim(30 * 24 * time.Hour)
	if _, ok := c.Get(k); ok {
		t.Fatal("an entry unused for 60 days survived a trim")
	}
}
