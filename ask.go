package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// ask answers one question, `maitre ask [--token T] [--explain] question`,
// through the same gateway as the server (package app): against the
// services configured by MAITRE_* variables or the file MAITRE_CONFIG
// names, or the embedded demo on free loopback ports.
func ask(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("maitre ask", flag.ContinueOnError)
	fs.SetOutput(stderr)
	token := fs.String("token", "demo-owner", "bearer token to ask with")
	explain := fs.Bool("explain", false, "also print the intents, the GraphQL run, its variables and the services called")
	fs.Usage = func() {
		fmt.Fprintln(stderr, `usage: maitre ask [--token T] [--explain] "What's my revenue today?"`)
		fs.PrintDefaults()
	}
	var words []string
	for len(args) > 0 { // flags may come before or after the question
		if err := fs.Parse(args); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		words = append(words, fs.Arg(0))
		args = fs.Args()[1:]
	}
	question := strings.Join(words, " ")
	if question == "" {
		fs.Usage()
		return errors.New("ask: no question")
	}

	body, _ := json.Marshal(map[string]string{"question": question})
	rec, err := inProcess(ctx, getenv, stderr, "/chat", *token, string(body))
	if err != nil {
		return err
	}

	var a struct {
		Answer    string
		Intents   []string
		Graphql   string
		Variables any
		Errors    []struct{ Message, Code string }
		Sources   []struct {
			Service    string
			Calls      int
			DurationMs float64
			Status     string
		}
		Suggestions []string
	}
	var failed struct {
		Errors []struct{ Message string }
	}
	if rec.Code != http.StatusOK {
		_ = json.Unmarshal(rec.Body.Bytes(), &failed)
		if len(failed.Errors) > 0 {
			return fmt.Errorf("ask: %s", failed.Errors[0].Message)
		}
		return fmt.Errorf("ask: HTTP %d", rec.Code)
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &a); err != nil {
		return fmt.Errorf("ask: %w", err)
	}
	fmt.Fprintln(stdout, a.Answer)
	if len(a.Suggestions) > 0 && len(a.Intents) == 0 {
		fmt.Fprintln(stdout, "\nYou could ask:")
		for _, s := range a.Suggestions {
			fmt.Fprintln(stdout, "  "+s)
		}
	}
	if !*explain {
		return nil
	}
	vars, _ := json.MarshalIndent(a.Variables, "", "  ")
	fmt.Fprintf(stdout, "\nintents: %s\n\n%s\n\nvariables: %s\n\nsources:\n", strings.Join(a.Intents, ", "), a.Graphql, vars)
	for _, s := range a.Sources {
		fmt.Fprintf(stdout, "  %-10s %d call(s) %8.1f ms  %s\n", s.Service, s.Calls, s.DurationMs, s.Status)
	}
	for _, e := range a.Errors {
		fmt.Fprintf(stdout, "error: %s (%s)\n", e.Message, e.Code)
	}
	return nil
}
