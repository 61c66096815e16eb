package chat

import (
	"fmt"
	"slices"
	"strings"
)

// plan writes one query for the asks: root field i is aliased ask{i}
// (ask{i}b for a comparison's second period), and every slot value is a
// variable. It selects only what the answer will say, so a question about
// orders never waits for payments.
func plan(asks []Ask) (string, map[string]any) {
	var decls, fields []string
	vars := map[string]any{}
	arg := func(name, typ string, v any) string {
		decls = append(decls, fmt.Sprintf("$%s: %s", name, typ))
		vars[name] = v
		return "$" + name
	}
	for i, a := range asks {
		alias := fmt.Sprintf("ask%d", i)
		switch a.Intent {
		case Revenue:
			r := arg(fmt.Sprintf("range%d", i), "DateRange", a.Period.variable())
			fields = append(fields, fmt.Sprintf("%s: revenue(range: %s) { %s }", alias, r, revenueSelection(a.Metrics)))
		case Compare:
			r1 := arg(fmt.Sprintf("range%d", i), "DateRange", a.Period.variable())
			r2 := arg(fmt.Sprintf("range%db", i), "DateRange", a.Compare.variable())
			sel := revenueSelection(a.Metrics)
			fields = append(fields, fmt.Sprintf("%s: revenue(range: %s) { %s }", alias, r1, sel),
				fmt.Sprintf("%sb: revenue(range: %s) { %s }", alias, r2, sel))
		case PaymentMethods:
			r := arg(fmt.Sprintf("range%d", i), "DateRange", a.Period.variable())
			fields = append(fields, fmt.Sprintf("%s: paymentMethods(range: %s) { method count amount { formatted } share }", alias, r))
		case BestSellers:
			r := arg(fmt.Sprintf("range%d", i), "DateRange", a.Period.variable())
			limit := a.Limit
			if a.ProductID != "" {
				limit = 100
			}
			args := []string{"range: " + r, "limit: " + arg(fmt.Sprintf("limit%d", i), "Int", limit),
				"by: " + arg(fmt.Sprintf("by%d", i), "SalesMetric", a.By)}
			if a.Category != "" {
				args = append(args, "category: "+arg(fmt.Sprintf("category%d", i), "String", a.Category))
			}
			sel := "product { id name category } quantity"
			if a.By == "REVENUE" {
				sel += " revenue { formatted }"
			}
			fields = append(fields, fmt.Sprintf("%s: bestSellers(%s) { %s }", alias, strings.Join(args, ", "), sel))
		case LowStock:
			args := ""
			if a.Threshold != nil {
				args = "(threshold: " + arg(fmt.Sprintf("threshold%d", i), "Int", *a.Threshold) + ")"
			}
			fields = append(fields, fmt.Sprintf("%s: lowStock%s { name category stock reorderPoint }", alias, args))
		case InventoryValue:
			fields = append(fields, fmt.Sprintf("%s: inventoryValue { total { formatted } productCount unitCount byCategory { category total { formatted } productCount unitCount } }", alias))
		case Tables:
			if a.Table != "" {
				fields = append(fields, fmt.Sprintf("%s: tables { name status seats covers server currentOrder { number total { formatted } } }", alias))
			} else {
				fields = append(fields, fmt.Sprintf("%s: tableOccupancy { total occupied free reserved covers seats occupancyRate }", alias))
			}
		case PendingOrders:
			fields = append(fields, fmt.Sprintf("%s: pendingOrders { number status createdAt total { formatted } table { name } }", alias))
		case OrderLookup:
			n := arg(fmt.Sprintf("number%d", i), "Int!", a.Number)
			fields = append(fields, fmt.Sprintf("%s: orderByNumber(number: %s) { number status createdAt total { formatted } table { name } items { quantity product { name } } payments { method status amount { formatted } } }", alias, n))
		case ProductInfo:
			id := arg(fmt.Sprintf("product%d", i), "ID!", a.ProductID)
			sel := []string{"name"}
			if len(a.Metrics) == 0 || slices.Contains(a.Metrics, "price") {
				sel = append(sel, "price { formatted }")
			}
			if len(a.Metrics) == 0 || slices.Contains(a.Metrics, "stock") {
				sel = append(sel, "stock reorderPoint")
			}
			fields = append(fields, fmt.Sprintf("%s: product(id: %s) { %s }", alias, id, strings.Join(sel, " ")))
		}
	}
	head := "query Chat"
	if len(decls) > 0 {
		head += "(" + strings.Join(decls, ", ") + ")"
	}
	return head + " {\n  " + strings.Join(fields, "\n  ") + "\n}", vars
}

// revenueSelection picks the RevenueSummary fields the metrics need: a
// count of orders alone never waits for the payments service.
func revenueSelection(metrics []string) string {
	sel := []string{"from", "to"}
	has := func(m string) bool { return slices.Contains(metrics, m) }
	if has("total") {
		sel = append(sel, "total { formatted amount }")
	}
	if has("total") || has("orders") || has("average") {
		sel = append(sel, "orderCount")
	}
	if has("average") {
		sel = append(sel, "averageOrderValue { formatted amount }")
	}
	if has("refunds") {
		sel = append(sel, "refunds { formatted amount }")
	}
	return strings.Join(sel, " ")
}
