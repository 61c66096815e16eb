package main

import (
	"go/ast"
	"go/types"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/packages"

	"github.com/maitre-pos/maitre/app"
	"github.com/maitre-pos/maitre/config"
)

// TestEverySettingIsRead walks the settings table. Each setting, set to
// another valid value, must change the Config, and its field must be read
// by the code it configures: a field of a component's struct (a limit, a
// timeout) read in the program outside package config, and the struct
// itself reaching that component changed (the gateway's options, the
// services' endpoints); a field of config's own read outside it, or by an
// exported method of Config that is. A setting declared and never read
// fails here.
func TestEverySettingIsRead(t *testing.T) {
	reads := fieldReads(t)
	for _, s := range config.Settings() {
		t.Run(s.Path, func(t *testing.T) {
			base, changed := changedConfig(t, s)
			owner, field := fieldOf(t, changed, s)
			read, reaches := reads[owner+"."+field], !reflect.DeepEqual(assembled(base), assembled(changed))
			switch {
			case strings.HasPrefix(owner, configPkg+"."): // config's own field: read from the Config, or mapped by it
				if !read && !reaches {
					t.Errorf("%s.%s, bound by %s, is never read outside package config and changes no component's options", owner, field, s.Path)
				}
			case !read:
				t.Errorf("%s.%s, bound by %s, is never read", owner, field, s.Path)
			case !reaches:
				t.Errorf("%s changes %s.%s, which reaches neither the gateway's options nor the services' endpoints", s.Path, owner, field)
			}
		})
	}
}

const configPkg = "github.com/maitre-pos/maitre/config"

// changedConfig is a configuration, and the same with s set to the first
// valid value of its candidates that differs from its default; a
// service's URL is set with the demo on, for the others, and a previous
// key with a key.
func changedConfig(t *testing.T, s config.Setting) (base, changed *config.Config) {
	t.Helper()
	parse := func(args ...string) (*config.Config, error) {
		return config.Parse(args, func(string) string { return "" }, io.Discard)
	}
	for _, extra := range [][]string{nil, {"--demo=true"}, {"--redis-key=fedcba9876543210fedcba9876543210"}} {
		base, err := parse(extra...)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range candidates(t, s) {
			if v == s.Default {
				continue
			}
			cfg, err := parse(append([]string{"--" + s.Flag + "=" + v}, extra...)...)
			if err != nil {
				continue
			}
			if !slices.Contains(cfg.Changed(base), s.Path) {
				t.Fatalf("%s=%s parsed, but the configuration did not change", s.Path, v)
			}
			return base, cfg
		}
	}
	t.Fatalf("no value of %s other than its default %q is valid: %v", s.Path, s.Default, candidates(t, s))
	return nil, nil
}

// candidates are values to try for s: its bounds and its default moved,
// by kind; for text, the values each kind of text setting takes.
func candidates(t *testing.T, s config.Setting) []string {
	switch s.Kind {
	case config.Boolean:
		return []string{"true", "false"}
	case config.Duration:
		d, _ := time.ParseDuration(s.Default)
		return []string{s.Max, s.Min, (2*d + time.Second).String(), "0s"}
	case config.Integer, config.Number:
		n, _ := strconv.ParseFloat(s.Default, 64)
		return []string{s.Max, s.Min, strconv.FormatFloat(2*n+1, 'f', -1, 64), "1", "0", "0.5"}
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "revenue.graphql"), []byte("query Revenue { revenue { total { amount } } }\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return []string{"production", "debug", "127.0.0.1:4999", "http://127.0.0.1:4999", "redis://127.0.0.1:1/0",
		"payments=down", "2026-11-26T19:00:00Z", dir, "0123456789abcdef0123456789abcdef", `{"bistro":{"the usual":"Steak Frites"}}`}
}

