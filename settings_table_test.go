package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/maitre-pos/maitre/config"
)

var update = flag.Bool("update", false, "rewrite README.md's generated table of settings")

// The README's table of settings lies between these lines.
const (
	settingsStart = "<!-- settings: generated from config.Settings by `go test . -run TestReadmeSettings -update` -->\n"
	settingsEnd   = "<!-- /settings -->\n"
)

// settingsTable writes every setting as a row: its variable, flag, key in
// the file, default and meaning, as the components own them.
func settingsTable() string {
	var b strings.Builder
	b.WriteString("| variable | flag | file key | default | range | meaning |\n|---|---|---|---|---|---|\n")
	for _, s := range config.Settings() {
		def := "unset"
		if s.Default != "" {
			def = "`" + s.Default + "`"
		}
		help := s.Help
		if s.Restart {
			help += " (restart to change)"
		}
		fmt.Fprintf(&b, "| `%s` | `--%s` | `%s` | %s | %s | %s |\n", s.Env, s.Flag, s.Path, def, s.Range(), strings.ReplaceAll(help, "|", "\\|"))
	}
	return b.String()
}

// TestReadmeSettings holds the README's table of settings to the
// settings themselves: every variable, flag, key and default as the
// configuration reads them, none missing and none made up.
func TestReadmeSettings(t *testing.T) {
	raw, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	before, rest, ok := strings.Cut(string(raw), settingsStart)
	table, after, ok2 := strings.Cut(rest, settingsEnd)
	if !ok || !ok2 {
		t.Fatalf("README.md has no table of settings between %q and %q", settingsStart, settingsEnd)
	}
	want := settingsTable()
	if *update {
		if err := os.WriteFile("README.md", []byte(before+settingsStart+want+settingsEnd+after), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if table != want {
		t.Error("README.md's table of settings is out of date: go test . -run TestReadmeSettings -update rewrites it, then review the diff")
	}
}
