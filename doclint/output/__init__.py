"""What a run gives back: reports in every format, the baseline and CI gate, and
the fixer."""
