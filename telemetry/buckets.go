package telemetry

import sdkmetric "go.opentelemetry.io/otel/sdk/metric"

// OpenTelemetry's default histogram boundaries (0, 5, 10, 25 ... 10000)
// are sized for milliseconds; every duration here is in seconds, where
// they put a request of 3 ms in the bucket up to 5 s.

// requestSeconds bound a request or a GraphQL operation: from about 1 ms
// (an answer from the caches) to 10 s, past the default request timeout
// of 3 s.
var requestSeconds = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// callSeconds bound one try of a downstream call: from 0.5 ms (a service
// next door) up, with edges at the default call timeouts (auth's 300 ms,
// the others' 800 ms), so that tries cut at the timeout land just above.
var callSeconds = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.3, 0.5, 0.8, 1, 2.5, 5, 10}

// histograms names every histogram maitre records, with the unit its
// boundaries are in: an instrument whose unit changed keeps the defaults
// until its row is changed too, rather than get boundaries in the wrong
// unit.
var histograms = []struct {
	name, unit string
	bounds     []float64
}{
	{"http.server.request.duration", "s", requestSeconds},
	{"maitre.graphql.operation.duration", "s", requestSeconds},
	{"http.client.request.duration", "s", callSeconds},
}

// views give each histogram above its boundaries.
func views() []sdkmetric.View {
	out := make([]sdkmetric.View, len(histograms))
	for i, h := range histograms {
		out[i] = sdkmetric.NewView(
			sdkmetric.Instrument{Name: h.name, Unit: h.unit, Kind: sdkmetric.InstrumentKindHistogram},
			sdkmetric.Stream{Aggregation: sdkmetric.AggregationExplicitBucketHistogram{Boundaries: h.bounds}})
	}
	return out
}
