package chat

// offTopics are what maitre holds no figures on, by the words that name
// them. A clause about one is not answered with some other figure, even
// when it names a dish: "the recipe of the dal makhani" asks nothing of
// its sales. A phrase may hold the marker of what the question has
// already read, such as a period or the business.
var offTopics = []struct {
	Topic   string
	Phrases []string
}{
	{"recipes", []string{"recipe", "recipes", "how to make", "how do you make", "how do we make", "how is it made", "how to cook",
		"ingredient", "ingredients", "what goes in", "what goes into", "made with", "allergen", "allergens", "allergy", "allergies",
		"calorie", "calories", "gluten", "nutrition"}},
	{"suppliers", []string{"supplier", "suppliers", "vendor", "vendors", "supplies", "supply", "wholesaler", "distributor",
		"should i order", "should we order", "should i buy", "should we buy", "need to order", "reorder from"}},
	{"pairings", []string{"pairs with", "pair with", "pairing", "pairings", "goes well with", "go well with", "goes with"}},
	{"buy now, pay later payments", []string{"afterpay", "klarna", "affirm", "zip pay", "zippay", "clearpay", "sezzle", "laybuy",
		"buy now pay later", "bnpl"}},
	{"the weather", []string{"weather", "rain", "raining", "forecast", "temperature", "snow", "sunny"}},
	{"opening hours", []string{"opening hours", "opening time", "opening times", "closing time", "are we open", "do we open",
		"when do we open", "when do we close", "what time do we open", "what time do we close", "what time does", "what time do",
		"§us open", "§us close", "we open §period", "we open on §period", "be open §period", "be open on §period",
		"you open §period", "you open on §period", "open on christmas"}},
	{"staff", []string{"barista", "waiter", "waitress", "staff", "employee", "server", "chef", "cook", "cooked", "manager",
		"bartender", "wage", "wages", "payroll", "labour", "labor", "rota", "roster", "schedule", "shift pattern"}},
	{"tips", []string{"tip", "tips", "gratuity", "gratuities"}},
	{"reviews", []string{"review", "reviews", "rating", "ratings", "feedback", "complaint", "complaints"}},
	{"costs and profit", []string{"rent", "profit", "profits", "margin", "margins", "utilities", "electricity"}},
	{"delivery platforms", []string{"zomato", "swiggy", "uber eats", "ubereats", "doordash", "deliveroo", "grubhub", "just eat",
		"foodpanda", "talabat"}},
}

// offTopicCue is the cue of one of the offTopics.
func offTopicCue(topic string) Cue { return Cue("off:" + topic) }

func offTopicPhrases() []Phrase {
	var out []Phrase
	for _, t := range offTopics {
		out = append(out, phrasesOf(offTopicCue(t.Topic), t.Phrases...)...)
	}
	return out
}

// offTopic is the topic the clause asks about that maitre holds no
// figures on, "" for none.
func (c *clause) offTopic() string {
	for _, t := range offTopics {
		if c.has(offTopicCue(t.Topic)) {
			return t.Topic
		}
	}
	return ""
}
