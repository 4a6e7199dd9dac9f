"""The dashboard's numbers follow the learner's progress; Learn is open to everyone."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from streamlit.testing.v1 import AppTest

from tests.app.test_checklist_page import CPR, open_details, save_details


def metric(app: AppTest, label: str) -> str:
    """The shown value of the metric with this label."""
    return next(m.value for m in app.metric if m.label == label)


def test_new_learner_starts_at_zero_with_step_one_next(signed_in: AppTest, content) -> None:
    assert metric(signed_in, "Overall") == "0%"
    first_step = content.roadmap.steps[0]
    assert f"Step 1: {first_step.title}" in signed_in.markdown[0].value


def test_ticking_a_requirement_raises_the_checklist_figure(
    open_page: Callable[[str], AppTest], content
) -> None:
    checklist = open_page("pages/checklist.py")
    checklist.checkbox(key=f"req:{CPR}:done").check().run()
    dashboard = open_page("pages/dashboard.py")
    total = sum(len(group.items) for group in content.checklist.groups)
    assert metric(dashboard, "Checklist") == f"{100 // total}%"


def test_overdue_target_date_is_flagged(open_page: Callable[[str], AppTest]) -> None:
    checklist = open_details(open_page("pages/checklist.py"), CPR)
    checklist.date_input(key="details:due_on").set_value(date.today() - timedelta(days=3))
    save_details(checklist)
    dashboard = open_page("pages/dashboard.py")
    assert "overdue since" in dashboard.error[0].value


def test_learn_page_is_readable_without_signing_in(app: AppTest, content) -> None:
    app.switch_page("pages/learn.py").run()
    assert not app.exception
    assert app.title[0].value == "Learn about the job"
    assert [tab.label for tab in app.tabs] == [area.title for area in content.learn.duty_areas]


def test_learn_page_gives_each_figure_its_period_and_source(app: AppTest, content) -> None:
    app.switch_page("pages/learn.py").run()
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["Median annual pay, medical assistants"] == "$45,690"
    captions = " ".join(caption.value for caption in app.caption).replace("\\", "")
    assert (
        "$21.97 an hour. May 2025 (Occupational Employment and Wage Statistics). Source: ["
        in captions
    )
    assert "verify with the issuer (U.S. Bureau of Labor Statistics)" in captions


def test_learn_page_lists_the_cma_routes_and_renewal_rules(app: AppTest) -> None:
    app.switch_page("pages/learn.py").run()
    text = " ".join(element.value for element in app.markdown).replace("\\", "")
    assert "up to 30 days before they finish the program" in text
    assert "560 academic contact hours" in text
    assert "A current CPR card is no longer needed to recertify the CMA (AAMA)" in text
    assert "After more than 90 days expired" in text
