package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// chatCommand lists the questions the chat did not understand, `maitre
// chat misses [--token T] [--url URL] [--limit N]`, newest first: those a
// running gateway keeps, when --url names it, else those the fleet keeps
// in the Redis configured (MAITRE_REDIS_URL), read through the same
// gateway as the server.
func chatCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "misses" {
		return errors.New("chat: usage: maitre chat misses [--token T] [--url URL] [--limit N]")
	}
	fs := flag.NewFlagSet("maitre chat misses", flag.ContinueOnError)
	fs.SetOutput(stderr)
	token := fs.String("token", "demo-owner", "an owner's bearer token")
	url := fs.String("url", "", "a running gateway, e.g. http://localhost:4006 (unset: the misses kept in the configured Redis)")
	limit := fs.Int("limit", 20, "how many, at most 50")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	body, _ := json.Marshal(map[string]any{"query": "query($n: Int!) { chatMisses(limit: $n) { question at } }", "variables": map[string]int{"n": *limit}})
	var raw []byte
	if *url == "" {
		rec, err := inProcess(ctx, getenv, stderr, "/query", *token, string(body))
		if err != nil {
			return err
		}
		raw = rec.Body.Bytes()
	} else {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(*url, "/")+"/query", bytes.NewReader(body))
		if err != nil {
			return fmt.Errorf("chat misses: %w", err)
		}
		req.Header.Set("Authorization", "Bearer "+*token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return fmt.Errorf("chat misses: %w", err)
		}
		defer resp.Body.Close()
		if raw, err = io.ReadAll(io.LimitReader(resp.Body, 1<<20)); err != nil {
			return fmt.Errorf("chat misses: %w", err)
		}
	}
	var out struct {
		Data *struct {
			ChatMisses []struct{ Question, At string }
		}
		Errors []struct{ Message string }
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return fmt.Errorf("chat misses: not a GraphQL answer: %w", err)
	}
	if len(out.Errors) > 0 {
		return fmt.Errorf("chat misses: %s", out.Errors[0].Message)
	}
	if out.Data == nil || len(out.Data.ChatMisses) == 0 {
		fmt.Fprintln(stdout, "No question has been missed.")
		return nil
	}
	for _, m := range out.Data.ChatMisses {
		fmt.Fprintf(stdout, "%s  %s\n", m.At, m.Question)
	}
	return nil
}
