package csrc

import (
	"reflect"
	"strings"
	"testing"
)

func TestCommentsSkipLiterals(t *testing.T) {
	src := `#include <sys//types.h>
#include "a//b.h"
const char *u = "http://example.com/*not*/"; // real one
char c = '"'; char d = '\''; /* block
spanning */ int x; // after
int y = 1; /* trailing */
    // alone
char *s = "esc \" // still string";
// spliced \
continues
`
	got := Comments([]byte(src))
	var texts []string
	for _, c := range got {
		texts = append(texts, strings.TrimSpace(c.Text))
	}
	want := []string{"real one", "block\nspanning", "after", "trailing", "alone", "spliced \\\ncontinues"}
	if !reflect.DeepEqual(texts, want) {
		t.Fatalf("comments = %q, want %q", texts, want)
	}
	byText := map[string]Comment{}
	for _, c := range got {
		byText[strings.TrimSpace(c.Text)] = c
	}
	if c := byText["real one"]; c.Line != 3 || c.Alone || !c.Trailing || c.Block {
		t.Errorf("real one: %+v", c)
	}
	if c := byText["block\nspanning"]; c.Line != 4 || c.EndLine != 5 || !c.Block || c.Trailing {
		t.Errorf("block: %+v", c)
	}
	if c := byText["after"]; c.Line != 5 || c.Alone {
		t.Errorf("after: %+v", c)
	}
	if c := byText["alone"]; c.Line != 7 || !c.Alone || !c.Trailing {
		t.Errorf("alone: %+v", c)
	}
	if c := byText["spliced \\\ncontinues"]; c.Line != 9 || c.EndLine != 10 {
		t.Errorf("spliced: %+v", c)
	}
	if src[byText["trailing"].Offset:byText["trailing"].End] != "/* trailing */" {
		t.Errorf("offsets of the trailing comment are wrong")
	}
}

func TestFunctions(t *testing.T) {
	src := `#include "redismodule.h"
#define BODY { return 0; }
struct s { int a; };
static int tbl[] = { 1, 2 };
enum e { A, B };

/* int Fake(void) { } */
#ifdef __cplusplus
extern "C" {
#endif
static int Helper(RedisModuleCtx *ctx, const char *s) __attribute__((unused)) {
    if (s) { return 1; }
    const char *t = "}{";
    return 0;
}
#ifdef __cplusplus
}
#endif

int
RedisModule_OnLoad(RedisModuleCtx *ctx, RedisModuleString **argv, int argc)
{
    return REDISMODULE_OK;
}
`
	fs := Functions([]byte(src))
	if len(fs) != 2 || fs[0].Name != "Helper" || fs[1].Name != "RedisModule_OnLoad" {
		t.Fatalf("functions = %+v", fs)
	}
	off := strings.Index(src, "return 0;\n}")
	if f := Enclosing(fs, off); f == nil || f.Name != "Helper" {
		t.Errorf("Enclosing(return 0) = %+v", f)
	}
	if f := Enclosing(fs, strings.Index(src, "return REDISMODULE_OK")); f == nil || f.Name != "RedisModule_OnLoad" {
		t.Errorf("Enclosing(OnLoad body) = %+v", f)
	}
	if f := Enclosing(fs, strings.Index(src, "tbl")); f != nil {
		t.Errorf("Enclosing(tbl) = %+v, want nil", f)
	}
}

func TestLine(t *testing.T) {
	src := []byte("a\r\nb\nc")
	for n, want := range map[int]string{1: "a", 2: "b", 3: "c"} {
		if got, ok := Line(src, n); !ok || string(got) != want {
			t.Errorf("Line(%d) = %q, %v", n, got, ok)
		}
	}
	if _, ok := Line(src, 4); ok {
		t.Error("Line(4) exists")
	}
	if LineAt(src, 4) != 2 {
		t.Errorf("LineAt(4) = %d", LineAt(src, 4))
	}
}
