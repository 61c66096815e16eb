// Package admit decides whether a GraphQL request is worth running before
// any of its cost is paid.
//
// An Executor stands in front of gqlgen's executor. For a document it has
// not seen, it lexes it once and refuses it past a token or nesting
// budget; parses it; measures its shape with every fragment expanded
// without expanding any (fields, aliases, depth, width, root fields,
// directives, fragments, introspection) and refuses it past a limit; then
// validates it, with the one rule that can grow faster than the document
// (fields merging) replaced by a check that runs under a budget of steps.
// Each pass is linear in the document's bytes and runs only on what
// passed the one before. Only a document that passed everything is kept,
// in a cache bounded in bytes as well as entries; persisted queries are
// kept only once admitted.
//
// Variables are then held to their definitions strictly ("10" is not an
// Int), and the request's context is honoured between passes, so a
// deadline stops the work and is answered as GATEWAY_TIMEOUT.
//
// Every refusal carries its own extensions.code (errcode) and, for a
// limit, extensions.limit; docs/limits.md lists them.
package admit
