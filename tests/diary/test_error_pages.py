"""Error pages in the app's own layout, and the skip link every page starts with (issue 15)."""

import re
from html.parser import HTMLParser

from django.core.exceptions import PermissionDenied
from django.template.loader import get_template
from django.test import Client, RequestFactory
from django.views import defaults

from diary.models import User

NAV = '<nav aria-label="Main">'
GONE = "This page does not exist, or you no longer have access to it"


class _Page(HTMLParser):
    """The page's element ids, and the first element a keyboard's Tab reaches."""

    FOCUSABLE = ("a", "button", "input", "select", "textarea")

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.first_focusable: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if self.first_focusable is None and tag in self.FOCUSABLE:
            self.first_focusable = values


def parsed(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def test_a_revoked_clinician_opening_the_patients_review_gets_a_404_that_explains(
    alice: User, revoked_clinician: User
) -> None:
    client = Client()
    client.force_login(revoked_clinician)
    response = client.get(f"/clinician/patients/{alice.pk}/")
    assert response.status_code == 404
    page = response.content.decode()
    assert GONE in page
    assert "a patient may have stopped sharing" in page
    # In the app's layout, signed in: the clinician's own navigation is there to go on with.
    assert NAV in page
    assert 'href="/clinician/"' in page
    assert re.search(r'<a href="/">Go to your home page</a>', page)


def test_a_missing_web_page_is_the_apps_404_but_the_api_still_answers_json(
    alice_client: Client,
) -> None:
    assert GONE in alice_client.get("/no-such-page/").content.decode()
    api = alice_client.get("/api/v1/no-such-thing/")
    assert api.status_code == 404
    assert api.json() == {"detail": "Not found."}


def test_the_403_page_says_what_happened_in_the_apps_layout(alice: User) -> None:
    request = RequestFactory().get("/somewhere/")
    request.user = alice
    response = defaults.permission_denied(request, PermissionDenied())
    page = response.content.decode()
    assert response.status_code == 403
    assert "This account is not allowed to do that" in page
    assert NAV in page


def test_the_400_page_says_what_happened_in_the_apps_layout(client: Client) -> None:
    # An unknown Host header is refused by Django itself, through handler400.
    response = client.get("/", HTTP_HOST="not-our-host.example")
    assert response.status_code == 400
    page = response.content.decode()
    assert "The app could not read that request" in page
    assert 'class="brand"' in page


def test_the_500_page_renders_standalone_without_a_request_or_context() -> None:
    page = get_template("500.html").render()
    assert "Something went wrong on our side" in page
    assert 'class="brand"' in page
    assert 'href="/"' in page
    # As Django serves it, with no context at all.
    assert defaults.server_error(RequestFactory().get("/")).status_code == 500


def test_every_page_starts_with_a_skip_link_to_the_main_content(alice_client: Client) -> None:
    for url in ("/nights/log/", "/accounts/login/"):
        page = parsed(alice_client.get(url).content.decode())
        skip = page.first_focusable
        assert skip is not None
        assert skip.get("class") == "skip-link"
        assert skip.get("href") == "#main"
        assert "main" in page.ids


def test_the_error_pages_have_the_skip_link_too() -> None:
    page = parsed(get_template("500.html").render())
    assert page.first_focusable is not None
    assert page.first_focusable.get("href") == "#main"
    assert "main" in page.ids
