package gqlhttp

import (
	"net/http/httptest"
	"testing"

	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/maitre-pos/maitre/errcode"
)

func TestAccepted(t *testing.T) {
	tests := []struct{ accept, want string }{
		{"", JSON},
		{"*/*", JSON},
		{"application/json", JSON},
		{"application/graphql-response+json", GraphQLResponse},
		{"application/graphql-response+json, application/json;q=0.9", GraphQLResponse},
		{"text/html, application/json", JSON},
		{"text/html", GraphQLResponse},
	}
	for _, tt := range tests {
		t.Run(tt.accept, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/query", nil)
			r.Header.Set("Accept", tt.accept)
			if got := Accepted(r); got != tt.want {
				t.Errorf("Accepted = %q; want %q", got, tt.want)
			}
		})
	}
}

func TestDecodeJSON(t *testing.T) {
	tests := []struct{ body, err string }{
		{`{"query":"{ me { name } }"}`, ""},
		{`{"query":"x"} `, ""},
		{`{"query":"x"} {}`, "the body has more after its JSON object"},
		{`{"query":7}`, "query must be a string, not a JSON number"},
		{`{"variables":[1]}`, "variables must be an object, not a JSON array"},
		{`[1]`, "the body must be a JSON object, not a JSON array"},
		{``, "the body is empty: send a JSON object"},
		{`{"query":`, "the body is not valid JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.body, func(t *testing.T) {
			var p params
			err := DecodeJSON([]byte(tt.body), &p)
			switch {
			case tt.err == "" && err != nil:
				t.Errorf("error %v", err)
			case tt.err != "" && (err == nil || err.Message != tt.err):
				t.Errorf("error %v; want %q", err, tt.err)
			}
		})
	}
}

func TestRequestStatus(t *testing.T) {
	tests := []struct {
		code, media string
		want        int
	}{
		{errcode.TooManyAliases, JSON, 200},
		{errcode.TooManyAliases, GraphQLResponse, 400},
		{errcode.ValidationFailed, GraphQLResponse, 400},
		{errcode.GatewayTimeout, JSON, 504},
		{errcode.BadRequest, JSON, 400},
		{errcode.ClientClosed, JSON, StatusClientClosed},
	}
	for _, tt := range tests {
		if got := RequestStatus(gqlerror.List{errcode.New(tt.code, "x")}, tt.media); got != tt.want {
			t.Errorf("%s under %s: %d; want %d", tt.code, tt.media, got, tt.want)
		}
	}
}
