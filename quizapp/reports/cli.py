"""The `report` command: every report as CSV or JSON."""

REPORT_COMMANDS: list = []
