// Package model holds the Go types behind the GraphQL schema: the ones
// gqlgen generates (models_gen.go) and the hand-written ones here, which
// keep the ids that field resolvers load from.
package model
