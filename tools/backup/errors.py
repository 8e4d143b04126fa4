"""What stops a backup or a restore: a Vietnamese message for the operator and the exit code
scripts and cron can tell apart (docs/backups.md, "Exit codes")."""

FAILED = 1  # the backup or restore could not be made (storage unreachable, disk full…)
DAMAGED = 3  # the archive is damaged, truncated, edited or not a portal backup: nothing changed
NOT_EMPTY = 4  # the restore's target holds data and --force / RESTORE_FORCE=1 was not given
PASSPHRASE = 5  # encrypted archive: BACKUP_PASSPHRASE missing or wrong


class BackupError(Exception):
    def __init__(self, message, code=FAILED):
        super().__init__(message)
        self.message = message
        self.code = code


def damaged(detail):
    return BackupError(f"Bản sao lưu bị hỏng hoặc đã bị sửa ({detail}); không khôi phục, không thay đổi gì.", DAMAGED)
