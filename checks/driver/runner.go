package driver

import (
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/rmlint/rmlint/cache"
	"github.com/rmlint/rmlint/cparse"
	"github.com/rmlint/rmlint/internal/par"
)

// runner runs batches: from the cache, in worker processes or in-process,
// and regroups them until the grouping matches BuildModules'.
type runner struct {
	cfg    *Config
	inputs []*input
	rules  []string

	cache *cache.Cache
	salt  []byte
	deps  sync.Map // header path -> depState, hashed once per run

	slots chan *slot // one per job; a slot keeps its worker process
	mu    sync.Mutex
	stats *Stats
}

type slot struct{ proc *proc }

type depState struct {
	hash   string
	exists bool
}

func newRunner(cfg *Config, inputs []*input) *runner {
	r := &runner{cfg: cfg, inputs: inputs, rules: ruleNames(cfg.Rules), stats: cfg.Stats}
	r.slots = make(chan *slot, cfg.Jobs)
	for i := 0; i < cfg.Jobs; i++ {
		r.slots <- &slot{}
	}
	return r
}

// close stops the worker processes, all at once: each exits when its
// standard input closes, and waiting for one before telling the next cost
// a worker's exit time per worker.
func (r *runner) close() {
	defer Trace("closed")
	var procs []*proc
	for i := 0; i < cap(r.slots); i++ {
		s := <-r.slots
		if s.proc != nil {
			procs = append(procs, s.proc)
			s.proc = nil
		}
	}
	par.Do(len(procs), len(procs), func(i int) { procs[i].stop() })
}

// run analyses the predicted groups (input indexes) and returns one result
// per final group.
func (r *runner) run(groups [][]int) []*batchResult {
	results := make([]*batchResult, len(groups))
	todo := make([]int, len(groups))
	for i := range todo {
		todo[i] = i
	}
	for {
		r.execute(groups, results, todo)
		uf := r.links(results, len(groups))
		sets := uf.groups()
		if len(sets) == len(groups) {
			r.stats.Batches = len(groups)
			return results
		}
		// Merge the linked groups and run the merged ones again. Every
		// round merges at least two groups, so this ends.
		var ng [][]int
		var nr []*batchResult
		todo = todo[:0]
		for _, set := range sets {
			if len(set) == 1 {
				ng = append(ng, groups[set[0]])
				nr = append(nr, results[set[0]])
				continue
			}
			var files []int
			for _, g := range set {
				files = append(files, groups[g]...)
			}
			sort.Ints(files)
			todo = append(todo, len(ng))
			ng = append(ng, files)
			nr = append(nr, nil)
		}
		r.stats.Rerun += len(todo)
		groups, results = ng, nr
	}
}

// links links the groups whose files reference each other's functions the
// way BuildModules links files: a file that references a function defined
// (with external linkage) by a file without OnLoad in another group.
func (r *runner) links(results []*batchResult, n int) *unionFind {
	uf := newUnionFind(n)
	definers := map[string][]int{}
	for g, res := range results {
		for _, f := range res.Files {
			if f.OK && !f.OnLoad {
				for _, d := range f.Defs {
					definers[d] = append(definers[d], g)
				}
			}
		}
	}
	for g, res := range results {
		for _, f := range res.Files {
			if !f.OK {
				continue
			}
			for _, ref := range f.Refs {
				for _, h := range definers[ref] {
					if h != g {
						uf.union(g, h)
					}
				}
			}
		}
	}
	return uf
}

// execute fills results[i] for i in todo, largest batches first.
func (r *runner) execute(groups [][]int, results []*batchResult, todo []int) {
	size := func(g int) int {
		n := 0
		for _, i := range groups[g] {
			n += len(r.inputs[i].src)
		}
		return n
	}
	sort.SliceStable(todo, func(a, b int) bool { return size(todo[a]) > size(todo[b]) })
	par.Do(len(todo), cap(r.slots), func(k int) {
		g := todo[k]
		results[g] = r.batch(groups[g])
	})
}

// batch returns the result of one group of files: from the cache, or by
// running it.
func (r *runner) batch(files []int) *batchResult {
	var key cache.Key
	if r.cache != nil {
		key = r.key(files)
		if res := r.lookup(key); res != nil {
			r.count(func(s *Stats) { s.CacheHits++ })
			return res
		}
	}
	req := &batchRequest{Rules: r.rules, Target: r.cfg.Target, MemoryLimit: r.cfg.MemoryLimit, MaxStack: maxStack(r.cfg.MemoryLimit)}
	for _, i := range files {
		in := r.inputs[i]
		req.Files = append(req.Files, batchFile{Path: in.path, Src: in.src, Opts: *in.opts})
	}
	r.count(func(s *Stats) { s.Translated += len(files) })
	var res *batchResult
	clean := true
	if len(r.cfg.Worker) == 0 {
		res = runBatch(req, r.cfg.Rules, func(progress) {})
	} else {
		s := <-r.slots
		res, clean = r.isolated(s, req)
		r.slots <- s
	}
	if r.cache != nil && clean {
		r.store(key, res)
	}
	return res
}

func (r *runner) count(f func(*Stats)) {
	r.mu.Lock()
	f(r.stats)
	r.mu.Unlock()
}

// maxStack is the Go stack limit of a worker: deep enough for any real C
// (cc/v4 recurses per nesting level), small enough that 100k nested
// parentheses fail fast instead of using gigabytes first.
func maxStack(memLimit int64) int64 {
	s := memLimit / 4
	if s > 512<<20 {
		s = 512 << 20
	}
	return s
}

// Cache.

type cacheEntry struct {
	Deps   map[string]string // header path -> SHA-256, "" for a path that must stay missing
	Result *batchResult
}

