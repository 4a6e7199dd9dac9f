"""The PostgreSQL implementation of `pathway.storage.Storage`, for several app replicas.

Accounts, their identity-provider links, classes and memberships are tables with the indexes
their look-ups need; a learner's record is one JSONB document per learner, so a new
`LearnerRecord` field needs no migration (the records' defaults fill it in on read). Every
write is one transaction on a connection from a `psycopg_pool` pool; a learner's record is
changed under its row lock (SELECT ... FOR UPDATE), so two replicas changing one record at
once both land. Writes that add or remove accounts or move an identity link also take one
transaction-level advisory lock: they are rare (sign-ups), and serialising them keeps
"the first free username" and "one login, one account" true without retry loops.

The schema is created and migrated when a store opens: `MIGRATIONS` is the ordered list, and
`schema_version` records how far a database has come. Later tables (such as the bytea table of
evidence files) reference `learner_records (user_id) ON DELETE CASCADE`, so deleting an
account removes them with the record.

PostgreSQL keeps no earlier versions of a record: `put_back` raises NothingToPutBack telling
the operator to restore from a `pg_dump` backup, and a damaged record offers no put-back.
Sign-ins are still kept per replica in the data folder (see `PgStore.__init__`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import LiteralString

import psycopg
from psycopg import errors, sql
from psycopg.conninfo import conninfo_to_dict
from psycopg_pool import ConnectionPool
from pydantic import ValidationError

from pathway import settings
from pathway.accounts import Account, IdentityLink, UsernameTaken
from pathway.records import Classroom, LearnerRecord, Membership, first_problem
from pathway.sessions import SessionTokens
from pathway.storage import DamagedData, MissingData, NothingToPutBack, NotSaved, StorageError

MIGRATIONS: tuple[LiteralString, ...] = (
    # 1: accounts, identity links, learner records, classes and memberships.
    """
    CREATE TABLE accounts (
        position bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        user_id text PRIMARY KEY,
        username text NOT NULL UNIQUE,
        document jsonb NOT NULL
    );
    CREATE TABLE identities (
        issuer text NOT NULL,
        subject text NOT NULL,
        user_id text NOT NULL REFERENCES accounts (user_id) ON DELETE CASCADE,
        PRIMARY KEY (issuer, subject)
    );
    CREATE INDEX identities_user_id ON identities (user_id);
    CREATE TABLE learner_records (
        user_id text PRIMARY KEY REFERENCES accounts (user_id) ON DELETE CASCADE,
        document jsonb NOT NULL
    );
    CREATE TABLE classes (
        position bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        class_id text PRIMARY KEY,
        document jsonb NOT NULL
    );
    CREATE TABLE memberships (
        position bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        class_id text NOT NULL,
        user_id text NOT NULL,
        document jsonb NOT NULL,
        PRIMARY KEY (class_id, user_id)
    );
    CREATE INDEX memberships_user_id ON memberships (user_id);
    """,
)
"""The schema's migrations in order; migration n (from 1) brings a database to version n.

