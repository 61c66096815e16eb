package deploy

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestImage builds the image from the Containerfile with podman as
// docs/deploy.md says, exports it, and runs the binary it holds until
// /health/live answers. Containers cannot run on these machines (no cgroup
// control), so the binary runs in a chroot of the image's files as the
// image's user: what the image holds and who it runs as, without the
// container's namespaces and limits.
func TestImage(t *testing.T) {
	podman, err := exec.LookPath("podman")
	if err != nil {
		missing(t, "podman (apt-get install podman), to build the image")
	}
	pem, err := os.ReadFile("/etc/ssl/certs/ca-certificates.crt")
	if err != nil {
		missing(t, "the CA certificates the image copies (apt-get install ca-certificates)")
	}
	maitreBinary(t)
	if err := os.WriteFile(filepath.Join(buildContext(), "ca-certificates.crt"), pem, 0o644); err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	// A store of the test's own on vfs: no overlay mounts to need or leave
	// behind, and nothing added to the machine's images.
	podmanRun := func(args ...string) string {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		store := []string{"--root", filepath.Join(dir, "storage"), "--runroot", filepath.Join(dir, "run"), "--storage-driver", "vfs", "--events-backend", "none"}
		out, err := exec.CommandContext(ctx, podman, append(store, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("podman %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return strings.TrimSpace(string(out))
	}
	const tag, version, revision = "localhost/maitre:test", "0.1.0-test", "test-revision"
	start := time.Now()
	podmanRun("build", "--quiet", "-f", "../Containerfile", "--build-arg", "VERSION="+version, "--build-arg", "REVISION="+revision, "-t", tag, buildContext())
	built := time.Since(start)
	archive := filepath.Join(dir, "maitre.tar")
	podmanRun("save", "--quiet", "--format", "oci-archive", "-o", archive, tag)
	root := filepath.Join(dir, "root")
	if err := os.Mkdir(root, 0o755); err != nil {
		t.Fatal(err)
	}
	img, err := readImage(archive, root)
	if err != nil {
		t.Fatal(err)
	}
	saved, err := os.Stat(archive)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("built in %v; %s bytes as podman counts them, %d bytes of files, %d bytes saved (compressed)",
		built.Round(time.Millisecond), podmanRun("image", "inspect", "--format", "{{.Size}}", tag), img.size, saved.Size())

	if want := []string{"/etc/ssl/certs/ca-certificates.crt", "/maitre"}; !slices.Equal(slices.Sorted(slices.Values(img.files)), want) {
		t.Errorf("the image holds %q, want %q alone", img.files, want)
	}
	user, group, _ := strings.Cut(img.Config.User, ":")
	uid, uerr := strconv.ParseUint(user, 10, 32)
	gid, gerr := strconv.ParseUint(group, 10, 32)
	if uerr != nil || gerr != nil || uid == 0 {
		t.Fatalf("User %q: want a numeric uid:gid other than root, which runAsNonRoot can check", img.Config.User)
	}
	for label, want := range map[string]string{
		"org.opencontainers.image.title":    "maitre",
		"org.opencontainers.image.version":  version,
		"org.opencontainers.image.revision": revision,
		"org.opencontainers.image.licenses": "NOASSERTION",
		"org.opencontainers.image.source":   "https://github.com/maitre-pos/maitre",
	} {
		if got := img.Config.Labels[label]; got != want {
			t.Errorf("label %s = %q, want %q", label, got, want)
		}
	}
	if _, ok := img.Config.ExposedPorts["4006/tcp"]; !ok || !slices.Equal(img.Config.Entrypoint, []string{"/maitre"}) {
		t.Errorf("exposes %v, entrypoint %q: want 4006/tcp and /maitre", img.Config.ExposedPorts, img.Config.Entrypoint)
	}

	// The services' URLs go to a closed port, so that no embedded demo
	// starts on 127.0.0.1:4001-4005, where other tests listen.
	port, closed := freePort(t), freePort(t)
	env := append(slices.Clone(img.Config.Env), "MAITRE_LISTEN=127.0.0.1:"+port)
	for _, s := range []string{"AUTH", "ORDERS", "PAYMENTS", "INVENTORY", "RESTAURANT"} {
		env = append(env, fmt.Sprintf("MAITRE_%s_URL=http://127.0.0.1:%s", s, closed))
	}
	cmd := &exec.Cmd{Path: img.Config.Entrypoint[0], Args: img.Config.Entrypoint, Env: env, Dir: "/"}
	if os.Geteuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Chroot: root, Credential: &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}}
	} else {
		t.Logf("not root: the binary runs as this user, outside a chroot")
		cmd.Path, cmd.Dir = filepath.Join(root, cmd.Path), root
	}
	logFile, err := os.Create(filepath.Join(dir, "maitre.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	var waitErr error
	go func() { waitErr = cmd.Wait(); close(done) }()
	defer func() {
		select {
		case <-done:
		default:
			_ = cmd.Process.Kill()
			<-done
		}
	}()
	output := func() string { out, _ := os.ReadFile(logFile.Name()); return string(out) }

	if err := waitLive(port, done); err != nil {
		select {
		case <-done:
			err = fmt.Errorf("%v: %v", err, waitErr)
		default:
		}
		t.Fatalf("%v\n--- its output:\n%s", err, output())
	}
	if os.Geteuid() == 0 {
		status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", cmd.Process.Pid))
		if err != nil || !strings.Contains(string(status), fmt.Sprintf("\nUid:\t%d\t%d\t", uid, uid)) {
			t.Errorf("the process does not run as uid %d: %v\n%s", uid, err, status)
		}
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-done:
		if waitErr != nil {
			t.Errorf("after SIGTERM: %v\n--- its output:\n%s", waitErr, output())
		}
	case <-time.After(15 * time.Second):
		t.Errorf("still running 15 s after SIGTERM (MAITRE_SHUTDOWN_TIMEOUT is 10 s)\n--- its output:\n%s", output())
	}
}

// waitLive polls /health/live on 127.0.0.1:port until it answers 200, the
// process exits (done is closed), or 30 s pass.
func waitLive(port string, done <-chan struct{}) error {
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := client.Get("http://127.0.0.1:" + port + "/health/live")
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			err = fmt.Errorf("status %s", resp.Status)
		}
		select {
		case <-done:
			return fmt.Errorf("maitre exited before /health/live answered")
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("/health/live did not answer 200 within 30 s: %v", err)
		}
	}
}

// freePort is a port on 127.0.0.1 that nothing listens on now.
func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	_, port, _ := net.SplitHostPort(l.Addr().String())
	return port
}
