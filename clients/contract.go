package clients

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
)

// A service may also answer what cannot all be true: a row twice with
// different figures, null rows, rows without an id, amounts below zero or
// beyond any restaurant's. Every decoded list and lookup is checked here
// before anything counts it (docs/downstream-api.md, "What maitre
// checks"): an identical repeat is dropped, anything else fails the read,
// so that a figure is missing with an error rather than wrong.

// Bounds of a row's figures, in minor units whatever the currency.
const (
	// MaxAmount bounds every money field, a line's quantity × unit price
	// and a product's stock × cost: 10^12 minor units are ten billion
	// dollars, and still about a million dollars in the currency whose
	// minor unit is worth least (the Iranian rial, without decimals).
	// int64 holds the sum of over nine million rows at the bound, and
	// the totals check their sums all the same (package reports).
	MaxAmount = 1_000_000_000_000
	// MaxCount bounds a line's quantity, covers and seats (from 0; a
	// quantity from 1) and stock (either way: an oversold product).
	MaxCount = 1_000_000
)

// rule is a rule of the contract an answer can break, as the violations
// metric names it.
type rule string

const (
	ruleConflict  rule = "conflict"   // one id, two contents
	ruleNull      rule = "null"       // a JSON null (or {}) in a list
	ruleMissingID rule = "missing_id" // a row without an id cannot be told from another
	ruleBounds    rule = "bounds"     // an amount or a count out of bounds
	ruleTotal     rule = "total"      // an order whose total is not its subtotal plus tax
	ruleOverflow  rule = "overflow"   // rows whose sum int64 cannot hold (package reports)
	ruleDuplicate rule = "duplicate"  // one row twice: dropped, the read goes on
)

// rules are every rule, in the order an error names the first broken.
var rules = [...]rule{ruleConflict, ruleNull, ruleMissingID, ruleBounds, ruleTotal, ruleOverflow, ruleDuplicate}

// says is what the public error says a service did that broke each rule.
var says = map[rule]string{
	ruleConflict:  "sent rows that contradict each other",
	ruleNull:      "sent null rows",
	ruleMissingID: "sent rows without an id",
	ruleBounds:    "sent amounts or quantities out of bounds",
	ruleTotal:     "sent orders whose total is not their subtotal plus tax",
	ruleOverflow:  "sent amounts whose sum is out of range",
}

// violation is an answer that broke the contract: how many rows broke
// each rule, and the first row that failed the read, for the logs.
type violation struct {
	rows  [len(rules)]int
	first string
}

func (v *violation) add(r rule, what string) {
	v.rows[slices.Index(rules[:], r)]++
	if v.first == "" && r != ruleDuplicate {
		v.first = what
	}
}

// broken is the first rule v broke that fails a read; "" when at most
// repeats were dropped.
func (v *violation) broken() rule {
	for i, r := range rules {
		if v.rows[i] > 0 && r != ruleDuplicate {
			return r
		}
	}
	return ""
}

func (v *violation) Error() string {
	var parts []string
	for i, r := range rules {
		if v.rows[i] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", v.rows[i], r))
		}
	}
	return strings.Join(parts, ", ") + " (first: " + v.first + ")"
}

// brokenRule is what the public error of a KindContract error says.
func brokenRule(err error) string {
	var v *violation
	if errors.As(err, &v) {
		if s, ok := says[v.broken()]; ok {
			return s
		}
	}
	return "sent rows that break its contract"
}

// row is what the checks need of a kind of row.
type row[T any] interface {
	key() string
	// same reports whether another row of the same id has the same
	// content.
	same(T) bool
	// bad is the rule the row's own figures break, and how; "" for none.
	bad() (rule, string)
}

// checked returns rows with repeats of a row dropped, or the error of a
// read whose answer broke the contract; either way the rows that broke
// a rule are counted.
func checked[T row[T]](s *service, rows []T) ([]T, error) {
	var v violation
	for _, r := range rows {
		switch {
		case r.key() != "":
			if broke, how := r.bad(); broke != "" {
				v.add(broke, r.key()+": "+how)
			}
		case reflect.ValueOf(&r).Elem().IsZero():
			v.add(ruleNull, "a null row")
		default:
			v.add(ruleMissingID, fmt.Sprintf("a row without an id: %+v", r))
		}
	}
	rows = unique(rows, &v)
	if err := s.judge(&v); err != nil {
		return nil, err
	}
	return rows, nil
}

// deduped drops the repeats of a row among pages or windows read one by
// one, each already checked, failing the read where two disagree.
func deduped[T row[T]](s *service, rows []T) ([]T, error) {
	var v violation
	rows = unique(rows, &v)
	if err := s.judge(&v); err != nil {
		return nil, err
	}
	return rows, nil
}

