"""Reads a form page's HTML as a screen reader meets it: element ids and their text, what each
aria-describedby names, and the error summary (templates/includes/form_errors.html)."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = frozenset({"area", "br", "col", "hr", "img", "input", "link", "meta", "source", "wbr"})
SUMMARY = "error-summary"


@dataclass
class Link:
    href: str
    text: str = ""


@dataclass
class FormPage:
    texts: dict[str, str] = field(default_factory=dict)  # element id -> its text
    describedby: dict[str, list[str]] = field(default_factory=dict)  # element -> ids it names
    summary: dict[str, str | None] | None = None  # the summary's attributes
    summary_heading: str = ""
    summary_items: list[str] = field(default_factory=list)  # each problem's text, in order
    summary_links: list[Link] = field(default_factory=list)
    inputs: dict[str, str] = field(default_factory=dict)  # text-like input's name -> value
    textareas: dict[str, str] = field(default_factory=dict)  # name -> text


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.page = FormPage()
        # The open elements: (tag, id, textarea name).
        self.stack: list[tuple[str, str | None, str | None]] = []

    def _in(self, tag: str | None = None, element_id: str | None = None) -> bool:
        return any(
            (tag is None or t == tag) and (element_id is None or i == element_id)
            for t, i, _ in self.stack
        )

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        element_id, page = values.get("id"), self.page
        if element_id:
            page.texts[element_id] = ""
        if values.get("aria-describedby"):
            page.describedby[element_id or f"{tag}[name={values.get('name')}]"] = str(
                values["aria-describedby"]
            ).split()
        if tag == "input" and values.get("type") not in ("radio", "checkbox", "hidden"):
            page.inputs[str(values.get("name"))] = values.get("value") or ""
        if element_id == SUMMARY:
            page.summary = values
        if self._in(element_id=SUMMARY):
            if tag == "li":
                page.summary_items.append("")
            if tag == "a":
                page.summary_links.append(Link(str(values.get("href"))))
        if tag not in VOID:
            self.stack.append((tag, element_id, values.get("name") if tag == "textarea" else None))

    def handle_endtag(self, tag: str) -> None:
        while self.stack and self.stack.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        page = self.page
        for _tag, element_id, name in self.stack:
            if element_id:
                page.texts[element_id] += data
            if name:
                page.textareas[name] = page.textareas.get(name, "") + data
        if self._in(element_id=SUMMARY):
            if self._in("h2"):
                page.summary_heading += data
            if self._in("li") and page.summary_items:
                page.summary_items[-1] += data
            if self._in("a") and page.summary_links:
                page.summary_links[-1].text += data


def _words(text: str) -> str:
    return " ".join(text.split())


def read_form_page(html: str) -> FormPage:
    reader = _Reader()
    reader.feed(html)
    page = reader.page
    page.texts = {key: _words(text) for key, text in page.texts.items()}
    page.summary_heading = _words(page.summary_heading)
    page.summary_items = [_words(item) for item in page.summary_items]
    for link in page.summary_links:
        link.text = _words(link.text)
    return page
