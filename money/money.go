// Package money formats and parses amounts held as integer minor units,
// so that no float ever touches a price: each currency's minor unit (2
// decimals for USD, 0 for JPY, 3 for BHD) and its symbol come from ISO
// 4217 and CLDR through golang.org/x/text/currency.
package money

import (
	"fmt"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/currency"
)

// unit is what formatting needs of one currency.
type unit struct {
	exp    int    // decimals of the minor unit
	prefix string // "$", "€", or the code and a space
}

var units sync.Map // code -> unit

// lookup returns the currency's unit; an unknown code has two decimals
// and shows itself.
func lookup(code string) unit {
	if u, ok := units.Load(code); ok {
		return u.(unit)
	}
	u := unit{exp: 2, prefix: code + " "}
	if cur, err := currency.ParseISO(code); err == nil {
		u.exp, _ = currency.Standard.Rounding(cur)
		// The narrow symbol is the one a tenant shows its own guests ("$",
		// not "US$"); where it is letters only ("CHF", "kr"), the code is
		// clearer.
		if sym := fmt.Sprint(currency.NarrowSymbol(cur)); strings.IndexFunc(sym, isLetter) < 0 || strings.ContainsAny(sym, "$€£¥₩₹") {
			u.prefix = sym
		}
	}
	units.Store(code, u)
	return u
}

func isLetter(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

// Exponent is the number of decimals of the currency's minor unit.
func Exponent(code string) int { return lookup(code).exp }

// Format renders minor units as a plain decimal amount ("1234.50",
// "1500", "1.800") and a display string with symbol and thousands
// separators ("$1,234.50", "¥1,500", "BHD 1.800").
func Format(minor int64, code string) (amount, formatted string) {
	u := lookup(code)
	neg := minor < 0
	abs := uint64(minor)
	if neg {
		abs = -abs
	}
	digits := strconv.FormatUint(abs, 10)
	if len(digits) <= u.exp {
		digits = strings.Repeat("0", u.exp-len(digits)+1) + digits
	}
	whole, frac := digits[:len(digits)-u.exp], ""
	if u.exp > 0 {
		frac = "." + digits[len(digits)-u.exp:]
	}
	sign := ""
	if neg {
		sign = "-"
	}
	return sign + whole + frac, sign + u.prefix + group(whole) + frac
}

// Parse reads a plain decimal amount, as Format writes it, back into minor
// units of the currency, exactly.
func Parse(amount, code string) (int64, error) {
	exp := lookup(code).exp
	neg := strings.HasPrefix(amount, "-")
	whole, frac, _ := strings.Cut(strings.TrimPrefix(amount, "-"), ".")
	if len(frac) > exp || whole == "" || strings.Trim(whole+frac, "0123456789") != "" {
		return 0, fmt.Errorf("money: %q is not an amount of %s", amount, code)
	}
	v, err := strconv.ParseInt(whole+frac+strings.Repeat("0", exp-len(frac)), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("money: %q: %w", amount, err)
	}
	if neg {
		v = -v
	}
	return v, nil
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
