// Package replay rebuilds an HTTP response from a stored status, header and
// body, for layers that answer without calling.
package replay

import (
	"bytes"
	"io"
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
		Body:          io.NopCloser(bytes.NewReader(body)),
		ContentLength: int64(len(body)),
		Request:       r,
	}
}