// unique drops, in place, every row whose id an earlier row has, noting
// in v whether the two are the same. It keeps the positions of ids, not
// copies of rows, which for a page of orders is most of what it would
// allocate.
func unique[T row[T]](rows []T, v *violation) []T {
	at := make(map[string]int, len(rows))
	out := rows[:0]
	for _, r := range rows {
		k := r.key()
		if k != "" { // "" is a violation already
			i, seen := at[k]
			switch {
			case !seen:
				at[k] = len(out)
			case out[i].same(r):
				v.add(ruleDuplicate, k)
				continue
			default:
				v.add(ruleConflict, k+" twice, with different contents")
				continue
			}
		}
		out = append(out, r)
	}
	clear(rows[len(out):])
	return out
}

// judge counts v's rows in the violations metric and returns the error a
// read that broke the contract fails with; nil when at most repeats were
// dropped.
func (s *service) judge(v *violation) error {
	s.metrics.violations.add(s.name, v)
	if v.broken() == "" {
		return nil
	}
	return &Error{Service: s.name, Kind: KindContract, Err: v}
}

// Overflowed counts a sum of s's rows beyond what int64 holds, as the
// totals of package reports find one, and returns the error the figure
// fails with: rows each within bounds that no restaurant's can add up to.
func (c *Client) Overflowed(s Service) error {
	var v violation
	v.add(ruleOverflow, "a sum of its rows")
	return c.services[s].judge(&v)
}

// violations counts the rows each service sent that broke each rule.
type violations map[Service]*[len(rules)]atomic.Int64

// rowServices are the services that send rows.
var rowServices = []Service{Orders, Payments, Inventory, Restaurant}

func newViolations() violations {
	out := violations{}
	for _, s := range rowServices {
		out[s] = new([len(rules)]atomic.Int64)
	}
	return out
}

func (vs violations) add(s Service, v *violation) {
	for i, n := range v.rows {
		if n > 0 {
			vs[s][i].Add(int64(n))
		}
	}
}

// amount reports whether m is a money figure a row may hold.
func amount(m int64) bool { return m >= 0 && m <= MaxAmount }

// count reports whether n is a count a row may hold, from least.
func count(n, least int) bool { return n >= least && n <= MaxCount }

// times reports whether n × m stays within MaxAmount, n and m each within
// their bounds (so that n × m is not computed where it could overflow).
func times(n int, m int64) bool {
	if n < 0 {
		n = -n
	}
	return n == 0 || m <= MaxAmount/int64(n)
}

func (o Order) key() string { return o.ID }

func (o Order) same(p Order) bool {
	return o.ID == p.ID && o.Number == p.Number && o.Status == p.Status && o.TableID == p.TableID && o.Covers == p.Covers &&
		o.CreatedAt.Equal(p.CreatedAt) && slices.Equal(o.Items, p.Items) && o.Subtotal == p.Subtotal && o.Tax == p.Tax && o.Total == p.Total
}

func (o Order) bad() (rule, string) {
	switch {
	case !amount(o.Subtotal) || !amount(o.Tax) || !amount(o.Total):
		return ruleBounds, fmt.Sprintf("subtotal %d, tax %d, total %d", o.Subtotal, o.Tax, o.Total)
	case !count(o.Covers, 0):
		return ruleBounds, fmt.Sprintf("covers %d", o.Covers)
	}
	for _, it := range o.Items {
		if !count(it.Quantity, 1) || !amount(it.UnitPrice) || !times(it.Quantity, it.UnitPrice) {
			return ruleBounds, fmt.Sprintf("%d × %d of %s", it.Quantity, it.UnitPrice, it.ProductID)
		}
	}
	if o.Total != o.Subtotal+o.Tax {
		return ruleTotal, fmt.Sprintf("total %d for subtotal %d and tax %d", o.Total, o.Subtotal, o.Tax)
	}
	return "", ""
}

func (p Payment) key() string { return p.ID }

// same compares the instants, not their representation, and the rest
// whole, so that a field added to Payment is compared too.
func (p Payment) same(q Payment) bool {
	a := p
	a.CreatedAt = q.CreatedAt
	return a == q && p.CreatedAt.Equal(q.CreatedAt)
}

func (p Payment) bad() (rule, string) {
	if !amount(p.Amount) {
		return ruleBounds, fmt.Sprintf("amount %d", p.Amount)
	}
	return "", ""
}

func (p Product) key() string { return p.ID }

func (p Product) same(q Product) bool { return p == q }

func (p Product) bad() (rule, string) {
	if !amount(p.Price) || !amount(p.Cost) || !count(p.Stock, -MaxCount) || !times(p.Stock, p.Cost) {
		return ruleBounds, fmt.Sprintf("price %d, cost %d, stock %d", p.Price, p.Cost, p.Stock)
	}
	return "", ""
}

func (t Table) key() string { return t.ID }

func (t Table) same(u Table) bool { return t == u }

func (t Table) bad() (rule, string) {
	if !count(t.Seats, 0) || !count(t.Covers, 0) {
		return ruleBounds, fmt.Sprintf("seats %d, covers %d", t.Seats, t.Covers)
	}
	return "", ""
}
