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
`schema_version` records how far a database has come. Evidence files' bytes are a bytea table
referencing `learner_records (user_id) ON DELETE CASCADE`, so deleting an account removes them
with the record, and a file and the record listing it change in one transaction.

PostgreSQL keeps no earlier versions of a record: `put_back` raises NothingToPutBack telling
the operator to restore from a `pg_dump` backup, and a damaged record offers no put-back.
Sign-ins (`PgSignIns`) and the sign-in throttle's counts (`PgThrottle`) are tables too, so
every replica sees every sign-in and guesses spread over replicas add up.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import timedelta
from typing import LiteralString

import psycopg
from psycopg import errors, sql
from psycopg.conninfo import conninfo_to_dict
from psycopg_pool import ConnectionPool
from pydantic import ValidationError

from pathway import settings
from pathway.accounts import USERNAME_MAX_LENGTH, Account, IdentityLink, UsernameTaken
from pathway.evidence import AttachesEvidence
from pathway.records import (
    Classroom,
    EvidenceRecord,
    LearnerRecord,
    Membership,
    first_problem,
)
from pathway.sessions import (
    Clock,
    SignIn,
    SignInCode,
    account_id,
    issued,
    live,
    new_code,
    token_hash,
    touched,
    utc_now,
    well_formed,
)
from pathway.storage import DamagedData, MissingData, NothingToPutBack, NotSaved, StorageError
from pathway.throttle import (
    ADDRESS_FAILURES,
    ADDRESS_SIGN_UPS,
    FORGET_AFTER_SECONDS,
    KEY_MAX_LENGTH,
    USERNAME_FAILURES,
    Allowance,
    wait_after,
)

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
    # 2: sign-ins and one-time sign-in codes, shared by every replica.
    """
    CREATE TABLE sign_ins (
        position bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
        token_hash text PRIMARY KEY,
        user_id text NOT NULL REFERENCES accounts (user_id) ON DELETE CASCADE,
        expires_at timestamptz NOT NULL,
        document jsonb NOT NULL
    );
    CREATE INDEX sign_ins_user_id ON sign_ins (user_id);
    CREATE TABLE sign_in_codes (
        code_hash text PRIMARY KEY,
        user_id text NOT NULL REFERENCES accounts (user_id) ON DELETE CASCADE,
        expires_at timestamptz NOT NULL,
        document jsonb NOT NULL
    );
    CREATE INDEX sign_in_codes_user_id ON sign_in_codes (user_id);
    """,
    # 3: the sign-in throttle's counts, shared by every replica (times in seconds of `clock`).
    """
    CREATE TABLE throttle_counts (
        kind text NOT NULL,
        key text NOT NULL,
        events integer NOT NULL,
        locked_until double precision NOT NULL,
        last_event double precision NOT NULL,
        PRIMARY KEY (kind, key)
    );
    CREATE INDEX throttle_counts_last_event ON throttle_counts (last_event);
    """,
    # 4: evidence files' bytes, beside the record that lists them (and gone with it).
    """
    CREATE TABLE evidence_files (
        user_id text NOT NULL REFERENCES learner_records (user_id) ON DELETE CASCADE,
        evidence_id text NOT NULL,
        data bytea NOT NULL,
        PRIMARY KEY (user_id, evidence_id)
    );
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
"""How long opening a store, or a read or write, waits for a connection before saying the
database cannot be reached."""

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


class Database:
    """One PostgreSQL database: its migrated schema, a connection pool and its transactions.

    Reads and writes go through `reading` and `writing`, which turn the database's refusals
    into the storage errors every backend raises.
    """

    def __init__(self, url: str) -> None:
        """Migrate the schema at `url`, then open a pool on it; StorageError if unreachable."""
        self.where = database_name(url)
        """The database's name and host, for messages (never its password)."""
        try:
            with psycopg.connect(
                url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_SECONDS
            ) as connection:
                self._migrate(connection)
        except psycopg.OperationalError as error:
            raise self.unreachable(error) from None
        self.pool = ConnectionPool(
            url,
            min_size=1,
            max_size=POOL_SIZE,
            kwargs={"autocommit": True},
            timeout=CONNECT_TIMEOUT_SECONDS,  # a page waits this long at most for a connection
            open=True,
            name="ma_pathway",
        )

    def close(self) -> None:
        """Close the pool's connections."""
        self.pool.close()

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
                    f"The {self.where} has schema version {current}, newer than this app's "
                    f"{len(MIGRATIONS)}: run the newer MA Pathway.",
                    subject=self.where,
                    problem=f"has schema version {current}, newer than this app knows",
                )
            for version, migration in enumerate(MIGRATIONS[current:], start=current + 1):
                connection.execute(migration)
                connection.execute("INSERT INTO schema_version (version) VALUES (%s)", (version,))

    @contextlib.contextmanager
    def reading(self) -> Iterator[psycopg.Connection]:
        """A pooled connection for reads; a database that cannot be reached is a StorageError.

        Shared data, whoever asked: a database that is down is nobody's record to put back.
        """
        try:
            with self.pool.connection() as connection:
                yield connection
        except psycopg.OperationalError as error:  # PoolTimeout included
            raise self.unreachable(error) from None

    @contextlib.contextmanager
    def writing(
        self, lock: int | None = None, *, learner_id: str | None = None
    ) -> Iterator[psycopg.Connection]:
        """A pooled connection inside one transaction, holding advisory `lock` if given.

        Committed when the block ends, rolled back if it raises; a write the database refuses
        (unreachable, read-only, disk full) is NotSaved, and the stored data stays as it was.
        """
        try:
            with self.pool.connection() as connection, connection.transaction():
                if lock is not None:
                    connection.execute("SELECT pg_advisory_xact_lock(%s)", (lock,))
                yield connection
        except (psycopg.OperationalError, errors.ReadOnlySqlTransaction) as error:
            problem = f"did not take the change ({_first_line(error)})"
            refused = NotSaved(
                f"The {self.where} {problem}; the last saved data is kept.",
                subject=self.where,
                problem=problem,
            )
            refused.learner_id = learner_id
            raise refused from None

    def unreachable(self, error: Exception) -> StorageError:
        """The error saying the database cannot be reached, with the driver's first line."""
        problem = f"cannot be reached ({_first_line(error)})"
        return StorageError(f"The {self.where} {problem}.", subject=self.where, problem=problem)


