"""Deployment files: Kubernetes manifests (k8s/) and the nginx proxy (nginx/)."""
