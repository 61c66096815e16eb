package render

import (
	"reflect"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"
)

// buffer is the answer being written.
type buffer struct{ b []byte }

func (w *buffer) raw(s string) { w.b = append(w.b, s...) }
func (w *buffer) byte(c byte)  { w.b = append(w.b, c) }

// Write lets graphql.Marshalers write into the buffer.
func (w *buffer) Write(p []byte) (int, error) {
	w.b = append(w.b, p...)
	return len(p), nil
}

// scalar compiles how to write a scalar or enum held in Go type gt, the
// way gqlgen's marshallers write it: through the type's own MarshalGQL,
// else by its kind.
func scalar(nonNull bool, gt reflect.Type) (writer, bool) {
	switch {
	case gt.Implements(marshalerType):
		return func(w *buffer, v reflect.Value) bool {
			v.Interface().(graphql.Marshaler).MarshalGQL(w)
			return true
		}, true
	case gt == timeType:
		return func(w *buffer, v reflect.Value) bool {
			t := v.Interface().(time.Time)
			if t.IsZero() { // gqlgen writes null, an error where null may not be
				if nonNull {
					return false
				}
				w.raw("null")
				return true
			}
			w.b = strconv.AppendQuote(w.b, t.Format(time.RFC3339Nano))
			return true
		}, true
	}
	switch gt.Kind() {
	case reflect.String:
		return func(w *buffer, v reflect.Value) bool { w.quote(v.String()); return true }, true
	case reflect.Int, reflect.Int32, reflect.Int64:
		return func(w *buffer, v reflect.Value) bool { w.b = strconv.AppendInt(w.b, v.Int(), 10); return true }, true
	case reflect.Bool:
		return func(w *buffer, v reflect.Value) bool { w.b = strconv.AppendBool(w.b, v.Bool()); return true }, true
	case reflect.Float64:
		return func(w *buffer, v reflect.Value) bool {
			graphql.MarshalFloat(v.Float()).MarshalGQL(w)
			return true
		}, true
	}
	return nil, false
}

// text writes the String a method appends, quoted: in place, and again
// through quote when what it appended needs escaping.
func text(appendTo func(reflect.Value, []byte) []byte) writer {
	return func(w *buffer, v reflect.Value) bool {
		start := len(w.b)
		w.b = appendTo(v, append(w.b, '"'))
		for _, c := range w.b[start+1:] {
			if c < 0x20 || c == '"' || c == '\\' {
				s := string(w.b[start+1:])
				w.b = w.b[:start]
				w.quote(s)
				return true
			}
		}
		w.b = append(w.b, '"')
		return true
	}
}

const hex = "0123456789ABCDEF"

// quote writes s as a JSON string, escaped as gqlgen's MarshalString
// escapes it: control characters, quotes and backslashes, nothing else.
func (w *buffer) quote(s string) {
	w.b = append(w.b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		w.b = append(w.b, s[start:i]...)
		switch c {
		case '\t':
			w.raw(`\t`)
		case '\r':
			w.raw(`\r`)
		case '\n':
			w.raw(`\n`)
		case '\\':
			w.raw(`\\`)
		case '"':
			w.raw(`\"`)
		default:
			w.b = append(w.b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		}
		start = i + 1
	}
	w.b = append(w.b, s[start:]...)
	w.b = append(w.b, '"')
}

// quoted is s as quote writes it.
func quoted(s string) string {
	w := &buffer{}
	w.quote(s)
	return string(w.b)
}
