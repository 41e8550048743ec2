"""Shell syntax: tokens with exact positions, and the simple commands and statements a
tolerant parser reads from them; no document, no file offset, no bashlex.

It sits below both stages that read shell. Extraction (``doclint.extract``) decides
which lines of a code block are commands: a console transcript's command may go on past
its line (an open quote, a trailing ``|``, a here-document), and an unlabelled block is
shell only when every command in it starts with a plausible program; both questions
are answered by the tolerant parser. The shell stage (``doclint.shell``) turns the
snippets extraction found into commands whose words know their file offsets, with
bashlex where it can and the same tolerant parser where it cannot.
"""
