"""Plumbing shared by the portal's services and gateway.

Written once here so that the four processes behave the same way: configuration from the
environment, JSON errors, request IDs, one log line per request, health and readiness, the admin
token, Prometheus metrics, and the storage seams (SQLite or MongoDB documents, files or S3 objects).
"""
