"""An optional e-mail address at sign-up and in settings, used only once its link is followed
(diary.email_addresses), and never telling anyone whether another account has an address."""

import re
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client

from diary import email_addresses
from diary.models import User
from tests.helpers import PASSWORD, logged_in, text

SIGN_UP = {
    "username": "newpatient",
    "password1": "night-owl-legs-42",
    "password2": "night-owl-legs-42",
    "account_type": "patient",
    "timezone": "UTC",
}


def link_in(message: Any) -> str:
    match = re.search(r"https?://[^/\s]+(/settings/email/confirm/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def change_address(client: Client, address: str, password: str = PASSWORD) -> Any:
    return client.post("/settings/email/", {"email": address, "password": password})


def test_sign_up_without_an_address_sends_nothing(client: Client, db: None) -> None:
    response = client.post("/accounts/signup/", SIGN_UP)

    assert response.status_code == 302
    user = User.objects.get(username="newpatient")
    assert (user.email, user.email_unconfirmed) == ("", "")
    assert mail.outbox == []


def test_an_address_given_at_sign_up_waits_for_its_link(client: Client, db: None) -> None:
    response = client.post(
        "/accounts/signup/", {**SIGN_UP, "email": "Nora@Example.ORG"}, follow=True
    )

    user = User.objects.get(username="newpatient")
    assert (user.email, user.email_unconfirmed) == ("", "Nora@example.org")
    [message] = mail.outbox
    assert message.to == ["Nora@example.org"]
    assert "We sent a link to Nora@example.org" in text(response)

    client.post(link_in(message))

    user.refresh_from_db()
    assert (user.email, user.email_unconfirmed) == ("Nora@example.org", "")


def test_a_malformed_address_at_sign_up_is_a_form_error(client: Client, db: None) -> None:
    response = client.post("/accounts/signup/", {**SIGN_UP, "email": "nora-at-example"})

    assert response.status_code == 400
    assert not User.objects.filter(username="newpatient").exists()


def test_sign_up_with_another_accounts_address_looks_the_same(client: Client, bob: User) -> None:
    bob.email = "shared@example.org"
    bob.save()

    response = client.post(
        "/accounts/signup/", {**SIGN_UP, "email": "Shared@example.org"}, follow=True
    )

    # The same page and words as for a new address: the account is made, the link sent.
    assert response.status_code == 200
    assert "We sent a link to Shared@example.org" in text(response)
    assert len(mail.outbox) == 1


def test_the_link_opens_a_page_that_confirms_only_when_its_button_is_pressed(
    alice: User,
) -> None:
    client = logged_in(alice)
    change_address(client, "alice@example.org")
    link = link_in(mail.outbox[0])

    page = client.get(link)

    assert page.status_code == 200
    assert "Confirm address" in text(page)
    alice.refresh_from_db()
    assert alice.email == ""  # a mail scanner that opens the link confirms nothing


def test_the_page_shows_the_links_address_and_refuses_a_stale_link_at_once(alice: User) -> None:
    client = logged_in(alice)
    change_address(client, "old@example.org")
    stale = link_in(mail.outbox[0])
    change_address(client, "new@example.org")
    fresh = link_in(mail.outbox[1])

    assert "Confirm <strong>new@example.org</strong>" in text(client.get(fresh))
    refused = client.get(stale)
    assert refused.status_code == 400
    assert "changed or removed since" in text(refused)
    assert "Confirm address" not in text(refused)


def test_following_the_link_twice_is_harmless(alice: User) -> None:
    client = logged_in(alice)
    change_address(client, "alice@example.org")
    link = link_in(mail.outbox[0])

    first = client.post(link)
    second = client.post(link)

    assert first.status_code == second.status_code == 302
    alice.refresh_from_db()
    assert (alice.email, alice.email_unconfirmed) == ("alice@example.org", "")


def test_an_expired_link_confirms_nothing(alice: User) -> None:
    client = logged_in(alice)
    with time_machine.travel("2026-11-01 12:00:00+00:00", tick=False):
        change_address(client, "alice@example.org")
    link = link_in(mail.outbox[0])

    with time_machine.travel("2026-11-04 12:00:01+00:00", tick=False):
        client.force_login(alice)  # the session would have gone idle meanwhile
        response = client.post(link)

    assert response.status_code == 400
    assert "expired" in text(response)
    alice.refresh_from_db()
    assert (alice.email, alice.email_unconfirmed) == ("", "alice@example.org")


def test_a_link_still_works_just_before_it_expires(alice: User) -> None:
    client = logged_in(alice)
    with time_machine.travel("2026-11-01 12:00:00+00:00", tick=False):
        change_address(client, "alice@example.org")
    link = link_in(mail.outbox[0])

    with time_machine.travel("2026-11-04 11:59:00+00:00", tick=False):
        client.force_login(alice)
        assert client.post(link).status_code == 302

    alice.refresh_from_db()
    assert alice.email == "alice@example.org"


@pytest.mark.parametrize(
    "change", [lambda link: link[:-3] + "x/", lambda link: link.replace("confirm/", "confirm/e")]
)
def test_a_tampered_link_confirms_nothing(alice: User, change: Any) -> None:
    client = logged_in(alice)
    change_address(client, "alice@example.org")

    response = client.post(change(link_in(mail.outbox[0])))

    assert response.status_code == 400
    alice.refresh_from_db()
    assert alice.email == ""


def test_a_link_forged_for_another_address_confirms_nothing(alice: User) -> None:
    # A token is signed over the user and the address: one made with another key is refused.
    client = logged_in(alice)
    change_address(client, "alice@example.org")
    from django.core import signing

    forged = signing.TimestampSigner(key="not-our-key", salt="diary.email_addresses.confirm")
    token = forged.sign_object({"user": alice.pk, "address": "alice@example.org"})

    assert client.post(f"/settings/email/confirm/{token}/").status_code == 400


def test_another_accounts_link_confirms_nothing_for_either(alice: User, bob: User) -> None:
    # A mistyped address's owner must not make the account's resets come to them.
    change_address(logged_in(alice), "alice@example.org")
    link = link_in(mail.outbox[0])

    response = logged_in(bob).post(link)

    assert response.status_code == 400
    assert "another account" in text(response)
    alice.refresh_from_db()
    bob.refresh_from_db()
    assert (alice.email, bob.email, bob.email_unconfirmed) == ("", "", "")


def test_the_link_asks_a_signed_out_person_to_log_in_first(alice: User) -> None:
    change_address(logged_in(alice), "alice@example.org")

    response = Client().post(link_in(mail.outbox[0]))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    alice.refresh_from_db()
    assert alice.email == ""


def test_a_link_for_an_address_changed_since_confirms_nothing(alice: User) -> None:
    client = logged_in(alice)
    change_address(client, "old@example.org")
    change_address(client, "new@example.org")

    response = client.post(link_in(mail.outbox[0]))

    assert response.status_code == 400
    alice.refresh_from_db()
    assert (alice.email, alice.email_unconfirmed) == ("", "new@example.org")


def test_an_address_confirmed_elsewhere_first_is_refused_on_confirming(
    alice: User, bob: User
) -> None:
    client = logged_in(alice)
    change_address(client, "shared@example.org")
    bob.email = "SHARED@example.org"
    bob.save()

    response = client.post(link_in(mail.outbox[0]))

    assert response.status_code == 400
    assert "Another account already has this address" in text(response)
    alice.refresh_from_db()
    assert alice.email == ""


def test_the_database_refuses_one_confirmed_address_on_two_accounts(alice: User, bob: User) -> None:
    from django.db import IntegrityError, transaction

    alice.email = "shared@example.org"
    alice.save()
    bob.email = "Shared@Example.org"
    with pytest.raises(IntegrityError), transaction.atomic():
        bob.save()


def test_settings_take_another_accounts_address_without_saying_so(alice: User, bob: User) -> None:
    bob.email = "bob@example.org"
    bob.save()
    client = logged_in(alice)

    taken = change_address(client, "bob@example.org")
    free = change_address(client, "free@example.org")

    assert taken.status_code == free.status_code == 302
    assert len(mail.outbox) == 2
    assert [m.to for m in mail.outbox] == [["bob@example.org"], ["free@example.org"]]


def test_changing_the_address_asks_for_the_password(alice: User) -> None:
    client = logged_in(alice)

    response = change_address(client, "thief@example.org", password="not-alices")

    assert response.status_code == 400
    alice.refresh_from_db()
    assert alice.email_unconfirmed == ""
    assert mail.outbox == []


def test_the_confirmed_address_stays_in_use_until_a_new_one_is_confirmed(alice: User) -> None:
    alice.email = "old@example.org"
    alice.save()
    client = logged_in(alice)

    change_address(client, "new@example.org")
    alice.refresh_from_db()
    assert (alice.email, alice.email_unconfirmed) == ("old@example.org", "new@example.org")

    client.post(link_in(mail.outbox[0]))
    alice.refresh_from_db()
    assert (alice.email, alice.email_unconfirmed) == ("new@example.org", "")


def test_an_empty_address_removes_both(alice: User) -> None:
    alice.email, alice.email_unconfirmed = "old@example.org", "new@example.org"
    alice.save()

    response = change_address(logged_in(alice), "")

    assert response.status_code == 302
    alice.refresh_from_db()
    assert (alice.email, alice.email_unconfirmed) == ("", "")


def test_the_settings_page_shows_both_addresses_and_resends_the_link(alice: User) -> None:
    alice.email, alice.email_unconfirmed = "old@example.org", "new@example.org"
    alice.save()
    client = logged_in(alice)

    page = text(client.get("/settings/"))
    assert "old@example.org</strong>, confirmed" in page
    assert "new@example.org</strong> is waiting" in page

    client.post("/settings/email/", {"resend": "1"})
    [message] = mail.outbox
    assert message.to == ["new@example.org"]


def test_a_mail_server_that_refuses_leaves_the_address_waiting_and_says_so(
    alice: User, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # discard: nothing listens there

    response = change_address(logged_in(alice), "alice@example.org")

    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.email_unconfirmed == "alice@example.org"


def test_the_domain_is_lower_cased_and_the_local_part_kept() -> None:
    assert email_addresses.normalized("  Nora.Q@Example.ORG ") == "Nora.Q@example.org"


def test_changing_the_address_counts_against_the_login_limit(
    alice: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from diary.limits import LoginRateThrottle

    monkeypatch.setattr(LoginRateThrottle, "THROTTLE_RATES", {"login": "2/min"})
    client = logged_in(alice)
    for _ in range(2):
        assert change_address(client, "alice@example.org", password="guess").status_code == 400

    response = change_address(client, "alice@example.org")

    assert response.status_code == 429
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_upgrading_keeps_a_shared_address_confirmed_on_the_oldest_account_only() -> None:
    # Before issue 16 the admin could give two accounts one address; the constraint forbids it.
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    (migration,) = [
        key
        for key in executor.loader.disk_migrations
        if key[0] == "diary" and key[1].endswith("_email_confirmed_unique_and_unconfirmed_address")
    ]
    parents = executor.loader.graph.node_map[migration].parents
    (before,) = [parent.key for parent in parents if parent.key[0] == "diary"]
    latest = executor.loader.graph.leaf_nodes()
    try:
        executor.migrate([before])
        old = executor.loader.project_state([before]).apps.get_model("diary", "User")
        old.objects.create(username="first", email="shared@example.org")
        old.objects.create(username="second", email="Shared@Example.org")
        old.objects.create(username="third", email="own@example.org")
        executor = MigrationExecutor(connection)
        executor.migrate([migration])
        new = executor.loader.project_state([migration]).apps.get_model("diary", "User")
        rows = {
            u: (e, w)
            for u, e, w in new.objects.values_list("username", "email", "email_unconfirmed")
        }
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)

    assert rows == {
        "first": ("shared@example.org", ""),
        "second": ("", "Shared@Example.org"),
        "third": ("own@example.org", ""),
    }
