#!/usr/bin/env bash
# Times rmlint against gcc -fsyntax-only on the same C files, in the same
# run, and prints the ratios and peak memory:
#
#   gcc       gcc -fsyntax-only, one file after another (the baseline)
#   cold      rmlint with an empty result cache (every file translated)
#   warm      rmlint again over the unchanged files (from the cache)
#
# Each number is the fastest of RUNS runs (default 3); peak memory is the
# largest sum of the resident memory of rmlint and its worker processes
# (scripts/measure samples /proc). Targets: cold <= 1.0x gcc, warm <= 0.1x,
# peak <= 500 MB.
#
# Usage:
#   scripts/bench.sh                         # every C file in testdata (~100)
#   scripts/bench.sh -I DIR FILE.c...        # any files, with include directories
#   RUNS=5 JOBS=2 scripts/bench.sh ...
#
# e.g. Redis's own modules, from a Redis checkout in $REDIS:
#   scripts/bench.sh -I $REDIS/src $REDIS/src/modules/*.c $REDIS/tests/modules/*.c
set -euo pipefail

cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
JOBS=${JOBS:-}

incs=()
files=()
while [ $# -gt 0 ]; do
	case "$1" in
	-I) incs+=(-I "$2"); shift 2 ;;
	-I*) incs+=("$1"); shift ;;
	*) files+=("$1"); shift ;;
	esac
done
if [ ${#files[@]} -eq 0 ]; then
	# All of testdata but the bad-input corpus (it times out on purpose).
	# A handful of files would measure start-up, not throughput: a cold run
	# has about 50 ms of fixed cost (processes, the compiler probe, the
	# first file's header scans), gcc about 20 ms a file.
	mapfile -t files < <(find testdata checks/*/testdata cparse/testdata -name '*.c' -not -path '*badinput*' | sort)
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/rmlint" ./cmd/rmlint
go build -o "$tmp/measure" ./scripts/measure

printf '%s\n' "${files[@]}" >"$tmp/files"

echo "files: ${#files[@]}, runs: $RUNS, cores: $(nproc), $(gcc --version | head -1)"

jobs=()
if [ -n "$JOBS" ]; then jobs=(-j "$JOBS"); fi


# gcc: the serial loop. -w: warnings are not the point; errors are (rare)
# files gcc rejects, which still count.
cat >"$tmp/gcc.sh" <<EOF
#!/usr/bin/env bash
hdr=\$(dirname "\$0")/hdr
while read -r f; do gcc -fsyntax-only -w ${incs[*]:-} -I "\$hdr" "\$f" 2>/dev/null || true; done <"$tmp/files"
EOF
chmod +x "$tmp/gcc.sh"
# gcc gets rmlint's embedded redismodule.h as a last resort, as rmlint
# uses it, so that files without a Redis checkout compile for both.
mkdir -p "$tmp/hdr"
go run ./scripts/header >"$tmp/hdr/redismodule.h"

# cold: a fresh cache directory for every run.
cat >"$tmp/cold.sh" <<EOF
#!/usr/bin/env bash
d=\$(mktemp -d)
"$tmp/rmlint" --cache-dir "\$d" ${jobs[*]:-} ${incs[*]:-} "\$@" >/dev/null
c=\$?
rm -rf "\$d"
exit \$c
EOF
chmod +x "$tmp/cold.sh"
"$tmp/rmlint" --cache-dir "$tmp/cache" "${jobs[@]}" "${incs[@]}" "${files[@]}" >/dev/null || true

# The three are measured in turn, RUNS rounds, so that a machine that gets
# faster or slower during the benchmark (shared CPUs do) affects all of
# them alike; each keeps its fastest run and its largest peak.
best() { # best PREVIOUS NEW: the line with the smaller wall time, the larger peak
	if [ -z "$1" ]; then echo "$2"; return; fi
	awk -v a="$1" -v b="$2" 'function f(s, k,  m) { match(s, k "=[0-9.]*"); return substr(s, RSTART + length(k) + 1, RLENGTH - length(k) - 1) + 0 }
	BEGIN { l = (f(b, "wall") < f(a, "wall")) ? b : a; p = f(a, "peak_rss"); if (f(b, "peak_rss") > p) p = f(b, "peak_rss"); sub(/peak_rss=[0-9]*MB/, "peak_rss=" p "MB", l); print l }'
}
g=
c=
w=
for ((r = 0; r < RUNS; r++)); do
	g=$(best "$g" "$("$tmp/measure" -runs 1 -label gcc -- "$tmp/gcc.sh")")
	c=$(best "$c" "$("$tmp/measure" -runs 1 -label cold -- "$tmp/cold.sh" "${files[@]}")")
	w=$(best "$w" "$("$tmp/measure" -runs 1 -label warm -- "$tmp/rmlint" --cache-dir "$tmp/cache" "${jobs[@]}" "${incs[@]}" "${files[@]}")")
done

echo "$g"
echo "$c"
echo "$w"
wall() { sed -n 's/.*wall=\([0-9.]*\)s.*/\1/p' <<<"$1"; }
peak() { sed -n 's/.*peak_rss=\([0-9]*\)MB.*/\1/p' <<<"$1"; }
awk -v g="$(wall "$g")" -v c="$(wall "$c")" -v w="$(wall "$w")" -v pc="$(peak "$c")" -v pw="$(peak "$w")" 'BEGIN {
	printf "ratio cold/gcc = %.2fx (target <= 1.0)\n", c / g
	printf "ratio warm/gcc = %.3fx (target <= 0.1)\n", w / g
	printf "peak memory: cold %d MB, warm %d MB (target <= 500)\n", pc, pw
}'
