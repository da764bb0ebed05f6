"""The nginx config for two or more replicas, and its renderer."""
