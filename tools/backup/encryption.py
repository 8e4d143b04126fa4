"""Encrypted archives with age (pyrage, the Python binding of the rage implementation).

age takes a passphrase (scrypt) only for data held whole in memory, while an archive holds a
million exam results and every video. So each archive gets a one-time X25519 identity: the
archive streams through age to that identity, and the identity itself is encrypted with the
passphrase. The file is

    the line `portal-backup-encrypted/1`
    the identity, as an ASCII-armored age file encrypted with BACKUP_PASSPHRASE
    the archive (.tar.gz), as a binary age file encrypted to that identity

Both parts are standard age files (authenticated: a changed or cut byte is refused), written and
read by age: none of the cryptography is our own."""

import contextlib
import os
import threading

import pyrage

from .errors import PASSPHRASE, BackupError, damaged

MAGIC = b"portal-backup-encrypted/1\n"
ARMOR_END = b"-----END AGE ENCRYPTED FILE-----"


def is_encrypted(path):
    with open(path, "rb") as found:
        return found.read(len(MAGIC)) == MAGIC


@contextlib.contextmanager
def encrypting(out, passphrase):
    """A writable file: what is written goes through age into `out` (an open binary file)."""
    identity = pyrage.x25519.Identity.generate()
    out.write(MAGIC)
    wrapped = pyrage.passphrase.encrypt(str(identity).encode(), passphrase, armored=True)
    out.write(wrapped if wrapped.endswith(b"\n") else wrapped + b"\n")  # the header ends with its line
    out.flush()
    read_fd, write_fd = os.pipe()
    failure = []

    def encrypt():
        try:
            with os.fdopen(read_fd, "rb") as plain:
                pyrage.encrypt_io(plain, out, [identity.to_public()])
        except BaseException as error:  # handed to the caller below
            failure.append(error)

    worker = threading.Thread(target=encrypt, name="backup-encrypt")
    worker.start()
    writer = os.fdopen(write_fd, "wb")
    try:
        yield writer
    finally:
        writer.close()
        worker.join()
    if failure:
        raise BackupError(f"Không mã hóa được bản sao lưu: {failure[0]}")


def _identity(handle, passphrase):
    if handle.read(len(MAGIC)) != MAGIC:
        raise damaged("không phải bản sao lưu mã hóa của cổng thông tin")
    armored = b""
    while ARMOR_END not in armored:
        line = handle.readline(4096)
        if not line or len(armored) > 64 * 1024:
            raise damaged("phần khóa bị cắt")
        armored += line
    try:
        secret = pyrage.passphrase.decrypt(armored, passphrase)
    except pyrage.DecryptError:
        raise BackupError(
            "Sai mật khẩu sao lưu (BACKUP_PASSPHRASE): không giải mã được bản sao lưu.", PASSPHRASE
        ) from None
    try:
        return pyrage.x25519.Identity.from_str(secret.decode())
    except Exception:
        raise damaged("phần khóa không hợp lệ") from None


@contextlib.contextmanager
def decrypting(path, passphrase):
    """A readable file of the archive inside the encrypted file at `path`. Bytes age has not
    authenticated are never handed on; a damaged or cut file ends in a BackupError (DAMAGED)."""
    handle = open(path, "rb")
    try:
        identity = _identity(handle, passphrase)
    except BaseException:
        handle.close()
        raise
    read_fd, write_fd = os.pipe()
    failure = []

    def decrypt():
        try:
            with os.fdopen(write_fd, "wb") as plain:
                pyrage.decrypt_io(handle, plain, [identity])
        except BaseException as error:  # handed to the caller below
            failure.append(error)

    worker = threading.Thread(target=decrypt, name="backup-decrypt")
    worker.start()
    reader = os.fdopen(read_fd, "rb")
    checked = _CheckedReader(reader, worker, failure)
    try:
        yield checked
        # Read to the end even when tar stopped before it: age authenticates the last chunk
        # there, which is how a cut file is told from a whole one.
        while checked.read(256 * 1024):
            pass
    finally:
        reader.close()  # a decrypter still writing gets a broken pipe and stops
        worker.join()
        handle.close()
    if failure and not isinstance(failure[0], BrokenPipeError):
        raise damaged("dữ liệu mã hóa không toàn vẹn")


class _CheckedReader:
    """The plaintext pipe; its end counts only once age has finished without an error."""

    def __init__(self, reader, worker, failure):
        self.reader, self.worker, self.failure = reader, worker, failure

    def read(self, size=-1):
        data = self.reader.read(size)
        if not data and size != 0:
            self.worker.join()
            if self.failure:
                raise damaged("dữ liệu mã hóa không toàn vẹn")
        return data
