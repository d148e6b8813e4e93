"""The load benchmark's phase runner (bench/load_bench.py) against a small HTTP server of the
test's own: what it counts as a request and an error, and where a phase stops. Never timed."""

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

from bench.load_bench import Browser, Phase, Request, run_phase
from tests.gunicorn import free_port


class Handler(BaseHTTPRequestHandler):
    """/ok is 200, anything else 404; the log-in page sets a CSRF cookie, and a POST is a 302
    when its form's token is that cookie's value (as Django's CSRF check wants), else a 403."""

    hits = 0
    hits_lock = threading.Lock()

    def do_GET(self) -> None:
        self._count()
        if self.path == "/login/":
            self._answer(200, {"Set-Cookie": "csrftoken=secret-value; Path=/"})
        else:
            self._answer(200 if self.path == "/ok" else 404)

    def do_POST(self) -> None:
        self._count()
        form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        cookie = self.headers.get("Cookie", "")
        token = form.get("csrfmiddlewaretoken", [""])[0]
        self._answer(302 if token and f"csrftoken={token}" in cookie else 403)

    def _count(self) -> None:
        with Handler.hits_lock:
            Handler.hits += 1

    def _answer(self, status: int, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, format: str, *args: object) -> None:
        pass  # no line per request on the test's output


@pytest.fixture
def port() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    Handler.hits = 0
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def phase(port: int, *paths: str, requests: int, clients: int = 3, warm_up: int = 0) -> Phase:
    return Phase(
        "test",
        "read",
        [Browser(port) for _ in range(clients)],
        requests,
        lambda browser, number: Request("GET", paths[number % len(paths)]),
        warm_up=warm_up,
    )


def test_it_sends_exactly_the_phases_request_count_from_all_clients_together(port: int) -> None:
    result = run_phase(phase(port, "/ok", requests=7), max_seconds=60)

    assert (result.requests, len(result.latencies_ms), result.errors) == (7, 7, 0)
    assert Handler.hits == 7
    assert not result.out_of_time
    assert result.met


def test_it_counts_an_answer_other_than_the_expected_one_as_an_error(port: int) -> None:
    result = run_phase(phase(port, "/ok", "/missing", requests=10), max_seconds=60)

    assert (result.requests, len(result.latencies_ms), result.errors) == (10, 5, 5)
    assert result.samples[0] == "GET /missing answered 404"
    assert not result.met


def test_it_counts_a_refused_connection_as_an_error() -> None:
    result = run_phase(phase(free_port(), "/ok", requests=4), max_seconds=60)

    assert (result.requests, result.errors) == (4, 4)
    assert result.samples[0].startswith("ConnectionRefusedError")
    assert not result.met


def test_it_stops_a_phase_when_its_time_is_up_and_says_so(port: int) -> None:
    result = run_phase(phase(port, "/ok", requests=5), max_seconds=0)

    assert (result.requests, Handler.hits) == (0, 0)
    assert result.out_of_time


def test_its_warm_up_requests_are_sent_but_not_counted(port: int) -> None:
    result = run_phase(phase(port, "/ok", requests=5, warm_up=6), max_seconds=60)

    assert result.requests == 5
    assert Handler.hits == 11


def test_its_warm_up_errors_count_against_the_phase(port: int) -> None:
    result = run_phase(phase(port, "/missing", requests=0, warm_up=2), max_seconds=60)

    assert (result.requests, result.all_errors) == (0, 2)
    assert result.samples[0] == "warm-up: GET /missing answered 404"
    assert not result.met


def test_a_browser_posts_its_csrf_cookie_as_the_forms_token(port: int) -> None:
    browser = Browser(port)
    assert browser.send(Request("POST", "/form/", {"night": "2026-11-20"}))[0] == 403

    browser.send(Request("GET", "/login/"))

    assert browser.cookies == {"csrftoken": "secret-value"}
    assert browser.send(Request("POST", "/form/", {"night": "2026-11-20"}))[0] == 302
