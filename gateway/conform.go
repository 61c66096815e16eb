package gateway

import (
	"bytes"
	"encoding/json"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/maitre-pos/maitre/apierror"
	"github.com/maitre-pos/maitre/errcode"
)

// conform adjusts gqlgen's error responses to the GraphQL-over-HTTP spec:
// under application/json a request that fails to parse, validate or coerce
// is answered 200 (gqlgen says 422), and under
// application/graphql-response+json such a response carries no "data" key
// (gqlgen writes "data": null).
//
// It also answers 415 to a POST whose body is not JSON, which gqlgen would
// answer 400 in plain text.
func conform(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
				apierror.Write(r.Context(), w, r, http.StatusUnsupportedMediaType,
					errcode.New(errcode.UnsupportedMediaType, "POST a JSON body with Content-Type: application/json"))
				return
			}
		}
		cw := &conformWriter{ResponseWriter: w}
		next.ServeHTTP(cw, r)
		cw.finish()
	})
}

type conformWriter struct {
	http.ResponseWriter
	status  int
	errBody *bytes.Buffer // the body of a 4xx answer, held back to rewrite
}

func (c *conformWriter) WriteHeader(status int) {
	if c.status != 0 {
		return
	}
	c.status = status
	if status < 400 || status >= 500 {
		c.ResponseWriter.WriteHeader(status)
		return
	}
	c.errBody = &bytes.Buffer{}
}

func (c *conformWriter) Write(b []byte) (int, error) {
	if c.status == 0 {
		c.WriteHeader(http.StatusOK)
	}
	if c.errBody != nil {
		return c.errBody.Write(b)
	}
	return c.ResponseWriter.Write(b)
}

func (c *conformWriter) finish() {
	if c.errBody == nil {
		return
	}
	body := c.errBody.Bytes()
	status := c.status
	ct := c.Header().Get("Content-Type")
	switch {
	case status == http.StatusUnprocessableEntity && strings.HasPrefix(ct, "application/json"):
		status = http.StatusOK
	case strings.HasPrefix(ct, "application/graphql-response+json"):
		var m map[string]json.RawMessage
		if json.Unmarshal(body, &m) == nil && string(m["data"]) == "null" {
			delete(m, "data")
			if b, err := json.Marshal(m); err == nil {
				body = b
			}
		}
	}
	if ct == "" {
		c.Header().Set("Content-Type", "application/json")
	}
	c.Header().Set("Content-Length", strconv.Itoa(len(body)))
	c.ResponseWriter.WriteHeader(status)
	_, _ = c.ResponseWriter.Write(body)
}

// Unwrap lets http.ResponseController reach the real writer.
func (c *conformWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }
