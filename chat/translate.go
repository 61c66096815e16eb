package chat

import (
	"slices"
	"sort"

	"github.com/maitre-pos/maitre/chat/period"
)

// cueAction is a request to change something, which chat never does.
const cueAction Cue = "action"

var actionPhrases = phrasesOf(cueAction, "cancel", "delete", "remove", "add", "create", "update", "change", "set",
	"book", "reserve", "void", "close", "issue", "place", "modify", "edit", "insert", "drop", "comp", "discount",
	"mark", "move", "assign", "seat", "refund order", "process a refund", "give a refund", "86", "put", "raise",
	"lower", "increase", "decrease", "reduce", "bump", "off the menu", "off menu")

// translator reads questions; it holds what does not change between
// them: the lexicon of every intent's phrases.
type translator struct {
	lex *lexicon
}

func newTranslator() *translator {
	tables := [][]Phrase{actionPhrases, offTopicPhrases(), sharedPhrases, splitPhrases, regional()}
	for _, name := range names() {
		if p, ok := registry[name].(phraser); ok {
			tables = append(tables, p.Phrases())
		}
	}
	return &translator{lex: newLexicon(tables...)}
}

// names lists the registered intents in a fixed order.
func names() []IntentName {
	out := make([]IntentName, 0, len(registry))
	for n := range registry {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// translation is what a question asks.
type translation struct {
	asks []Ask
	// action is set for a request to change something.
	action bool
	// noCatalog is set when the tenant's names could not be read, so
	// that none was recognised.
	noCatalog bool
	// clarify is the ask whose name the words do not settle between its
	// choices, and those words: the answer asks which one.
	clarify *Ask
	said    string
	// names are the names recognised, and how; raw the words as typed.
	names []mention
	raw   []string
	// followUp is set when the asks are the conversation's last ones,
	// changed by this question.
	followUp bool
	// offTopic is what the question asks about that maitre holds no
	// figures on ("recipes", "suppliers"), when nothing else was
	// understood.
	offTopic string
	// dropped counts the asks past maxAsks, left unanswered.
	dropped int
	// assumed is the words of a period named against another when there
	// was none to move from, read from today.
	assumed string
}

// maxAsks bounds what one question runs: a question, not a report, and
// well within the limits of one GraphQL request.
const maxAsks = 6

// Intents lists the asks' intents in order, without repeats.
func (t translation) intents() []string {
	var out []string
	for _, a := range t.asks {
		if a.Intent != "" && !slices.Contains(out, string(a.Intent)) {
			out = append(out, string(a.Intent))
		}
	}
	return out
}

// chosen is one ask found in a clause, with the score that found it.
type chosen struct {
	ask    Ask
	clause *clause
	score  Score
}

// translate reads question at clock with the tenant's entities (nil when
// not yet read); prev are the conversation's last asks, if any.
func (t *translator) translate(text string, clock period.Clock, ents *Entities, prev []Ask) (out translation) {
	q := t.read(text, clock, ents, lastPeriod(prev))
	out = translation{assumed: q.assumed, raw: q.typed}
	for _, m := range q.mentions {
		if m.entity != nil {
			out.names = append(out.names, m)
		}
	}
	defer func() { out.clarifying(q) }()
	if len(q.clauses) > 0 && t.isAction(q.clauses[0]) {
		out.action = true
		return out
	}
	var found []chosen
	var ahead []*clause // clauses of figures before the name they are of
	strong := false
	for _, c := range q.clauses {
		if topic := c.offTopic(); topic != "" {
			out.offTopic = topic
			continue
		}
		got := choose(c)
		if last, same := lastNamed(found, prev); last != nil && c.names() == nil && c.first(kTable) == nil &&
			(len(got) == 0 || c.refersBack() || same && onlyFigures(got)) {
			if a, ok := ellipsis(c, *last, same); ok {
				found = append(found, chosen{a, c, Score{Strong: true}})
				strong = true
				continue
			}
		}
		if len(got) == 0 && len(found) == 0 && c.names() == nil && c.first(kTable) == nil {
			ahead = append(ahead, c) // "price and stock of the tiramisu": the dish is still to come
			continue
		}
		if len(got) == 0 && len(found) > 0 {
			// A clause with no intent of its own refines the one before:
			// "best sellers, top 3".
			last := &found[len(found)-1]
			registry[last.ask.Intent].Fill(c, &last.ask.Slots)
			continue
		}
		if len(found) > 0 && len(got) == 1 && (got[0].onlyMetrics() || c.onlySplit()) && got[0].ask.Intent != found[len(found)-1].ask.Intent {
			// Figures or a split named after an ask that takes them are
			// its: "this week vs last week, orders", "why, by hour".
			if r, ok := registry[found[len(found)-1].ask.Intent].(refiner); ok && r.refine([]*clause{c}, &found[len(found)-1].ask) {
				continue
			}
		}
		for _, g := range got {
			refines := q.redirects() || len(prev) > 0 && !q.hasPeriod() && c.names() == nil && c.first(kTable) == nil &&
				(g.ask.Intent == prev[0].Intent || (g.onlyMetrics() || q.followsUp() || q.splits()) && refinable(prev[0], q))
			strong = strong || g.score.Strong && !refines
		}
		found = append(found, got...)
	}
	for _, c := range ahead {
		if last, same := lastNamed(found, nil); last != nil && same {
			if a, ok := ellipsis(c, *last, true); ok {
				found = append(found, chosen{a, c, Score{Strong: true}})
			}
		}
	}
	if asks, ok := picked(prev, q); ok {
		out.asks, out.followUp = asks, true
		return out
	}
	if len(prev) > 0 && !strong {
		if asks, ok := followUp(prev, q); ok {
			out.asks, out.followUp = asks, true
			return out
		}
	}
	if out.offTopic != "" {
		// A name said beside what maitre does not know ("the weather
		// for the pani puri counter") asks nothing of the name.
		found = slices.DeleteFunc(found, func(c chosen) bool { return !c.score.Strong })
	}
	found = merge(found)
	seen := map[string]bool{}
	for i := range found {
		t.finish(q, &found[i], prev)
		a := found[i].ask
		switch key := a.String(); {
		case seen[key]: // "revenue today, revenue today"
		case len(out.asks) == maxAsks:
			out.dropped++
		default:
			seen[key] = true
			out.asks = append(out.asks, a)
		}
	}
	if len(out.asks) > 0 {
		out.offTopic = ""
	}
	if len(out.asks) == 0 {
		// A date that cannot be is worth saying even when nothing else
		// was understood; one still to come ("the forecast for tomorrow")
		// is a question chat does not answer.
		if m := q.badPeriod(); m != nil && !m.err.Future {
			out.asks = []Ask{{Invalid: "date", Why: m.err.Msg}}
		}
	}
	return out
}

// clarifying finds the first ask that waits for a choice, and the words
// that left it open.
func (t *translation) clarifying(q *question) {
	for i := range t.asks {
		if len(t.asks[i].Choices) == 0 {
			continue
		}
		t.clarify = &t.asks[i]
		for _, m := range q.mentions {
			if len(m.choices) > 0 && m.choices[0].Name == t.clarify.Choices[0].Name ||
				len(m.within) > 0 && m.within[0].Name == t.clarify.Choices[0].Name {
				t.said = m.said
			}
		}
		return
	}
}

// refinable reports whether the question changes a's figures rather
// than asks anew: "how many orders was that" after the takings.
func refinable(a Ask, q *question) bool {
	r, ok := registry[a.Intent].(refiner)
	return ok && r.refine(q.clauses, &a)
}

// lastPeriod is the period of the conversation's last asks, which a
// question naming none goes on with.
func lastPeriod(prev []Ask) period.Period {
	for _, a := range prev {
		if !a.Period.IsZero() && a.Invalid == "" {
			return a.Period
		}
	}
	return period.Period{}
}

// elliptic is an intent a clause asks for about the last product named
// without naming it again: "and how many are left?", "how much money did
// that bring?". same is set when the product was named in the same
// question.
type elliptic interface {
	ellipsis(c *clause, last Ask, same bool) (Ask, bool)
}

// ellipsis is the ask of the one intent that reads the clause as about
// last's product; none when no intent does, or several.
func ellipsis(c *clause, last Ask, same bool) (Ask, bool) {
	var out []Ask
	for _, name := range names() {
		if e, ok := registry[name].(elliptic); ok {
			if a, ok := e.ellipsis(c, last, same); ok {
				out = append(out, a)
			}
		}
	}
	if len(out) != 1 {
		return Ask{}, false
	}
	return out[0], true
}

// lastNamed is the last ask that named a product: this question's, else
// the conversation's; same says which.
func lastNamed(found []chosen, prev []Ask) (*Ask, bool) {
	for i := len(found) - 1; i >= 0; i-- {
		if found[i].ask.ProductID != "" {
			return &found[i].ask, true
		}
	}
	for i := range prev {
		if prev[i].ProductID != "" {
			return &prev[i], false
		}
	}
	return nil, false
}

// onlyFigures reports whether asks rest on words that name a figure and
// nothing else, which after a dish in the same question are the dish's:
// "gyoza qty and revenue", "lassi rate and how much stock is there".
func onlyFigures(got []chosen) bool {
	figures := []Cue{cueSales, cueMoney, cueOrderCount, cueAverage, cueRefunds, cueStock, cueValue, cueHowMany}
	for _, g := range got {
		for _, i := range g.score.Evidence {
			if !slices.ContainsFunc(figures, func(cue Cue) bool { return slices.Contains(g.clause.cueAt(cue), i) }) {
				return false
			}
		}
	}
	return true
}

// choose scores every intent on a clause and keeps the best, and a second
// whose evidence is other words: "revenue today by payment method".
func choose(c *clause) []chosen {
	type scored struct {
		name  IntentName
		score Score
	}
	var all []scored
	for _, name := range names() {
		if s := registry[name].Match(c); s.Points >= minPoints {
			all = append(all, scored{name, s})
		}
	}
	sort.Slice(all, func(i, j int) bool { return better(all[i].score, all[j].score, all[i].name, all[j].name) })
	var out []chosen
	for _, s := range all {
		if len(out) == 1 && (!companions(out[0].ask.Intent, s.name) || s.score.Points < secondPoints || !s.score.Strong ||
			overlaps(out[0].score.Evidence, s.score.Evidence)) {
			continue
		}
		a := Ask{Intent: s.name}
		registry[s.name].Fill(c, &a.Slots)
		out = append(out, chosen{a, c, s.score})
		if len(out) == 2 {
			break
		}
	}
	// In the order the question says them.
	if len(out) == 2 && out[1].score.Evidence[0] < out[0].score.Evidence[0] {
		out[0], out[1] = out[1], out[0]
	}
	return out
}

// pairer is an intent one clause may ask beside another, each on words
// of its own: "revenue today by payment method" asks for the takings and
// their breakdown. Any other pair is one question read two ways.
type pairer interface {
	pairs(with IntentName) bool
}

func companions(a, b IntentName) bool {
	pa, okA := registry[a].(pairer)
	pb, okB := registry[b].(pairer)
	return okA && pa.pairs(b) || okB && pb.pairs(a)
}

// onlyMetrics reports whether the ask rests on words that name a figure
// and nothing else ("orders", "the average"), which in a follow-up change
// the last ask rather than ask anew.
func (c chosen) onlyMetrics() bool {
	for _, i := range c.score.Evidence {
		if !slices.Contains(c.clause.cueAt(cueOrderCount), i) && !slices.Contains(c.clause.cueAt(cueAverage), i) &&
			!slices.Contains(c.clause.cueAt(cueRefunds), i) {
			return false
		}
	}
	return true
}

// followsUp reports whether the question opens as a follow-up does: "and
// ...", "what about ...", "how about ...".
func (q *question) followsUp() bool {
	at := func(k int) string {
		if k < len(q.toks) {
			return q.toks[k]
		}
		return ""
	}
	return at(0) == "and" || at(0) == "what" && at(1) == "about" || at(0) == "how" && at(1) == "about" ||
		at(0) == "same" || at(0) == "now" || at(0) == "only" || at(0) == "just"
}

// redirects reports a question that only changes the last one, whatever
// it names: "make it top 10", "make that by revenue".
func (q *question) redirects() bool {
	return len(q.toks) > 1 && q.toks[0] == "make" && (q.toks[1] == "it" || q.toks[1] == "that")
}

func overlaps(a, b []int) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// merge joins neighbouring asks of one intent whose slots agree: "cash
// and card payments", "revenue and average order value".
func merge(found []chosen) []chosen {
	var out []chosen
	for _, f := range found {
		if n := len(out); n > 0 && out[n-1].ask.Intent == f.ask.Intent {
			if s, ok := mergeSlots(out[n-1].ask.Slots, f.ask.Slots); ok {
				out[n-1].ask.Slots = s
				continue
			}
		}
		out = append(out, f)
	}
	return out
}

// by is how an ask ranks, or measures a dish: units unless said.
func by(s Slots) By {
	if s.By == "" {
		return ByQuantity
	}
	return s.By
}

// mergeSlots unites two asks' slots when nothing said differs; two
// payment methods become the breakdown of all.
func mergeSlots(a, b Slots) (Slots, bool) {
	conflict := a.Period != b.Period && !a.Period.IsZero() && !b.Period.IsZero() ||
		(a.ProductID != "" || b.ProductID != "") && by(a) != by(b) ||
		a.Table != b.Table && a.Table != "" && b.Table != "" ||
		a.ProductID != b.ProductID && a.ProductID != "" && b.ProductID != "" ||
		a.Category != b.Category && a.Category != "" && b.Category != "" ||
		a.Limit != b.Limit && a.Limit != 0 && b.Limit != 0 ||
		a.Number != b.Number && a.Number != 0 && b.Number != 0
	if conflict {
		return a, false
	}
	out := a
	or := func(dst *string, v string) {
		if *dst == "" {
			*dst = v
		}
	}
	if out.Period.IsZero() {
		out.Period = b.Period
	}
	or(&out.Table, b.Table)
	or(&out.ProductID, b.ProductID)
	or(&out.Product, b.Product)
	or(&out.Category, b.Category)
	if out.Limit == 0 {
		out.Limit = b.Limit
	}
	if out.By == "" {
		out.By = b.By
	}
	if out.Threshold == nil {
		out.Threshold = b.Threshold
	}
	if out.Method != b.Method {
		out.Method = "" // "cash and card": every method
	}
	for _, m := range b.Metrics {
		if !slices.Contains(out.Metrics, m) {
			out.Metrics = append(out.Metrics, m)
		}
	}
	slices.Sort(out.Metrics)
	return out, true
}

// finish gives an ask its period (its clause's, else the nearest one
// said, else the conversation's, else today, unless the intent's field
// has a default of its own), its defaults, and says why it cannot run.
func (t *translator) finish(q *question, c *chosen, prev []Ask) {
	a := &c.ask
	in := registry[a.Intent]
	_, own := in.(undated)
	if in.Uses()&UsesPeriod != 0 && a.Period.IsZero() && !own {
		switch m, ongoing := q.nearestPeriod(c.clause), lastPeriod(prev); {
		case m != nil && m.err != nil:
			a.Invalid, a.Why = "date", m.err.Msg
			return
		case m != nil:
			a.Period = m.period
		case !ongoing.IsZero():
			a.Period = ongoing
		default:
			a.Period = period.Today
		}
		if r, ok := in.(resumer); ok && !q.hasPeriod() {
			r.resume(prev, &a.Slots)
		}
	}
	if in.Uses()&UsesPeriod == 0 {
		for _, p := range c.clause.all(kPeriod) {
			if r, err := q.clock.Range(p.period); p.err == nil && err == nil && !r.End.After(q.clock.Today()) {
				a.Invalid = "period"
				a.Why = "I can only see how things stand now, not " + period.Describe(p.period, q.clock.Today(), q.clock.Today().Location())
				return
			}
		}
	}
	for _, p := range c.clause.all(kPeriod) {
		if p.err != nil && in.Uses()&UsesPeriod != 0 {
			a.Invalid, a.Why = "date", p.err.Msg
			return
		}
	}
	if in.Uses()&UsesLimit != 0 {
		if _, ok, bad := c.clause.limit(); ok && bad != "" {
			a.Invalid, a.Why = "limit", bad
			return
		}
	}
	if d, ok := in.(defaulter); ok {
		d.defaults(&a.Slots)
	}
}

// undated is an intent whose field's range has a default of its own
// (the busy hours' four weeks): only a period its clause says is its
// own, read by Fill.
type undated interface {
	undated()
}

// resumer is an intent that goes on with the conversation's last asks
// when the question names no period: "why?" explains the comparison
// just made.
type resumer interface {
	resume(prev []Ask, s *Slots)
}

// nearestPeriod is the period said in the clause, else the closest one
// in the question.
func (q *question) nearestPeriod(c *clause) *mention {
	var best *mention
	dist := 1 << 30
	for i := range q.mentions {
		m := &q.mentions[i]
		if m.kind != kPeriod {
			continue
		}
		d := 0
		if first, last := c.idx[0], c.idx[len(c.idx)-1]; m.at < first {
			d = first - m.at
		} else if m.at > last {
			d = m.at - last
		}
		if d < dist {
			best, dist = m, d
		}
	}
	return best
}

// badPeriod is the first period of the question that cannot be.
func (q *question) badPeriod() *mention {
	for i := range q.mentions {
		if q.mentions[i].kind == kPeriod && q.mentions[i].err != nil {
			return &q.mentions[i]
		}
	}
	return nil
}

// isAction reports a request to change something: its first word that
// is not filler is an action's, it refunds an order ("refund order
// 20418001"), or it takes a dish off the menu.
func (t *translator) isAction(c *clause) bool {
	for _, i := range c.cueAt(cueAction) {
		if c.q.toks[i] == "off" {
			return true
		}
	}
	for k, i := range c.idx {
		w := c.q.toks[i]
		if filler(w) {
			continue
		}
		refunds := w == "refund" && k+1 < len(c.idx) &&
			slices.Contains([]string{markers[kNumber], markers[kTable], "order", "the", "this", "that", "table", "it"}, c.q.toks[c.idx[k+1]])
		return refunds || c.has(cueAction) && slices.Contains(c.cueAt(cueAction), i)
	}
	return false
}
