"""Signing in through the sign-in page in the browser, entering the app's code where the user needs one."""

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from civicportal.core.second_factor import has_second_factor, second_factor_required
from tests.signin import app_code, authenticator_app

PASSWORD = "correct-horse-battery"  # the user factory's password


def sign_in_through_the_form(page, username: str, *, password: str = PASSWORD) -> None:
    """Sign in as the user with the password form; an editor, an admin or anyone with an app then enters its code.

    Someone who must use a second factor and has none is given an authenticator app first, as if set up before.
    """
    user = get_user_model().objects.get(username=username)
    device = authenticator_app(user) if has_second_factor(user) or second_factor_required(user) else None
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if device is not None:
        code_heading = page.get_by_role("heading", name="Enter your code", level=1)
        expect(code_heading).to_be_visible()
        page.get_by_label("Code").fill(app_code(device))
        page.get_by_role("button", name="Continue").click()
        expect(code_heading).to_have_count(0)
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
