// Package promtool runs Prometheus's promtool for the tests of deploy's
// generators.
package promtool

import (
	"os"
	"os/exec"
	"testing"
)

// Command is promtool with args. Where promtool is missing it skips t,
// or fails it in CI (CI set), as maitre's package testenv does: a
// missing install step cannot pass as green.
func Command(t testing.TB, args ...string) *exec.Cmd {
	t.Helper()
	path, err := exec.LookPath("promtool")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must have promtool (apt-get install -y prometheus)")
		}
		t.Skip("promtool is not installed (apt-get install -y prometheus)")
	}
	return exec.Command(path, args...)
}
