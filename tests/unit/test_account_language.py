"""Specifies the language kept with an account: chosen once, stored, and absent in old files."""

from __future__ import annotations

import json

from pathway.store import Store


def test_a_new_account_has_no_language_and_follows_the_browser(add_learner) -> None:
    assert add_learner("ana").language is None


def test_a_chosen_language_is_stored_with_the_account(store: Store, add_learner) -> None:
    add_learner("ana")
    store.update_account("ana", lambda account: account.with_language("es"))
    found = store.find_account("ana")
    assert found is not None
    assert found.language == "es"


def test_an_account_saved_before_the_choice_existed_still_reads(data_dir, add_learner) -> None:
    add_learner("ana")
    accounts_file = data_dir / "accounts.json"
    stored = json.loads(accounts_file.read_text(encoding="utf-8"))
    for document in stored["accounts"].values():
        del document["language"]
    accounts_file.write_text(json.dumps(stored), encoding="utf-8")
    reopened = Store(data_dir)
    try:
        found = reopened.find_account("ana")
    finally:
        reopened.close()
    assert found is not None
    assert found.language is None
