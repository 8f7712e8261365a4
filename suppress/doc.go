package suppress

import (
	"strings"

	"github.com/rmlint/rmlint/reports"
)

// RuleInfo is the metadata of RuleName, for reports and `rmlint explain`.
func RuleInfo() reports.Rule {
	summary, rest, _ := strings.Cut(doc, "\n")
	return reports.Rule{
		Name:      RuleName,
		Summary:   strings.TrimPrefix(summary, RuleName+": "),
		Doc:       strings.TrimSpace(rest),
		Severity:  reports.SeverityWarning,
		HelpURI:   "https://github.com/rmlint/rmlint/blob/main/docs/rules/" + RuleName + ".md",
		Tags:      []string{"maintainability"},
		Precision: "very-high",
	}
}

const doc = `suppression: rmlint:ignore comments without a reason, naming unknown rules, or suppressing nothing

## What it finds

Problems with rmlint's own suppression comments (this is not an analysis of
the module, and a comment cannot suppress it; ` + "`--disable suppression`" + ` turns
it off):

- a ` + "`rmlint:ignore`" + ` or ` + "`rmlint:file-ignore`" + ` comment without a rule name or
  without a reason: it suppresses nothing until it says why;
- a rule name that does not exist, or an unknown ` + "`rmlint:`" + ` directive;
- with ` + "`--report-unused-ignores`" + ` (the default for ` + "`--format sarif`" + `, ` + "`json`" + ` and
  ` + "`github`" + `), a directive, or one rule of its list, that suppressed nothing
  although the rule ran on that file.

A directive applies to its own line when code precedes it, else to the next
line that is not only comments; ` + "`rmlint:file-ignore`" + ` applies to the whole file.

## Why it matters

A suppression without a reason cannot be reviewed: nobody can tell later
whether the finding was a false positive or a bug somebody gave up on. A
suppression that no longer suppresses anything (the code was fixed or moved)
hides the next real finding on that line.

## Example

` + "```c" + `
int Get(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    RedisModule_AutoMemory(ctx);
    // rmlint:ignore leak
    RedisModuleString *s = RedisModule_CreateString(ctx, "x", 1);
    return RedisModule_ReplyWithString(ctx, s); // rmlint:ignore replycount the only reply
}
` + "```" + `

## Fixed

` + "```c" + `
int Get(RedisModuleCtx *ctx, RedisModuleString **argv, int argc) {
    RedisModule_AutoMemory(ctx);
    RedisModuleString *s = RedisModule_CreateString(ctx, "x", 1);
    return RedisModule_ReplyWithString(ctx, s);
}
` + "```" + `
`
