package inspect

import (
	"strings"

	"modernc.org/cc/v4"

	"github.com/rmlint/rmlint/cparse"
)

// EditDistance is the Levenshtein distance between a and b.
func EditDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// Suggest returns the candidate closest to word (case-insensitively) within
// maxDist edits, or "" when none or several are equally close.
func Suggest(word string, candidates []string, maxDist int) string {
	best, bestD, ties := "", maxDist+1, 0
	lw := strings.ToLower(word)
	for _, c := range candidates {
		d := EditDistance(lw, strings.ToLower(c))
		switch {
		case d < bestD:
			best, bestD, ties = c, d, 0
		case d == bestD:
			ties++
		}
	}
	if bestD > maxDist || ties > 0 {
		return ""
	}
	return best
}

// CallsInOrder returns the function calls inside n (n included) in
// evaluation order as far as C fixes it: the calls in a call's arguments come
// before the call (post-order), siblings in source order.
func CallsInOrder(n cc.Node) []*cc.PostfixExpression {
	var out []*cc.PostfixExpression
	var visit func(root cc.Node)
	visit = func(root cc.Node) {
		cparse.Inspect(root, func(x cc.Node) bool {
			if x == root {
				return true
			}
			if c, ok := x.(*cc.PostfixExpression); ok && c.Case == cc.PostfixExpressionCall {
				visit(c)
				out = append(out, c)
				return false
			}
			return true
		})
	}
	visit(n)
	if c, ok := n.(*cc.PostfixExpression); ok && c.Case == cc.PostfixExpressionCall {
		out = append(out, c)
	}
	return out
}
