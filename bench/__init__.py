"""Benchmarks: latency against the floor, load, ingest, scale, encoders, start-up (`make bench`)."""
