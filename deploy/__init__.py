"""Deployment: the edge (deploy/edge/)."""
