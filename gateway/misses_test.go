package gateway_test

import (
	"strings"
	"testing"

	"github.com/maitre-pos/maitre/demo/demotest"
	"github.com/maitre-pos/maitre/fleet/fleettest"
)

// TestChatMisses: each question is counted once by what came of it; one
// not understood is kept, newest first and cut to 200 bytes, and listed
// to the tenant's owner alone: FORBIDDEN to a cashier, none of it to
// another tenant's owner; an off-topic question and a request to change
// something are not kept.
func TestChatMisses(t *testing.T) {
	o := observedHarness(t)
	long := "zorblax " + strings.Repeat("é", 150) // 308 bytes
	for _, q := range []string{"what were the sales today", "flurble the wongo", long, "cancel order 12", "what's the weather like"} {
		o.Ask(t, "demo-owner", q)
	}
	type misses struct {
		ChatMisses []struct{ Question, At string }
	}
	var got misses
	r := o.Query(t, "demo-owner", `{ chatMisses { question at } }`, nil)
	r.Field(t, "chatMisses", &got.ChatMisses)
	var questions []string
	for _, m := range got.ChatMisses {
		questions = append(questions, m.Question)
	}
	if want := []string{long[:200], "flurble the wongo"}; strings.Join(questions, "|") != strings.Join(want, "|") || !strings.HasSuffix(got.ChatMisses[0].At, "-05:00") {
		t.Errorf("the owner's misses: %q at %v; want %q, newest first, at New York's offset", questions, got.ChatMisses, want)
	}
	if r := o.Query(t, "demo-cashier", `{ chatMisses { question } }`, nil); r.ErrorAt("chatMisses") == nil || r.ErrorAt("chatMisses").Extensions["code"] != "FORBIDDEN" {
		t.Errorf("the cashier: %s; want FORBIDDEN", r.Raw)
	}
	var other misses
	o.Query(t, "cafe-owner", `{ chatMisses { question } }`, nil).Field(t, "chatMisses", &other.ChatMisses)
	if len(other.ChatMisses) != 0 {
		t.Errorf("another tenant's owner read %v", other.ChatMisses)
	}
	if r := o.Query(t, "demo-owner", `{ chatMisses(limit: 51) { question } }`, nil); r.ErrorAt("chatMisses") == nil || r.ErrorAt("chatMisses").Extensions["code"] != "BAD_USER_INPUT" {
		t.Errorf("a limit of 51: %s; want BAD_USER_INPUT", r.Raw)
	}

	chat := metricPoints(t, o, "maitre.chat.questions")
	for outcome, want := range map[string]int64{"understood": 1, "not_understood": 4} {
		if n := sumWhere(chat, "outcome="+outcome); n != want {
			t.Errorf("%d questions %s; want %d (%v)", n, outcome, want, chat)
		}
	}
}

// TestChatMissesShared: a miss asked of one replica is listed by another.
func TestChatMissesShared(t *testing.T) {
	s := fleettest.Start(t)
	env := demotest.Start(t, demotest.Now)
	a, _ := replica(t, env, s.URL(), nil)
	b, _ := replica(t, env, s.URL(), nil)
	a.Ask(t, "demo-owner", "flurble the wongo")
	var got []struct{ Question string }
	b.Query(t, "demo-owner", `{ chatMisses { question } }`, nil).Field(t, "chatMisses", &got)
	if len(got) != 1 || got[0].Question != "flurble the wongo" {
		t.Errorf("the other replica lists %v", got)
	}
}
