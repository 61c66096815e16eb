// Package replay rebuilds an HTTP response from a stored status, header and
// body, for layers that answer without calling.
package replay

import (
	"bytes"
	"net/http"
	"strconv"
)

// Response returns a fresh response to r holding a copy-free reader over
// body; header is used as is.
func Response(r *http.Request, status int, header http.Header, body []byte) *http.Response {
	return &http.Response{
		Status:        strconv.Itoa(status) + " " + http.StatusText(status),
		StatusCode:    status,
		Proto:         "HTTP/1.1",
		ProtoMajor:    1,
		ProtoMinor:    1,
		Header:        header,
		Body:          NewBody(body),
		ContentLength: int64(len(body)),
		Request:       r,
	}
}

// Body reads a stored answer, and gives it whole to a reader that can
// use it in place (Bytes) instead of copying it out.
type Body struct {
	*bytes.Reader
	b []byte
}

// NewBody returns a Body over b, which nobody may change.
func NewBody(b []byte) Body { return Body{bytes.NewReader(b), b} }

// Bytes returns what is left to read, not a copy: read only.
func (b Body) Bytes() []byte { return b.b[len(b.b)-b.Len():] }

// Close does nothing: there is nothing to release.
func (Body) Close() error { return nil }
