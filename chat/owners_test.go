package chat

import (
	"bufio"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/chat/period"
	"github.com/maitre-pos/maitre/demo/demotest"
)

// ownerTenants are the tenants of testdata/owners-catalogs.tsv, which
// someone who had not read this package made up with the questions of
// testdata/owners.tsv, and the demo's.
func ownerTenants(t testing.TB) map[string]tenantCase {
	t.Helper()
	f, err := os.Open("testdata/owners-catalogs.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zones := map[string]string{}
	products := map[string][]ProductName{}
	tables := map[string][]TableName{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		p := strings.Split(sc.Text(), "\t")
		switch {
		case strings.HasPrefix(p[0], "#"):
		case strings.HasPrefix(p[0], "@"):
			zones[p[0][1:]] = p[1]
		case p[1] == "product":
			products[p[0]] = append(products[p[0]], ProductName{p[2], p[3], p[4]})
		case p[1] == "table":
			tables[p[0]] = append(tables[p[0]], TableName{p[2], p[3]})
		}
	}
	out := map[string]tenantCase{}
	for k, v := range demoTenants(t) {
		out[k] = v
	}
	for tenant, zone := range zones {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatal(err)
		}
		out[tenant] = tenantCase{period.NewClock(demotest.Now, loc), newEntities(products[tenant], tables[tenant])}
	}
	return out
}

// sameAsks compares asks as written, periods by the days they stand for
// ("YESTERDAY" is the day before today, however it is written) and the
// names asked back in any order.
func sameAsks(clock period.Clock, got, want string) bool {
	if got == want {
		return true
	}
	g, w := strings.Split(got, " ; "), strings.Split(want, " ; ")
	if len(g) != len(w) {
		return false
	}
	for i := range g {
		if normalAsk(clock, g[i]) != normalAsk(clock, w[i]) {
			return false
		}
	}
	return true
}

func normalAsk(clock period.Clock, a string) string {
	if names, ok := strings.CutPrefix(a, "?("); ok {
		ns := strings.Split(strings.TrimSuffix(names, ")"), "|")
		slices.Sort(ns)
		return "?(" + strings.Join(ns, "|") + ")"
	}
	name, inner, ok := strings.Cut(a, "(")
	if !ok {
		return a
	}
	slots := strings.Split(strings.TrimSuffix(inner, ")"), ", ")
	for k, s := range slots {
		key, v, _ := strings.Cut(s, "=")
		if key != "period" && key != "compare" {
			continue
		}
		p := period.Period{Name: v}
		if from, to, ok := strings.Cut(v, ".."); ok {
			p = period.Period{From: from, To: to}
		}
		today := clock.Today()
		switch v { // the labels' names the schema has no period for
		case "THIS_YEAR":
			p = period.Days(time.Date(today.Year(), 1, 1, 0, 0, 0, 0, today.Location()), today)
		case "LAST_YEAR":
			p = period.Days(time.Date(today.Year()-1, 1, 1, 0, 0, 0, 0, today.Location()), time.Date(today.Year()-1, 12, 31, 0, 0, 0, 0, today.Location()))
		}
		if r, err := clock.Range(p); err == nil {
			slots[k] = key + "=" + r.Start.Format(time.DateOnly) + ".." + r.End.Format(time.DateOnly)
		}
	}
	return name + "(" + strings.Join(slots, ", ") + ")"
}

// TestOwners scores the owners' held-out set, by tenant, follow-ups and
// asks back apart, and fails under the floor it was brought to.
func TestOwners(t *testing.T) {
	rows := readSet(t, "testdata/owners.tsv")
	cases := ownerTenants(t)
	tr := newTranslator()
	right, n := map[string]int{}, map[string]int{}
	var prev []Ask
	for _, r := range rows {
		tc := cases[r.tenant]
		var before []Ask
		if r.followUp {
			before = prev
		}
		got := tr.translate(r.question, tc.clock, tc.ents, before)
		prev = got.asks
		kinds := []string{"all", r.tenant}
		if r.followUp {
			kinds = append(kinds, "follow-ups")
		}
		if strings.HasPrefix(r.want, "?(") {
			kinds = append(kinds, "asked back")
		}
		ok := sameAsks(tc.clock, render(got), r.want)
		for _, k := range kinds {
			n[k]++
			if ok {
				right[k]++
			}
		}
		if !ok {
			t.Logf("%s %q\n\tgot  %s\n\twant %s", r.tenant, r.question, render(got), r.want)
		}
	}
	for _, k := range []string{"all", "tandoor", "diner", "bistro", "cafe", "izakaya", "follow-ups", "asked back"} {
		t.Logf("owners %s: %d of %d (%.1f%%)", k, right[k], n[k], 100*float64(right[k])/float64(max(n[k], 1)))
	}
	if right["all"] < n["all"]*ownersFloor/100 {
		t.Errorf("owners' held-out set: %d of %d; want at least %d%%", right["all"], n["all"], ownersFloor)
	}
}

// ownersFloor is the share of the owners' set, in percent, below which
// TestOwners fails.
const ownersFloor = 97

func newEntities(p []ProductName, t []TableName) *Entities { return NewEntities(p, t, nil) }
