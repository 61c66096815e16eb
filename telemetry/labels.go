package telemetry

import (
	"net/http"
	"sync"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
)

// Method is an HTTP method as a metric label or span name may carry it:
// one of the standard methods, or _OTHER, as OpenTelemetry's HTTP
// conventions say, so that no client can invent label values.
func Method(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodConnect, http.MethodOptions, http.MethodTrace:
		return m
	}
	return "_OTHER"
}

// maxLabels is the most attributes Sets memoises a set of.
const maxLabels = 8

// Sets memoises metric attribute sets, so that a hot path records a
// measurement without building and sorting a set each time. Only bounded
// values belong in it, as in any metric label: services, routes,
// outcomes, status codes.
type Sets struct {
	mu   sync.RWMutex
	sets map[[maxLabels]attribute.KeyValue]metric.MeasurementOption
}

// Of returns the measurement option for kvs (at most maxLabels of them).
func (s *Sets) Of(kvs ...attribute.KeyValue) metric.MeasurementOption {
	if len(kvs) > maxLabels {
		return metric.WithAttributes(kvs...)
	}
	var key [maxLabels]attribute.KeyValue
	copy(key[:], kvs)
	s.mu.RLock()
	o, ok := s.sets[key]
	s.mu.RUnlock()
	if ok {
		return o
	}
	o = metric.WithAttributeSet(attribute.NewSet(kvs...))
	s.mu.Lock()
	if s.sets == nil {
		s.sets = map[[maxLabels]attribute.KeyValue]metric.MeasurementOption{}
	}
	s.sets[key] = o
	s.mu.Unlock()
	return o
}
