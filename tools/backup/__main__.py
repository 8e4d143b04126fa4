"""python -m tools.backup create | verify ARCHIVE | restore ARCHIVE [--force]

Exit codes: 0 done; 1 failed; 3 damaged, truncated or edited archive (nothing changed); 4 the
target holds data (nothing changed); 5 passphrase missing or wrong (nothing changed)."""

import os
import sys

import click

from portal_common.config import env_bool, env_str

from .create import create
from .errors import FAILED, BackupError
from .restore import restore, verify


def _size(path):
    return f"{os.path.getsize(path) / 1024 / 1024:.1f} MB"


def _counts(part):
    listed = ", ".join(f"{kind} {count}" for kind, count in part["counts"].items())
    objects = part.get("objects")
    return listed + (f"; {objects['count']} đối tượng ({objects['backend']})" if objects else "")


@click.group()
def cli():
    """Sao lưu và khôi phục cổng thông tin."""


@cli.command("create")
def create_command():
    """Tạo một bản sao lưu; dòng cuối in ra là đường dẫn của nó."""
    try:
        path, manifest, pruned = create()
    except BackupError as error:
        click.echo(error.message, err=True)
        sys.exit(error.code)
    except Exception as error:  # storage unreachable, disk full…: said in one line, for cron's mail
        click.echo(f"Sao lưu thất bại, không có bản sao lưu mới: {type(error).__name__}: {error}", err=True)
        sys.exit(FAILED)
    for name, part in manifest["services"].items():
        click.echo(f"{name} ({part['store']}): {_counts(part)}")
        for key in part.get("objects", {}).get("gone", []):
            click.echo(f"  đối tượng {key} đã bị xóa trong lúc sao lưu (cùng bản ghi của nó)")
    for name in pruned:
        click.echo(f"Đã xóa bản sao lưu cũ: {name}")
    click.echo(f"Đã sao lưu ({_size(path)}{', mã hóa' if manifest['encrypted'] else ''}):")
    click.echo(path)


@cli.command("verify")
@click.argument("archive")
def verify_command(archive):
    """Kiểm tra một bản sao lưu (mã sha256 của mọi thành phần), không ghi gì."""
    try:
        manifest = verify(os.path.abspath(archive), env_str("BACKUP_PASSPHRASE"))
    except BackupError as error:
        click.echo(error.message, err=True)
        sys.exit(error.code)
    for name, part in manifest["services"].items():
        click.echo(f"{name} ({part['store']}): {_counts(part)}")
    click.echo(f"Bản sao lưu nguyên vẹn ({manifest['created_at']}): {os.path.abspath(archive)}")


@cli.command("restore")
@click.argument("archive")
@click.option("--force", is_flag=True, help="Thay thế dữ liệu đang có (dữ liệu cũ được chuyển sang một bên).")
def restore_command(archive, force):
    """Khôi phục một bản sao lưu vào nơi lưu trữ mà môi trường chọn (SQLite/tệp, hoặc MongoDB/S3)."""
    try:
        manifest, restored, aside = restore(archive, force=force or env_bool("RESTORE_FORCE", False))
    except BackupError as error:
        click.echo(error.message, err=True)
        sys.exit(error.code)
    except Exception as error:  # the archive was whole; writing into the target failed part-way
        click.echo(
            f"Khôi phục thất bại giữa chừng: {type(error).__name__}: {error}. Nơi khôi phục có thể đã có một phần "
            "dữ liệu: sửa nguyên nhân rồi khôi phục lại với --force.",
            err=True,
        )
        sys.exit(FAILED)
    for name, counts in restored.items():
        click.echo(f"{name}: {counts['records']} bản ghi, {counts['objects']} đối tượng")
    if aside:
        click.echo(f"Dữ liệu cũ đã được chuyển sang: {aside}")
    click.echo(f"Đã khôi phục bản sao lưu ngày {manifest['created_at']}: {os.path.abspath(archive)}")


if __name__ == "__main__":
    cli()