Append only: a database records the versions it has had, so an edited migration never runs.
"""

SCHEMA_LOCK = 7_406_221_501
"""The advisory lock held while a store migrates, so replicas starting at once migrate once."""

ACCOUNTS_LOCK = 7_406_221_502
"""The advisory lock of writes that add, remove or relink accounts (see the module's text)."""

CONNECT_TIMEOUT_SECONDS = 10
"""How long opening a store waits for the database before saying it cannot be reached."""

POOL_SIZE = 10
"""Most connections one store opens; a Streamlit process runs each session's script in a
thread, so this bounds how many of them reach the database at once."""

EMPTY_RECORD = LearnerRecord().model_dump_json()


class DamagedDocument(DamagedData):
    """A learner's stored document the records refuse; the database keeps no older version."""

    @property
    def put_back_offered(self) -> bool:
        """Never: there is no earlier version to put back (see `PgStore.put_back`)."""
        return False


def database_name(url: str) -> str:
    """The database a URL names, for messages: its name and host, never its password."""
    parts = conninfo_to_dict(url)
    host = parts.get("host") or "the local socket"
    return f"database {parts.get('dbname') or parts.get('user') or 'postgres'} on {host}"


class PgStore:
    """A `Storage` over one PostgreSQL database, safe to share between threads and replicas."""

    def __init__(self, url: str, sessions_folder: Path) -> None:
        """Migrate the schema at `url`, then open a pool on it; sign-ins go in `sessions_folder`.

        Sign-ins stay in this replica's folder for now (as in the TinyDB folder): a browser
        served by another replica signs in again. Sharing them through the database is next.
        """
        self._where = database_name(url)
        try:
            with psycopg.connect(
                url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_SECONDS
            ) as connection:
                self._migrate(connection)
        except psycopg.OperationalError as error:
            raise self._unreachable(error) from None
        self._pool = ConnectionPool(
            url,
            min_size=1,
            max_size=POOL_SIZE,
            kwargs={"autocommit": True},
            open=True,
            name="ma_pathway",
        )
        self.sessions = SessionTokens(sessions_folder, max_days=settings.session_days())
        """Sign-in tokens (hashes only), one file per account; see `pathway.sessions`."""

    # Accounts -----------------------------------------------------------------------------

    def find_account(self, username: str) -> Account | None:
        """The account with this username; one indexed look-up."""
        with self._reading() as connection:
            row = connection.execute(
                "SELECT document::text FROM accounts WHERE username = %s", (username,)
            ).fetchone()
        return Account.model_validate_json(row[0]) if row else None

    def find_account_by_identity(self, link: IdentityLink) -> Account | None:
        """The account this identity-provider login is linked to; one indexed look-up."""
        with self._reading() as connection:
            row = connection.execute(
                "SELECT a.document::text FROM identities i JOIN accounts a USING (user_id)"
                " WHERE i.issuer = %s AND i.subject = %s",
                (link.issuer, link.subject),
            ).fetchone()
        return Account.model_validate_json(row[0]) if row else None

    def find_accounts(self, user_ids: Iterable[str]) -> list[Account]:
        """The accounts of these user ids that exist, in the order given; one query."""
        wanted = list(user_ids)
        with self._reading() as connection:
            rows = connection.execute(
                "SELECT user_id, document::text FROM accounts WHERE user_id = ANY(%s)", (wanted,)
            ).fetchall()
        found = dict(rows)
        return [Account.model_validate_json(found[uid]) for uid in wanted if uid in found]

    def list_accounts(self) -> list[Account]:
        """Every account, in the order they were created."""
        with self._reading() as connection:
            rows = connection.execute(
                "SELECT document::text FROM accounts ORDER BY position"
            ).fetchall()
        return [Account.model_validate_json(row[0]) for row in rows]

    def add_account(self, account: Account) -> None:
        """Register a new account and its empty record; UsernameTaken if the name is taken."""
        with self._writing(ACCOUNTS_LOCK) as connection:
            if _taken(connection, [account.username]):
                raise UsernameTaken(account.username)
            _insert_accounts(connection, [account])

    def add_accounts(self, accounts: list[Account]) -> list[Account]:
        """Register many new accounts in one transaction, skipping taken usernames; the added."""
        with self._writing(ACCOUNTS_LOCK) as connection:
            taken = _taken(connection, [account.username for account in accounts])
            added: list[Account] = []
            for account in accounts:
                if account.username not in taken:
                    taken.add(account.username)
                    added.append(account)
            _insert_accounts(connection, added)
        return added

    def add_linked_account(self, account: Account, usernames: Iterable[str]) -> Account:
        """The account linked to `account`'s identities, or `account` added, in one write.

        Added under the first of `usernames` free at that moment; UsernameTaken if none is.
        """
        candidates = list(usernames)
        with self._writing(ACCOUNTS_LOCK) as connection:
            for link in account.identities:
                linked = _linked_account(connection, link)
                if linked is not None:
                    return linked
            taken = _taken(connection, candidates)
            username = next((name for name in candidates if name not in taken), None)
            if username is None:
                raise UsernameTaken(account.username)
            added = account.model_copy(update={"username": username})
            _insert_accounts(connection, [added])
        return added

    def update_account(self, username: str, change: Callable[[Account], Account]) -> Account:
        """Apply `change` to one account under its row lock; the stored result.

        KeyError when there is no such account; the username and user id cannot change. An
        unchanged account writes nothing, so a compare-and-swap (a rehash) is safe.
        """
        with self._writing() as connection:
            row = connection.execute(
                "SELECT document::text FROM accounts WHERE username = %s FOR UPDATE", (username,)
            ).fetchone()
            if row is None:
                raise KeyError(username)
            before = Account.model_validate_json(row[0])
            after = Account.model_validate(change(before).model_dump(mode="json"))
            if (after.username, after.user_id) != (before.username, before.user_id):
                raise ValueError("An account's username and user id cannot change.")
            if after != before:
                _write_account(connection, after)
                if after.identities != before.identities:
                    _replace_identities(connection, after)
        return after

    def link_identity(self, username: str, link: IdentityLink) -> Account | None:
        """Link a login to an account, moving it off any other in the same write; from whom."""
        with self._writing(ACCOUNTS_LOCK) as connection:
            target = _account_by_username(connection, username)
            if target is None:
                raise KeyError(username)
            previous = _linked_account(connection, link)
            if previous is not None and previous.username == username:
                return None
            if previous is not None:
                kept = [i for i in previous.identities if i != link]
                _write_account(connection, previous.model_copy(update={"identities": kept}))
            linked = target.model_copy(update={"identities": [*target.identities, link]})
            _write_account(connection, linked)
            connection.execute(
                "INSERT INTO identities (issuer, subject, user_id) VALUES (%s, %s, %s)"
                " ON CONFLICT (issuer, subject) DO UPDATE SET user_id = excluded.user_id",
                (link.issuer, link.subject, target.user_id),
            )
        return previous

    def delete_account(self, user_id: str) -> None:
        """Remove an account, its memberships, its record and its sign-ins, for good.

        One transaction: the record and identity links go with the account (ON DELETE
        CASCADE). Gone from this database; a `pg_dump` taken earlier still holds it.
        """
        with self._writing(ACCOUNTS_LOCK) as connection:
            connection.execute("DELETE FROM memberships WHERE user_id = %s", (user_id,))
            connection.execute("DELETE FROM accounts WHERE user_id = %s", (user_id,))
        self.sessions.forget_account(user_id)

    # Classes and memberships --------------------------------------------------------------

    def list_classes(self) -> list[Classroom]:
        """Every class, in the order they were created."""
        return [Classroom.model_validate_json(d) for d in self._documents("classes")]

    def add_class(self, classroom: Classroom) -> None:
        """Keep a new class."""
        with self._writing() as connection:
            connection.execute(
                "INSERT INTO classes (class_id, document) VALUES (%s, %s::jsonb)",
                (classroom.class_id, classroom.model_dump_json()),
            )

    def list_memberships(self) -> list[Membership]:
        """Every learner's place in every class, in the order they joined."""
        return [Membership.model_validate_json(d) for d in self._documents("memberships")]

    def add_memberships(self, memberships: list[Membership]) -> None:
        """Put learners in classes in one transaction, skipping places they already have."""
        with self._writing() as connection, connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO memberships (class_id, user_id, document) VALUES (%s, %s, %s::jsonb)"
                " ON CONFLICT (class_id, user_id) DO NOTHING",
                [(m.class_id, m.user_id, m.model_dump_json()) for m in memberships],
            )

    def remove_membership(self, class_id: str, user_id: str) -> None:
        """Take a learner out of a class."""
        with self._writing() as connection:
            connection.execute(
                "DELETE FROM memberships WHERE class_id = %s AND user_id = %s", (class_id, user_id)
            )

    # Learner records ----------------------------------------------------------------------

    def read(self, user_id: str) -> LearnerRecord:
        """Everything stored for one learner; DamagedData names it if the records refuse it."""
        with self._reading(user_id) as connection:
            row = connection.execute(
                "SELECT document::text FROM learner_records WHERE user_id = %s", (user_id,)
            ).fetchone()
        return self._record(user_id, row)

    def change(
        self, user_id: str, change: Callable[[LearnerRecord], LearnerRecord]
    ) -> LearnerRecord:
        """The one write of a learner's record: `change` applied under the record's row lock.

        Read FOR UPDATE, changed, validated, written and committed in one transaction, so a
        concurrent change (in this process or another replica) waits and then sees this one.
        An unchanged record writes nothing; a refused change leaves the stored one as it was.
        """
        with self._writing(learner_id=user_id) as connection:
            row = connection.execute(
                "SELECT document::text FROM learner_records WHERE user_id = %s FOR UPDATE",
                (user_id,),
            ).fetchone()
            before = self._record(user_id, row)
            after = LearnerRecord.model_validate(change(before).model_dump(mode="json"))
            if after != before:
                connection.execute(
                    "UPDATE learner_records SET document = %s::jsonb WHERE user_id = %s",
                    (after.model_dump_json(), user_id),
                )
        return after

    def put_back(self, user_id: str) -> int:
        """Always NothingToPutBack: PostgreSQL keeps only the current version of a record.

        Earlier versions live in the operator's `pg_dump` backups, which the error names.
        """
        error = NothingToPutBack(
            "MA Pathway keeps no earlier versions of a record in PostgreSQL; whoever runs it "
            "can restore this learner's record from a pg_dump backup.",
            subject=f"learner record {user_id} in {self._where}",
            problem="has no earlier version in the database",
            operator_command="pg_restore (from the latest pg_dump of the database)",
        )
        error.learner_id = user_id
        raise error

    def close(self) -> None:
        """Close the pool and the sign-ins; the store must not be used afterwards."""
        self._pool.close()
        self.sessions.close()

    # Inside -------------------------------------------------------------------------------

    def _migrate(self, connection: psycopg.Connection) -> None:
        """Bring the schema to the newest version, once however many replicas start at once."""
        with connection.transaction():
            connection.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
            # Written only when missing, so a read-only database that is up to date opens.
            exists = connection.execute("SELECT to_regclass('schema_version')").fetchone()
            if exists is None or exists[0] is None:
                connection.execute(
                    "CREATE TABLE schema_version ("
                    " version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
                )
            row = connection.execute("SELECT max(version) FROM schema_version").fetchone()
            current = (row[0] if row else None) or 0
            if current > len(MIGRATIONS):
                raise StorageError(
                    f"The {self._where} has schema version {current}, newer than this app's "
                    f"{len(MIGRATIONS)}: run the newer MA Pathway.",
                    subject=self._where,
                    problem=f"has schema version {current}, newer than this app knows",
                )
            for version, migration in enumerate(MIGRATIONS[current:], start=current + 1):
                connection.execute(migration)
                connection.execute("INSERT INTO schema_version (version) VALUES (%s)", (version,))

    def schema_version(self) -> int:
        """The schema version the database records (the newest after opening)."""
        with self._reading() as connection:
            row = connection.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def _documents(self, table: str) -> list[str]:
        """Every document of a table of the schema, as JSON text, in the order of insertion."""
        with self._reading() as connection:
            query = sql.SQL("SELECT document::text FROM {} ORDER BY position")
            rows = connection.execute(query.format(sql.Identifier(table))).fetchall()
        return [row[0] for row in rows]

    def _record(self, user_id: str, row: tuple[str] | None) -> LearnerRecord:
        """The record in a fetched row; MissingData without one, DamagedDocument if refused."""
        subject = f"learner record {user_id} in {self._where}"
        if row is None:
            missing = MissingData(
                f"The {subject} is not there.", subject=subject, problem="is not there"
            )
            missing.learner_id = user_id
            raise missing
        try:
            return LearnerRecord.model_validate_json(row[0])
        except ValidationError as error:
            problem = f"holds a value this app cannot read ({first_problem(error)})"
            damaged = DamagedDocument(
                f"The {subject} {problem}. It has been left untouched.",
                subject=subject,
                problem=problem,
            )
            damaged.learner_id = user_id
            raise damaged from None

    @contextlib.contextmanager
    def _reading(self, learner_id: str | None = None) -> Iterator[psycopg.Connection]:
        """A pooled connection for reads; a database that cannot be reached is a StorageError."""
        try:
            with self._pool.connection() as connection:
                yield connection
        except psycopg.OperationalError as error:
            raise self._unreachable(error, learner_id) from None

    @contextlib.contextmanager
    def _writing(
        self, lock: int | None = None, *, learner_id: str | None = None
    ) -> Iterator[psycopg.Connection]:
        """A pooled connection inside one transaction, holding advisory `lock` if given.

        Committed when the block ends, rolled back if it raises; a write the database refuses
        (unreachable, read-only, disk full) is NotSaved, and the stored data stays as it was.
        """
        try:
            with self._pool.connection() as connection, connection.transaction():
                if lock is not None:
                    connection.execute("SELECT pg_advisory_xact_lock(%s)", (lock,))
                yield connection
        except (psycopg.OperationalError, errors.ReadOnlySqlTransaction) as error:
            problem = f"did not take the change ({_first_line(error)})"
            refused = NotSaved(
                f"The {self._where} {problem}; the last saved data is kept.",
                subject=self._where,
                problem=problem,
            )
            refused.learner_id = learner_id
            raise refused from None

    def _unreachable(self, error: Exception, learner_id: str | None = None) -> StorageError:
        problem = f"cannot be reached ({_first_line(error)})"
        unreachable = StorageError(
            f"The {self._where} {problem}.", subject=self._where, problem=problem
        )
        unreachable.learner_id = learner_id
        return unreachable


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def _taken(connection: psycopg.Connection, usernames: list[str]) -> set[str]:
    """Which of `usernames` stored accounts already have."""
    rows = connection.execute(
        "SELECT username FROM accounts WHERE username = ANY(%s)", (usernames,)
    ).fetchall()
    return {row[0] for row in rows}


