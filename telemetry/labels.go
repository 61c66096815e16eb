package telemetry

import "net/http"

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
