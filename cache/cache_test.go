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
	// No temporary files are left behind: the entry (and the trim stamp)
	// is all there is.
	names, err := os.ReadDir(c.Dir())
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if n.Name() != k.String() && n.Name() != "trim.txt" {
			t.Errorf("left behind: %s", n.Name())
		}
	}
	old := time.Now().Add(-60 * 24 * time.Hour)
	os.Chtimes(c.path(k), old, old)
	c.Trim(30 * 24 * time.Hour)
	if _, ok := c.Get(k); ok {
		t.Fatal("an entry unused for 60 days survived a trim")
	}
}

// Layout v1's entries are trimmed by the same rule, and its directories go
// once empty; nothing that layout did not make is touched.
func TestTrimLayoutV1(t *testing.T) {
	root := t.TempDir()
	c, err := Open(root)
	if err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-60 * 24 * time.Hour)
	write := func(p string, mtime time.Time) string {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, mtime, mtime)
		return p
	}
	ka := Key(sha256.Sum256([]byte("a"))).String()
	kb := Key(sha256.Sum256([]byte("b"))).String()
	stale := write(filepath.Join(root, "v1", ka[:2], ka), old)
	fresh := write(filepath.Join(root, "v1", kb[:2], kb), time.Now())
	foreign := []string{
		write(filepath.Join(root, "notes.txt"), old),
		write(filepath.Join(root, "v1", "README"), old),
		write(filepath.Join(root, "v1", "zz", "old-file"), old),
		write(filepath.Join(root, "other", ka), old),
	}
	c.Trim(30 * 24 * time.Hour)
	if _, err := os.Stat(stale); err == nil {
		t.Error("a v1 entry unused for 60 days survived a trim")
	}
	if _, err := os.Stat(filepath.Dir(stale)); err == nil {
		t.Error("an empty v1 shard directory survived a trim")
	}
	for _, p := range append(foreign, fresh) {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("trimmed what it should not: %v", err)
		}
	}
	if _, err := os.Stat(c.Dir()); err != nil {
		t.Errorf("this layout's directory was removed: %v", err)
	}
}
