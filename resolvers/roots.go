package resolvers

import (
	"context"
	"errors"
	"reflect"

	"github.com/99designs/gqlgen/graphql"

	"github.com/maitre-pos/maitre/auth"
	"github.com/maitre-pos/maitre/graph/model"
	"github.com/maitre-pos/maitre/render"
)

// Roots are the root fields the renderer may answer itself: each calls
// its resolver with the field's arguments read as gqlgen's generated code
// reads them. An argument that does not read is left to gqlgen, which
// says what is wrong with it; nothing is called for it here.
func (r *Resolver) Roots() map[string]render.Root {
	q := &queryResolver{r}
	return map[string]render.Root{
		"orders": root(func(ctx context.Context, a *args) (*model.OrderConnection, error) {
			rng, status, first, after := dateRange(a, "range"), enumList[model.OrderStatus](a, "status"), optional(a, "first", graphql.UnmarshalInt), optional(a, "after", graphql.UnmarshalString)
			if a.err != nil {
				return nil, a.err
			}
			return q.Orders(ctx, rng, status, first, after)
		}),
		"payments": root(func(ctx context.Context, a *args) (*model.PaymentConnection, error) {
			rng, method, first, after := dateRange(a, "range"), optionalEnum[model.PaymentMethod](a, "method"), optional(a, "first", graphql.UnmarshalInt), optional(a, "after", graphql.UnmarshalString)
			if a.err != nil {
				return nil, a.err
			}
			return q.Payments(ctx, rng, method, first, after)
		}),
		"products": root(func(ctx context.Context, a *args) (*model.ProductConnection, error) {
			category, search, first, after := optional(a, "category", graphql.UnmarshalString), optional(a, "search", graphql.UnmarshalString), optional(a, "first", graphql.UnmarshalInt), optional(a, "after", graphql.UnmarshalString)
			if a.err != nil {
				return nil, a.err
			}
			return q.Products(ctx, category, search, first, after)
		}),
		"product": root(func(ctx context.Context, a *args) (*model.Product, error) {
			id := optional(a, "id", graphql.UnmarshalID)
			if a.err != nil || id == nil {
				return nil, a.fail()
			}
			return q.Product(ctx, *id)
		}),
		"order": root(func(ctx context.Context, a *args) (*model.Order, error) {
			id := optional(a, "id", graphql.UnmarshalID)
			if a.err != nil || id == nil {
				return nil, a.fail()
			}
			return q.Order(ctx, *id)
		}),
		"pendingOrders":  root(func(ctx context.Context, _ *args) ([]*model.Order, error) { return q.PendingOrders(ctx) }),
		"tableOccupancy": root(func(ctx context.Context, _ *args) (*model.TableOccupancy, error) { return q.TableOccupancy(ctx) }),
		"tables": root(func(ctx context.Context, a *args) ([]*model.Table, error) {
			status := optionalEnum[model.TableStatus](a, "status")
			if a.err != nil {
				return nil, a.err
			}
			return q.Tables(ctx, status)
		}),
	}
}

// Methods are the model methods the renderer calls directly: the getters
// of the rows list resolvers load, and of money, met once per row.
func Methods() []render.Method {
	return []render.Method{
		render.Getter("product", (*model.OrderItem).Product),
		render.Getter("table", (*model.Order).Table),
		render.Ref("payments", func(o *model.Order) (*[]*model.Payment, error) { return &o.LoadedPayments, o.PaymentsErr }),
		render.Text("amount", (*model.Money).AppendAmount),
		render.Text("formatted", (*model.Money).AppendFormatted),
	}
}

// Allowed reports whether the viewer in ctx holds permission, as
// @hasPermission asks.
func Allowed(ctx context.Context, permission string) bool {
	v := auth.ViewerFrom(ctx)
	return v != nil && v.Can(permission)
}

func root[T any](call func(context.Context, *args) (T, error)) render.Root {
	return render.Root{Type: reflect.TypeFor[T](), Call: func(ctx context.Context, m map[string]any) (any, error) {
		return call(ctx, &args{m: m})
	}}
}

// args are a field's arguments as gqlparser gives them; err is the first
// that did not read.
type args struct {
	m   map[string]any
	err error
}

// errArgument stops a call whose arguments gqlgen must read and report.
var errArgument = errors.New("an argument gqlgen must read")

func (a *args) fail() error {
	if a.err == nil {
		a.err = errArgument
	}
	return a.err
}

// optional reads an argument that may be absent or null.
func optional[T any](a *args, name string, read func(any) (T, error)) *T {
	v, ok := a.m[name]
	if !ok || v == nil {
		return nil
	}
	out, err := read(v)
	if err != nil {
		a.fail()
		return nil
	}
	return &out
}

// unmarshaler is a generated enum or scalar reading itself.
type unmarshaler[T any] interface {
	*T
	UnmarshalGQL(any) error
}

func optionalEnum[T any, P unmarshaler[T]](a *args, name string) *T {
	return optional(a, name, func(v any) (T, error) {
		var out T
		err := P(&out).UnmarshalGQL(v)
		return out, err
	})
}

func enumList[T any, P unmarshaler[T]](a *args, name string) []T {
	v, ok := a.m[name]
	if !ok || v == nil {
		return nil
	}
	list, ok := v.([]any)
	if !ok {
		list = []any{v} // a single value stands for a list of one
	}
	out := make([]T, len(list))
	for i, x := range list {
		if err := P(&out[i]).UnmarshalGQL(x); err != nil {
			a.fail()
			return nil
		}
	}
	return out
}

// dateRange reads a DateRange input object.
func dateRange(a *args, name string) *model.DateRange {
	v, ok := a.m[name]
	if !ok || v == nil {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		a.fail()
		return nil
	}
	in := &args{m: m}
	out := &model.DateRange{Period: optionalEnum[model.Period](in, "period"), From: optionalEnum[model.Date](in, "from"),
		To: optionalEnum[model.Date](in, "to")}
	for k := range m {
		if k != "period" && k != "from" && k != "to" {
			in.fail()
		}
	}
	if in.err != nil {
		a.fail()
		return nil
	}
	return out
}
