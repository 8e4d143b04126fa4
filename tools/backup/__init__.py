"""`make backup` and `make restore BACKUP=<archive>`: one dated archive of every service's records
(in a store-neutral form, JSON lines through each store seam) and objects (with their sha256),
and the way back into whatever storage the environment selects (SQLite and files, or MongoDB
and S3). See docs/backups.md."""
