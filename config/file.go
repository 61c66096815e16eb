package config

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// fileValue is one setting read from a file, and the line it is on.
type fileValue struct {
	value string
	line  int
}

// readFile reads a configuration file into its settings by path. Unknown
// keys, values of the wrong kind and YAML errors are errors naming the
// file and line; a null value leaves the setting as if it were absent.
func readFile(name string) (map[string]fileValue, error) {
	src, err := readBounded(name)
	if err != nil {
		return nil, err
	}
	if err := bounded(name, src); err != nil {
		return nil, err
	}
	f, err := parser.ParseBytes(src, 0)
	if err != nil {
		return nil, fmt.Errorf("config: %s:%s", name, yamlError(err))
	}
	kinds := map[string]Kind{}
	groups := map[string]bool{}
	for _, s := range Settings() {
		kinds[s.Path] = s.Kind
		for p := s.Path; strings.Contains(p, "."); {
			p = p[:strings.LastIndex(p, ".")]
			groups[p] = true
		}
	}
	out := map[string]fileValue{}
	r := fileReader{name: name, kinds: kinds, groups: groups, out: out}
	var docs []ast.Node
	for _, doc := range f.Docs {
		if doc.Body != nil {
			docs = append(docs, doc.Body)
		}
	}
	if len(docs) > 1 {
		return nil, r.fail(docs[1], "a configuration is one YAML document, and this is a second")
	}
	for _, body := range docs {
		if err := r.mapping("", body); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Bounds of a configuration file, checked before it is parsed: the YAML
// parser's cost grows with the square of the nesting, and a complete file
// of every setting is under 10 KB.
const (
	maxFileBytes = 256 << 10
	maxFlowDepth = 8
)

// readBounded reads a regular file of at most maxFileBytes. Anything else
// (a FIFO, which would wedge every later reload; a device such as
// /dev/zero, which never ends) is refused before it is read, and opening
// never waits for a writer.
func readBounded(name string) ([]byte, error) {
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("config: %s is not a regular file (%s)", name, info.Mode().Type())
	}
	src, err := io.ReadAll(io.LimitReader(f, maxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	if len(src) > maxFileBytes {
		return nil, fmt.Errorf("config: %s is over %d bytes; a configuration file is at most %d", name, maxFileBytes, maxFileBytes)
	}
	return src, nil
}

// bounded refuses a file too large, or with brackets nested too deep.
func bounded(name string, src []byte) error {
	if len(src) > maxFileBytes {
		return fmt.Errorf("config: %s is %d bytes; a configuration file is at most %d", name, len(src), maxFileBytes)
	}
	depth, line := 0, 1
	var quote byte
	for _, c := range src {
		switch {
		case c == '\n':
			line++
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '{' || c == '[':
			if depth++; depth > maxFlowDepth {
				return fmt.Errorf("config: %s:%d: brackets nested more than %d deep", name, line, maxFlowDepth)
			}
		case c == '}' || c == ']':
			depth = max(depth-1, 0)
		}
	}
	return nil
}

type fileReader struct {
	name   string
	kinds  map[string]Kind
	groups map[string]bool
	out    map[string]fileValue
}

func (r fileReader) fail(n ast.Node, format string, args ...any) error {
	return fmt.Errorf("config: %s:%d: %s", r.name, n.GetToken().Position.Line, fmt.Sprintf(format, args...))
}

// mapping reads the keys under prefix.
func (r fileReader) mapping(prefix string, n ast.Node) error {
	var pairs []*ast.MappingValueNode
	switch m := n.(type) {
	case *ast.MappingNode:
		pairs = m.Values
	case *ast.MappingValueNode:
		pairs = []*ast.MappingValueNode{m}
	case *ast.CommentNode:
		return nil
	default:
		where := "the file"
		if prefix != "" {
			where = prefix
		}
		return r.fail(n, "%s must be a mapping of settings", where)
	}
	for _, kv := range pairs {
		path := kv.Key.String()
		if strings.Contains(path, ".") {
			return r.fail(kv.Key, "unknown setting %s: settings nest as mappings, not dotted keys", path)
		}
		if prefix != "" {
			path = prefix + "." + path
		}
		switch kind, ok := r.kinds[path]; {
		case ok && kind == Names:
			v, err := r.names(path, kv.Value)
			if err != nil {
				return err
			}
			if v != "" {
				r.out[path] = fileValue{v, kv.Key.GetToken().Position.Line}
			}
		case ok:
			v, err := r.scalar(path, kind, kv.Value)
			if err != nil {
				return err
			}
			if _, null := kv.Value.(*ast.NullNode); !null {
				r.out[path] = fileValue{v, kv.Key.GetToken().Position.Line}
			}
		case r.groups[path]:
			if _, null := kv.Value.(*ast.NullNode); null {
				continue
			}
			if err := r.mapping(path, kv.Value); err != nil {
				return err
			}
		default:
			return r.fail(kv.Key, "unknown setting %s", path)
		}
	}
	return nil
}

// names is a mapping of tenant to a mapping of alias to name, written as
// JSON for the setting's parser; "" for null.
func (r fileReader) names(path string, n ast.Node) (string, error) {
	if _, null := n.(*ast.NullNode); null {
		return "", nil
	}
	pairs := func(n ast.Node) ([]*ast.MappingValueNode, bool) {
		switch m := n.(type) {
		case *ast.MappingNode:
			return m.Values, true
		case *ast.MappingValueNode:
			return []*ast.MappingValueNode{m}, true
		}
		return nil, false
	}
	tenants, ok := pairs(n)
	if !ok {
		return "", r.fail(n, "%s must be %s", path, kindWant[Names])
	}
	out := map[string]map[string]string{}
	for _, t := range tenants {
		as, ok := pairs(t.Value)
		if !ok {
			return "", r.fail(t.Value, "%s.%s must be a mapping of alias to name", path, t.Key.String())
		}
		out[t.Key.String()] = map[string]string{}
		for _, a := range as {
			name, ok := a.Value.(*ast.StringNode)
			if !ok {
				return "", r.fail(a.Value, "the alias %q of %s.%s must name a product, category or table as a string", a.Key.String(), path, t.Key.String())
			}
			out[t.Key.String()][a.Key.String()] = name.Value
		}
	}
	b, err := json.Marshal(out) // keys sorted: one text for one mapping
	return string(b), err
}

// scalar is n's value as the text the setting's kind parses, or an error
// when n is not of that kind.
func (r fileReader) scalar(path string, kind Kind, n ast.Node) (string, error) {
	var v string
	ok := false
	switch s := n.(type) {
	case *ast.NullNode:
		return "", nil
	case *ast.StringNode:
		v = s.Value
		switch kind {
		case Text:
			ok = true
		case Duration:
			_, err := time.ParseDuration(v)
			ok = err == nil
		}
	case *ast.IntegerNode:
		v = fmt.Sprint(s.GetValue())
		ok = kind == Integer || kind == Number || kind == Duration && v == "0"
	case *ast.FloatNode:
		v = strconv.FormatFloat(s.Value, 'g', -1, 64)
		ok = kind == Number
	case *ast.BoolNode:
		v = strconv.FormatBool(s.Value)
		ok = kind == Boolean
	}
	if !ok {
		return "", r.fail(n, "%s must be %s, got %s", path, kindWant[kind], strings.TrimSpace(n.String()))
	}
	return v, nil
}

// kindWant describes what a kind's values look like.
var kindWant = map[Kind]string{
	Duration: "a duration such as 800ms",
	Integer:  "a whole number",
	Number:   "a number",
	Boolean:  "true or false",
	Text:     "a string",
	Names:    "a mapping of tenant to a mapping of alias to name",
}

// yamlError is a YAML error as "line:column: message", without the
// excerpt of the source.
func yamlError(err error) string {
	msg, _, _ := strings.Cut(err.Error(), "\n")
	if pos, rest, ok := strings.Cut(strings.TrimPrefix(msg, "["), "] "); ok {
		return pos + ": " + rest
	}
	return " " + msg
}
