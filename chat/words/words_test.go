package words

import (
	"strings"
	"testing"
)

func TestTokenize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"What's my revenue today?", "what is my revenue today"},
		{"Phở Bò & Gyōza (6 pcs)", "pho bo and gyoza 6 pcs"},
		{"Shepherd's Pie", "shepherd pie"},
		{"shepherds pie", "shepherds pie"},
		{"Crème Brûlée, please", "creme brulee , please"},
		{"sales on 2026-11-20; and 2026-02-30", "sales on 2026-11-20 , and 2026-02-30"},
		{"top -5 items", "top -5 items"},
		{"order #123", "order # 123"},
		{"we didn't", "we did not"},
		{"o'clock", "oclock"},
		{"Jalapeño O'Malley's and d'Ange", "jalapeno omalley and dange"},
		{"I'm sure they'd've", "i am sure they would have"},
		{"Straße", "strasse"},
		{"3.5 stars", "3.5 stars"},
		{"takings 20.11. and 11/9-11/15", "takings 20.11 , and 11/9-11/15"},
		{"look up order no. 20783105.", "look up order no 20783105"},
		{"this wk, tables r open", "this week , tables are open"},
		{"whats the take", "what is the take"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := strings.Join(Tokenize(tt.in), " "); got != tt.want {
				t.Errorf("Tokenize = %q; want %q", got, tt.want)
			}
		})
	}
}

func TestNumber(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		isOK bool
	}{{"5", 5, true}, {"-5", -5, true}, {"five", 5, true}, {"100000", 100000, true},
		{"99999999999999999999", 999999999, true}, {"fiv", 0, false}, {"5a", 0, false}}
	for _, tt := range tests {
		if n, ok := Number(tt.in); n != tt.n || ok != tt.isOK {
			t.Errorf("Number(%q) = %d, %v; want %d, %v", tt.in, n, ok, tt.n, tt.isOK)
		}
	}
}

func TestStem(t *testing.T) {
	for in, want := range map[string]string{"orders": "order", "fries": "fry", "boxes": "box", "glass": "glass", "bus": "bus"} {
		if got := Stem(in); got != want {
			t.Errorf("Stem(%q) = %q; want %q", in, got, want)
		}
	}
}
