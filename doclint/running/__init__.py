"""One run from start to end: the orchestrator (engine), per-document work on worker
processes, the persistent cache and the progress bar."""
