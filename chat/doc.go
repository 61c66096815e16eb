// Package chat answers natural questions about a restaurant ("what's my
// revenue today?", "and yesterday?") by translating them, without a
// language model, into one GraphQL document over maitre's public schema,
// running it in-process with the caller's permissions, and saying the
// result in sentences, partial data and errors included.
//
// # How a question flows
//
//  1. Words (chat/words): the question is folded to lower case without
//     accents or apostrophes, contractions expanded, shorthand ("wk",
//     "r") written out; the tenant's names go through the same folding,
//     so "pho bo" meets "Phở Bò".
//  2. Reading (question.go): spelling is corrected against the intents'
//     phrases and the tenant's names; periods (chat/period: "since
//     Monday", "on Nov 20", "the same day last week", "there is no 30
//     February"), order numbers, tables, payment methods (vocab.go, with
//     each market's names: UPI, KakaoPay, EFTPOS), the business itself
//     ("the diner", never a guest) and the tenant's products, categories
//     and tables become mentions. Names are scored (match.go): EXACT as
//     the catalog spells it, ALIAS by the tenant's own word (the
//     chat.aliases setting), FUZZY a letter off or by a part no other
//     name has; names the words do not settle are asked back, with the
//     question again for each as suggestions. The rest is split into
//     clauses, and each clause's phrases give cues (cues.go), what maitre
//     holds no figures on (offtopic.go) included.
//  3. Choosing (translate.go): every registered intent scores every
//     clause with its Match; the best wins, ties broken by explicit rules
//     (better), never by the order intents were written in. A clause
//     with no intent refines the one before ("best sellers, top 3"), or
//     asks for the stock or price of the product last named. A question
//     that names only what to change in the conversation's last asks is
//     a follow-up (followup.go). Asks get their period (said, else the
//     conversation's, else today; an undated intent's field keeps its own
//     default) and defaults, and at most maxAsks run. Splits ("by
//     category", "which dishes", "busiest day") are cues of their own
//     (split.go) that refine the ask they follow.
//  4. Planning (plan.go): each ask's Plan adds one aliased root field
//     (ask0, ask1, ...) to one document, with variables; schema_test.go
//     validates every plan against the schema.
//  5. Running and composing (engine.go, compose.go): the document runs
//     through the gateway's executor with the caller's token, and each
//     ask's Compose reads its alias and writes its sentences, amounts in
//     the tenant currency's minor units, failures said by service.
//
// Conversations (conversation.go) keep each user's last asks for 30
// minutes behind the Conversations interface; an ID of another user or
// tenant is unknown and starts a new conversation.
//
// # Adding an intent
//
// An intent is one file and rows of test data. Copy inventory.go, the
// shortest: name it in intent.go's IntentName constants, declare its cues
// and Phrases, score clauses in Match (weights does most of it), read its
// slots in Fill, ask for one field in Plan, say the answer in Compose,
// and register it in init. Follow-ups need no code of their own unless
// the intent takes figures said after it (refiner), or a name of another
// kind (adopter, elliptic, pairer: followup.go), or goes on with the
// conversation's comparison (resumer: translate.go). Then add labelled
// questions to testdata/questions.tsv and a held-out set
// ("tenant<TAB>question<TAB>intent(slot=value)"); TestRegistry fails for
// an intent without them, TestLabelled translates each as its own
// subtest, and TestChatLabelledAnswers checks the sentences against the
// services' raw data.
//
// # Held-out sets
//
// testdata/owners.tsv, testdata/fresh.tsv and testdata/insights.tsv
// (the owner insights' questions), with their catalogs, were written by
// people who had not read this package; TestOwners scores them. Vocabulary lives in tables (vocab.go, cues.go, offtopic.go) that
// TestVocabulary enumerates.
package chat
