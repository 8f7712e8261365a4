// Package cache is rmlint's on-disk result cache: a directory of entries
// addressed by a SHA-256 key, written atomically (a reader never sees half an
// entry, concurrent rmlint runs are safe), used entries kept fresh and unused
// ones trimmed after a month, like the Go build cache.
//
// What a key covers is the caller's business (checks/driver keys analysis
// results on rmlint's binary, the flags, and the content of each file and
// of every header it read).
package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Key addresses an entry.
type Key [sha256.Size]byte

func (k Key) String() string { return hex.EncodeToString(k[:]) }

// layout is the version of the directory layout; a new layout ignores the
// old one's files, and trims them like its own.
const layout = "v2"

// Cache is a cache directory.
type Cache struct {
	root string // the directory of every layout
	dir  string // this layout's entries
}

// DefaultDir is rmlint's cache directory: $XDG_CACHE_HOME/rmlint or
// ~/.cache/rmlint on Linux (os.UserCacheDir).
func DefaultDir() (string, error) {
	d, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "rmlint"), nil
}

// Open opens (creating it if need be) the cache in dir.
func Open(dir string) (*Cache, error) {
	if dir == "" {
		return nil, errors.New("no cache directory")
	}
	d := filepath.Join(dir, layout)
	if err := os.MkdirAll(d, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create the cache directory: %v", err)
	}
	c := &Cache{root: dir, dir: d}
	c.maybeTrim()
	return c, nil
}

// Dir is the directory the entries live in.
func (c *Cache) Dir() string { return c.dir }

func (c *Cache) path(k Key) string {
	// One flat directory: a run stores an entry per batch, and creating a
	// shard directory for most of them cost a cold run more than writing
	// the entries (measured: ~40 mkdirs, 17 ms).
	return filepath.Join(c.dir, k.String())
}

// Get returns the entry for k.
func (c *Cache) Get(k Key) ([]byte, bool) {
	p := c.path(k)
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, false
	}
	// Mark it used (at most once an hour, to keep reads cheap).
	if st, err := os.Stat(p); err == nil && time.Since(st.ModTime()) > time.Hour {
		now := time.Now()
		os.Chtimes(p, now, now)
	}
	return b, true
}

// Put stores data under k, atomically.
func (c *Cache) Put(k Key, data []byte) error {
	p := c.path(k)
	f, err := os.CreateTemp(c.dir, ".tmp-*")
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	if err := os.Rename(f.Name(), p); err != nil {
		os.Remove(f.Name())
		return err
	}
	return nil
}

// Entries older than maxAge are removed by a trim, which runs at most once
// a day.
const (
	maxAge       = 30 * 24 * time.Hour
	trimInterval = 24 * time.Hour
)

func (c *Cache) maybeTrim() {
	stamp := filepath.Join(c.dir, "trim.txt")
	if b, err := os.ReadFile(stamp); err == nil {
		if t, err := strconv.ParseInt(string(b), 10, 64); err == nil && time.Since(time.Unix(t, 0)) < trimInterval {
			return
		}
	}
	os.WriteFile(stamp, []byte(strconv.FormatInt(time.Now().Unix(), 10)), 0o644)
	c.Trim(maxAge)
}

// Trim removes entries not used for maxAge, and temporary files of writers
// that died, in this layout and in older ones.
func (c *Cache) Trim(maxAge time.Duration) {
	cutoff := time.Now().Add(-maxAge)
	stale := func(d fs.DirEntry) bool {
		info, err := d.Info()
		return err == nil && info.ModTime().Before(cutoff)
	}
	filepath.WalkDir(c.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == "trim.txt" {
			return nil
		}
		if stale(d) {
			os.Remove(p)
		}
		return nil
	})
	c.trimV1(stale)
}

// trimV1 trims layout v1 (root/v1/<2 hex digits>/<key>), touching only
// names that layout made: the cache directory may be one the user named
// and shares with other files.
func (c *Cache) trimV1(stale func(fs.DirEntry) bool) {
	v1 := filepath.Join(c.root, "v1")
	shards, err := os.ReadDir(v1)
	if err != nil {
		return
	}
	for _, sh := range shards {
		name := sh.Name()
		if name == "trim.txt" && !sh.IsDir() {
			os.Remove(filepath.Join(v1, name))
			continue
		}
		if !sh.IsDir() || len(name) != 2 || !isHex(name) {
			continue
		}
		dir := filepath.Join(v1, name)
		entries, err := os.ReadDir(dir)
		if err != nil {
			continue
		}
		for _, e := range entries {
			n := e.Name()
			ours := len(n) == 2*len(Key{}) && isHex(n) && n[:2] == name || strings.HasPrefix(n, ".tmp-")
			if ours && !e.IsDir() && stale(e) {
				os.Remove(filepath.Join(dir, n))
			}
		}
		os.Remove(dir) // only if empty
	}
	os.Remove(v1) // only if empty
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}
