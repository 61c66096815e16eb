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
	var a, f [64]byte
	u := lookup(code)
	return string(appendMoney(a[:0], minor, u, false)), string(appendMoney(f[:0], minor, u, true))
}

// AppendAmount appends the amount Format returns to dst, allocating
// nothing of its own: for writers that hold the bytes already.
func AppendAmount(dst []byte, minor int64, code string) []byte {
	return appendMoney(dst, minor, lookup(code), false)
}

// AppendFormatted appends the display string Format returns to dst.
func AppendFormatted(dst []byte, minor int64, code string) []byte {
	return appendMoney(dst, minor, lookup(code), true)
}

// appendMoney appends minor units of u: with its symbol and thousands
// separators when display is set.
func appendMoney(dst []byte, minor int64, u unit, display bool) []byte {
	abs := uint64(minor)
	if minor < 0 {
		abs = -abs
		dst = append(dst, '-')
	}
	if display {
		dst = append(dst, u.prefix...)
	}
	var b, z [24]byte // 20 digits at most; zeros before them up to a digit before the point
	digits := strconv.AppendUint(b[:0], abs, 10)
	if pad := u.exp + 1 - len(digits); pad > 0 {
		for i := range pad {
			z[i] = '0'
		}
		digits = append(z[:pad], digits...)
	}
	whole, frac := digits[:len(digits)-u.exp], digits[len(digits)-u.exp:]
	if display {
		for i, c := range whole {
			if i > 0 && (len(whole)-i)%3 == 0 {
				dst = append(dst, ',')
			}
			dst = append(dst, c)
		}
	} else {
		dst = append(dst, whole...)
	}
	if u.exp > 0 {
		dst = append(dst, '.')
		dst = append(dst, frac...)
	}
	return dst
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

// DivRound divides with half-up rounding away from zero, for averages of
// minor units. d must be positive.
func DivRound(n, d int64) int64 {
	if n < 0 {
		return -((-n + d/2) / d)
	}
	return (n + d/2) / d
}
