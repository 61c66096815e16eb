package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/maitre-pos/maitre/admit"
)

// Attack is a hostile document shape that grows with n, and the limit
// that refuses it.
type Attack struct {
	Name string
	Doc  func(n int) string
	// From is the smallest size at which the shape is past its limit.
	From int
	// Limit keeps the limit that refuses the shape at its default.
	Limit func(*admit.Limits)
	// Code is what that limit answers.
	Code string
}

func times(s string, n int) string { return strings.Repeat(s, n) }

// numbered repeats pattern n times, %[1]d the index and %[2]d the next.
func numbered(pattern string, n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, pattern, i, i+1)
	}
	return b.String()
}

func repeatedField(n int) string { return "{ me { " + times("tenantId ", n) + "} }" }

// Attacks are the shapes of docs/limits.md, each with its limit.
var Attacks = []Attack{
	{"tokens", repeatedField, 64 << 10, func(l *admit.Limits) { l.MaxTokens = admit.Defaults.MaxTokens }, "QUERY_TOO_LARGE"},
	{"bracket nesting", func(n int) string { return "{ me(x: " + times("[", n) + times("]", n) + ") { name } }" }, 4 << 10,
		func(l *admit.Limits) { l.MaxNesting = admit.Defaults.MaxNesting }, "QUERY_TOO_DEEP"},
	{"depth through fragments", func(n int) string {
		return "{ orders { nodes { ...D0 } } } " + numbered("fragment D%[1]d on Order { payments { order { ...D%[2]d } } } ", n) +
			fmt.Sprintf("fragment D%d on Order { id }", n)
	}, 4 << 10, func(l *admit.Limits) { l.MaxDepth = admit.Defaults.MaxDepth }, "QUERY_TOO_DEEP"},
	{"introspection depth", func(n int) string {
		return "{ __schema { types { ...T0 } } } " + numbered("fragment T%[1]d on __Type { ofType { ...T%[2]d } } ", n) +
			fmt.Sprintf("fragment T%d on __Type { name }", n)
	}, 4 << 10, func(l *admit.Limits) { l.MaxIntrospectionDepth = admit.Defaults.MaxIntrospectionDepth }, "QUERY_TOO_DEEP"},
	{"repeated field, fields", repeatedField, 16 << 10, func(l *admit.Limits) { l.MaxFields = admit.Defaults.MaxFields }, "TOO_MANY_FIELDS"},
	{"repeated field, width", repeatedField, 4 << 10, func(l *admit.Limits) { l.MaxSelections = admit.Defaults.MaxSelections }, "SELECTION_TOO_WIDE"},
	{"fragment bomb", func(n int) string {
		return "{ ...B0 } " + numbered("fragment B%[1]d on Query { ...B%[2]d ...B%[2]d } ", n) + fmt.Sprintf("fragment B%d on Query { me { name } }", n)
	}, 4 << 10, func(l *admit.Limits) { l.MaxFields = admit.Defaults.MaxFields }, "TOO_MANY_FIELDS"},
	{"root fields", func(n int) string { return "{ " + times("me { name } ", n) + "}" }, 4 << 10,
		func(l *admit.Limits) { l.MaxRootFields = admit.Defaults.MaxRootFields }, "TOO_MANY_ROOT_FIELDS"},
	{"directives", func(n int) string { return "{ me { name " + times("@include(if: true) ", n) + "} }" }, 4 << 10,
		func(l *admit.Limits) { l.MaxDirectives = admit.Defaults.MaxDirectives }, "TOO_MANY_DIRECTIVES"},
	{"aliases", func(n int) string { return "{ me { " + numbered("a%[1]d: name ", n) + "} }" }, 4 << 10,
		func(l *admit.Limits) { l.MaxAliases = admit.Defaults.MaxAliases }, "TOO_MANY_ALIASES"},
	{"distinct fragments", func(n int) string {
		return "{ ...F0 } " + numbered("fragment F%[1]d on Query { ...F%[2]d } ", n) + fmt.Sprintf("fragment F%d on Query { me { name } }", n)
	}, 4 << 10, func(l *admit.Limits) { l.MaxFragments = admit.Defaults.MaxFragments }, "TOO_MANY_FRAGMENTS"},
	{"introspection aliases", func(n int) string { return "{ " + numbered("a%[1]d: __schema { types { name } } ", n) + "}" }, 4 << 10,
		func(l *admit.Limits) {}, "TOO_MANY_INTROSPECTIONS"},
	{"validation work", repeatedField, 256 << 10, func(l *admit.Limits) { l.MaxValidationWork = admit.Defaults.MaxValidationWork }, "VALIDATION_TOO_COSTLY"},
	{"fragment walked per operation", func(n int) string {
		return "fragment F on Query { orders(status: [" + times("PENDING ", n) + "]) { nodes { id } } } " +
			numbered("query Q%[1]d { ...F } ", 20)
	}, 16 << 10, func(l *admit.Limits) { l.MaxValidationWork = admit.Defaults.MaxValidationWork }, "VALIDATION_TOO_COSTLY"},
	{"operations", func(n int) string { return numbered("query Q%[1]d { me { name } } ", n) }, 4 << 10,
		func(l *admit.Limits) { l.MaxOperations = admit.Defaults.MaxOperations }, "TOO_MANY_OPERATIONS"},
	{"long alias", func(n int) string { return "{ me { " + times("a", n) + ": name } }" }, 4 << 10,
		func(l *admit.Limits) { l.MaxNameBytes = admit.Defaults.MaxNameBytes }, "NAME_TOO_LONG"},
	{"quoted value", func(n int) string {
		return `fragment F on Query { orders(first: "` + times("<", n) + `") { nodes { id } } } ` + numbered("query Q%[1]d { ...F } ", 20)
	}, 16 << 10, func(l *admit.Limits) { l.MaxStringBytes = admit.Defaults.MaxStringBytes }, "STRING_TOO_LONG"},
	{"aliases in introspection", func(n int) string { return "{ __schema { types { " + numbered("a%[1]d: name ", n) + "} } }" }, 4 << 10,
		func(l *admit.Limits) {}, "INTROSPECTION_ALIASED"},
}

