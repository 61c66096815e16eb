// Package money formats amounts held as integer minor units (cents), so
// no float ever touches a price.
package money

import (
	"strconv"
	"strings"
)

// symbols are the display prefixes of the currencies maitre knows; others
// show their ISO code.
var symbols = map[string]string{"USD": "$", "EUR": "€", "GBP": "£", "CAD": "CA$", "AUD": "A$", "CHF": "CHF ", "JPY": "¥"}

// zeroDecimal currencies have no minor unit.
var zeroDecimal = map[string]bool{"JPY": true, "KRW": true}

// Format renders minor units as a plain decimal amount ("1234.50") and a
// display string with symbol and thousands separators ("$1,234.50").
func Format(minor int64, currency string) (amount, formatted string) {
	neg := minor < 0
	u := uint64(minor)
	if neg {
		u = -u
	}
	whole, frac := strconv.FormatUint(u, 10), ""
	if !zeroDecimal[currency] {
		whole, frac = strconv.FormatUint(u/100, 10), "."+pad2(u%100)
	}
	sign := ""
	if neg {
		sign = "-"
	}
	sym, ok := symbols[currency]
	if !ok {
		sym = currency + " "
	}
	return sign + whole + frac, sign + sym + group(whole) + frac
}

func pad2(n uint64) string {
	if n < 10 {
		return "0" + strconv.FormatUint(n, 10)
	}
	return strconv.FormatUint(n, 10)
}

// group inserts a comma every three digits from the right.
func group(digits string) string {
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	head := len(digits) % 3
	if head > 0 {
		b.WriteString(digits[:head])
	}
	for i := head; i < len(digits); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}

// DivRound divides with half-up rounding away from zero, for averages of
// minor units. d must be positive.
func DivRound(n, d int64) int64 {
	if n < 0 {
		return -((-n + d/2) / d)
	}
	return (n + d/2) / d
}
