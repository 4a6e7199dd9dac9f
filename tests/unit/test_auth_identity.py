"""An identity-provider login signs in as the account linked to its issuer and subject.

Email only suggests which existing account to link, and linking one takes its passphrase: a
login without an email, with an unverified one, or with someone else's never reaches an
existing account. Each test checks which account was signed in and that no other changed.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pathway.accounts import Account, AccountError, IdentityLink
from pathway.auth import (
    ProviderLogin,
    SignInFailed,
    account_for_identity,
    link_with_passphrase,
    new_account_for_identity,
)
from pathway.store import Store
from pathway.throttle import SignInThrottle

SCHOOL = "https://login.school.example"
OTHER = "https://accounts.other.example"
PASSPHRASE = "correct horse battery"


def login(subject: str, issuer: str = SCHOOL, **claims: object) -> ProviderLogin:
    """The login st.user describes, with an issuer, a subject and any further claims."""
    return ProviderLogin.from_claims({"iss": issuer, "sub": subject, **claims})


def accounts_by_id(store: Store) -> dict[str, Account]:
    """Every stored account by user id, to tell what a sign-in changed."""
    return {account.user_id: account for account in store.list_accounts()}


@pytest.fixture
def add_with_email(store: Store) -> Callable[..., Account]:
    """Store an account with an email (as a roster import makes one), optionally an instructor."""

    def add(username: str, email: str, role: str = "learner") -> Account:
        account = Account(
            user_id=uuid.uuid4().hex,
            username=username,
            display_name=username.title(),
            passphrase_hash="placeholder, not a real hash",
            created_at=datetime(2026, 1, 5, tzinfo=UTC),
            email=email,
            role=role,
        )
        store.add_account(account)
        return account

    return add


def assert_new_learner_and_others_unchanged(
    store: Store, before: dict[str, Account], signed_in: Account | None
) -> None:
    """`signed_in` is a new learner account, and every account there before is as it was."""
    assert signed_in is not None
    assert signed_in.user_id not in before
    assert (signed_in.role, signed_in.has_passphrase) == ("learner", False)
    after = accounts_by_id(store)
    assert {user_id: after[user_id] for user_id in before} == before


def test_a_login_without_an_email_gets_a_new_account_not_one_with_an_empty_email(
    store: Store, add_learner: Callable[[str], Account]
) -> None:
    add_learner("ana.rivera")  # email "", like every account made with a passphrase
    add_learner("rivera")
    before = accounts_by_id(store)
    signed_in = account_for_identity(store, login("mallory-1", email="", name="Mallory"))
    assert_new_learner_and_others_unchanged(store, before, signed_in)


def test_a_login_with_no_email_claim_gets_a_new_account(
    store: Store, add_learner: Callable[[str], Account]
) -> None:
    add_learner("ana.rivera")
    before = accounts_by_id(store)
    signed_in = account_for_identity(store, login("mallory-1", name="Mallory"))
    assert_new_learner_and_others_unchanged(store, before, signed_in)


def test_an_unverified_email_of_an_instructor_gets_a_new_learner_account(
    store: Store, add_with_email: Callable[..., Account]
) -> None:
    add_with_email("rivera", "rivera@school.edu", role="instructor")
    before = accounts_by_id(store)
    signed_in = account_for_identity(
        store, login("mallory-1", email="Rivera@School.edu", email_verified=False)
    )
    assert_new_learner_and_others_unchanged(store, before, signed_in)
    assert signed_in is not None
    assert signed_in.email == ""


def test_a_verified_email_of_an_instructor_links_nothing_without_its_passphrase(
    store: Store, add_with_email: Callable[..., Account]
) -> None:
    add_with_email("rivera", "rivera@school.edu", role="instructor")
    before = accounts_by_id(store)
    signed_in = account_for_identity(
        store, login("rivera-1", email="rivera@school.edu", email_verified=True)
    )
    assert signed_in is None  # the sign-in page asks for rivera's passphrase
    assert accounts_by_id(store) == before


def test_a_second_provider_with_the_same_email_gets_its_own_account(store: Store) -> None:
    first = account_for_identity(store, login("ana-at-school", email="ana@mail.example"))
    before = accounts_by_id(store)
    second = account_for_identity(store, login("ana-elsewhere", OTHER, email="ana@mail.example"))
    assert first is not None
    assert_new_learner_and_others_unchanged(store, before, second)
    assert account_for_identity(store, login("ana-at-school", email="ana@mail.example")) == first


def test_a_renamed_email_at_the_provider_keeps_signing_in_to_the_linked_account(
    store: Store, add_with_email: Callable[..., Account]
) -> None:
    mine = account_for_identity(store, login("ana-1", email="ana@school.edu"))
    add_with_email("sam", "sam@school.edu")
    before = accounts_by_id(store)
    renamed = account_for_identity(store, login("ana-1", email="sam@school.edu"))
    assert mine is not None
    assert renamed == mine
    assert accounts_by_id(store) == before


def test_the_link_survives_a_restart(data_dir: Path, store: Store) -> None:
    first = account_for_identity(store, login("ana-1", email="ana@school.edu"))
    store.close()
    restarted = Store(data_dir)
    try:
        again = account_for_identity(restarted, login("ana-1", email="ana@school.edu"))
        assert first is not None
        assert again == first
        assert len(restarted.list_accounts()) == 1
    finally:
        restarted.close()


def test_the_accounts_passphrase_links_the_login_to_it_once(
    store: Store, add_account_with_passphrase
) -> None:
    maria = add_account_with_passphrase("maria", PASSPHRASE)
    school = login("maria-1", email="maria@school.edu")
    linked = link_with_passphrase(store, school, "maria", PASSPHRASE, SignInThrottle())
    assert linked.user_id == maria.user_id
    assert linked.identities == (school.link,)
    assert account_for_identity(store, school) == linked
    assert len(store.list_accounts()) == 1


def test_a_wrong_passphrase_links_nothing(store: Store, add_account_with_passphrase) -> None:
    add_account_with_passphrase("maria", PASSPHRASE)
    before = accounts_by_id(store)
    with pytest.raises(SignInFailed):
        link_with_passphrase(store, login("maria-1"), "maria", "a wrong guess", SignInThrottle())
    assert accounts_by_id(store) == before


def test_a_login_without_issuer_or_subject_is_refused() -> None:
    with pytest.raises(AccountError, match="no issuer or subject"):
        ProviderLogin.from_claims({"email": "ana@school.edu", "email_verified": True})


def test_two_first_sign_ins_with_one_new_email_at_once_both_get_an_account(
    store: Store,
) -> None:
    start = threading.Barrier(2)
    made: list[Account] = []
    errors: list[Exception] = []

    def first_visit(subject: str) -> None:
        start.wait()
        try:
            made.append(new_account_for_identity(store, login(subject, email="ana@school.edu")))
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=first_visit, args=(s,)) for s in ("ana-1", "ana-2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(account.username for account in made) == ["ana", "ana2"]


def test_two_first_sign_ins_of_one_login_at_once_make_one_account(store: Store) -> None:
    start = threading.Barrier(2)
    made: list[Account] = []

    def first_visit() -> None:
        start.wait()
        made.append(new_account_for_identity(store, login("ana-1", email="ana@school.edu")))

    threads = [threading.Thread(target=first_visit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert made[0] == made[1]
    assert len(store.list_accounts()) == 1


def test_the_link_is_stored_as_issuer_and_subject(store: Store) -> None:
    account = account_for_identity(store, login("ana-1", email="ana@school.edu"))
    assert account is not None
    assert account.identities == (IdentityLink(issuer=SCHOOL, subject="ana-1"),)
