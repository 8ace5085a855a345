"""Fetching a source for ``banbot add``: bounded, honest HTTP with httpx.

A time-out, at most five redirects, a 10 MB cap read as the body streams in, a
User-Agent that names banbot, and only HTML, PDF and plain text. The body comes back as
bytes, so that the extractor can detect a page's encoding itself (a Windows-1252 page,
or a wrong header, still gives the right characters).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import httpx

from bot.ingest import IngestError

logger = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
TIMEOUT_SECONDS = 20.0
USER_AGENT = "banbot/0.1 (knowledge ingest for a question-answering bot; +https://github.com/banbot)"
KINDS = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    "text/plain": "text",
    "text/markdown": "text",
}


@dataclass(frozen=True)
class Fetched:
    url: str
    kind: str
    body: bytes


def fetch(url: str) -> Fetched:
    """Download one source, or raise IngestError saying in one line why not."""
    headers = {"User-Agent": USER_AGENT, "Accept": "text/html, application/pdf, text/plain;q=0.8"}
    try:
        with (
            httpx.Client(
                follow_redirects=True,
                max_redirects=MAX_REDIRECTS,
                timeout=TIMEOUT_SECONDS,
                headers=headers,
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                status = f"{response.status_code} {response.reason_phrase}"
                raise IngestError(f"{url}: the server answered {status}")
            media = response.headers.get("content-type", "").split(";")[0].strip().lower()
            kind = KINDS.get(media)
            if kind is None:
                raise IngestError(f"{url}: unsupported content type {media or '(none)'!r}")
            declared = int(response.headers.get("content-length") or 0)
            if declared > MAX_BYTES:
                raise IngestError(f"{url}: too large ({declared:,} bytes; the limit is {MAX_BYTES:,})")
            body = bytearray()
            for chunk in response.iter_bytes():
                body.extend(chunk)
                if len(body) > MAX_BYTES:
                    raise IngestError(f"{url}: too large (over {MAX_BYTES:,} bytes)")
            return Fetched(str(response.url), kind, bytes(body))
    except httpx.TooManyRedirects:
        raise IngestError(f"{url}: more than {MAX_REDIRECTS} redirects") from None
    except httpx.TimeoutException:
        raise IngestError(f"{url}: no answer within {TIMEOUT_SECONDS:.0f} seconds") from None
    except httpx.HTTPError as error:
        raise IngestError(f"{url}: cannot be reached ({type(error).__name__})") from None


__all__ = ["Fetched", "fetch"]
