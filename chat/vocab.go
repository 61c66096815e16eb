package chat

import (
	"slices"
	"strings"

	"github.com/maitre-pos/maitre/chat/words"
)

// Vocabulary as data: what owners type in each market for words chat
// knows, and the local names of payment methods. "" is every market;
// otherwise an ISO 3166 country code. Each row is enumerated by the
// tests, as a question and as the same question spelt out.

// abbreviations are short or local ways to say a word the phrases know,
// written out before a question is read unless the tenant's names use
// them.
var abbreviations = []struct{ Market, Short, Long string }{
	{"", "rev", "revenue"}, {"", "revs", "revenue"}, {"", "rvn", "revenue"}, {"", "reve", "revenue"},
	{"", "txn", "transactions"}, {"", "txns", "transactions"}, {"", "trx", "transactions"}, {"", "trxs", "transactions"},
	{"", "amt", "amount"}, {"", "amts", "amounts"}, {"", "qty", "quantity"}, {"", "qtys", "quantities"},
	{"", "cnt", "count"}, {"", "ords", "orders"}, {"", "ordrs", "orders"}, {"", "pymts", "payments"}, {"", "pmts", "payments"},
	{"", "inv", "inventory"}, {"", "stk", "stock"}, {"", "ppl", "people"}, {"", "tbl", "table"}, {"", "tbls", "tables"},
	{"", "yday", "yesterday"}, {"", "yest", "yesterday"}, {"", "ytday", "yesterday"}, {"", "tdy", "today"}, {"", "tdys", "todays"},
	{"", "tmrw", "tomorrow"}, {"", "tmr", "tomorrow"}, {"", "wkend", "weekend"}, {"", "wknd", "weekend"},
	{"", "mon", "monday"}, {"", "tues", "tuesday"}, {"", "wed", "wednesday"}, {"", "thurs", "thursday"}, {"", "fri", "friday"},
}

// regionalPhrases are words of one market for what a cue says.
var regionalPhrases = []struct {
	Market, Text string
	Cue          Cue
}{
	{"IN", "collection", cueSales}, {"IN", "collections", cueSales}, {"IN", "total collection", cueSales},
	{"IN", "how much sale", cueSales}, {"IN", "rate", cuePrice}, {"IN", "pax", cueCovers}, {"IN", "plates", cueHowMany},
	{"GB", "quid", cueSales}, {"US", "bucks", cueSales}, {"", "amount", cueSales}, {"", "quantity", cueHowMany},
	{"", "how much did we do", cueSales}, {"", "how much business", cueSales},
}

// regional is regionalPhrases as the lexicon takes them.
func regional() []Phrase {
	out := make([]Phrase, len(regionalPhrases))
	for i, p := range regionalPhrases {
		out[i] = Phrase{p.Text, p.Cue}
	}
	return out
}

// methodPhrases name the payment methods, local names and brands
// included; longer phrases first.
var methodPhrases = func() []struct {
	phrase []string
	method Method
} {
	rows := []struct {
		Market, Phrase string
		Method         Method
	}{
		{"", "mobile", Mobile}, {"", "phone", Mobile}, {"", "wallet", Mobile}, {"", "app", Mobile}, {"", "qr", Mobile},
		{"", "apple pay", Mobile}, {"", "google pay", Mobile}, {"", "samsung pay", Mobile}, {"", "paypal", Mobile},
		{"IN", "upi", Mobile}, {"IN", "paytm", Mobile}, {"IN", "gpay", Mobile}, {"IN", "phonepe", Mobile}, {"IN", "bhim", Mobile},
		{"IN", "amazon pay", Mobile}, {"IN", "mobikwik", Mobile},
		{"US", "venmo", Mobile}, {"US", "cash app", Mobile}, {"US", "cashapp", Mobile}, {"US", "zelle", Mobile},
		{"JP", "paypay", Mobile}, {"JP", "line pay", Mobile}, {"JP", "rakuten pay", Mobile}, {"JP", "suica", Mobile}, {"JP", "pasmo", Mobile},
		{"KR", "kakaopay", Mobile}, {"KR", "kakao pay", Mobile}, {"KR", "naver pay", Mobile}, {"KR", "toss", Mobile},
		{"BH", "benefitpay", Mobile}, {"BH", "benefit pay", Mobile},
		{"CN", "alipay", Mobile}, {"CN", "wechat pay", Mobile}, {"KE", "m-pesa", Mobile}, {"KE", "mpesa", Mobile},
		{"BR", "pix", Mobile}, {"NL", "ideal", Mobile}, {"SE", "swish", Mobile}, {"CH", "twint", Mobile}, {"DK", "mobilepay", Mobile},
		{"", "gift card", Voucher}, {"", "gift voucher", Voucher}, {"", "gift certificate", Voucher}, {"", "voucher", Voucher},
		{"", "coupon", Voucher}, {"IN", "sodexo", Voucher}, {"IN", "pluxee", Voucher}, {"FR", "ticket restaurant", Voucher},
		{"FR", "swile", Voucher}, {"GB", "luncheon voucher", Voucher}, {"", "edenred", Voucher},
		{"", "credit card", Card}, {"", "debit card", Card}, {"", "bank card", Card}, {"", "card", Card}, {"", "credit", Card},
		{"", "debit", Card}, {"", "visa", Card}, {"", "mastercard", Card}, {"", "amex", Card}, {"", "contactless", Card},
		{"", "plastic", Card}, {"US", "discover", Card}, {"IN", "rupay", Card}, {"JP", "jcb", Card}, {"AU", "eftpos", Card},
		{"", "maestro", Card},
		{"", "cash", Cash}, {"", "notes", Cash}, {"", "coins", Cash},
	}
	out := make([]struct {
		phrase []string
		method Method
	}, len(rows))
	for i, r := range rows {
		out[i].phrase, out[i].method = words.Stems(words.Tokenize(r.Phrase)), r.Method
	}
	slices.SortStableFunc(out, func(a, b struct {
		phrase []string
		method Method
	}) int {
		return len(b.phrase) - len(a.phrase)
	})
	return out
}()

// short indexes the abbreviations.
var short = func() map[string][]string {
	m := map[string][]string{}
	for _, a := range abbreviations {
		m[a.Short] = strings.Fields(a.Long)
	}
	return m
}()

// expand writes out the abbreviations of toks that are not words of the
// tenant's names.
func expand(toks []string, ents *Entities) []string {
	if !slices.ContainsFunc(toks, func(w string) bool { return short[w] != nil && !ents.knows(w) }) {
		return toks
	}
	out := make([]string, 0, len(toks)+2)
	for _, w := range toks {
		if long := short[w]; long != nil && !ents.knows(w) {
			out = append(out, long...)
		} else {
			out = append(out, w)
		}
	}
	return out
}
