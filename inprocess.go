package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/maitre-pos/maitre/app"
	"github.com/maitre-pos/maitre/config"
)

// inProcess serves one POST of body to path with token through the same
// gateway as the server (package app), built from the MAITRE_* variables
// or the file MAITRE_CONFIG names (the embedded demo on free loopback
// ports without services), and returns the answer.
func inProcess(ctx context.Context, getenv func(string) string, stderr io.Writer, path, token, body string) (*httptest.ResponseRecorder, error) {
	cfg, err := config.Parse(nil, getenv, stderr)
	if err != nil {
		return nil, err
	}
	g, err := app.New(cfg, app.Options{Log: slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: slog.LevelError}))})
	if err != nil {
		return nil, err
	}
	defer g.Close()
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	g.Handler().ServeHTTP(rec, req)
	return rec, nil
}
