"""Cost benchmarks of mars_mm (``make bench`` writes ``RESULTS.md``)."""
