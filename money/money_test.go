package money

import (
	"math"
	"testing"
)

func TestFormat(t *testing.T) {
	tests := []struct {
		minor         int64
		currency      string
		amount, shown string
	}{
		{0, "USD", "0.00", "$0.00"},
		{5, "USD", "0.05", "$0.05"},
		{123450, "USD", "1234.50", "$1,234.50"},
		{123450, "EUR", "1234.50", "€1,234.50"},
		{-1999, "EUR", "-19.99", "-€19.99"},
		{100000000, "USD", "1000000.00", "$1,000,000.00"},
		{1500, "JPY", "1500", "¥1,500"},
		{-7, "JPY", "-7", "-¥7"},
		{123456, "KRW", "123456", "₩123,456"},
		{1800, "BHD", "1.800", "BHD 1.800"},
		{5, "KWD", "0.005", "KWD 0.005"},
		{1234567, "TND", "1234.567", "TND 1,234.567"},
		{1050, "GBP", "10.50", "£10.50"},
		{1050, "SEK", "10.50", "SEK 10.50"},
		{1050, "CHF", "10.50", "CHF 10.50"},
		{1050, "XYZ", "10.50", "XYZ 10.50"},
		{math.MinInt64, "USD", "-92233720368547758.08", "-$92,233,720,368,547,758.08"},
	}
	for _, tt := range tests {
		amount, shown := Format(tt.minor, tt.currency)
		if amount != tt.amount || shown != tt.shown {
			t.Errorf("Format(%d, %q) = %q, %q; want %q, %q", tt.minor, tt.currency, amount, shown, tt.amount, tt.shown)
		}
		if a, f := AppendAmount([]byte("x"), tt.minor, tt.currency), AppendFormatted([]byte("x"), tt.minor, tt.currency); string(a) != "x"+tt.amount || string(f) != "x"+tt.shown {
			t.Errorf("AppendAmount, AppendFormatted(%d, %q) = %q, %q; want them after x", tt.minor, tt.currency, a, f)
		}
	}
}

func TestParse(t *testing.T) {
	for _, tt := range []struct {
		minor    int64
		currency string
	}{{0, "USD"}, {5, "USD"}, {-123450, "EUR"}, {1500, "JPY"}, {1800, "BHD"}, {7, "KWD"}, {math.MaxInt64, "TND"}} {
		amount, _ := Format(tt.minor, tt.currency)
		got, err := Parse(amount, tt.currency)
		if err != nil || got != tt.minor {
			t.Errorf("Parse(%q, %s) = %d, %v; want %d", amount, tt.currency, got, err, tt.minor)
		}
	}
	for _, bad := range []struct{ amount, currency string }{{"1.5", "JPY"}, {"1.2345", "BHD"}, {"12,00", "EUR"}, {"", "USD"}, {"$1", "USD"}} {
		if _, err := Parse(bad.amount, bad.currency); err == nil {
			t.Errorf("Parse(%q, %s) took it", bad.amount, bad.currency)
		}
	}
}

func TestDivRound(t *testing.T) {
	tests := []struct{ n, d, want int64 }{
		{10, 3, 3}, {11, 2, 6}, {-11, 2, -6}, {7, 7, 1}, {0, 5, 0}, {2, 4, 1}, {1, 4, 0},
	}
	for _, tt := range tests {
		if got := DivRound(tt.n, tt.d); got != tt.want {
			t.Errorf("DivRound(%d, %d) = %d; want %d", tt.n, tt.d, got, tt.want)
		}
	}
}
