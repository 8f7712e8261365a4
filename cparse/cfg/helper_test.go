package cfg

import (
	"os"
	"runtime"
	"sync"
	"testing"

	"modernc.org/cc/v4"
)

var (
	baseConfigOnce sync.Once
	baseConfig     *cc.Config
	baseConfigErr  error
)

// newConfig returns a fresh copy of the cc configuration (a Config must not
// be shared between concurrent Translate calls).
func newConfig(tb testing.TB) *cc.Config {
	tb.Helper()
	baseConfigOnce.Do(func() {
		baseConfig, baseConfigErr = cc.NewConfig(runtime.GOOS, runtime.GOARCH)
		if baseConfig != nil {
			baseConfig.ExpansionLimit = 5_000_000
		}
	})
	if baseConfigErr != nil {
		tb.Fatalf("cc.NewConfig: %v", baseConfigErr)
	}
	c := *baseConfig
	return &c
}

// funcBody is a function definition of the test file.
type funcBody struct {
	name string
	body *cc.CompoundStatement
}

// parseFuncs translates src (file name test.c) and returns the bodies of the
// functions it defines, in source order.
func parseFuncs(tb testing.TB, src string) []funcBody {
	tb.Helper()
	cfg := newConfig(tb)
	ast, err := cc.Translate(cfg, []cc.Source{
		{Name: "<predefined>", Value: cfg.Predefined},
		{Name: "<builtin>", Value: cc.Builtin},
		{Name: "test.c", Value: src},
	})
	if err != nil {
		tb.Fatalf("cc.Translate: %v\n%s", err, src)
	}
	var r []funcBody
	for l := ast.TranslationUnit; l != nil; l = l.TranslationUnit {
		ed := l.ExternalDeclaration
		if ed == nil || ed.Case != cc.ExternalDeclarationFuncDef {
			continue
		}
		fd := ed.FunctionDefinition
		if fd.Declarator.Position().Filename != "test.c" {
			continue
		}
		r = append(r, funcBody{fd.Declarator.Name(), fd.CompoundStatement})
	}
	return r
}

// readTestdata returns the content of testdata/name.
func readTestdata(tb testing.TB, name string) string {
	tb.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}
