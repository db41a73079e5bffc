"""Metrics: what the tutor counts and times (record.py, on the request path) and how Prometheus reads it
(exposition.py)."""
