"""Every page a demo account can open speaks French and gives each form control a label."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from access_rules.base import ALL, ANON, OK
from test_access_matrix import CASES

ENGLISH = re.compile(
    r"\b(Password|Username|Log ?in|Log ?out|Sign ?in|Submit|Save|Cancel|Delete|Edit|Search|"
    r"Home|Forgot|required|This field|Email address|Welcome|Members|Settings|Error|Page not "
    r"found|Forbidden|None|True|False)\b"
)


class PageReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.text, self.labels_for, self.controls, self.lang = [], set(), [], None
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "label" and attrs.get("for"):
            self.labels_for.add(attrs["for"])
        if tag in ("input", "select", "textarea") and attrs.get("type") not in (
            "hidden",
            "submit",
            "button",
        ):
            self.controls.append(attrs)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def pages():
    for case in CASES:
        if case.method != "get":
            continue
        for account in ALL:
            if case.expect[account] == OK:
                yield pytest.param(case, account, id=f"{case.name}[{case.label}]-{account}")
                break  # one account per page is enough for wording and labels


@pytest.mark.parametrize(("case", "account"), list(pages()))
def test_page_is_french_and_labelled(case, account, world, client_of):
    kwargs = case.kwargs(world) if callable(case.kwargs) else case.kwargs
    client = client_of(None if account == ANON else account)
    response = client.get(reverse(case.name, kwargs=kwargs), case.data)
    if not response["Content-Type"].startswith("text/html"):
        return  # JSON, SVG images…: no words nor controls to read
    reader = PageReader()
    reader.feed(response.content.decode())
    assert reader.lang == "fr"
    text = " ".join(" ".join(reader.text).split())
    assert not ENGLISH.findall(text), text
    for control in reader.controls:
        assert control.get("id") in reader.labels_for or control.get("aria-label"), control
