package gateway

import (
	"embed"
	"net/http"

	"github.com/99designs/gqlgen/graphql/playground"
)

// GraphiQL 4.1.2 and React 18.2.0 from npm, embedded so the playground
// works offline. gqlgen's built-in SRI hashes match these files.
//
//go:embed assets
var assetFS embed.FS

func assets() http.Handler {
	fs := http.FileServerFS(assetFS)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		fs.ServeHTTP(w, r)
	})
}

func graphiql(headers map[string]string) http.Handler {
	opts := []playground.GraphiqlConfigOption{
		playground.WithGraphiqlVersion("/assets/graphiql.min.js", "/assets/graphiql.min.css",
			"sha256-hnImuor1znlJkD/FOTL3jayfS/xsyNoP04abi8bFJWs=", "sha256-MEh+B2NdMSpj9kexQNN3QKc8UzMrCXW/Sx/phcpuyIU="),
		playground.WithGraphiqlReactVersion("/assets/react.production.min.js", "/assets/react-dom.production.min.js",
			"sha256-S0lp+k7zWUMk2ixteM6HZvu8L9Eh//OVrt+ZfbCpmgY=", "sha256-IXWO0ITNDjfnNXIu5POVfqlgYoop36bDzhodR6LW5Pc="),
		playground.WithStoragePrefix("maitre:"),
	}
	if len(headers) > 0 {
		// The headers tab shows them and wins when edited; as fetcher
		// headers they also reach the schema introspection GraphiQL runs
		// before the tab exists.
		opts = append(opts, playground.WithGraphiqlUiHeaders(headers), playground.WithGraphiqlFetcherHeaders(headers))
	}
	return playground.Handler("maitre", "/query", opts...)
}
