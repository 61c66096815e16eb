package deploy

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// image is what an OCI archive (`podman save --format oci-archive`) holds
// of its one image: the runtime configuration, and the files of its layers
// written into a folder.
type image struct {
	Config struct {
		User         string
		Entrypoint   []string
		Env          []string
		ExposedPorts map[string]struct{}
		Labels       map[string]string
	} `json:"config"`
	// files are the layers' regular files, by their path in the image.
	files []string
	// size is the layers' size, uncompressed.
	size int64
}

type descriptor struct {
	MediaType string `json:"mediaType"`
	Digest    string `json:"digest"`
}

// readImage reads the OCI archive at archive, and writes the files of its
// layers under root.
func readImage(archive, root string) (*image, error) {
	blobs, err := untarBlobs(archive)
	if err != nil {
		return nil, err
	}
	var index struct{ Manifests []descriptor }
	if err := json.Unmarshal(blobs["index.json"], &index); err != nil {
		return nil, fmt.Errorf("index.json: %w", err)
	}
	if len(index.Manifests) != 1 {
		return nil, fmt.Errorf("%d images in the archive, want 1", len(index.Manifests))
	}
	var manifest struct {
		Config descriptor
		Layers []descriptor
	}
	if err := json.Unmarshal(blobs[blobPath(index.Manifests[0].Digest)], &manifest); err != nil {
		return nil, fmt.Errorf("manifest: %w", err)
	}
	img := new(image)
	if err := json.Unmarshal(blobs[blobPath(manifest.Config.Digest)], img); err != nil {
		return nil, fmt.Errorf("image config: %w", err)
	}
	for _, l := range manifest.Layers {
		layer := io.Reader(bytes.NewReader(blobs[blobPath(l.Digest)]))
		if strings.HasSuffix(l.MediaType, "+gzip") {
			if layer, err = gzip.NewReader(layer); err != nil {
				return nil, fmt.Errorf("layer %s: %w", l.Digest, err)
			}
		}
		if err := img.unpack(layer, root); err != nil {
			return nil, fmt.Errorf("layer %s: %w", l.Digest, err)
		}
	}
	return img, nil
}

func blobPath(digest string) string { return "blobs/" + strings.Replace(digest, ":", "/", 1) }

// untarBlobs reads every file of a tar archive into memory, by name.
func untarBlobs(name string) (map[string][]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string][]byte{}
	r := tar.NewReader(f)
	for {
		h, err := r.Next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if h.Typeflag == tar.TypeReg {
			if out[path.Clean(h.Name)], err = io.ReadAll(r); err != nil {
				return nil, err
			}
		}
	}
}

// unpack writes a layer's folders and regular files under root; a scratch
// image built by COPY has no links, devices or whiteouts to apply.
func (img *image) unpack(layer io.Reader, root string) error {
	r := tar.NewReader(layer)
	for {
		h, err := r.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		name := path.Clean("/" + h.Name)
		dest := filepath.Join(root, filepath.FromSlash(name))
		switch h.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(dest, 0o755); err != nil {
				return err
			}
		case tar.TypeReg:
			if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
				return err
			}
			f, err := os.OpenFile(dest, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, h.FileInfo().Mode().Perm())
			if err != nil {
				return err
			}
			n, err := io.Copy(f, r)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return err
			}
			img.files = append(img.files, name)
			img.size += n
		default:
			return fmt.Errorf("%s: a %c entry, which the image should not hold", name, h.Typeflag)
		}
	}
}
