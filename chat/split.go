package chat

import "slices"

// The cues of how an answer breaks its figure down: "by category", "per
// dish", "by hour", "which day".
const (
	cueByCategory Cue = "by_category"
	cueByProduct  Cue = "by_product"
	cueByMethod   Cue = "by_method"
	cueByHour     Cue = "by_hour"
	cueByDay      Cue = "by_day"
)

// A phrase that holds another cue's words gives that cue too: the
// longest phrase is the one read.
var splitPhrases = slices.Concat(
	phrasesOf(cueByCategory, "by category", "by categories", "per category", "category", "categories",
		"by section", "by menu section", "by course", "which category", "which categories", "category wise",
		"categorywise", "section wise"),
	phrasesOf(cueByProduct, "by product", "by products", "by dish", "by dishes", "by item", "by items", "per dish",
		"per item", "per product", "which dish", "which dishes", "which item", "which items", "which products",
		"what dishes", "what items", "by menu item", "item wise", "itemwise", "dish wise", "product wise"),
	phrasesOf(cueByMethod, byMethod...),
	phrasesOf(cueMethods, byMethod...),
	phrasesOf(cueByHour, "by hour", "by the hour", "per hour", "hourly", "by time", "time of day", "which hour",
		"which hours", "what hour", "what hours", "what time", "by time of day", "hour by hour", "hour wise",
		"hourly breakdown"),
	phrasesOf(cueByDay, "which day", "what day", "which days", "what days", "day of the week", "days of the week",
		"weekday", "weekdays", "by day", "per day", "which night", "what night", "day of week"),
	phrasesOf(cueByDay, busiestDay...),
	phrasesOf(cueBusiest, busiestDay...),
)

var (
	byMethod = []string{"by payment", "by payments", "by method", "by payment method", "by payment type", "by tender",
		"per method", "per payment method", "which payment", "payment method", "payment methods", "payment type",
		"payment types", "method wise", "payment wise", "mode wise"}
	busiestDay = []string{"busiest day", "busiest days", "quietest day", "quietest days", "slowest day", "slowest days",
		"busiest night", "busiest nights", "quietest night", "busiest day of the week"}
)

var splitCues = map[Split]Cue{SplitCategory: cueByCategory, SplitProduct: cueByProduct, SplitMethod: cueByMethod,
	SplitHour: cueByHour, SplitDay: cueByDay}

// split reads how the clauses ask the figure broken down, among the
// splits an intent offers; "" when they do not say.
func split(cs []*clause, offered ...Split) Split {
	for _, c := range cs {
		for _, s := range offered {
			if c.has(splitCues[s]) {
				return s
			}
		}
	}
	return ""
}

// splits reports a question that asks for a split: "by category",
// "which dishes", "hour wise".
func (s *question) splits() bool {
	return s.about(cueByCategory, cueByProduct, cueByMethod, cueByHour, cueByDay)
}

// onlySplit reports a clause that names a split and no period or name of
// its own: ", by payment method".
func (c *clause) onlySplit() bool {
	return (c.has(cueByCategory) || c.has(cueByProduct) || c.has(cueByMethod) || c.has(cueByHour)) &&
		c.first(kPeriod) == nil && c.names() == nil && c.first(kMethod) == nil
}
