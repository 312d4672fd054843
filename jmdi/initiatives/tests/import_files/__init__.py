"""Spreadsheets and addresses the import tests use."""
