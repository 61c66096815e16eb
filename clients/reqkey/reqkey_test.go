package reqkey

import (
	"net/http"
	"testing"
)

func req(url string, headers ...string) *http.Request {
	r, _ := http.NewRequest(http.MethodGet, url, nil)
	for i := 0; i < len(headers); i += 2 {
		r.Header.Set(headers[i], headers[i+1])
	}
	return r
}

func TestOf(t *testing.T) {
	base := req("http://orders/v1/orders?ids=a", "X-Tenant-ID", "bistro", "X-Correlation-ID", "1")
	tests := []struct {
		name string
		r    *http.Request
		same bool
	}{
		{"another correlation ID", req("http://orders/v1/orders?ids=a", "X-Tenant-ID", "bistro", "X-Correlation-ID", "2"), true},
		{"another trace", req("http://orders/v1/orders?ids=a", "X-Tenant-ID", "bistro", "traceparent", "00-x"), true},
		{"another tenant", req("http://orders/v1/orders?ids=a", "X-Tenant-ID", "cafe"), false},
		{"no tenant", req("http://orders/v1/orders?ids=a"), false},
		{"another query", req("http://orders/v1/orders?ids=b", "X-Tenant-ID", "bistro"), false},
		{"another token", req("http://orders/v1/orders?ids=a", "X-Tenant-ID", "bistro", "Authorization", "Bearer x"), false},
		{"another host", req("http://payments/v1/orders?ids=a", "X-Tenant-ID", "bistro"), false},
	}
	for _, tt := range tests {
		if got := Of(tt.r) == Of(base); got != tt.same {
			t.Errorf("%s: same key %v; want %v", tt.name, got, tt.same)
		}
	}
}
