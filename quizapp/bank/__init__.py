"""Question banks: loading the files in questions/, import and export formats."""
