"""Docker sandboxes for packs whose verdicts come from executing things."""
