// Package deploy checks what ships maitre, the image its Containerfile
// builds and the Helm chart in helm/maitre, in a module of its own so that
// helm and k8s.io stay out of maitre's go.mod.
package deploy
