"""Pieces of the GeoToolz HTTP benchmark harness (bench/run.py)."""
