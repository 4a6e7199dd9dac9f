"""My account: classes, your name and passphrase, and your data (export, import, reset, delete)."""

import functools
from datetime import date

import streamlit as st

from components.account_settings import display_name_form, passphrase_form
from components.confirm_dialog import ask_first
from components.data_errors import saving, write_accepted
from components.downloads import download_on_request
from components.item_state import confirm, show_confirmation
from components.language_choice import language_choice
from components.plain_text import markdown_literal
from components.session import (
    account_or_stop,
    content_or_stop,
    record_or_stop,
    sign_out,
    sign_out_everywhere,
    store_or_stop,
)
from pathway.classes import AccessDenied, classes_joined, join_class, leave_class
from pathway.portability import (
    ExportOfAnotherAccount,
    ImportRefused,
    export_learner,
    export_with_evidence,
    import_learner,
    reset_progress,
)
from pathway.records import Classroom, shown_id
from pathway.report import progress_report
from pathway.verifying import learner_target

content = content_or_stop()
account = account_or_stop()
store = store_or_stop()


@saving
def _join(code: str) -> None:
    classroom = join_class(store, account, code)
    confirm(f"Joined {markdown_literal(classroom.name)}")


@saving
def _leave(classroom: Classroom) -> None:
    leave_class(store, account, classroom.class_id)
    confirm(f"Left {markdown_literal(classroom.name)}")


# (username it was exported from, file) of an export of another account, until confirmed
IMPORT_TO_CONFIRM = "import_to_confirm"


@saving
def _import(data: bytes, accept_from: str | None) -> None:
    import_learner(store, account, data, content, accept_from=accept_from)
    confirm("Imported your data")


def _try_import(data: bytes, accept_from: str | None = None) -> None:
    """Import the file; an export of another account waits for the learner to confirm it."""
    try:
        with st.spinner("Importing your data…"):
            _import(data, accept_from)
    except ExportOfAnotherAccount as other:
        st.session_state[IMPORT_TO_CONFIRM] = (other.owner, data)
    except ImportRefused as error:
        st.error(markdown_literal(f"Nothing was changed. {error}"), icon=":material/error:")
    else:
        st.rerun()


@saving
def _reset() -> None:
    reset_progress(store, account)
    st.session_state["confirm_reset"] = False  # a second reset is asked for again
    confirm("Your progress was reset")


show_confirmation()
st.title("My account")
st.text(f"{account.display_name} (username {account.username})")
language_choice(account)

st.header("Classes")
with st.form("join_class_form", clear_on_submit=True):
    st.text_input("Join code from your instructor", max_chars=20, key="join_code")
    if st.form_submit_button("Join class", icon=":material/group_add:"):
        try:
            _join(st.session_state["join_code"])
        except AccessDenied as error:
            st.error(markdown_literal(str(error)), icon=":material/error:")
        else:
            st.rerun()

joined = classes_joined(store, account)
if not joined:
    st.info("You are not in a class. Nobody but you can see your progress.", icon=":material/lock:")
for classroom, instructor in joined:
    with st.container(border=True):
        st.text(classroom.name)
        teacher = instructor.display_name if instructor else "an instructor who has left"
        st.text(f"{teacher} can see your progress in this class.")
        if st.button(
            "Leave this class", key=f"leave:{classroom.class_id}", icon=":material/logout:"
        ):
            ask_first(
                f"Leave {classroom.name}? {teacher} will no longer see your progress; you can "
                "join again with the class's code.",
                "Leave the class",
                functools.partial(_leave, classroom),
            )

st.header("Name and passphrase")
display_name_form(store, account)
passphrase_form(store, account)

st.header("Your data")
record = record_or_stop(account)  # a damaged file is reported on the page, not as a failed download
download_on_request(
    "Download my progress report (PDF)",
    lambda: progress_report(
        content,
        account,
        store.read(account.user_id),
        date.today(),
        learner_target(store, content, account.user_id),
    ),
    file_name=f"ma-pathway-report-{account.username}.pdf",
    mime="application/pdf",
    icon=":material/picture_as_pdf:",
)
download_on_request(
    "Download all my data (JSON)",
    lambda: export_learner(store, account),
    file_name=f"ma-pathway-{account.username}.json",
    mime="application/json",
    icon=":material/download:",
)
if record.evidence:
    download_on_request(
        "Download all my data with my evidence files (ZIP)",
        lambda: export_with_evidence(store, account),
        file_name=f"ma-pathway-{account.username}.zip",
        mime="application/zip",
        icon=":material/folder_zip:",
    )
with st.form("import_form", clear_on_submit=True):
    upload = st.file_uploader(
        "Import an export of your own data (JSON)", type=["json"], key="import_file"
    )
    st.caption("Importing replaces everything you have stored here with the file's contents.")
    if st.form_submit_button("Import", icon=":material/upload:"):
        if upload is None:
            st.warning("Choose a JSON file first.", icon=":material/upload_file:")
        else:
            _try_import(upload.getvalue())
if IMPORT_TO_CONFIRM in st.session_state:
    owner, data = st.session_state[IMPORT_TO_CONFIRM]
    with st.container(border=True):
        st.warning(
            markdown_literal(
                f"This export is from {shown_id(owner)}; import it into {account.username}?"
            ),
            icon=":material/swap_horiz:",
        )
        st.caption(
            "Everything stored for you here is replaced with that account's data. The other "
            "account stays as it is."
        )
        yes, no = st.columns(2)
        if yes.button(
            markdown_literal(f"Import into {account.username}"), key="import_other_account"
        ):
            del st.session_state[IMPORT_TO_CONFIRM]
            _try_import(data, accept_from=owner)
        if no.button("Cancel", key="cancel_import_other_account"):
            del st.session_state[IMPORT_TO_CONFIRM]
            st.rerun()

st.button(
    "Sign out everywhere",
    icon=":material/devices:",
    key="sign_out_everywhere",
    on_click=sign_out_everywhere,
    args=(account,),
    help="Ends your sign-in on every phone, computer and browser, this one included.",
)

with st.expander("Reset or delete", icon=":material/warning:"):
    confirm_reset = st.checkbox(
        "I want to clear my roadmap, checklist and skill ratings (credentials and plan stay)",
        key="confirm_reset",
    )
    st.button(
        "Reset my progress", disabled=not confirm_reset, key="reset_progress", on_click=_reset
    )
    typed = st.text_input(
        f"Type {account.username} to delete your account and all its data", key="confirm_delete"
    )
    if st.button(
        "Delete my account",
        type="primary",
        disabled=typed.strip() != account.username,
        key="delete_account",
    ):
        with st.spinner("Deleting your account…"):  # its files, backups and sign-ins
            deleted = write_accepted(lambda: store.delete_account(account.user_id))
        if deleted:
            sign_out()
        st.rerun()
