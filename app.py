"""MA Pathway: `streamlit run app.py`.

Declares the navigation once. Who sees which pages follows from whether someone is signed in;
the Learn page is open to everyone.

`streamlit run app.py` first imports this file as the web server: finding `app = st.App(...)`,
it serves the app with the sign-in cookie routes beside Streamlit's own
(components/sign_in_cookie.py). Each session then runs the file as `__main__`, the script below.
"""

import streamlit as st

from components.data_errors import report_data_error
from components.phone_sidebar import close_sidebar_after_navigation
from components.session import (
    content_or_stop,
    current_account,
    send_browser_step,
    sign_out,
)
from pathway.storage import StorageError

if __name__ != "__main__":  # imported by `streamlit run` as the web server
    from components.sign_in_cookie import middleware, routes

    app = st.App(__file__, routes=routes(), middleware=middleware())
else:  # a session's run
    st.set_page_config(page_title="MA Pathway", page_icon=":material/stethoscope:", layout="wide")

    content_or_stop()
    account = current_account()
    send_browser_step()  # a sign-in or sign-out the browser still has to post

    learn = st.Page("pages/learn.py", title="Learn about the job", icon=":material/menu_book:")
    if account is not None and account.must_change_passphrase:
        change = st.Page(
            "pages/change_passphrase.py", title="Choose your passphrase", icon=":material/password:"
        )
        navigation = st.navigation({"Account": [change]})
    elif account is None:
        sign_in = st.Page(
            "pages/sign_in.py", title="Sign in", icon=":material/login:", default=True
        )
        navigation = st.navigation({"Get started": [sign_in], "Learn": [learn]})
    else:
        my_pathway = [
            st.Page(
                "pages/dashboard.py",
                title="My dashboard",
                icon=":material/dashboard:",
                default=True,
            ),
            st.Page("pages/roadmap.py", title="Roadmap", icon=":material/route:"),
            st.Page("pages/checklist.py", title="Requirements", icon=":material/checklist:"),
            st.Page("pages/skills.py", title="Skills", icon=":material/radar:"),
            st.Page("pages/credentials.py", title="Credentials", icon=":material/verified:"),
            st.Page("pages/competencies.py", title="Competencies", icon=":material/task_alt:"),
            st.Page("pages/hours.py", title="Externship hours", icon=":material/schedule:"),
        ]
        sections = {"My pathway": my_pathway}
        if account.role == "instructor":
            sections["Teaching"] = [
                st.Page("pages/classes.py", title="My classes", icon=":material/groups:"),
                st.Page("pages/cohort.py", title="Class progress", icon=":material/monitoring:"),
                st.Page("pages/check_offs.py", title="Check-offs", icon=":material/how_to_reg:"),
                st.Page("pages/verify.py", title="Verify", icon=":material/fact_check:"),
            ]
        account_page = st.Page("pages/account.py", title="My account", icon=":material/person:")
        sections |= {"Learn": [learn], "Account": [account_page]}
        navigation = st.navigation(sections)
    with st.sidebar:
        close_sidebar_after_navigation()  # on a phone, the page chosen is not left covered
    if account is not None:
        with st.sidebar:
            st.caption("Signed in as")
            st.text(account.display_name)
            st.button("Sign out", icon=":material/logout:", on_click=sign_out, key="sign_out")

    try:
        navigation.run()
    except StorageError as error:  # a write in a page's form failed: say so instead of a traceback
        report_data_error(error)
