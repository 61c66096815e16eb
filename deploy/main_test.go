package deploy

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// work is a folder for the whole run: the image's build context, which
// holds the binary the chart's tests run too.
var work string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "maitre-deploy-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	work = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// buildContext is the folder podman builds the image from: the files the
// Containerfile copies, and nothing else.
func buildContext() string { return filepath.Join(work, "context") }

// buildMaitre builds maitre into the build context once, as the image
// holds it: static (CGO off), without local paths or symbols.
var buildMaitre = sync.OnceValues(func() (string, error) {
	bin := filepath.Join(buildContext(), "maitre")
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w", "-o", bin, ".")
	cmd.Dir = ".."
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
})

// maitreBinary is maitre built once for the run.
func maitreBinary(t *testing.T) string {
	t.Helper()
	bin, err := buildMaitre()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

// missing skips t, or fails it in CI, because of what is missing, as
// maitre's package testenv does: a missing install step cannot pass as
// green.
func missing(t *testing.T, what string) {
	t.Helper()
	if os.Getenv("CI") != "" {
		t.Fatalf("CI must have it: %s", what)
	}
	t.Skip(what)
}
