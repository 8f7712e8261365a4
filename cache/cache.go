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
	"time"
)

// Key addresses an entry.
type Key [sha256.Size]byte

func (k Key) String() string { return hex.EncodeToString(k[:]) }

// layout is the version of the directory layout; a new layout ignores the
// old one's files (trimmed in time).
const layout = "v2"

// Cache is a cache directory.
type Cache struct {
	dir string
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
	c := &Cache{dir: d}
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
// that died.
func (c *Cache) Trim(maxAge time.Duration) {
	cutoff := time.Now().Add(-maxAge)
	filepath.WalkDir(c.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == "trim.txt" {
			return nil
		}
		if info, err := d.Info(); err == nil && info.ModTime().Before(cutoff) {
			os.Remove(p)
		}
		return nil
	})
}
