"""Helpers shared by the tests: the snippet runner and the checks on pages."""
