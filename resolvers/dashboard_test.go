package resolvers_test

import (
	"encoding/json"
	"testing"

	"github.com/maitre-pos/maitre/gatewaytest"
)

// TestDashboardInsights: the dashboard's busyHours, stockCover and
// unusual are the query fields of the same names, byte for byte, asked in
// one request (so at one clock); its unusual refuses a range of more than
// one day alone, as the query field does.
func TestDashboardInsights(t *testing.T) {
	t.Parallel()
	h := gatewaytest.New(t, nil)
	fields := `busyHours { from to weekdays cells { weekday hour revenue { amount } orders covers } busiest { weekday hour } }
		stockCover(threshold: 30, lookbackDays: 14) { product { id } stock dailySales daysLeft runsOutOn }
		unusual { date until compareDates figures { kind key position value { count share money { amount } } outsideBy { count share money { amount } } } }`
	r := h.Query(t, "demo-owner", `{ `+fields+` dashboard { `+fields+` } }`, nil)
	if len(r.Errors) > 0 {
		t.Fatalf("errors %+v", r.Errors)
	}
	var dash map[string]json.RawMessage
	if err := json.Unmarshal(r.Data["dashboard"], &dash); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"busyHours", "stockCover", "unusual"} {
		if string(dash[f]) != string(r.Data[f]) || len(dash[f]) < 50 {
			t.Errorf("dashboard.%s = %.200s; the query field = %.200s", f, dash[f], r.Data[f])
		}
	}

	r = h.Query(t, "demo-owner", `{ dashboard(range: {period: LAST_WEEK}) { unusual { date } busyHours { from } } }`, nil)
	var week struct {
		Dashboard struct {
			Unusual   *struct{ Date string }
			BusyHours *struct{ From string }
		}
	}
	raw, _ := json.Marshal(r.Data)
	_ = json.Unmarshal(raw, &week)
	if week.Dashboard.Unusual != nil || week.Dashboard.BusyHours == nil || len(r.Errors) != 1 || r.Errors[0].Extensions["code"] != "BAD_USER_INPUT" {
		t.Errorf("a week's dashboard: %+v, errors %+v; want unusual alone null with BAD_USER_INPUT", week, r.Errors)
	}
}
