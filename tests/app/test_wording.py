"""Wording and formats a learner tripped over (issue 19, item 10), one behaviour per test."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from streamlit.proto.Metric_pb2 import Metric as MetricProto
from streamlit.testing.v1 import AppTest

from pathway.content.models import FIGURE_VALUE_MAX_LENGTH
from tests.app.conftest import shown
from tests.app.test_checklist_page import open_details, save_details
from tests.app.test_credentials_page import add_credential, log_activity
from tests.app.test_roadmap_page import step_labels
from tests.app.test_skills_page import rate


def test_an_optional_step_says_so_once(open_page: Callable[[str], AppTest]) -> None:
    labels = step_labels(open_page("pages/roadmap.py"))

    assert "Step 12 · Maintain certification (optional) — Not started" in labels
    assert not [label for label in labels if ") (" in label]


def test_what_is_still_missing_for_recertification_has_no_arrow(
    open_page: Callable[[str], AppTest],
) -> None:
    page = open_page("pages/credentials.py")
    add_credential(page, "cred.cma", date.today() - timedelta(days=400))
    log_activity(page, "Phlebotomy update", 9.5, "clinical", approved=True)

    total = next(metric for metric in page.metric if metric.label == "Total points")

    assert total.proto.delta == "50.5 to go"
    assert total.proto.direction == MetricProto.MetricDirection.NONE


def test_a_met_part_of_the_rule_says_met(open_page: Callable[[str], AppTest]) -> None:
    page = open_page("pages/credentials.py")
    add_credential(page, "cred.cma", date.today() - timedelta(days=400))
    log_activity(page, "Phlebotomy update", 12, "clinical", approved=True)

    clinical = next(metric for metric in page.metric if metric.label == "Clinical")

    assert clinical.proto.delta == "Met"


def test_an_expiry_by_the_rule_says_how_it_was_counted(
    open_page: Callable[[str], AppTest],
) -> None:
    page = open_page("pages/credentials.py")
    add_credential(page, "cred.bls", date(2026, 3, 14))

    table = page.table[0].value

    assert table["Expiry source"].iloc[0] == "24 months from when earned"


def test_every_learn_figure_fits_its_metric_and_keeps_its_qualifier(app: AppTest) -> None:
    app.switch_page("pages/learn.py").run()

    values = [metric.value for metric in app.metric]
    captions = " ".join(shown(caption.value) for caption in app.caption)

    assert values
    assert all(len(value) <= FIGURE_VALUE_MAX_LENGTH for value in values)
    assert "+12%" in values
    assert "Much faster than average. 2024–34 (BLS projections)." in captions


def test_the_reset_confirmation_is_unticked_after_a_reset(
    open_page: Callable[[str], AppTest],
) -> None:
    account = open_page("pages/account.py")
    account.checkbox(key="confirm_reset").check().run()

    account.button(key="reset_progress").click().run()

    assert account.checkbox(key="confirm_reset").value is False
    assert account.button(key="reset_progress").disabled


def test_saved_details_are_confirmed_in_the_panel_not_by_a_lingering_toast(
    open_page: Callable[[str], AppTest],
) -> None:
    checklist = open_page("pages/checklist.py")
    open_details(checklist, "req.cpr.card")
    checklist.text_area(key="details:note").input("Card kept in my wallet")

    save_details(checklist)

    assert not [toast for toast in checklist.toast if "Saved details" in toast.value]
    assert any("Saved details" in success.value for success in checklist.success)


def test_one_saved_skill_rating_is_named_in_the_singular(
    open_page: Callable[[str], AppTest], content, app_data_dir: Path
) -> None:
    page = open_page("pages/skills.py")

    rate(page, {content.skills.skills[0].id: 3})

    assert [toast.value for toast in page.toast] == ["Saved 1 skill rating"]
