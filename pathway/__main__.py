"""Commands for whoever runs the server: accounts, the demo class, backups.

add-instructor, reset-passphrase, link-identity, demo, backup, restore, rollback, recover,
migrate.

Becoming an instructor is not open to anyone who signs up; it takes access to the server's data
folder, which is what running this command needs.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from pathway import settings
from pathway.accounts import AccountError, IdentityLink, normalise_username
from pathway.auth import reissue_one_time_passphrase, sign_up
from pathway.backends import open_storage, storage_place
from pathway.backup import BackupError, backup_folder, recover_file, rollback_file
from pathway.content import load_content
from pathway.data_file import read_data_file
from pathway.demo import DEMO_PASSPHRASE, INSTRUCTOR_USERNAME, fill_demo
from pathway.migrate import MigrationError, copy_store
from pathway.restore import restore_folder
from pathway.storage import Storage, StorageError
from pathway.store import read_learner_file


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the chosen command; the exit code says how it went."""
    parser = argparse.ArgumentParser(prog="python -m pathway", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser(
        "add-instructor",
        help="promote an account to instructor, or create an instructor account",
    )
    add.add_argument("username")
    add.add_argument("--name", help="display name, when creating a new account")
    add.add_argument(
        "--passphrase-stdin",
        action="store_true",
        help="read the new account's passphrase from standard input instead of prompting",
    )
    reset = commands.add_parser(
        "reset-passphrase",
        help="give an account a new one-time passphrase (printed) and end all its sign-ins",
    )
    reset.add_argument("username")
    link = commands.add_parser(
        "link-identity",
        help="let an identity-provider login (issuer and subject) sign in as an account",
    )
    link.add_argument("username")
    link.add_argument("issuer", help="the provider's `iss`, e.g. https://accounts.example.edu")
    link.add_argument("subject", help="the person's `sub` at that provider")
    demo = commands.add_parser("demo", help="fill an empty data folder with a demo class")
    demo.add_argument("--learners", type=int, default=30, help="how many learners (default 30)")
    backup = commands.add_parser("backup", help="write the whole data folder to a zip archive")
    backup.add_argument("archive", type=Path)
    restore = commands.add_parser("restore", help="unpack a backup into an empty data folder")
    restore.add_argument("archive", type=Path)
    rollback = commands.add_parser("rollback", help="put back a previous version of a data file")
    rollback.add_argument("file", type=Path)
    rollback.add_argument("--version", type=int, default=1, help="1 is the most recent (default)")
    recover = commands.add_parser(
        "recover",
        help="put back the newest good backup of a damaged or missing data file (kept aside)",
    )
    recover.add_argument("file", type=Path)
    migrate = commands.add_parser(
        "migrate",
        help="copy the data folder into an empty PostgreSQL database (--to), or back (--from)",
    )
    direction = migrate.add_mutually_exclusive_group(required=True)
    direction.add_argument("--to", metavar="URL", help="postgresql://... to copy the folder into")
    direction.add_argument("--from", dest="source", metavar="URL", help="postgresql://... to copy")
    args = parser.parse_args(argv)
    if args.command == "migrate":
        return migrate_store(settings.data_dir(), to_url=args.to, from_url=args.source)
    if args.command in ("backup", "restore", "rollback", "recover"):
        return _run_backup_command(args)
    store = open_storage(settings.data_dir(), settings.database_url())
    place = storage_place(settings.data_dir(), settings.database_url())
    try:
        if args.command == "demo":
            return make_demo(store, place, args.learners)
        if args.command == "link-identity":
            return link_identity(store, place, args.username, args.issuer, args.subject)
        if args.command == "reset-passphrase":
            return reset_passphrase(store, place, args.username)
        return add_instructor(store, place, args.username, args.name, args.passphrase_stdin)
    finally:
        store.close()


def _run_backup_command(args: argparse.Namespace) -> int:
    data_dir = settings.data_dir()
    try:
        if args.command == "backup":
            count = backup_folder(data_dir, args.archive)
            print(f"Backed up {count} data files from {data_dir} to {args.archive}.")
        elif args.command == "restore":
            count = restore_folder(args.archive, data_dir)
            print(f"Restored {count} data files into {data_dir}.")
        elif args.command == "rollback":
            rollback_file(args.file, args.version)
            print(f"Put back version {args.version} of {args.file}.")
        else:
            # A learner file's backup must also hold values the records accept.
            check = read_learner_file if args.file.parent.name == "learners" else read_data_file
            version = recover_file(args.file, check)
            print(f"Put back backup {version} of {args.file}; any damaged file was kept beside it.")
    except BackupError as error:
        print(error, file=sys.stderr)
        return 2
    return 0


def migrate_store(data_dir: Path, *, to_url: str | None, from_url: str | None) -> int:
    """Copy the data folder into the database at `to_url`, or the one at `from_url` into it.

    The target must be empty; the copy is checked (counts and every record) before it says so.
    """
    url = to_url or from_url or ""
    folder = open_storage(data_dir)
    try:
        database = open_storage(data_dir, url)
    except (ValueError, StorageError) as error:
        folder.close()
        print(error, file=sys.stderr)
        return 2
    folder_place, database_place = storage_place(data_dir), storage_place(data_dir, url)
    if to_url:
        source, target, out_of, into = folder, database, folder_place, database_place
    else:
        source, target, out_of, into = database, folder, database_place, folder_place
    try:
        copied = copy_store(source, target)
    except (MigrationError, StorageError) as error:
        print(error, file=sys.stderr)
        return 2
    finally:
        folder.close()
        database.close()
    print(f"Copied {copied} from {out_of} into {into}, and checked them. Sign-ins are not copied.")
    return 0


def make_demo(store: Storage, place: str, learners: int) -> int:
    """Fill the store with the demo class, refusing one that already has accounts."""
    if store.list_accounts():
        print(f"{place} already has accounts; use an empty folder.", file=sys.stderr)
        return 2
    demo = fill_demo(store, load_content(settings.content_dir()), learners, date.today())
    print(
        f"Demo class (join code {demo.join_code}) with {learners} learners in {place}.\n"
        f"Sign in as '{INSTRUCTOR_USERNAME}' or '{demo.learner_usernames[0]}' with the passphrase "
        f"'{DEMO_PASSPHRASE}'."
    )
    return 0


def reset_passphrase(store: Storage, place: str, username: str) -> int:
    """Print a new one-time passphrase for `username`, for whoever helps a locked-out person."""
    username = normalise_username(username)
    try:
        passphrase = reissue_one_time_passphrase(store, username, datetime.now(UTC))
    except KeyError:
        print(f"No account '{username}' in {place}.", file=sys.stderr)
        return 2
    print(
        f"One-time passphrase for '{username}': {passphrase}\n"
        "Hand it over privately. It works for 14 days, and at the next sign-in its owner must "
        "choose their own. Every sign-in of the account has been ended."
    )
    return 0


def link_identity(store: Storage, place: str, username: str, issuer: str, subject: str) -> int:
    """Link a provider login to `username` (moving it off any other account), saying what it did.

    For an account that already has a passphrase its owner can link it on the sign-in page;
    this is for the rest, such as an account whose owner lost the passphrase.
    """
    username = normalise_username(username)
    if store.find_account(username) is None:
        print(f"No account '{username}' in {place}.", file=sys.stderr)
        return 2
    try:
        link = IdentityLink(issuer=issuer, subject=subject)
    except ValueError:
        print("The issuer and the subject must each be 1 to 1,000 characters.", file=sys.stderr)
        return 2
    previous = store.link_identity(username, link)
    moved = f" (moved from '{previous.username}')" if previous is not None else ""
    print(f"The login {subject} at {issuer} now signs in as '{username}'{moved}.")
    return 0


def add_instructor(
    store: Storage, place: str, username: str, name: str | None, passphrase_stdin: bool
) -> int:
    """Promote `username`, or create it as an instructor when it does not exist yet."""
    username = normalise_username(username)
    if store.find_account(username) is None:
        if not name:
            print(f"No account '{username}' yet: give --name to create it.", file=sys.stderr)
            return 2
        passphrase = (
            sys.stdin.readline().rstrip("\n")
            if passphrase_stdin
            else getpass.getpass("Passphrase for the new instructor: ")
        )
        try:
            sign_up(store, username, name, passphrase)
        except AccountError as error:
            print(error, file=sys.stderr)
            return 2
    store.update_account(username, lambda a: a.with_role("instructor"))
    print(f"'{username}' is now an instructor in {place}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
