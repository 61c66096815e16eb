// Package chat answers natural questions about a restaurant ("what's my
// revenue today?") by translating them, without any language model, into
// one GraphQL document over maitre's public schema, executing it in-process
// with the caller's permissions, and phrasing the result as sentences.
//
// Translation is deterministic: the question is normalised (case,
// punctuation, contractions, spelling against a known vocabulary and the
// tenant's catalog), split into clauses, and each clause becomes an Ask:
// an intent with its slots (period, limit, product, ...). Asks become the
// root fields of one query, aliased ask0, ask1, ...
package chat
