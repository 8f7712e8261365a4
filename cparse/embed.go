package cparse

import (
	"bytes"
	"io/fs"
	"path"
	"strings"
	"time"

	"github.com/rmlint/rmlint/redisapi"
)

// EmbeddedIncludeDir is the include directory under which rmlint's own
// redismodule.h is found when the user's include paths have none. It does not
// exist on disk; cc/v4 reads it through embeddedFS.
//
// The directory is nested a few levels below embeddedRoot so that includes
// such as "../redismodule.h" (Redis's own src/modules do this) still land
// inside it; any redismodule.h under embeddedRoot is rmlint's header.
const EmbeddedIncludeDir = embeddedRoot + "/1/2/3/4/include"

const embeddedRoot = "/<rmlint>"

// EmbeddedHeaderPath is the path positions in rmlint's own header carry.
var EmbeddedHeaderPath = path.Join(EmbeddedIncludeDir, "redismodule.h")

// embeddedFS serves rmlint's redismodule.h at EmbeddedHeaderPath and reports
// every other name as missing, so cc/v4 falls back to the real file system
// for them. cc/v4 passes absolute paths, which fs.ValidPath would reject, so
// this FS compares names itself.
type embeddedFS struct{}

func (embeddedFS) Open(name string) (fs.File, error) {
	if !strings.HasPrefix(name, embeddedRoot+"/") || path.Base(name) != "redismodule.h" {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return newMemFile(redisapi.Header()), nil
}

// memFile serves bytes held in memory (which it never modifies).
type memFile struct {
	*bytes.Reader
	data []byte
	size int64
}

func newMemFile(b []byte) *memFile {
	return &memFile{Reader: bytes.NewReader(b), data: b, size: int64(len(b))}
}

func (f *memFile) Stat() (fs.FileInfo, error) { return memInfo{f.size}, nil }
func (f *memFile) Close() error               { return nil }

type memInfo struct{ size int64 }

func (i memInfo) Name() string       { return "redismodule.h" }
func (i memInfo) Size() int64        { return i.size }
func (i memInfo) Mode() fs.FileMode  { return 0o444 }
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return false }
func (i memInfo) Sys() any           { return nil }