func (r *runner) openCache() error {
	c, err := cache.Open(r.cfg.CacheDir)
	if err != nil {
		return err
	}
	exe, err := executableHash(c.Dir())
	if err != nil {
		return fmt.Errorf("cannot hash rmlint's executable: %v", err)
	}
	h := sha256.New()
	fmt.Fprintf(h, "rmlint result cache\x00%s\x00%s\x00", r.cfg.CacheSalt, exe)
	r.salt = h.Sum(nil)
	r.cache = c
	return nil
}

// key is the cache key of a group: the binary and settings, and each file's
// name, flags and content. The headers are checked against the entry.
func (r *runner) key(files []int) cache.Key {
	h := sha256.New()
	h.Write(r.salt)
	wd, _ := os.Getwd()
	fmt.Fprintf(h, "rules=%q target=%s mem=%d wd=%q\n", r.rules, r.cfg.Target, r.cfg.MemoryLimit, wd)
	for _, i := range files {
		in := r.inputs[i]
		opts, _ := json.Marshal(in.opts)
		abs, _ := filepath.Abs(in.path)
		db := in.opts.CompileDBPath(in.path)
		dbHash := ""
		if db != "" {
			dbHash, _ = r.depHash(db)
		}
		sum := sha256.Sum256(in.src)
		fmt.Fprintf(h, "file %q %q %s db=%q:%s src=%x\n", in.path, abs, opts, db, dbHash, sum)
	}
	var k cache.Key
	h.Sum(k[:0])
	return k
}

func (r *runner) depHash(path string) (string, bool) {
	if v, ok := r.deps.Load(path); ok {
		s := v.(depState)
		return s.hash, s.exists
	}
	var s depState
	if st, err := os.Stat(path); err == nil && !st.IsDir() && !st.Mode().IsRegular() {
		// A named pipe or device: never opened (a pipe's open blocks); the
		// translation read nothing from it either.
		s = depState{hash: "special:" + cparse.FileKind(st.Mode()), exists: true}
	} else if f, err := os.Open(path); err == nil {
		h := sha256.New()
		if st, err := f.Stat(); err == nil && !st.IsDir() {
			if _, err := io.Copy(h, f); err == nil {
				s = depState{hash: hex.EncodeToString(h.Sum(nil)), exists: true}
			}
		}
		f.Close()
	}
	r.deps.Store(path, s)
	return s.hash, s.exists
}

func (r *runner) lookup(k cache.Key) *batchResult {
	b, ok := r.cache.Get(k)
	if !ok {
		return nil
	}
	var e cacheEntry
	if json.Unmarshal(b, &e) != nil || e.Result == nil {
		return nil
	}
	for p, want := range e.Deps {
		h, exists := r.depHash(p)
		if want == "" && exists || want != "" && h != want {
			return nil
		}
	}
	return e.Result
}

func (r *runner) store(k cache.Key, res *batchResult) {
	e := cacheEntry{Deps: map[string]string{}, Result: res}
	for _, f := range res.Files {
		for _, ie := range f.Errors {
			// The environment, not the file: try again next time.
			if strings.Contains(ie.Message, "cannot configure the C frontend") {
				return
			}
		}
		for _, p := range f.Deps.Read {
			h, exists := r.depHash(p)
			if !exists {
				return // changed while we ran: do not cache
			}
			e.Deps[p] = h
		}
		for _, p := range f.Deps.Missing {
			if _, exists := r.depHash(p); exists {
				return
			}
			e.Deps[p] = ""
		}
	}
	b, err := json.Marshal(&e)
	if err != nil {
		return
	}
	r.cache.Put(k, b)
}

// executableHash hashes the running executable, remembering the hash in the
// cache directory under the file's identity (path, size, modification time)
// so that a warm run does not read the whole binary.
//
// A Go binary names itself: the Go build ID in its ELF note ends in a hash
// of the linked binary, so where it is found nothing is read or hashed
// (measured: hashing rmlint's 18 MB took 60 ms of every cold run).
func executableHash(dir string) (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", err
	}
	if id := goBuildID(exe); id != "" {
		return "go-build-id:" + id, nil
	}
	st, err := os.Stat(exe)
	if err != nil {
		return "", err
	}
	id := sha256.Sum256([]byte(fmt.Sprintf("%s\x00%d\x00%d", exe, st.Size(), st.ModTime().UnixNano())))
	memo := filepath.Join(dir, "exe-"+hex.EncodeToString(id[:8]))
	if b, err := os.ReadFile(memo); err == nil && len(b) == 64 {
		return string(b), nil
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	sum := hex.EncodeToString(h.Sum(nil))
	os.WriteFile(memo, []byte(sum), 0o644)
	return sum, nil
}

// goBuildID returns the Go build ID the linker wrote into the ELF note
// .note.go.buildid of exe, or "" (no ELF file, no note, or an empty ID as
// -ldflags=-buildid= leaves).
func goBuildID(exe string) string {
	f, err := elf.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	sec := f.Section(".note.go.buildid")
	if sec == nil {
		return ""
	}
	b, err := sec.Data()
	if err != nil || len(b) < 12 {
		return ""
	}
	// An ELF note: name size, description size, type, then the name
	// ("Go\x00", padded to 4 bytes) and the description (the ID).
	namesz := int(f.ByteOrder.Uint32(b[0:]))
	descsz := int(f.ByteOrder.Uint32(b[4:]))
	off := 12 + (namesz+3)&^3
	if namesz != 4 || string(b[12:15]) != "Go\x00" || off+descsz > len(b) {
		return ""
	}
	id := string(b[off : off+descsz])
	if !strings.Contains(id, "/") {
		return ""
	}
	return id
}
