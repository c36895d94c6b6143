"""Commands for question banks: import-questions, export-questions."""

BANK_COMMANDS: list = []
