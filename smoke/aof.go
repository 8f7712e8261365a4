package smoke

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/gomodule/redigo/redis"
)

// The propagation check reads the master's append-only file: with
// appendfsync always, Redis writes everything a command propagated before it
// sends the command's reply. The file is a stream of RESP arrays of bulk
// strings, which redigo's reply reader parses; readerConn lets it read from
// bytes instead of a socket.

// incrAOF returns the path of the incremental AOF file of a Redis 7 server
// directory (appendonlydir/<name>.<seq>.incr.aof, named in the manifest).
func incrAOF(dir string) (string, error) {
	aofDir := filepath.Join(dir, "appendonlydir")
	entries, err := os.ReadDir(aofDir)
	if err != nil {
		return "", err
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".manifest") {
			continue
		}
		data, err := os.ReadFile(filepath.Join(aofDir, e.Name()))
		if err != nil {
			return "", err
		}
		var last string
		for _, line := range strings.Split(string(data), "\n") {
			f := strings.Fields(line)
			// file <name> seq <n> type i
			if len(f) >= 6 && f[0] == "file" && f[len(f)-2] == "type" && f[len(f)-1] == "i" {
				last = f[1]
			}
		}
		if last != "" {
			return filepath.Join(aofDir, last), nil
		}
	}
	return "", errors.New("no incremental AOF file in " + aofDir)
}

// aofTail reads the commands appended to an AOF file since offset. When the
// tail ends in the middle of a command (it should not with appendfsync
// always) it is retried a few times before giving up.
func aofTail(path string, offset int64) (cmds [][]string, next int64, err error) {
	for try := 0; ; try++ {
		data, err := readFrom(path, offset)
		if err != nil {
			return nil, offset, err
		}
		cmds, err = parseCommands(data)
		if err == nil {
			return cmds, offset + int64(len(data)), nil
		}
		if try == 20 {
			return nil, offset, err
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func readFrom(path string, offset int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if _, err := f.Seek(offset, io.SeekStart); err != nil {
		return nil, err
	}
	return io.ReadAll(f)
}

// parseCommands parses a sequence of RESP arrays of bulk strings.
func parseCommands(data []byte) ([][]string, error) {
	if len(data) == 0 {
		return nil, nil
	}
	c := redis.NewConn(&readerConn{r: bufio.NewReader(bytes.NewReader(data))}, 0, 0)
	defer c.Close()
	var cmds [][]string
	n := 0 // bytes of the commands read so far, as Redis writes them
	for {
		v, err := c.Receive()
		if err == io.EOF && n == len(data) {
			return cmds, nil
		}
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
		parts, err := redis.Strings(v, nil)
		if err != nil {
			return nil, err
		}
		cmds = append(cmds, parts)
		n += encodedLen(parts)
	}
}

// encodedLen is the length of a command in the AOF: *N, then $len and the
// bytes of each argument, each line ended by CRLF.
func encodedLen(parts []string) int {
	n := len(strconv.Itoa(len(parts))) + 3
	for _, p := range parts {
		n += len(strconv.Itoa(len(p))) + 3 + len(p) + 2
	}
	return n
}

// readerConn is a net.Conn that reads from a reader and discards writes.
type readerConn struct{ r io.Reader }

func (c *readerConn) Read(p []byte) (int, error)         { return c.r.Read(p) }
func (c *readerConn) Write(p []byte) (int, error)        { return len(p), nil }
func (c *readerConn) Close() error                       { return nil }
func (c *readerConn) LocalAddr() net.Addr                { return nil }
func (c *readerConn) RemoteAddr() net.Addr               { return nil }
func (c *readerConn) SetDeadline(t time.Time) error      { return nil }
func (c *readerConn) SetReadDeadline(t time.Time) error  { return nil }
func (c *readerConn) SetWriteDeadline(t time.Time) error { return nil }
