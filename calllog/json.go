package calllog

import "strconv"

// AppendJSON appends s as encoding/json writes it, without reflection, for
// the extensions of every answer. ok is false, and nothing is appended,
// when a string would need escaping: encoding/json is then the writer.
func (s ServiceCalls) AppendJSON(b []byte) (_ []byte, ok bool) {
	if !Plain(s.Service) || !Plain(s.Status) || !Plain(s.Breaker) || !decimal(s.DurationMs) {
		return b, false
	}
	b = append(b, `{"service":"`...)
	b = append(b, s.Service...)
	b = append(b, `","calls":`...)
	b = strconv.AppendInt(b, int64(s.Calls), 10)
	b = append(b, `,"durationMs":`...)
	b = strconv.AppendFloat(b, s.DurationMs, 'f', -1, 64)
	b = append(b, `,"status":"`...)
	b = append(b, s.Status...)
	b = append(b, `","cached":`...)
	b = strconv.AppendInt(b, int64(s.Cached), 10)
	b = append(b, `,"stale":`...)
	b = strconv.AppendBool(b, s.Stale)
	if s.AgeMs != 0 {
		b = append(b, `,"ageMs":`...)
		b = strconv.AppendInt(b, s.AgeMs, 10)
	}
	b = append(b, `,"coalesced":`...)
	b = strconv.AppendInt(b, int64(s.Coalesced), 10)
	b = append(b, `,"breaker":"`...)
	b = append(b, s.Breaker...)
	b = append(b, '"')
	if s.Windows != 0 {
		b = append(b, `,"windows":`...)
		b = strconv.AppendInt(b, int64(s.Windows), 10)
	}
	return append(b, '}'), true
}

// decimal reports whether encoding/json writes f without an exponent, as
// strconv's shortest 'f' form: 0, or between 1e-6 and 1e21 either way.
func decimal(f float64) bool {
	a := max(f, -f)
	return a == 0 || a >= 1e-6 && a < 1e21
}

// Plain reports whether encoding/json writes s as it is between quotes:
// printable ASCII without quotes, backslashes or the characters it
// escapes for HTML.
func Plain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return true
}
