"""Autofix: ``doclint --fix`` writes the fixes checkers attach to their findings,
``doclint --diff`` shows them. ``apply`` edits text, ``run`` repeats lint-and-fix
rounds, ``write`` puts files back without risking their contents, ``diff`` and
``report`` say what happened."""
