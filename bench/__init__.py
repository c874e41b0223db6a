"""Benchmarks: ``make bench`` (bench/run.py) and ``make bench-screening``."""
