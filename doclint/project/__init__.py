"""What the documents say and what the project defines: one document analysed
(analysis), and the inventory of what exists (compose stacks, containers the docs create,
Makefile targets, package.json scripts, Markdown anchors, files on disk)."""
