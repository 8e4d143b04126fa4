"""Test support: real storage servers, real portal processes, shared fixtures."""
