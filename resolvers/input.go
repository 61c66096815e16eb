package resolvers

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/maitre-pos/maitre/auth"
	"github.com/maitre-pos/maitre/clients"
	"github.com/maitre-pos/maitre/daterange"
	"github.com/maitre-pos/maitre/errcode"
	"github.com/maitre-pos/maitre/graph/model"
)

// spec is what a DateRange argument asks for.
func spec(in *model.DateRange) daterange.Spec {
	var s daterange.Spec
	if in != nil {
		if in.Period != nil {
			s.Period = string(*in.Period)
		}
		if in.From != nil {
			s.From = string(*in.From)
		}
		if in.To != nil {
			s.To = string(*in.To)
		}
	}
	return s
}

// window resolves a DateRange argument in the viewer's time zone.
func (r *Resolver) window(ctx context.Context, in *model.DateRange) (daterange.Range, error) {
	rg, err := daterange.Resolve(spec(in), r.Now(), auth.ViewerFrom(ctx).Location)
	if err != nil {
		return rg, badInput("range", "%s", err)
	}
	return rg, nil
}

// today is the viewer's local date, at its midnight.
func (r *Resolver) today(v *auth.Viewer) time.Time {
	l := r.Now().In(v.Location)
	return time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, v.Location)
}

// daysBefore is the n whole local days before the viewer's today.
func (r *Resolver) daysBefore(v *auth.Viewer, n int) *model.DateRange {
	today := r.today(v)
	from, to := model.Date(today.AddDate(0, 0, -n).Format(time.DateOnly)), model.Date(today.AddDate(0, 0, -1).Format(time.DateOnly))
	return &model.DateRange{From: &from, To: &to}
}

// sofar is now, to the minute, within w: a day read "so far" ends there,
// and a subscription pushes at most once a minute for the clock alone.
func (r *Resolver) sofar(w daterange.Range) time.Time {
	until := r.Now().Truncate(time.Minute)
	if until.Before(w.Start) {
		return w.Start
	}
	if until.After(w.End) {
		return w.End
	}
	return until
}

// daysBack is t's local time of day n days earlier in loc; across a
// change of the clocks, the same wall-clock time.
func daysBack(t time.Time, n int, loc *time.Location) time.Time {
	lt := t.In(loc)
	return time.Date(lt.Year(), lt.Month(), lt.Day()-n, lt.Hour(), lt.Minute(), lt.Second(), lt.Nanosecond(), loc)
}

// pageWindow checks a connection's range and page size.
func (r *Resolver) pageWindow(ctx context.Context, rng *model.DateRange, firstN *int) (daterange.Range, int, error) {
	w, err := r.window(ctx, rng)
	if err != nil {
		return w, 0, err
	}
	n, err := first(firstN)
	return w, n, err
}

// MaxFirst is the largest page a connection returns.
const MaxFirst = 500

// first checks a page size.
func first(n *int) (int, error) {
	if n == nil {
		return 50, nil
	}
	if *n < 1 || *n > MaxFirst {
		return 0, badInput("first", "first must be 1 to %d, got %d", MaxFirst, *n)
	}
	return *n, nil
}

func after(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// pageError blames a rejected page request on the client's cursor when it
// sent one: the services answer 400 only for parameters, and the cursor is
// the one parameter a client controls verbatim.
func pageError(err error, cursor string) error {
	var e *clients.Error
	if cursor != "" && errors.As(err, &e) && e.Kind == clients.KindStatus && e.StatusCode == http.StatusBadRequest {
		return badInput("after", "after is not a cursor from this list's pageInfo.endCursor")
	}
	return err
}

func badInput(argument, format string, args ...any) error {
	e := errcode.New(errcode.BadUserInput, format, args...)
	e.Extensions["argument"] = argument
	return e
}