// fieldOf names the field s is bound to: its struct type, as
// "package path.Type", and its name.
func fieldOf(t *testing.T, cfg *config.Config, s config.Setting) (owner, field string) {
	t.Helper()
	target := reflect.ValueOf(s.Field(cfg)).Pointer()
	var walk func(v reflect.Value) bool
	walk = func(v reflect.Value) bool {
		switch v.Kind() {
		case reflect.Pointer:
			return !v.IsNil() && walk(v.Elem())
		case reflect.Map:
			for _, k := range v.MapKeys() {
				if walk(v.MapIndex(k)) {
					return true
				}
			}
		case reflect.Struct:
			for i := range v.NumField() {
				f := v.Field(i)
				if f.CanAddr() && f.Addr().Pointer() == target && v.Type().Field(i).IsExported() {
					owner, field = v.Type().PkgPath()+"."+v.Type().Name(), v.Type().Field(i).Name
					return true
				}
			}
			for i := range v.NumField() { // a struct's first field shares its address: the leaf wins
				if walk(v.Field(i)) {
					return true
				}
			}
		}
		return false
	}
	if !walk(reflect.ValueOf(cfg)) {
		t.Fatalf("%s is bound to no field of the Config", s.Path)
	}
	return owner, field
}

// assembled is what the app builds from cfg for its components, funcs
// replaced by what they give: the clock by its time if it stands still.
func assembled(cfg *config.Config) any {
	o := app.GatewayOptions(cfg)
	now := o.Now()
	if time.Sleep(time.Millisecond); !o.Now().Equal(now) {
		now = time.Time{}
	}
	ops := o.MCP.Operations != nil
	o.Now, o.MCP.Operations = nil, nil
	return []any{o, now, ops, cfg.Endpoints()}
}

// fieldReads loads the program (tests aside) and returns every struct
// field it reads, as "package path.Type.Field": a selector that is not
// assigned to, outside package config or in an exported method of Config
// that is itself called outside it.
func fieldReads(t *testing.T) map[string]bool {
	t.Helper()
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedName | packages.NeedTypes | packages.NeedTypesInfo | packages.NeedSyntax}, "./...")
	if err != nil {
		t.Fatal(err)
	}
	owners := map[*types.Var]string{} // field → "path.Type"
	ownerOf := func(f *types.Var) string {
		if o, ok := owners[f]; ok {
			return o
		}
		for _, name := range f.Pkg().Scope().Names() {
			tn, ok := f.Pkg().Scope().Lookup(name).(*types.TypeName)
			if !ok {
				continue
			}
			if st, ok := tn.Type().Underlying().(*types.Struct); ok {
				for i := range st.NumFields() {
					owners[st.Field(i)] = f.Pkg().Path() + "." + name
				}
			}
		}
		return owners[f]
	}
	reads := map[string]bool{}
	byMethod := map[types.Object][]string{} // Config's exported methods → the fields they read
	calledOutside := map[types.Object]bool{}
	for _, p := range pkgs {
		if len(p.Errors) > 0 {
			t.Fatalf("%s: %v", p.PkgPath, p.Errors)
		}
		inConfig := p.PkgPath == configPkg
		for _, file := range p.Syntax {
			written := map[ast.Expr]bool{}
			ast.Inspect(file, func(n ast.Node) bool {
				if a, ok := n.(*ast.AssignStmt); ok {
					for _, l := range a.Lhs {
						written[l] = true
					}
				}
				return true
			})
			for _, decl := range file.Decls {
				fn, _ := decl.(*ast.FuncDecl)
				var method types.Object
				if inConfig && fn != nil && fn.Recv != nil && fn.Name.IsExported() {
					method = p.TypesInfo.Defs[fn.Name]
				}
				ast.Inspect(decl, func(n ast.Node) bool {
					se, ok := n.(*ast.SelectorExpr)
					if !ok {
						return true
					}
					if sel := p.TypesInfo.Selections[se]; sel != nil {
						if f, ok := sel.Obj().(*types.Var); ok && f.IsField() && !written[se] {
							key := ownerOf(f) + "." + f.Name()
							switch {
							case !inConfig:
								reads[key] = true
							case method != nil:
								byMethod[method] = append(byMethod[method], key)
							}
						}
						if m, ok := sel.Obj().(*types.Func); ok && !inConfig && m.Pkg() != nil && m.Pkg().Path() == configPkg {
							calledOutside[m] = true
						}
					}
					return true
				})
			}
		}
	}
	for m, keys := range byMethod {
		if calledOutside[m] {
			for _, k := range keys {
				reads[k] = true
			}
		}
	}
	return reads
}
