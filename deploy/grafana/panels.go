package grafana

import (
	"fmt"

	"github.com/grafana/grafana-foundation-sdk/go/common"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/prometheus"
	"github.com/grafana/grafana-foundation-sdk/go/statetimeline"
	"github.com/grafana/grafana-foundation-sdk/go/timeseries"
)

// datasource is the Prometheus the dashboard's variable picks.
var datasource = common.DataSourceRef{Type: ptr("prometheus"), Uid: ptr("${datasource}")}

// query is a PromQL expression and the legend of its series.
type query struct{ expr, legend string }

// graph plots queries in a panel width columns of 24 wide.
func graph(title, description, unit string, width uint32, queries ...query) *timeseries.PanelBuilder {
	p := timeseries.NewPanelBuilder().
		Title(title).
		Description(description).
		Datasource(datasource).
		Span(width).
		Height(8).
		Unit(unit).
		Min(0).
		Legend(legend()).
		Tooltip(common.NewVizTooltipOptionsBuilder().
			Mode(common.TooltipDisplayModeMulti).
			Sort(common.SortOrderDescending))
	for i, q := range queries {
		p.WithTarget(prometheus.NewDataqueryBuilder().
			Datasource(datasource).
			RefId(string(rune('A' + i))).
			Expr(q.expr).
			LegendFormat(q.legend))
	}
	return p
}

// quantiles are the median, p95 and p99 of a histogram's series that
// selector picks.
func quantiles(histogram, selector string) []query {
	var qs []query
	for _, q := range []struct{ q, legend string }{{"0.5", "p50"}, {"0.95", "p95"}, {"0.99", "p99"}} {
		qs = append(qs, query{
			fmt.Sprintf(`histogram_quantile(%s, sum by (le) (rate(%s_bucket{%s}[$__rate_interval])))`, q.q, histogram, selector),
			q.legend,
		})
	}
	return qs
}

// stacked is graph with its series stacked, for the parts of a whole.
func stacked(title, description, unit string, width uint32, queries ...query) *timeseries.PanelBuilder {
	return graph(title, description, unit, width, queries...).
		Stacking(common.NewStackingConfigBuilder().Mode(common.StackingModeNormal)).
		FillOpacity(40)
}

// withLimits draws a dashed line across p at each step's value, in its
// color.
func withLimits(p *timeseries.PanelBuilder, steps ...dashboard.Threshold) *timeseries.PanelBuilder {
	return p.
		Thresholds(dashboard.NewThresholdsConfigBuilder().
			Mode(dashboard.ThresholdsModeAbsolute).
			Steps(append([]dashboard.Threshold{{Color: "green"}}, steps...))).
		ThresholdsStyle(common.NewGraphThresholdsStyleConfigBuilder().Mode(common.GraphThresholdsStyleModeDashed))
}

// states shows a gauge of states as a timeline, each value named and
// colored.
func states(title, description string, width uint32, q query, names map[string]dashboard.ValueMappingResult) *statetimeline.PanelBuilder {
	return statetimeline.NewPanelBuilder().
		Title(title).
		Description(description).
		Datasource(datasource).
		Span(width).
		Height(8).
		Mappings([]dashboard.ValueMapping{{ValueMap: &dashboard.ValueMap{Type: dashboard.MappingTypeValueToText, Options: names}}}).
		Legend(legend()).
		Tooltip(common.NewVizTooltipOptionsBuilder().
			Mode(common.TooltipDisplayModeSingle).
			Sort(common.SortOrderNone)).
		WithTarget(prometheus.NewDataqueryBuilder().
			Datasource(datasource).
			RefId("A").
			Expr(q.expr).
			LegendFormat(q.legend))
}

// legend lists the series under the panel.
func legend() *common.VizLegendOptionsBuilder {
	return common.NewVizLegendOptionsBuilder().
		DisplayMode(common.LegendDisplayModeList).
		Placement(common.LegendPlacementBottom).
		ShowLegend(true)
}

func ptr[T any](v T) *T { return &v }
