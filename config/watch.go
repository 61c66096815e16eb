package config

import (
	"bytes"
	"context"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// settle is how long a burst of file events must be quiet before the file
// is read: editors and ConfigMaps write in several steps.
const settle = 100 * time.Millisecond

// Watch calls changed whenever the contents of the file at name change,
// and on every SIGHUP, until ctx ends. It watches the file's directory,
// so that a file replaced by a rename (as editors save, and as Kubernetes
// swaps a ConfigMap's symlink) is seen too.
func Watch(ctx context.Context, name string, changed func()) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	if err := w.Add(filepath.Dir(name)); err != nil {
		w.Close()
		return err
	}
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	last, _ := os.ReadFile(name)
	go func() {
		defer w.Close()
		defer signal.Stop(hup)
		timer := time.NewTimer(time.Hour)
		timer.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				last, _ = os.ReadFile(name)
				changed()
			case _, ok := <-w.Events:
				if !ok {
					return
				}
				timer.Reset(settle)
			case <-w.Errors: // events were lost: read the file to be sure
				timer.Reset(settle)
			case <-timer.C:
				now, err := os.ReadFile(name)
				if err == nil && !bytes.Equal(now, last) {
					last = now
					changed()
				}
			}
		}
	}()
	return nil
}
