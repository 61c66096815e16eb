package faults

import (
	"reflect"
	"testing"
	"time"

	"github.com/maitre-pos/maitre/clients"
)

func TestParse(t *testing.T) {
	tests := []struct {
		spec string
		want Set
	}{
		{"", Set{}},
		{"payments=down", Set{clients.Payments: {Mode: "down"}}},
		{"payments=down,inventory=latency:3s,orders=error:500", Set{
			clients.Payments: {Mode: "down"}, clients.Inventory: {Latency: 3 * time.Second}, clients.Orders: {Mode: "error", Status: 500}}},
		{"orders=latency:300ms+error:503", Set{clients.Orders: {Latency: 300 * time.Millisecond, Mode: "error", Status: 503}}},
		{" restaurant = reset , auth=malformed", Set{clients.Restaurant: {Mode: "reset"}, clients.Auth: {Mode: "malformed"}}},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			if got, err := Parse(tt.spec); err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse(%q) = %v, %v; want %v", tt.spec, got, err, tt.want)
			}
		})
	}
	for _, bad := range []string{"payments", "kitchen=down", "orders=slow", "orders=latency:fast", "orders=error:200",
		"orders=down+reset", "orders=latency:1s+latency:2s", "orders=down:now"} {
		t.Run(bad, func(t *testing.T) {
			if _, err := Parse(bad); err == nil {
				t.Errorf("Parse(%q): no error", bad)
			}
		})
	}
}
