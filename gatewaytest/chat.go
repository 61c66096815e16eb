package gatewaytest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"
)

// ChatAnswer is POST /chat's body.
type ChatAnswer struct {
	Question     string
	Conversation string
	Answer       string
	Intents      []string
	Graphql      string
	Variables    map[string]any
	Data         map[string]any
	Errors       []struct{ Message, Code, Service string }
	Sources      []struct{ Service string }
	Suggestions  []string
	Matches      []ChatMatch
	Choices      []string
}

// ChatMatch is a name the chat read in a question, and how.
type ChatMatch struct {
	Said, Name, Kind, How string
	Score                 float64
}

// Ask asks a question with a bearer token, in a new conversation,
// returning the answer and the HTTP status.
func (g *Gateway) Ask(t testing.TB, token, question string) (ChatAnswer, int) {
	t.Helper()
	return g.AskIn(t, token, question, "")
}

// AskIn asks in a conversation ("" for a new one).
func (g *Gateway) AskIn(t testing.TB, token, question, conversation string) (ChatAnswer, int) {
	t.Helper()
	in := map[string]string{"question": question}
	if conversation != "" {
		in["conversation"] = conversation
	}
	body, _ := json.Marshal(in)
	req, _ := http.NewRequest(http.MethodPost, g.URL+"/chat", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var a ChatAnswer
	if err := json.NewDecoder(resp.Body).Decode(&a); err != nil {
		t.Fatal(err)
	}
	return a, resp.StatusCode
}
