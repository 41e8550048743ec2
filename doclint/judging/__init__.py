"""The rules and what surrounds them: rule definitions and selection (rulebook), the
suppression stage after the checkers, and regex helpers of the pattern checker."""
