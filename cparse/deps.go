package cparse

import (
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"
)

// Deps are the files a translation depended on besides its main file: the
// headers cc/v4 read and the paths it probed and did not find (a header
// created later at such a path would change the result). A result cache
// keys on them.
type Deps struct {
	Read    []string // headers read, in the order first opened (rmlint's embedded header excluded)
	Missing []string // paths probed while searching the include path, not found
}

// depFS is the file system cc/v4 reads headers through (Config.FS with
// FSOnly): it serves rmlint's embedded redismodule.h, opens every other name
// on the real file system, and records what it was asked for.
type depFS struct {
	embedded bool
	// slim, when not nil, holds the identifiers of the project's files:
	// every redismodule.h and system header is then served slimmed to
	// them (see slim.go).
	slim map[string]bool
	// sysDirs are the host's system include directories: their files are
	// the system headers, read once per process (openSystemHeader).
	sysDirs []string

	mu      sync.Mutex
	seen    map[string]bool
	read    []string
	missing []string
}

func newDepFS(embedded bool) *depFS { return &depFS{embedded: embedded, seen: map[string]bool{}} }

func (d *depFS) Open(name string) (fs.File, error) {
	f, err := d.open(name)
	if err != nil || d.slim == nil {
		return f, err
	}
	redismodule := path.Base(name) == "redismodule.h"
	if !redismodule && !underDirs(name, d.sysDirs) {
		return f, err
	}
	defer f.Close()
	var src []byte
	if m, ok := f.(*memFile); ok && m.data != nil {
		src = m.data // a cached system header or rmlint's own: no copy
	} else if src, err = io.ReadAll(f); err != nil {
		return nil, err
	}
	src = slimHeader(name, src, d.slim, redismodule)
	return newMemFile(src), nil
}

func (d *depFS) open(name string) (fs.File, error) {
	if d.embedded && strings.HasPrefix(name, embeddedRoot+"/") {
		if path.Base(name) == "redismodule.h" {
			return embeddedFS{}.Open(name)
		}
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	var f fs.File
	var err error
	if d.sysDirs != nil && underDirs(name, d.sysDirs) {
		f, err = openSystemHeader(name)
	} else {
		f, err = openHeader(name)
	}
	d.mu.Lock()
	if !d.seen[name] {
		d.seen[name] = true
		if err == nil {
			d.read = append(d.read, name)
		} else {
			d.missing = append(d.missing, name)
		}
	}
	d.mu.Unlock()
	if err != nil {
		return nil, err
	}
	return f, nil
}

func (d *depFS) deps() Deps {
	d.mu.Lock()
	defer d.mu.Unlock()
	return Deps{Read: append([]string(nil), d.read...), Missing: append([]string(nil), d.missing...)}
}

func openHeader(name string) (fs.File, error) {
	// Stat first: open(2) of a named pipe blocks until a writer comes, and
	// a device may never end. Directories are no header either: cc/v4 goes
	// on searching, as a compiler does.
	st, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	if !st.Mode().IsRegular() {
		return nil, &fs.PathError{Op: "open", Path: name, Err: notRegularError(FileKind(st.Mode()))}
	}
	return os.Open(name)
}

// notRegularError: a header path names a named pipe, socket or device.
type notRegularError string

func (e notRegularError) Error() string { return "not a regular file (" + string(e) + ")" }

// FileKind describes a file mode that is not a regular file's, for
// messages: "a named pipe", "a directory", ...
func FileKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m.IsDir():
		return "a directory"
	}
	return m.Type().String()
}

// systemHeaders remembers, for the life of the process, the content of
// each file under the system include directories, or that it is missing:
// every translation reads the same few dozen system headers and probes
// the same paths (measured: 4% of a worker's time in open and read).
var systemHeaders sync.Map // name -> []byte, nil when missing

func openSystemHeader(name string) (fs.File, error) {
	v, ok := systemHeaders.Load(name)
	if !ok {
		var b []byte
		if f, err := openHeader(name); err == nil {
			b, err = io.ReadAll(f)
			f.Close()
			if err != nil {
				return nil, err
			}
			if b == nil {
				b = []byte{}
			}
		}
		v, _ = systemHeaders.LoadOrStore(name, b)
	}
	b := v.([]byte)
	if b == nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return newMemFile(b), nil
}

// underDirs reports whether name lies below one of dirs.
func underDirs(name string, dirs []string) bool {
	for _, d := range dirs {
		if strings.HasPrefix(name, d+string(filepath.Separator)) {
			return true
		}
	}
	return false
}
