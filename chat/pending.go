package chat

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// pendingOrders lists the orders still open, in all or at one table.
type pendingOrders struct{}

func init() { register(pendingOrders{}) }

func (pendingOrders) Name() IntentName { return PendingOrders }
func (pendingOrders) Uses() Uses       { return UsesTable }

// Words of open orders, with "how many orders" as support; a table named
// says where. Tables said to be "open" are free ones.
func (pendingOrders) Match(c *clause) Score {
	if c.has(cueTableNoun) && !c.has(cueOrderCount) && c.has(cueFree) && !c.word("order", "ticket", "tab", "check", "bill") {
		return Score{}
	}
	return weights{cues: map[Cue]int{cuePending: 4, cueOrderCount: 1}, mentions: map[kind]int{kTable: 2}, need: []any{cuePending}}.score(c)
}

func (pendingOrders) Fill(c *clause, s *Slots) { c.table(s) }

func (pendingOrders) Plan(q *query, _ Slots) {
	q.add("", "pendingOrders { number status createdAt total { formatted } table { name } }")
}

type orderJSON struct {
	Number    int
	Status    string
	CreatedAt time.Time
	Total     moneyJSON
	Table     *struct{ Name string }
	Items     []struct {
		Quantity int
		Product  *struct{ Name string }
	}
	Payments []struct {
		Method Method
		Status string
		Amount moneyJSON
	}
}

var statusWords = map[string]string{"PENDING": "pending", "IN_PROGRESS": "in progress", "COMPLETED": "completed", "CANCELLED": "cancelled"}

func (pendingOrders) Compose(w *writer, s Slots) {
	var rows []orderJSON
	if !w.read("", &rows) {
		w.couldnt("list the open orders", w.failure(""))
		return
	}
	if s.Table != "" {
		rows = slices.DeleteFunc(rows, func(o orderJSON) bool { return o.Table == nil || !strings.EqualFold(o.Table.Name, s.Table) })
		if len(rows) == 0 {
			w.say("%s has no open orders.", s.Table)
			return
		}
		items := make([]string, len(rows))
		for i, o := range rows {
			items[i] = fmt.Sprintf("#%d (%s, %s)", o.Number, statusWords[o.Status], o.Total.Formatted)
		}
		w.say("%s has %s: %s.", s.Table, plural(len(rows), "open order", "open orders"), list(items))
		return
	}
	if len(rows) == 0 {
		w.say("no orders are open right now.")
		return
	}
	n := map[string]int{}
	for _, o := range rows {
		n[o.Status]++
	}
	oldest := rows[0]
	where := "for takeaway"
	if oldest.Table != nil {
		where = "at " + oldest.Table.Name
	}
	w.say("%s open: %d pending and %d in progress. The oldest is #%d, placed %s %s (%s).",
		plural(len(rows), "order is", "orders are"), n["PENDING"], n["IN_PROGRESS"], oldest.Number, w.when(oldest.CreatedAt), where, oldest.Total.Formatted)
}

func (pendingOrders) Next() []string {
	return []string{"How many tables are occupied right now?", "What's my revenue today?"}
}