def _insert_accounts(connection: psycopg.Connection, accounts: list[Account]) -> None:
    """Insert accounts with their identity links and empty records, in the caller's transaction."""
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO accounts (user_id, username, document) VALUES (%s, %s, %s::jsonb)",
            [(a.user_id, a.username, a.model_dump_json()) for a in accounts],
        )
        cursor.executemany(
            "INSERT INTO learner_records (user_id, document) VALUES (%s, %s::jsonb)",
            [(a.user_id, EMPTY_RECORD) for a in accounts],
        )
        links = [(i.issuer, i.subject, a.user_id) for a in accounts for i in a.identities]
        if links:
            cursor.executemany(
                "INSERT INTO identities (issuer, subject, user_id) VALUES (%s, %s, %s)", links
            )


def _write_account(connection: psycopg.Connection, account: Account) -> None:
    connection.execute(
        "UPDATE accounts SET document = %s::jsonb WHERE user_id = %s",
        (account.model_dump_json(), account.user_id),
    )


def _replace_identities(connection: psycopg.Connection, account: Account) -> None:
    """Make the identities table hold exactly `account`'s links for it."""
    connection.execute("DELETE FROM identities WHERE user_id = %s", (account.user_id,))
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO identities (issuer, subject, user_id) VALUES (%s, %s, %s)",
            [(i.issuer, i.subject, account.user_id) for i in account.identities],
        )


def _account_by_username(connection: psycopg.Connection, username: str) -> Account | None:
    row = connection.execute(
        "SELECT document::text FROM accounts WHERE username = %s FOR UPDATE", (username,)
    ).fetchone()
    return Account.model_validate_json(row[0]) if row else None


def _linked_account(connection: psycopg.Connection, link: IdentityLink) -> Account | None:
    """The stored account holding `link`, if any."""
    row = connection.execute(
        "SELECT a.document::text FROM identities i JOIN accounts a USING (user_id)"
        " WHERE i.issuer = %s AND i.subject = %s",
        (link.issuer, link.subject),
    ).fetchone()
    return Account.model_validate_json(row[0]) if row else None
