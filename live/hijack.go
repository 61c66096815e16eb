package live

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"net/http"
)

// socketBuffer sizes a socket's read and write buffers: its messages are
// small, and a larger one is read or written past the buffer.
const socketBuffer = 512

// hijacker hands coder/websocket the upgraded connection with buffers of
// socketBuffer bytes rather than net/http's 4 KiB ones, which a socket
// would otherwise hold for its whole life; it keeps the connection, whose
// deadline bounds the closing handshake.
type hijacker struct {
	http.ResponseWriter
	conn net.Conn
}

func (h *hijacker) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, brw, err := http.NewResponseController(h.ResponseWriter).Hijack()
	if err != nil {
		return nil, nil, err
	}
	h.conn = conn
	// What the client sent after its request is in net/http's reader: it
	// is carried over as buffered, which is where Accept looks for it.
	n := brw.Reader.Buffered()
	b, _ := brw.Reader.Peek(n)
	r := bufio.NewReaderSize(io.MultiReader(bytes.NewReader(bytes.Clone(b)), conn), max(socketBuffer, n))
	if n > 0 {
		_, _ = r.Peek(n)
	}
	return conn, bufio.NewReadWriter(r, bufio.NewWriterSize(conn, socketBuffer)), nil
}

// Unwrap lets http.ResponseController reach the real writer.
func (h *hijacker) Unwrap() http.ResponseWriter { return h.ResponseWriter }
