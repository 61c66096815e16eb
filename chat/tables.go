package chat

import (
	"fmt"
	"slices"
	"strings"
)

const (
	cueBusy     Cue = "busy"
	cueOccupied Cue = "occupied"
	cueReserved Cue = "reserved"
)

// tables answers how the dining room is doing, or how one table is.
type tables struct{}

func init() { register(tables{}) }

func (tables) Phrases() []Phrase {
	return slices.Concat(
		phrasesOf(cueBusy, "busy", "full", "packed", "rammed", "heaving", "how full", "how busy"),
		phrasesOf(cueOccupied, "occupied", "taken", "in use", "busy", "seated", "full", "used", "sat", "sitting", "filled",
			"who is at", "anyone at", "anybody at", "someone at", "somebody at"),
		phrasesOf(cueReserved, "reserved", "reservation", "reservations", "booked", "booking", "bookings"),
	)
}

func (tables) Name() IntentName { return Tables }
func (tables) Uses() Uses       { return UsesMetrics | UsesTable }

// A table named, or words for tables, guests or how busy the room is;
// "taken" on its own is takings, and "how many people" counts guests.
func (tables) Match(c *clause) Score {
	noun := c.has(cueTableNoun) || c.first(kTable) != nil
	guests := c.has(cueCovers) && (c.has(cueHowMany) || c.has(cueOccupied) || c.word("in", "here", "tonight", "now"))
	if !noun && !guests && !c.has(cueBusy) && !c.has(cueReserved) {
		return Score{}
	}
	w := weights{cues: map[Cue]int{cueTableNoun: 3, cueBusy: 3, cueReserved: 3, cueOccupied: 1, cueFree: 1},
		mentions: map[kind]int{kTable: 4}}
	if guests {
		w.cues[cueCovers] = 3
	}
	return w.score(c)
}

func (tables) Fill(c *clause, s *Slots) {
	var m []Metric
	for _, k := range []struct {
		cue    Cue
		metric Metric
	}{{cueOccupied, MetricOccupied}, {cueFree, MetricFree}, {cueReserved, MetricReserved}, {cueCovers, MetricCovers}} {
		if c.has(k.cue) {
			m = append(m, k.metric)
		}
	}
	if c.has(cueBusy) && !slices.Contains(m, MetricOccupied) {
		m = append(m, MetricOccupied)
	}
	// "guests seated" counts guests, not tables.
	if c.has(cueCovers) && !c.has(cueTableNoun) {
		m = slices.DeleteFunc(m, func(x Metric) bool { return x == MetricOccupied })
	}
	if c.first(kTable) != nil {
		m = slices.DeleteFunc(m, func(x Metric) bool { return x == MetricCovers || x == MetricReserved && len(m) > 1 })
		// "who is at table 3", "anyone at T4", "free, seated or booked?":
		// the table's status.
		statuses := 0
		for _, x := range m {
			if x == MetricFree || x == MetricOccupied || x == MetricReserved {
				statuses++
			}
		}
		if statuses > 1 || c.word("who", "anyone", "anybody", "someone", "somebody", "happening", "going") {
			m = nil
		}
	}
	s.Metrics = m
	c.table(s)
}

func (tables) Plan(q *query, s Slots) {
	if s.Table != "" {
		q.add("", "tables { name status seats covers server currentOrder { number total { formatted } } }")
		return
	}
	q.add("", "tableOccupancy { total occupied free reserved covers seats occupancyRate }")
}

func (t tables) Compose(w *writer, s Slots) {
	if s.Table != "" {
		t.table(w, s)
		return
	}
	var o struct {
		Total, Occupied, Free, Reserved, Covers, Seats int
		OccupancyRate                                  float64
	}
	if !w.read("", &o) {
		w.couldnt("check the tables", w.failure(""))
		return
	}
	has := func(m Metric) bool { return slices.Contains(s.Metrics, m) }
	if len(s.Metrics) == 0 {
		w.say("%d of %d tables are occupied (%s), with %s; %d are free and %d reserved.", o.Occupied, o.Total, pct(o.OccupancyRate),
			plural(o.Covers, "guest", "guests"), o.Free, o.Reserved)
		return
	}
	if has(MetricCovers) {
		w.say("%s seated at %s right now.", plural(o.Covers, "guest is", "guests are"), plural(o.Occupied, "table", "tables"))
	}
	if has(MetricOccupied) {
		w.say("%d of %d tables are occupied right now (%s).", o.Occupied, o.Total, pct(o.OccupancyRate))
	}
	if has(MetricFree) {
		w.say("%d of %d tables are free right now.", o.Free, o.Total)
	}
	if has(MetricReserved) {
		w.say("%s reserved.", plural(o.Reserved, "table is", "tables are"))
	}
}

type tableJSON struct {
	Name, Status string
	Seats        int
	Covers       int
	Server       *string
	CurrentOrder *struct {
		Number int
		Total  moneyJSON
	}
}

func (tables) table(w *writer, s Slots) {
	var rows []tableJSON
	if !w.read("", &rows) {
		w.couldnt("check "+s.Table, w.failure(""))
		return
	}
	i := slices.IndexFunc(rows, func(t tableJSON) bool { return strings.EqualFold(t.Name, s.Table) })
	if i < 0 {
		w.say("there is no table called %s.", s.Table)
		return
	}
	t := rows[i]
	detail := ""
	switch t.Status {
	case "OCCUPIED":
		detail = ": " + plural(t.Covers, "guest", "guests")
		if t.Server != nil {
			detail += ", served by " + *t.Server
		}
		if t.CurrentOrder != nil {
			detail += fmt.Sprintf(", order #%d at %s", t.CurrentOrder.Number, t.CurrentOrder.Total.Formatted)
		}
	case "FREE":
		detail = fmt.Sprintf(" (%d seats)", t.Seats)
	case "RESERVED":
		if t.Server != nil {
			detail = " for " + *t.Server + "'s section"
		}
	}
	prefix := ""
	for _, m := range s.Metrics {
		if want := map[Metric]string{MetricFree: "FREE", MetricOccupied: "OCCUPIED", MetricReserved: "RESERVED"}[m]; want != "" {
			prefix = pick(want == t.Status, "yes, ", "no, ")
		}
	}
	w.say("%s%s is %s%s.", prefix, t.Name, strings.ToLower(t.Status), detail)
}

func (tables) Next() []string {
	return []string{"Which orders are still open?", "How many guests are seated right now?"}
}
