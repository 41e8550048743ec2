"""One run from start to end: the engine that ties it together, the projects of its
documents and their inventories, per-document work on worker processes, the persistent
cache and the progress bar."""
