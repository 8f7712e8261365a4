package driver

// Files that form a module must be analysed in one process, but which files
// form a module is only known after translation (cparse.BuildModules links a
// file that references a function to the file defining it). So the driver
// predicts the grouping from a cheap lexical scan, translates and analyses
// each predicted group (a batch) in one worker, and then checks the
// prediction against the exact summaries the workers return: batches that
// turn out to be linked are merged and run again (see Run). The prediction
// only decides how much work runs in parallel and how much is redone; the
// findings are always those of the exact grouping.

// lexSummary is what the lexical scan of one file found.
type lexSummary struct {
	onLoad   bool                // defines RedisModule_OnLoad at file scope
	defs     []string            // non-static functions defined at file scope
	mentions map[string]struct{} // every identifier
}

// scanLexical reads a C file's tokens roughly: comments, literals and
// preprocessing directives are skipped, and a file-scope identifier followed
// by a parenthesised list and then `{` is a function definition.
func scanLexical(src []byte) lexSummary {
	s := lexSummary{mentions: map[string]struct{}{}}
	type tok struct {
		id string // identifier, or "" for punctuation
		ch byte
	}
	var toks []tok
	n := len(src)
	bol := true
	for i := 0; i < n; {
		c := src[i]
		switch {
		case c == '\n':
			bol = true
			i++
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			i++
		case c == '\\' && i+1 < n && src[i+1] == '\n':
			i += 2
		case c == '/' && i+1 < n && src[i+1] == '*':
			i += 2
			for i < n && !(src[i] == '*' && i+1 < n && src[i+1] == '/') {
				i++
			}
			i += 2
		case c == '/' && i+1 < n && src[i+1] == '/':
			for i < n && src[i] != '\n' {
				i++
			}
		case c == '#' && bol:
			// Skip the directive, with its continuation lines.
			for i < n && src[i] != '\n' {
				if src[i] == '\\' && i+1 < n && src[i+1] == '\n' {
					i++
				}
				i++
			}
		case c == '"' || c == '\'':
			bol = false
			i++
			for i < n && src[i] != c && src[i] != '\n' {
				if src[i] == '\\' {
					i++
				}
				i++
			}
			i++
			toks = append(toks, tok{ch: 'L'})
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			bol = false
			j := i
			for j < n && (src[j] == '_' || src[j] >= 'a' && src[j] <= 'z' || src[j] >= 'A' && src[j] <= 'Z' || src[j] >= '0' && src[j] <= '9') {
				j++
			}
			id := string(src[i:j])
			s.mentions[id] = struct{}{}
			toks = append(toks, tok{id: id})
			i = j
		default:
			bol = false
			toks = append(toks, tok{ch: c})
			i++
		}
	}
	// File-scope function definitions: NAME ( ... ) [attributes] {
	depth := 0
	static := false
	for k := 0; k < len(toks); k++ {
		t := toks[k]
		switch {
		case t.ch == '{':
			depth++
		case t.ch == '}':
			if depth > 0 {
				depth--
			}
			if depth == 0 {
				static = false
			}
		case depth > 0:
		case t.ch == ';':
			static = false
		case t.id == "static":
			static = true
		case t.id != "" && k+1 < len(toks) && toks[k+1].ch == '(':
			// Skip the balanced parameter list, then look for `{` before
			// `;`, `,` or `=`.
			p, m := 0, k+1
			for ; m < len(toks); m++ {
				if toks[m].ch == '(' {
					p++
				} else if toks[m].ch == ')' {
					p--
					if p == 0 {
						break
					}
				}
			}
			isDef := false
			for q := m + 1; q < len(toks) && q < m+64; q++ {
				if toks[q].ch == '{' {
					isDef = true
					break
				}
				if toks[q].ch == ';' || toks[q].ch == ',' || toks[q].ch == '=' {
					break
				}
			}
			if isDef {
				if t.id == "RedisModule_OnLoad" {
					s.onLoad = true
				}
				if !static {
					s.defs = append(s.defs, t.id)
				}
				k = m // the body's `{` is counted by the main loop
			}
		}
	}
	return s
}

// predictBatches groups files (by index) the way BuildModules will probably
// group them: a file is linked to every file without OnLoad that defines a
// function it mentions.
func predictBatches(sums []lexSummary) [][]int {
	uf := newUnionFind(len(sums))
	definers := map[string][]int{}
	for i, s := range sums {
		if s.onLoad {
			continue
		}
		for _, d := range s.defs {
			definers[d] = append(definers[d], i)
		}
	}
	for i, s := range sums {
		for id := range s.mentions {
			for _, d := range definers[id] {
				if d != i {
					uf.union(i, d)
				}
			}
		}
	}
	return uf.groups()
}

type unionFind struct{ parent []int }

func newUnionFind(n int) *unionFind {
	u := &unionFind{parent: make([]int, n)}
	for i := range u.parent {
		u.parent[i] = i
	}
	return u
}

func (u *unionFind) find(i int) int {
	for u.parent[i] != i {
		u.parent[i] = u.parent[u.parent[i]]
		i = u.parent[i]
	}
	return i
}

// union links a and b and reports whether they were apart.
func (u *unionFind) union(a, b int) bool {
	ra, rb := u.find(a), u.find(b)
	if ra == rb {
		return false
	}
	if ra < rb {
		u.parent[rb] = ra
	} else {
		u.parent[ra] = rb
	}
	return true
}

// groups returns the sets, each in increasing order, ordered by their first
// element.
func (u *unionFind) groups() [][]int {
	idx := map[int]int{}
	var out [][]int
	for i := range u.parent {
		r := u.find(i)
		k, ok := idx[r]
		if !ok {
			k = len(out)
			idx[r] = k
			out = append(out, nil)
		}
		out[k] = append(out[k], i)
	}
	return out
}
