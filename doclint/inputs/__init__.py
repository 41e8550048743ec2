"""What a run reads first: which files to lint (discovery), the configuration, and
the files a git change touched."""
