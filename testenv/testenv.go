// Package testenv says what a test may do without the software it needs:
// on a developer's machine it is skipped, saying what is missing; in CI
// (CI set, as .ci/run sets it) it fails, so that a missing install step
// cannot pass as green.
package testenv

import (
	"os"
	"testing"
)

// Missing skips t, or fails it in CI, because of what is missing.
func Missing(t testing.TB, what string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("CI must have it: %s", what)
	}
	t.Skip(what)
}
