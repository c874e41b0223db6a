"""Small HTTP helpers for the benchmark: plain http.client, cookies, HTML forms.

The harness talks to gunicorn the way a browser would (GET the page, keep the
cookies, post the form back with its hidden fields), without any dependency
beyond the standard library.
"""

import http.client
import json
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    cookies: dict[str, str] = field(default_factory=dict)

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def request(
    host: str,
    port: int,
    method: str,
    path: str,
    *,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    cookies: dict[str, str] | None = None,
    timeout: float = 30,
) -> Response:
    """One request on a fresh connection; returns status, headers, body and cookies set."""
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        all_headers = {"Host": host, "User-Agent": "newsroom-bench"}
        if cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        if body is not None:
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        all_headers.update(headers or {})
        conn.request(method, path, body=body, headers=all_headers)
        resp = conn.getresponse()
        data = resp.read()
        jar: dict[str, str] = {}
        for raw in resp.headers.get_all("Set-Cookie") or []:
            parsed = SimpleCookie()
            try:
                parsed.load(raw)
            except Exception:  # noqa: S112 - a cookie we cannot parse is one we do not need
                continue
            for name, morsel in parsed.items():
                jar[name] = morsel.value
        return Response(resp.status, list(resp.getheaders()), data, jar)
    finally:
        conn.close()


@dataclass
class Form:
    action: str
    method: str
    # (name, value) pairs in document order, as a browser would submit them.
    fields: list[tuple[str, str]] = field(default_factory=list)
    textareas: list[str] = field(default_factory=list)
    inputs: list[dict] = field(default_factory=list)
    attrs: dict = field(default_factory=dict)

    def names(self) -> set[str]:
        return {i.get("name", "") for i in self.inputs} | set(self.textareas)


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._textarea: str | None = None
        self._text: list[str] = []
        self._select: str | None = None
        self._select_value: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = Form(
                action=a.get("action", ""), method=a.get("method", "get").lower(), attrs=a
            )
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input":
            self._form.inputs.append(a)
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self._text = []
        elif tag == "select" and a.get("name"):
            self._select, self._select_value = a["name"], None
        elif (
            tag == "option"
            and self._select is not None
            and (self._select_value is None or "selected" in a)
        ):
            self._select_value = a.get("value", "")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form.textareas.append(self._textarea)
            self._form.fields.append((self._textarea, "".join(self._text)))
            self._textarea = None
        elif tag == "select" and self._select is not None and self._form is not None:
            self._form.fields.append((self._select, self._select_value or ""))
            self._select = None


def parse_forms(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    for form in parser.forms:
        for attrs in form.inputs:
            name, kind = attrs.get("name"), attrs.get("type", "text").lower()
            if not name or kind in {"submit", "button", "image", "file", "reset"}:
                continue
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                continue
            form.fields.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
    return parser.forms


# Text inputs the harness fills in; any other visible text input (a honeypot,
# say) is left as the page served it, as a person would leave it.
_NAME_FIELDS = ("name", "author_name", "display_name", "user_name", "nickname")


def comment_fields(form: Form, *, text: str, name: str, email: str) -> list[tuple[str, str]]:
    """The comment form's fields filled in like a reader would: text, name, e-mail, consent."""
    filled = []
    body_name = form.textareas[0] if form.textareas else None
    for key, value in form.fields:
        if key == body_name:
            value = text
        filled.append((key, value))
    present = {k for k, _ in filled}
    for attrs in form.inputs:
        key, kind = attrs.get("name", ""), attrs.get("type", "text").lower()
        if not key:
            continue
        if kind == "email" or key in {"email", "author_email"}:
            filled = [(k, email if k == key else v) for k, v in filled]
        elif kind == "text" and key in _NAME_FIELDS:
            filled = [(k, name if k == key else v) for k, v in filled]
        elif kind == "checkbox" and "required" in attrs and key not in present:
            # Consent boxes (guidelines, privacy) must be ticked to post.
            filled.append((key, attrs.get("value", "on")))
    return filled


def find_comment_form(html: str) -> Form | None:
    """The form on an article page that posts a comment (a POST form with a textarea)."""
    candidates = [f for f in parse_forms(html) if f.method == "post" and f.textareas]
    for form in candidates:
        if "comment" in form.action:
            return form
    return candidates[0] if candidates else None


def fetch_csrf(host: str, port: int, form: Form, cookies: dict[str, str]) -> Form:
    """Do what static/js/comment-form.js does for a cached page's tokenless form.

    A shared article page cannot carry a per-reader CSRF token: its form has an
    empty ``csrfmiddlewaretoken`` and a ``data-csrf-url`` to fetch one from (the
    answer also sets the CSRF cookie, added to ``cookies``). Returns the form
    with the token filled in; a form that already has a token is returned as is.
    """
    values = dict(form.fields)
    url = form.attrs.get("data-csrf-url")
    if values.get("csrfmiddlewaretoken") or not url:
        return form
    resp = request(host, port, "GET", url, cookies=cookies, headers={"Accept": "application/json"})
    if resp.status != 200:
        raise RuntimeError(f"GET {url} answered HTTP {resp.status}")
    cookies.update(resp.cookies)
    token = json.loads(resp.body)["token"]
    form.fields = [(k, token if k == "csrfmiddlewaretoken" else v) for k, v in form.fields]
    return form


def encode(fields: list[tuple[str, str]]) -> bytes:
    return urllib.parse.urlencode(fields).encode()


def login(host: str, port: int, *, username: str, password: str) -> dict[str, str]:
    """Sign in through the admin login form; returns the cookies (sessionid, csrftoken)."""
    page = request(host, port, "GET", "/admin/login/?next=/admin/")
    cookies = dict(page.cookies)
    forms = [f for f in parse_forms(page.text) if "username" in f.names()]
    if page.status != 200 or not forms:
        raise RuntimeError(f"admin login page answered {page.status} without a login form")
    fields = [(k, v) for k, v in forms[0].fields if k not in {"username", "password"}]
    fields += [("username", username), ("password", password)]
    resp = request(
        host,
        port,
        "POST",
        "/admin/login/?next=/admin/",
        body=encode(fields),
        cookies=cookies,
    )
    cookies.update(resp.cookies)
    if resp.status not in (302, 303) or "sessionid" not in cookies:
        raise RuntimeError(f"admin login failed: HTTP {resp.status}")
    return cookies