class PgStore(AttachesEvidence):
    """A `Storage` over one PostgreSQL database, safe to share between threads and replicas."""

    def __init__(self, url: str) -> None:
        """Migrate the schema at `url`, then open a pool on it."""
        self.database = Database(url)
        """The pool and its transactions, shared with the sign-ins."""
        self.sessions = PgSignIns(self.database, max_days=settings.session_days())
        """Sign-in tokens (hashes only), in the database so every replica sees them."""
        self.throttle = PgThrottle(self.database)
        """The failed sign-in and sign-up counts, in the database so replicas count together."""

    # Accounts -----------------------------------------------------------------------------

    def find_account(self, username: str) -> Account | None:
        """The account with this username; one indexed look-up."""
        with self.database.reading() as connection:
            row = connection.execute(
                "SELECT document::text FROM accounts WHERE username = %s", (username,)
            ).fetchone()
        return Account.model_validate_json(row[0]) if row else None

    def find_account_by_identity(self, link: IdentityLink) -> Account | None:
        """The account this identity-provider login is linked to; one indexed look-up."""
        with self.database.reading() as connection:
            row = connection.execute(
                "SELECT a.document::text FROM identities i JOIN accounts a USING (user_id)"
                " WHERE i.issuer = %s AND i.subject = %s",
                (link.issuer, link.subject),
            ).fetchone()
        return Account.model_validate_json(row[0]) if row else None

    def find_accounts(self, user_ids: Iterable[str]) -> list[Account]:
        """The accounts of these user ids that exist, in the order given; one query."""
        wanted = list(user_ids)
        with self.database.reading() as connection:
            rows = connection.execute(
                "SELECT user_id, document::text FROM accounts WHERE user_id = ANY(%s)", (wanted,)
            ).fetchall()
        found = dict(rows)
        return [Account.model_validate_json(found[uid]) for uid in wanted if uid in found]

    def list_accounts(self) -> list[Account]:
        """Every account, in the order they were created."""
        with self.database.reading() as connection:
            rows = connection.execute(
                "SELECT document::text FROM accounts ORDER BY position"
            ).fetchall()
        return [Account.model_validate_json(row[0]) for row in rows]

    def add_account(self, account: Account) -> None:
        """Register a new account and its empty record; UsernameTaken if the name is taken."""
        with self.database.writing(ACCOUNTS_LOCK) as connection:
            if _taken(connection, [account.username]):
                raise UsernameTaken(account.username)
            _insert_accounts(connection, [account])

    def add_accounts(self, accounts: list[Account]) -> list[Account]:
        """Register many new accounts in one transaction, skipping taken usernames; the added."""
        with self.database.writing(ACCOUNTS_LOCK) as connection:
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
        with self.database.writing(ACCOUNTS_LOCK) as connection:
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
        with self.database.writing() as connection:
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
        with self.database.writing(ACCOUNTS_LOCK) as connection:
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
        with self.database.writing(ACCOUNTS_LOCK) as connection:
            connection.execute("DELETE FROM memberships WHERE user_id = %s", (user_id,))
            connection.execute("DELETE FROM accounts WHERE user_id = %s", (user_id,))
        self.sessions.forget_account(user_id)

    # Classes and memberships --------------------------------------------------------------

    def list_classes(self) -> list[Classroom]:
        """Every class, in the order they were created."""
        return [Classroom.model_validate_json(d) for d in self._documents("classes")]

    def add_class(self, classroom: Classroom) -> None:
        """Keep a new class."""
        with self.database.writing() as connection:
            connection.execute(
                "INSERT INTO classes (class_id, document) VALUES (%s, %s::jsonb)",
                (classroom.class_id, classroom.model_dump_json()),
            )

    def update_class(self, class_id: str, change: Callable[[Classroom], Classroom]) -> Classroom:
        """Apply `change` to one class under its row lock; the stored result.

        KeyError when there is no such class. The id, owner and join code stay as they were:
        who may see whose learners rests on them. An unchanged class writes nothing.
        """
        with self.database.writing() as connection:
            row = connection.execute(
                "SELECT document::text FROM classes WHERE class_id = %s FOR UPDATE", (class_id,)
            ).fetchone()
            if row is None:
                raise KeyError(class_id)
            before = Classroom.model_validate_json(row[0])
            after = before.changed_by(change)
            if after != before:
                connection.execute(
                    "UPDATE classes SET document = %s::jsonb WHERE class_id = %s",
                    (after.model_dump_json(), class_id),
                )
        return after

    def list_memberships(self) -> list[Membership]:
        """Every learner's place in every class, in the order they joined."""
        return [Membership.model_validate_json(d) for d in self._documents("memberships")]

    def add_memberships(self, memberships: list[Membership]) -> None:
        """Put learners in classes in one transaction, skipping places they already have."""
        with self.database.writing() as connection, connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO memberships (class_id, user_id, document) VALUES (%s, %s, %s::jsonb)"
                " ON CONFLICT (class_id, user_id) DO NOTHING",
                [(m.class_id, m.user_id, m.model_dump_json()) for m in memberships],
            )

    def remove_membership(self, class_id: str, user_id: str) -> None:
        """Take a learner out of a class."""
        with self.database.writing() as connection:
            connection.execute(
                "DELETE FROM memberships WHERE class_id = %s AND user_id = %s", (class_id, user_id)
            )

    # Learner records ----------------------------------------------------------------------

    def read(self, user_id: str) -> LearnerRecord:
        """Everything stored for one learner; DamagedData names it if the records refuse it."""
        with self.database.reading() as connection:
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
        with self.database.writing(learner_id=user_id) as connection:
            before = self._locked_record(connection, user_id)
            after = LearnerRecord.model_validate(change(before).model_dump(mode="json"))
            self._write_record(connection, user_id, before, after)
        return after

    # Evidence files -----------------------------------------------------------------------

    def _attach(
        self, user_id: str, entry_for: Callable[[LearnerRecord], EvidenceRecord], data: bytes
    ) -> EvidenceRecord:
        """Insert `data` under the entry `entry_for` gives the record, then list it: one write."""
        with self.database.writing(learner_id=user_id) as connection:
            before = self._locked_record(connection, user_id)
            evidence = entry_for(before)
            after = before.with_evidence(evidence)
            connection.execute(
                "INSERT INTO evidence_files (user_id, evidence_id, data) VALUES (%s, %s, %s)",
                (user_id, evidence.evidence_id, data),
            )
            self._write_record(connection, user_id, before, after)
        return evidence

    def evidence_bytes(self, user_id: str, evidence_id: str) -> bytes:
        """The bytes of one file the learner's record lists; KeyError if it lists no such file."""
        if not any(e.evidence_id == evidence_id for e in self.read(user_id).evidence):
            raise KeyError(evidence_id)
        with self.database.reading() as connection:
            row = connection.execute(
                "SELECT data FROM evidence_files WHERE user_id = %s AND evidence_id = %s",
                (user_id, evidence_id),
            ).fetchone()
        if row is None:
            subject = f"evidence file {evidence_id} of {user_id} in {self.database.where}"
            raise MissingData(f"The {subject} is not there.", subject=subject, problem="is missing")
        return bytes(row[0])

    def remove_evidence(self, user_id: str, evidence_id: str) -> None:
        """Unlist one evidence file and delete its bytes in one transaction; unknown ids pass."""
        with self.database.writing(learner_id=user_id) as connection:
            before = self._locked_record(connection, user_id)
            connection.execute(
                "DELETE FROM evidence_files WHERE user_id = %s AND evidence_id = %s",
                (user_id, evidence_id),
            )
            self._write_record(connection, user_id, before, before.without_evidence(evidence_id))

    def put_back(self, user_id: str) -> int:
        """Always NothingToPutBack: PostgreSQL keeps only the current version of a record.

        Earlier versions live in the operator's `pg_dump` backups, which the error names.
        """
        error = NothingToPutBack(
            "MA Pathway keeps no earlier versions of a record in PostgreSQL; whoever runs it "
            "can restore this learner's record from a pg_dump backup.",
            subject=f"learner record {user_id} in {self.database.where}",
            problem="has no earlier version in the database",
            operator_command="pg_restore (from the latest pg_dump of the database)",
        )
        error.learner_id = user_id
        raise error

    def close(self) -> None:
        """Close the pool and the sign-ins; the store must not be used afterwards."""
        self.sessions.close()
        self.database.close()

    # Inside -------------------------------------------------------------------------------

    def _documents(self, table: str) -> list[str]:
        """Every document of a table of the schema, as JSON text, in the order of insertion."""
        with self.database.reading() as connection:
            query = sql.SQL("SELECT document::text FROM {} ORDER BY position")
            rows = connection.execute(query.format(sql.Identifier(table))).fetchall()
        return [row[0] for row in rows]

    def _locked_record(self, connection: psycopg.Connection, user_id: str) -> LearnerRecord:
        """The learner's record, its row locked until the transaction ends."""
        row = connection.execute(
            "SELECT document::text FROM learner_records WHERE user_id = %s FOR UPDATE",
            (user_id,),
        ).fetchone()
        return self._record(user_id, row)

    @staticmethod
    def _write_record(
        connection: psycopg.Connection, user_id: str, before: LearnerRecord, after: LearnerRecord
    ) -> None:
        """Store `after` as the learner's record, unless it is `before` unchanged."""
        if after != before:
            connection.execute(
                "UPDATE learner_records SET document = %s::jsonb WHERE user_id = %s",
                (after.model_dump_json(), user_id),
            )

    def _record(self, user_id: str, row: tuple[str] | None) -> LearnerRecord:
        """The record in a fetched row; MissingData without one, DamagedDocument if refused."""
        subject = f"learner record {user_id} in {self.database.where}"
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


