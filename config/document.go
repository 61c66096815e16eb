package config

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// WriteDefaults writes a configuration file that sets every setting to
// its default, each under a comment saying what it does.
func WriteDefaults(w io.Writer) error {
	var b strings.Builder
	b.WriteString("# maitre's configuration, every setting at its default (maitre config defaults).\n")
	b.WriteString("# Environment variables and flags win over this file; a null value keeps the default.\n")
	var open []string // the groups the previous setting was in
	for _, s := range Settings() {
		parts := strings.Split(s.Path, ".")
		groups, key := parts[:len(parts)-1], parts[len(parts)-1]
		same := 0
		for same < len(groups) && same < len(open) && groups[same] == open[same] {
			same++
		}
		for i := same; i < len(groups); i++ {
			fmt.Fprintf(&b, "%s%s:\n", indent(i), groups[i])
		}
		if len(groups) == 0 {
			b.WriteString("\n")
		}
		open = groups
		pad := indent(len(groups))
		help := s.Help
		if r := s.Range(); r != "" {
			help += " [" + r + "]"
		}
		if s.Restart {
			help += " [restart to change]"
		}
		for _, line := range wrap(help, 76-len(pad)) {
			fmt.Fprintf(&b, "%s# %s\n", pad, line)
		}
		fmt.Fprintf(&b, "%s%s: %s\n", pad, key, yamlValue(s))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func indent(level int) string { return strings.Repeat("  ", level) }

// yamlValue is s's default as YAML: null where it has none.
func yamlValue(s Setting) string {
	switch {
	case s.Default == "":
		return "null"
	case s.Kind == Text || s.Kind == Duration:
		return strconv.Quote(s.Default)
	}
	return s.Default
}

// wrap breaks text into lines of at most width bytes at spaces.
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(text) {
		if line != "" && len(line)+1+len(w) > width {
			lines = append(lines, line)
			line = ""
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	return append(lines, line)
}

// Schema returns the JSON Schema of the configuration file, for editors.
func Schema() ([]byte, error) {
	root := object()
	for _, s := range Settings() {
		parts := strings.Split(s.Path, ".")
		node := root
		for _, g := range parts[:len(parts)-1] {
			props := node["properties"].(map[string]any)
			child, ok := props[g].(map[string]any)
			if !ok {
				child = object()
				props[g] = child
			}
			node = child
		}
		node["properties"].(map[string]any)[parts[len(parts)-1]] = property(s)
	}
	root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	root["title"] = "maitre configuration"
	return json.MarshalIndent(root, "", "  ")
}

func object() map[string]any {
	return map[string]any{"type": "object", "additionalProperties": false, "properties": map[string]any{}}
}

// property is the schema of one setting; null is allowed everywhere, as
// it keeps the default.
func property(s Setting) map[string]any {
	p := map[string]any{"description": s.Help}
	switch s.Kind {
	case Duration:
		p["anyOf"] = []any{
			map[string]any{"type": "string", "pattern": `^(0|([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+)$`},
			map[string]any{"const": 0}, map[string]any{"type": "null"},
		}
	case Integer:
		p["type"] = []string{"integer", "null"}
		p["minimum"] = 0
		if s.Positive {
			p["minimum"] = 1
		}
		if s.Max != "" {
			p["maximum"], _ = strconv.ParseInt(s.Max, 10, 64)
		}
	case Number:
		p["type"] = []string{"number", "null"}
		p["minimum"] = 0
		if s.Max != "" {
			p["maximum"], _ = strconv.ParseFloat(s.Max, 64)
		}
	case Boolean:
		p["type"] = []string{"boolean", "null"}
	case Names:
		p["type"] = []string{"object", "null"}
		p["additionalProperties"] = map[string]any{"type": "object", "additionalProperties": map[string]any{"type": "string", "maxLength": maxAliasLength}}
	default:
		p["type"] = []string{"string", "null"}
	}
	if s.Default != "" {
		p["default"] = typed(s)
	}
	return p
}

// typed is s's default as the JSON value of its kind.
func typed(s Setting) any {
	switch s.Kind {
	case Integer:
		n, _ := strconv.ParseInt(s.Default, 10, 64)
		return n
	case Number:
		f, _ := strconv.ParseFloat(s.Default, 64)
		return f
	case Boolean:
		return s.Default == "true"
	}
	return s.Default
}
