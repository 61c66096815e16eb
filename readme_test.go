package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator"

	"github.com/maitre-pos/maitre/graph/generated"
)

// block is one fenced block of a Markdown file.
type block struct {
	file, lang, text string
	line             int
	// notRun is why the block is not run, from a "<!-- not run: why -->"
	// line just before it; "" when it runs.
	notRun string
}

var notRunMarker = regexp.MustCompile(`^<!-- not run: (.+) -->$`)

// fences reads the fenced blocks of the Markdown file name.
func fences(t *testing.T, name string) []block {
	t.Helper()
	raw, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var out []block
	lines := strings.Split(string(raw), "\n")
	for i := 0; i < len(lines); i++ {
		lang, ok := strings.CutPrefix(lines[i], "```")
		if !ok {
			continue
		}
		b := block{file: name, lang: strings.TrimSpace(lang), line: i + 1}
		if i > 0 {
			if m := notRunMarker.FindStringSubmatch(strings.TrimSpace(lines[i-1])); m != nil {
				b.notRun = m[1]
			}
		}
		var body []string
		for i++; i < len(lines) && lines[i] != "```"; i++ {
			body = append(body, lines[i])
		}
		b.text = strings.Join(body, "\n") + "\n"
		out = append(out, b)
	}
	return out
}

// shims stand in for the commands the README runs, on the PATH before
// the system's: `go run .` is the maitre binary the test built, and a
// server it starts runs in the background, as in a terminal of its own.
const goShim = `#!/usr/bin/env bash
# go, as the README uses it.
if [ "$1" = run ] && [ "$2" = . ]; then
  shift 2
  case "$1" in
  ask|config|demo|help|--help|-h) exec "$MAITRE_BIN" "$@" ;;
  esac
  # The server: one at a time, on the README's addresses; ready once it answers.
  if [ -f "$README_DIR/server.pid" ]; then
    old=$(cat "$README_DIR/server.pid")
    kill "$old" 2>/dev/null
    while kill -0 "$old" 2>/dev/null; do sleep 0.05; done
  fi
  # Its output goes where the command line sends it, else (a pipe the test
  # reads, which a server never closes) to a file.
  out=/dev/stdout err=/dev/stderr
  [ -p /proc/self/fd/1 ] && out="$README_DIR/server.out"
  [ -p /proc/self/fd/2 ] && err="$README_DIR/server.out"
  "$MAITRE_BIN" "$@" >>"$out" 2>>"$err" </dev/null &
  echo $! >"$README_DIR/server.pid"
  for _ in $(seq 300); do
    if PATH="$README_PATH" curl -sf -o /dev/null localhost:4006/health/live; then exit 0; fi
    kill -0 $! 2>/dev/null || { echo "readme: the server exited" >&2; exit 1; }
    sleep 0.1
  done
  echo "readme: the server did not answer on :4006" >&2
  exit 1
fi
if [ "$1" = test ]; then
  echo "readme: go $* is the command that runs this test, not run again" >&2
  exit 0
fi
echo "readme: go $* is not a command the README should need" >&2
exit 1
`

// A stream (curl -N) is read for a few seconds, then closed, as a person
// would after seeing its events; any other answer must be a success.
const curlShim = `#!/usr/bin/env bash
real=$(PATH="$README_PATH" command -v curl)
for a in "$@"; do
  if [ "$a" = -sN ] || [ "$a" = -N ]; then
    out=$("$real" --max-time 3 "$@"); code=$?
    printf '%s\n' "$out"
    [ $code = 28 ] && [[ "$out" = *"event: next"* ]] && exit 0
    exit $code
  fi
done
for a in "$@"; do
  [[ "$a" =~ ^-[a-zA-Z]*f[a-zA-Z]*$ || "$a" = --fail ]] && exec "$real" "$@"
done
exec "$real" --fail-with-body "$@"
`

// TestReadme runs every shell block of README.md and docs/*.md as a
// newcomer would, in order, against maitre built from this tree on the
// README's addresses: each must exit 0. Every GraphQL block must be valid
// against the schema, every JSON block must parse, and a block of any
// other kind must say why it is not run.
func TestReadme(t *testing.T) {
	if testing.Short() {
		t.Skip("builds maitre and runs the README's commands")
	}
	for _, port := range []string{"4001", "4002", "4003", "4004", "4005", "4006"} {
		if c, err := net.Dial("tcp", "127.0.0.1:"+port); err == nil {
			c.Close()
			t.Fatalf("port %s is in use: the README's commands need 4001 to 4006", port)
		}
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "maitre")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	shims := filepath.Join(dir, "bin")
	if err := os.Mkdir(shims, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"go": goShim, "curl": curlShim} {
		if err := os.WriteFile(filepath.Join(shims, name), []byte(text), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	work := filepath.Join(dir, "work") // where the commands write (maitre.log)
	if err := os.Mkdir(work, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if pid, err := os.ReadFile(filepath.Join(dir, "server.pid")); err == nil {
			_ = exec.Command("kill", strings.TrimSpace(string(pid))).Run()
		}
	})
	env := append(os.Environ(), "MAITRE_BIN="+bin, "README_DIR="+dir, "README_PATH="+os.Getenv("PATH"),
		"PATH="+shims+string(os.PathListSeparator)+os.Getenv("PATH"))
	docs, _ := filepath.Glob("docs/*.md")
	schema := generated.NewExecutableSchema(generated.Config{}).Schema()
	for _, name := range append([]string{"README.md"}, docs...) {
		for _, b := range fences(t, name) {
			t.Run(fmt.Sprintf("%s:%d", b.file, b.line), func(t *testing.T) {
				switch {
				case b.notRun != "":
					t.Skipf("not run: %s", b.notRun)
				case b.lang == "":
					// Prose set apart (a diagram, a list of lines), not code.
				case b.lang == "sh":
					ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
					defer cancel()
					cmd := exec.CommandContext(ctx, "bash", "-euo", "pipefail", "-c", b.text)
					cmd.Dir, cmd.Env = work, env
					if out, err := cmd.CombinedOutput(); err != nil {
						server, _ := os.ReadFile(filepath.Join(dir, "server.out"))
						t.Fatalf("%v\n%s\n--- its output:\n%s\n--- the server's:\n%s", err, b.text, out, server)
					}
				case b.lang == "graphql":
					doc, err := parser.ParseQuery(&ast.Source{Input: b.text})
					if err != nil {
						t.Fatalf("%s: %v", b.text, err)
					}
					if errs := validator.Validate(schema, doc); len(errs) > 0 {
						t.Fatalf("%s: %v", b.text, gqlerror.List(errs))
					}
				case b.lang == "json":
					var v any
					if err := json.Unmarshal([]byte(b.text), &v); err != nil {
						t.Fatalf("%s: %v", b.text, err)
					}
				default:
					t.Fatalf("a %s block that is not run must say why: <!-- not run: ... --> on the line before it", b.lang)
				}
			})
		}
	}
}