class PgSignIns:
    """Sign-in tokens and one-time codes in the database: every replica sees every sign-in.

    The rules are `pathway.sessions`' (the same functions as the folder's `SessionTokens`); here
    a code is used up by one DELETE ... RETURNING, so two replicas cannot both redeem it, and
    each write drops the account's expired rows, as the folder's does.
    """

    def __init__(self, database: Database, *, max_days: int, clock: Clock = utc_now) -> None:
        self._database = database
        self._max_age = timedelta(days=max_days)
        self._clock = clock

    @property
    def max_age(self) -> timedelta:
        """The longest any sign-in lasts (MA_PATHWAY_SESSION_DAYS)."""
        return self._max_age

    def begin_sign_in(self, account: Account, *, keep: bool) -> str:
        """A one-time code that `redeem` swaps for a new token for `account`."""
        code, pending = new_code(account, keep=keep, now=self._clock())
        with self._database.writing() as connection:
            self._prune(connection, account.user_id)
            connection.execute(
                "INSERT INTO sign_in_codes (code_hash, user_id, expires_at, document)"
                " VALUES (%s, %s, %s, %s::jsonb)",
                (pending.code_hash, pending.user_id, pending.expires_at, pending.model_dump_json()),
            )
        return code

    def redeem(self, code: str) -> tuple[str, SignIn] | None:
        """Swap a one-time code for a new token and its sign-in; None for a used or bad code."""
        if not well_formed(code):
            return None
        with self._database.writing() as connection:
            self._prune(connection, account_id(code))
            row = connection.execute(
                "DELETE FROM sign_in_codes WHERE code_hash = %s RETURNING document::text",
                (token_hash(code),),
            ).fetchone()
            if row is None:
                return None
            redeemed = issued(SignInCode.model_validate_json(row[0]), self._clock(), self._max_age)
            if redeemed is not None:
                sign_in = redeemed[1]
                connection.execute(
                    "INSERT INTO sign_ins (token_hash, user_id, expires_at, document)"
                    " VALUES (%s, %s, %s, %s::jsonb)",
                    (
                        sign_in.token_hash,
                        sign_in.user_id,
                        sign_in.expires_at,
                        sign_in.model_dump_json(),
                    ),
                )
        return redeemed

    def check(self, token: object) -> SignIn | None:
        """The live sign-in of `token`, its last use moved on; None if unknown, ended or expired."""
        if not well_formed(token):
            return None
        with self._database.reading() as connection:
            row = connection.execute(
                "SELECT document::text FROM sign_ins WHERE token_hash = %s",
                (token_hash(str(token)),),
            ).fetchone()
        if row is None:
            return None
        sign_in = SignIn.model_validate_json(row[0])
        now = self._clock()
        if not live(sign_in, str(token), now):
            return None
        moved = touched(sign_in, now, self._max_age)
        if moved is None:
            return sign_in
        with self._database.writing() as connection:
            self._prune(connection, moved.user_id)
            updated = connection.execute(
                "UPDATE sign_ins SET expires_at = %s, document = %s::jsonb WHERE token_hash = %s",
                (moved.expires_at, moved.model_dump_json(), moved.token_hash),
            ).rowcount
        return moved if updated else None

    def revoke(self, user_id: str, hashed: str) -> None:
        """End the account's sign-in with this token hash (signing out); unknown: ignored."""
        self._remove(user_id, "token_hash = %s", hashed)

    def revoke_token(self, token: object) -> None:
        """End the sign-in of a token a browser sent; anything not shaped like one is ignored."""
        if well_formed(token):
            self.revoke(account_id(str(token)), token_hash(str(token)))

    def revoke_account(self, user_id: str) -> None:
        """End every sign-in of an account ("Sign out everywhere")."""
        self._remove(user_id)

    def revoke_others(self, user_id: str, keep_hash: str | None) -> None:
        """End every sign-in of an account but the one with `keep_hash` (passphrase changed)."""
        self._remove(user_id, "token_hash IS DISTINCT FROM %s", keep_hash)

    def forget_account(self, user_id: str) -> None:
        """Remove the sign-ins and codes of an account that is deleted."""
        with self._database.writing() as connection:
            connection.execute("DELETE FROM sign_ins WHERE user_id = %s", (user_id,))
            connection.execute("DELETE FROM sign_in_codes WHERE user_id = %s", (user_id,))

    def sign_ins(self, user_id: str) -> list[SignIn]:
        """The account's stored sign-ins, expired ones not yet pruned included."""
        with self._database.reading() as connection:
            rows = connection.execute(
                "SELECT document::text FROM sign_ins WHERE user_id = %s ORDER BY position",
                (user_id,),
            ).fetchall()
        return [SignIn.model_validate_json(row[0]) for row in rows]

    def close(self) -> None:
        """Nothing to release: the pool is the store's."""

    def _remove(self, user_id: str, condition: LiteralString = "TRUE", *values: object) -> None:
        """Delete the account's sign-ins meeting `condition` (its `values`), pruning first."""
        query: LiteralString = "DELETE FROM sign_ins WHERE user_id = %s AND " + condition
        with self._database.writing() as connection:
            self._prune(connection, user_id)
            connection.execute(query, (user_id, *values))

    def _prune(self, connection: psycopg.Connection, user_id: str) -> None:
        """Drop the account's expired sign-ins and codes; called inside every write."""
        now = self._clock()
        connection.execute(
            "DELETE FROM sign_ins WHERE user_id = %s AND expires_at <= %s", (user_id, now)
        )
        connection.execute(
            "DELETE FROM sign_in_codes WHERE user_id = %s AND expires_at <= %s", (user_id, now)
        )


