"""Admin sign-in is throttled per account and per address (django-axes), with a clear lockout."""

import pytest
from django.core.management import call_command

from tests.factories import make_user

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


def attempt(client, username, password, ip="198.51.100.7"):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=ip
    )


@pytest.fixture
def editor(password):
    return make_user("editor", is_staff=True, groups=["Editors"], password=password)


def test_wrong_passwords_lock_the_account_and_then_the_right_one_fails_too(
    client, editor, password, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "editor", "wrong").status_code == 200  # the form again
    locked = attempt(client, "editor", "wrong")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Sign-in is locked" in html
    assert "Try again in 30 minutes" in html
    # The right password no longer helps, from this address or any other.
    assert attempt(client, "editor", password).status_code == 429
    assert attempt(client, "editor", password, ip="203.0.113.9").status_code == 429


def test_one_address_trying_many_accounts_is_locked_out(client, editor, password, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, f"guess{n}", "wrong", ip="192.0.2.50")
    assert attempt(client, "editor", password, ip="192.0.2.50").status_code == 429
    # Another address may still sign the editor in.
    assert attempt(client, "editor", password, ip="192.0.2.51").status_code == 302


def test_a_successful_sign_in_resets_the_count(client, editor, password, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "editor", "wrong")
    assert attempt(client, "editor", password).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "editor", "wrong")
    assert attempt(client, "editor", password).status_code == 302


def test_axes_reset_lifts_the_lockout(client, editor, password, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "editor", "wrong")
    assert attempt(client, "editor", password).status_code == 429
    call_command("axes_reset", verbosity=0)
    assert attempt(client, "editor", password).status_code == 302
