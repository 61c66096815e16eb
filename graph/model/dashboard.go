package model

// Dashboard is the range a dashboard's fields are computed over; each
// field is resolved from it when the dashboard is read.
type Dashboard struct {
	Range *DateRange
}