class PgThrottle:
    """The sign-in throttle's three counts in the database, so replicas count together.

    The rules are `pathway.throttle`'s (`wait_after`, a key forgotten an hour after its last
    event). Times are seconds of `clock`, the wall clock by default: replicas on several
    machines must agree on it, as NTP makes them. Each count is one row, bumped under its row
    lock; rows idle for an hour are deleted at the next event. Unlike the memory throttle the
    table has no cap on keys: a flood of new names costs disk for an hour, never a wait cleared.
    """

    def __init__(self, database: Database, clock: Callable[[], float] = time.time) -> None:
        self._database = database
        self._clock = clock

    def seconds_to_wait(self, username: str, address: str | None = None) -> int:
        """Whole seconds before this username (from this address) may try again; 0 for now."""
        keys = [("username", username)] + ([("address", address)] if address else [])
        return self._wait(keys)

    def record_failure(self, username: str, address: str | None = None) -> None:
        """Count one more failed sign-in for the username and the address."""
        if len(username) > USERNAME_MAX_LENGTH:
            raise ValueError("usernames over the maximum length are refused before counting")
        self._record("username", username, USERNAME_FAILURES)
        if address is not None:
            self._record("address", address, ADDRESS_FAILURES)

    def record_success(self, username: str) -> None:
        """Forget the failures of a username that has just signed in (not its address's)."""
        with self._database.writing() as connection:
            connection.execute(
                "DELETE FROM throttle_counts WHERE kind = 'username' AND key = %s", (username,)
            )

    def seconds_to_wait_for_sign_up(self, address: str | None) -> int:
        """Whole seconds before this address may create another account; 0 for now."""
        return 0 if address is None else self._wait([("sign_up", address)])

    def record_sign_up(self, address: str | None) -> None:
        """Count one more attempt to create an account from this address."""
        if address is not None:
            self._record("sign_up", address, ADDRESS_SIGN_UPS)

    def _wait(self, keys: list[tuple[str, str]]) -> int:
        now = self._clock()
        with self._database.reading() as connection:
            row = connection.execute(
                "SELECT max(locked_until) FROM throttle_counts"
                " WHERE (kind, key) IN (SELECT * FROM unnest(%s::text[], %s::text[]))"
                " AND last_event > %s",
                ([kind for kind, _ in keys], [key for _, key in keys], now - FORGET_AFTER_SECONDS),
            ).fetchone()
        locked_until = row[0] if row and row[0] is not None else 0.0
        return max(0, math.ceil(locked_until - now))

    def _record(self, kind: str, key: str, allowance: Allowance) -> None:
        if len(key) > KEY_MAX_LENGTH:
            raise ValueError(f"throttle keys are at most {KEY_MAX_LENGTH} characters")
        now = self._clock()
        with self._database.writing() as connection:
            connection.execute(
                "DELETE FROM throttle_counts WHERE last_event <= %s", (now - FORGET_AFTER_SECONDS,)
            )
            row = connection.execute(
                "INSERT INTO throttle_counts (kind, key, events, locked_until, last_event)"
                " VALUES (%s, %s, 1, 0, %s) ON CONFLICT (kind, key) DO UPDATE"
                " SET events = throttle_counts.events + 1, last_event = excluded.last_event"
                " RETURNING events",
                (kind, key, now),
            ).fetchone()
            wait = wait_after(allowance, row[0] if row else 1)
            if wait:
                connection.execute(
                    "UPDATE throttle_counts SET locked_until = %s WHERE kind = %s AND key = %s",
                    (now + wait, kind, key),
                )


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
