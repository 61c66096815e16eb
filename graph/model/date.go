package model

import (
	"io"
	"strconv"
	"time"

	"github.com/maitre-pos/maitre/errcode"
)

// Date is a calendar date, YYYY-MM-DD.
type Date string

// UnmarshalGQL implements graphql.Unmarshaler.
func (d *Date) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return errcode.New(errcode.BadUserInput, "a Date must be a string YYYY-MM-DD")
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		return errcode.New(errcode.BadUserInput, "%q is not a Date of the form YYYY-MM-DD", s)
	}
	*d = Date(s)
	return nil
}

// MarshalGQL implements graphql.Marshaler.
func (d Date) MarshalGQL(w io.Writer) {
	_, _ = io.WriteString(w, strconv.Quote(string(d)))
}
