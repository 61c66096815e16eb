package reports

import "testing"

// TestEffects: volume and ticket rounded half away from zero, and the
// ranges without orders; volume + ticket + cross is the change whatever
// the case.
func TestEffects(t *testing.T) {
	cases := []struct {
		name           string
		cur, prev      Period
		volume, ticket int64
	}{
		{"more orders, same ticket", Period{300, 3}, Period{200, 2}, 100, 0},
		{"same orders, bigger ticket", Period{250, 2}, Period{200, 2}, 0, 50},
		{"a half rounds away from zero", Period{5, 2}, Period{0, 1}, 0, 3}, // 5×1/2 − 0 = 2.5
		{"volume of a third", Period{100, 4}, Period{100, 3}, 33, -25},     // 100×1/3 = 33.3; 100×3/4 − 100 = −25
		{"a negative half", Period{1, 1}, Period{5, 2}, -3, -3},            // 5×(1−2)/2 = −2.5; 1×2/1 − 5
		{"no previous order", Period{500, 5}, Period{0, 0}, 500, 0},        // all volume
		{"no current order", Period{-20, 0}, Period{400, 4}, -400, 0},      // volume −400, the rest cross
		{"refunds without orders both sides", Period{-10, 0}, Period{-5, 0}, -5, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v, k := effects(c.cur, c.prev)
			if v != c.volume || k != c.ticket {
				t.Errorf("volume %d, ticket %d; want %d, %d", v, k, c.volume, c.ticket)
			}
		})
	}
}
