"""``doclint server``: the Language Server Protocol over stdio, for any editor.

``app`` speaks the protocol (pygls, an optional dependency: ``doclint[server]``);
``positions`` converts offsets to the editor's positions; ``actions`` makes the quick
fixes. The linting itself is ``doclint.running.live``'s session, the engine's own
per-document step. Nothing here is imported by a ``doclint check``.
"""
