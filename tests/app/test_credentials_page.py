"""The credentials page: adding credentials, expiry alerts, the CE log and recertification."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pathway.credentials import add_months
from pathway.records import ItemProgress
from pathway.store import Store
from tests.app.test_checklist_page import stored_record
from tests.storage import save_progress


@pytest.fixture
def credentials_page(open_page: Callable[[str], AppTest]) -> AppTest:
    """The credentials page of a freshly signed-up learner."""
    return open_page("pages/credentials.py")


def add_credential(
    app: AppTest, credential_id: str, earned_on: date, printed: date | None = None
) -> AppTest:
    """Fill in and submit the add-a-credential form."""
    app.selectbox(key="new_credential").set_value(credential_id)
    app.date_input(key="new_credential_earned").set_value(earned_on)
    if printed is not None:
        app.date_input(key="new_credential_expiry").set_value(printed)
    _submit(app, "add_credential_form")
    return app


def log_activity(app: AppTest, title: str, amount: float, category: str, approved: bool) -> AppTest:
    """Fill in and submit the continuing education form."""
    app.text_input(key="ce_title").input(title)
    app.date_input(key="ce_date").set_value(date.today() - timedelta(days=10))
    app.number_input(key="ce_amount").set_value(amount)
    app.selectbox(key="ce_category").set_value(category)
    if approved:
        app.checkbox(key="ce_approved").check()
    _submit(app, "add_ce_form")
    return app


def _submit(app: AppTest, form_id: str) -> None:
    next(button for button in app.form_submit_button if button.form_id == form_id).click()
    app.run()


def test_no_credentials_shows_the_friendly_empty_state(credentials_page: AppTest) -> None:
    assert "No credentials yet" in credentials_page.info[0].value


def test_adding_a_cpr_card_shows_its_expiry_by_the_rule(
    credentials_page: AppTest, app_data_dir
) -> None:
    add_credential(credentials_page, "cred.bls", date(2026, 3, 14))
    table = credentials_page.table[0].value
    assert str(table["Expires"].iloc[0]) == "2028-03-31"
    assert [c.credential_id for c in stored_record(app_data_dir).credentials] == ["cred.bls"]


def test_printed_expiry_overrides_the_rule(credentials_page: AppTest) -> None:
    add_credential(credentials_page, "cred.bls", date(2026, 3, 14), printed=date(2028, 2, 29))
    table = credentials_page.table[0].value
    assert str(table["Expires"].iloc[0]) == "2028-02-29"
    assert table["Expiry source"].iloc[0] == "printed on the card"


def test_expired_card_raises_an_error_alert_on_the_page_and_dashboard(
    credentials_page: AppTest, open_page: Callable[[str], AppTest]
) -> None:
    add_credential(credentials_page, "cred.bls", date.today() - timedelta(days=800))
    assert "expired on" in credentials_page.error[0].value
    dashboard = open_page("pages/dashboard.py")
    assert any("BLS" in error.value and "expired" in error.value for error in dashboard.error)


def test_card_expiring_within_30_days_is_a_warning(credentials_page: AppTest) -> None:
    earned = add_months(date.today() + timedelta(days=20), -24)
    add_credential(credentials_page, "cred.bls", earned, printed=date.today() + timedelta(days=20))
    assert "(20 days)" in credentials_page.warning[0].value


def test_card_expiring_within_90_days_is_a_notice(credentials_page: AppTest) -> None:
    add_credential(
        credentials_page,
        "cred.bls",
        date.today() - timedelta(days=600),
        printed=date.today() + timedelta(days=60),
    )
    assert "(60 days)" in credentials_page.info[0].value


def test_missing_earned_date_is_refused(credentials_page: AppTest) -> None:
    _submit(credentials_page, "add_credential_form")
    assert "date you earned it" in credentials_page.error[0].value


def test_logged_points_count_toward_cma_recertification(credentials_page: AppTest) -> None:
    add_credential(credentials_page, "cred.cma", date.today() - timedelta(days=400))
    log_activity(credentials_page, "Phlebotomy update", 12, "clinical", approved=True)
    metrics = {metric.label: metric.value for metric in credentials_page.metric}
    assert metrics["Total points"] == "12 of 60"
    assert metrics["Clinical"] == "12 of 10"
    assert metrics["AAMA-approved"] == "12 of 30"
    figure = json.loads(credentials_page.get("plotly_chart")[0].proto.spec)
    earned = next(trace for trace in figure["data"] if trace["name"] == "Earned")
    assert earned["x"][0] == 12


def test_activity_title_is_required(credentials_page: AppTest) -> None:
    _submit(credentials_page, "add_ce_form")
    assert "title" in credentials_page.error[0].value


def test_removing_a_credential_asks_first_and_deletes_nothing_on_one_click(
    credentials_page: AppTest, app_data_dir
) -> None:
    """The dialog's own "Remove" button is clicked in tests/e2e/test_confirmations.py."""
    add_credential(credentials_page, "cred.bls", date(2026, 3, 14))
    held = stored_record(app_data_dir).credentials[0]
    credentials_page.selectbox(key="remove_credential_form:chosen").set_value(held)
    _submit(credentials_page, "remove_credential_form")
    assert stored_record(app_data_dir).credentials == [held]
    assert any(text.value.startswith("Remove BLS") for text in credentials_page.text)


def test_calendar_download_is_offered_once_a_credential_exists(credentials_page: AppTest) -> None:
    assert not credentials_page.get("download_button")
    add_credential(credentials_page, "cred.bls", date(2026, 3, 14))
    assert credentials_page.get("download_button")


def test_calendar_download_is_offered_for_a_target_date_without_any_credential(
    open_page: Callable[[str], AppTest], app_data_dir: Path
) -> None:
    store = Store(app_data_dir)
    try:
        account = store.find_account("maria")
        assert account is not None
        target = ItemProgress(due_on=date.today() + timedelta(days=20))
        save_progress(store, account.user_id, "req.background.check", target)
    finally:
        store.close()

    page = open_page("pages/credentials.py")

    assert page.get("download_button")


def test_a_cma_more_than_90_days_expired_says_the_exam_must_be_retaken(
    credentials_page: AppTest,
) -> None:
    earned = add_months(date.today(), -60).replace(day=1) - timedelta(days=120)

    add_credential(credentials_page, "cred.cma", earned)

    (alert,) = credentials_page.error
    assert "more than 90 days ago" in alert.value
    assert "the CMA (AAMA) exam must be taken again" in alert.value


def test_a_cma_just_expired_can_still_be_renewed_by_continuing_education(
    credentials_page: AppTest,
) -> None:
    earned = add_months(date.today(), -60).replace(day=1) - timedelta(days=1)

    add_credential(credentials_page, "cred.cma", earned)

    (alert,) = credentials_page.error
    assert "expired on" in alert.value
    assert "more than 90 days" not in alert.value


def test_the_recertification_chart_has_a_table_of_earned_and_required(
    credentials_page: AppTest,
) -> None:
    add_credential(credentials_page, "cred.cma", date.today() - timedelta(days=400))
    log_activity(credentials_page, "Phlebotomy update", 12, "clinical", approved=True)
    label = "Earned and required as a table"
    [expander] = [e for e in credentials_page.expander if e.label == label]
    table = expander.table[0].value.set_index("Part")
    assert table.loc["Total points"].to_dict() == {
        "Required (points)": "60",
        "Earned (points)": "12",
        "To go (points)": "48",
    }