// AttackSizes are the document sizes tried, up to just under the default
// body limit of 1 MiB.
var AttackSizes = []int{4 << 10, 16 << 10, 64 << 10, 256 << 10, 512 << 10, 1000 << 10}

// Sizes returns the AttackSizes at which a is past its limit.
func (a Attack) Sizes() []int {
	var out []int
	for _, s := range AttackSizes {
		if s >= a.From {
			out = append(out, s)
		}
	}
	return out
}

// Sized returns a's document closest to size bytes without going over.
func (a Attack) Sized(size int) string {
	unit := max(1, (len(a.Doc(128))-len(a.Doc(64)))/64)
	n := max(1, (size-len(a.Doc(64)))/unit+64)
	for {
		doc := a.Doc(n)
		if len(doc) <= size || n == 1 {
			return doc
		}
		n = max(1, min(n-1, n*size/len(doc)))
	}
}

// Lifted returns the document limits with every one raised out of the
// way but those keep sets.
func Lifted(keep func(*admit.Limits)) admit.Limits {
	l := admit.Limits{MaxErrors: admit.Defaults.MaxErrors} // zero: no limit
	keep(&l)
	return l
}

// QueryBody is the JSON body clients send for query: like browsers'
// JSON.stringify, it leaves <, > and & as they are.
func QueryBody(query string) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(map[string]string{"query": query})
	return buf.Bytes()
}

// hostile sends every attack at every size to a gateway process with the
// default limits and reports the gateway's CPU per refused request, then
// its memory after 100 distinct refused 1 MB queries and after 2,000
// distinct admitted large ones.
func hostile(ctx context.Context, o Options, out io.Writer) error {
	g, stop, err := startProcesses(o.Executable)
	if err != nil {
		return err
	}
	defer stop()
	send := func(doc string) (string, error) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, g.url+"/query", bytes.NewReader(QueryBody(doc)))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer demo-cashier")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return "", err
		}
		defer resp.Body.Close()
		var r struct {
			Errors []struct {
				Extensions struct{ Code string }
			}
		}
		_ = json.NewDecoder(resp.Body).Decode(&r)
		if len(r.Errors) == 0 {
			return "", nil
		}
		return r.Errors[0].Extensions.Code, nil
	}
	fmt.Fprintf(out, "## Hostile documents: gateway CPU per refused request, default limits, gateway in its own process\n\n| attack |")
	for _, s := range AttackSizes {
		fmt.Fprintf(out, " %d KB |", s>>10)
	}
	fmt.Fprintf(out, " codes |\n|---|%s---|\n", strings.Repeat("---:|", len(AttackSizes)))
	worst := time.Duration(0)
	for _, a := range Attacks {
		fmt.Fprintf(out, "| %s |", a.Name)
		codes := map[string]bool{}
		for _, size := range AttackSizes {
			doc := a.Sized(size)
			if _, err := send(doc); err != nil { // warm up
				return err
			}
			n, c0, w0 := 0, g.cpu(), time.Now()
			for time.Since(w0) < 300*time.Millisecond || n < 5 {
				code, err := send(doc)
				if err != nil {
					return err
				}
				codes[code] = true
				n++
			}
			per := (g.cpu() - c0) / time.Duration(n)
			worst = max(worst, per)
			fmt.Fprintf(out, " %.2f ms |", float64(per.Microseconds())/1000)
		}
		var cs []string
		for c := range codes {
			cs = append(cs, c)
		}
		fmt.Fprintf(out, " %s |\n", strings.Join(cs, ", "))
	}
	fmt.Fprintf(out, "\nThe costliest refusal took %.1f ms of gateway CPU.\n\n", float64(worst.Microseconds())/1000)

	aliases := Attacks[9]
	for i := range 100 { // distinct texts: no cache may keep them
		if _, err := send(aliases.Sized(1000<<10) + " #" + strconv.Itoa(i)); err != nil {
			return err
		}
	}
	rss, peak := g.rss()
	fmt.Fprintf(out, "- After 100 distinct refused 1 MB queries: RSS %.0f MiB (peak %.0f MiB).\n", rss, peak)
	big := repeatedField(190) + times("\n# a comment is a token too", 4400)
	for i := range 2000 { // admitted and kept, each about 4,600 tokens
		if code, err := send(big + " " + strconv.Itoa(i)); err != nil || code != "" {
			return fmt.Errorf("bench: an admissible document was refused (%s): %v", code, err)
		}
	}
	rss, peak = g.rss()
	fmt.Fprintf(out, "- After 2,000 distinct admitted documents of about 4,600 tokens: RSS %.0f MiB (peak %.0f MiB); the query cache holds at most 32 MiB of them.\n\n", rss, peak)
	return nil
}

// rss returns the process's resident and peak resident memory in MiB.
func (g *gatewayProcess) rss() (now, peak float64) {
	b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", g.cmd.Process.Pid))
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		kb, _ := strconv.ParseFloat(f[1], 64)
		switch f[0] {
		case "VmRSS:":
			now = kb / 1024
		case "VmHWM:":
			peak = kb / 1024
		}
	}
	return now, peak
}
