"""Fetch and parse the XML the tests' own server produced."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import feedparser


def xml_root(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 - trusted: our own server's output


def fetch(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    return response


def parse(response):
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed
