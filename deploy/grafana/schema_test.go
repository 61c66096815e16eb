package grafana

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"testing"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/cog/plugins"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/prometheus"
)

// TestDashboardSchema checks maitre.json as Grafana would load it, for
// no Grafana runs here: decoded strictly into the SDK's types (a field
// they do not know, one missing or of the wrong type fails), valid by
// their constraints and encoded back to the same bytes; then what the
// types cannot say: the grid, the ids, the queries and the variables.
func TestDashboardSchema(t *testing.T) {
	raw, err := os.ReadFile("maitre.json")
	if err != nil {
		t.Fatal(err)
	}
	d, err := strict(raw)
	if err != nil {
		t.Fatalf("maitre.json in the SDK's types: %v", err)
	}
	checks := []struct {
		name  string
		check func(*testing.T, dashboard.Dashboard)
	}{
		{"constraints", func(t *testing.T, d dashboard.Dashboard) {
			if err := d.Validate(); err != nil {
				t.Error(err)
			}
		}},
		{"round trip", func(t *testing.T, d dashboard.Dashboard) {
			out, err := Marshal(d)
			if err != nil || !bytes.Equal(out, raw) {
				t.Errorf("encoded again, maitre.json differs (%v)", err)
			}
		}},
		{"strictness", func(t *testing.T, _ dashboard.Dashboard) {
			// A misspelt option in a panel would be dropped by Grafana.
			wrong := bytes.Replace(raw, []byte(`"fillOpacity": 40`), []byte(`"fillOpacity": 40, "fillOpacit": 40`), 1)
			if _, err := strict(wrong); err == nil || bytes.Equal(wrong, raw) {
				t.Error("an unknown field in a panel's options decodes")
			}
		}},
		{"grid", checkGrid},
		{"queries", checkQueries},
		{"variables", checkVariables},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) { c.check(t, d) })
	}
}

// strict decodes a dashboard into the SDK's types, refusing what they
// do not hold.
func strict(raw []byte) (dashboard.Dashboard, error) {
	plugins.RegisterDefaultPlugins() // the panels' options and queries, by type
	var d dashboard.Dashboard
	err := d.UnmarshalJSONStrict(raw)
	// v0.0.22 returns an empty list of errors for none, and so drops
	// each panel it accepted: once all are, decode them again.
	if errs, ok := err.(cog.BuildErrors); !ok || len(errs) > 0 {
		return d, err
	}
	return d, json.Unmarshal(raw, &d)
}

// checkGrid: every panel has an id of its own and a place on the 24
// columns that no other panel takes.
func checkGrid(t *testing.T, d dashboard.Dashboard) {
	ids := map[uint32]bool{}
	taken := map[[2]uint32]uint32{}
	for _, p := range d.Panels {
		var id uint32
		var pos *dashboard.GridPos
		if p.RowPanel != nil {
			id, pos = p.RowPanel.Id, p.RowPanel.GridPos
		} else if p.Panel.Id != nil {
			id, pos = *p.Panel.Id, p.Panel.GridPos
		}
		if id == 0 || ids[id] {
			t.Errorf("panel id %d: missing or taken", id)
		}
		ids[id] = true
		if pos == nil || pos.W == 0 || pos.H == 0 || pos.X+pos.W > 24 {
			t.Errorf("panel %d: no place on the grid: %+v", id, pos)
			continue
		}
		for x := pos.X; x < pos.X+pos.W; x++ {
			for y := pos.Y; y < pos.Y+pos.H; y++ {
				if other, ok := taken[[2]uint32{x, y}]; ok {
					t.Fatalf("panels %d and %d overlap at %d,%d", other, id, x, y)
				}
				taken[[2]uint32{x, y}] = id
			}
		}
	}
}

// checkQueries: every panel but rows has a title and queries, each a
// PromQL expression on the dashboard's datasource under a refId of its
// own.
func checkQueries(t *testing.T, d dashboard.Dashboard) {
	for _, p := range d.Panels {
		if p.Panel == nil {
			continue
		}
		title := ""
		if p.Panel.Title != nil {
			title = *p.Panel.Title
		}
		if title == "" || len(p.Panel.Targets) == 0 {
			t.Errorf("panel %q: no title or no query", title)
		}
		refs := map[string]bool{}
		for _, target := range p.Panel.Targets {
			q, ok := target.(*prometheus.Dataquery)
			if !ok {
				t.Errorf("%s: a query not for Prometheus: %T", title, target)
				continue
			}
			ref, uid := "", ""
			if q.RefId != nil {
				ref = *q.RefId
			}
			if q.Datasource != nil && q.Datasource.Uid != nil {
				uid = *q.Datasource.Uid
			}
			if q.Expr == "" || ref == "" || refs[ref] || uid != "${datasource}" {
				t.Errorf("%s: query %q, refId %q, datasource %q: want an expression, a refId of its own and the datasource variable", title, q.Expr, ref, uid)
			}
			refs[ref] = true
		}
	}
}

// checkVariables: every $variable the panels and queries use is one the
// dashboard defines, or one of Grafana's ($__rate_interval).
func checkVariables(t *testing.T, d dashboard.Dashboard) {
	defined := map[string]bool{}
	var used []string
	for _, v := range d.Templating.List {
		defined[v.Name] = true
		if v.Query != nil && v.Query.String != nil {
			used = append(used, *v.Query.String)
		}
	}
	for _, p := range d.Panels {
		switch {
		case p.RowPanel != nil:
			if p.RowPanel.Title != nil {
				used = append(used, *p.RowPanel.Title)
			}
			if p.RowPanel.Repeat != nil {
				used = append(used, "$"+*p.RowPanel.Repeat)
			}
		case p.Panel.Title != nil:
			used = append(used, *p.Panel.Title)
			for _, target := range p.Panel.Targets {
				if q, ok := target.(*prometheus.Dataquery); ok {
					used = append(used, q.Expr)
				}
			}
		}
	}
	name := regexp.MustCompile(`\$\{?(\w+)`)
	for _, text := range used {
		for _, m := range name.FindAllStringSubmatch(text, -1) {
			if !defined[m[1]] && m[1] != "__rate_interval" {
				t.Errorf("$%s, in %q: no such variable", m[1], text)
			}
		}
	}
}
