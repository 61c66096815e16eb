package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

// operationsFolder accepts no folder (the demo's tools) or a folder that
// holds a .graphql file: a missing one would serve no tool, or another's.
// Whether each file is one valid query is known with the schema only, at
// startup (package toolbox).
func operationsFolder(dir string) string {
	const want = "a folder holding .graphql files"
	if dir == "" {
		return ""
	}
	if info, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return want + " (there is no such folder)"
	} else if err == nil && !info.IsDir() {
		return want + " (it is a file)"
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return want + " (" + err.Error() + ")"
	}
	for _, e := range entries {
		if !e.IsDir() && filepath.Ext(e.Name()) == ".graphql" {
			return ""
		}
	}
	return want + " (it holds none)"
}
