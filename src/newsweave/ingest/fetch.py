"""Fetching article and feed URLs over HTTP, politely and within limits."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from newsweave import __version__

USER_AGENT = f"newsweave/{__version__} (+https://github.com/newsweave/newsweave; news research crawler)"
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


class FetchError(Exception):
    """A URL could not be fetched; the message says why in a user's words."""


@dataclass(slots=True)
class Fetched:
    url: str
    final_url: str
    status: int
    content_type: str
    body: bytes
    encoding: str | None


class Fetcher:
    """One HTTP client reused across an ingest run (connection pooling)."""

    def __init__(self, *, timeout: float = 15.0, max_bytes: int = DEFAULT_MAX_BYTES, max_redirects: int = 5) -> None:
        self.max_bytes = max_bytes
        self.client = httpx.Client(
            follow_redirects=True,
            max_redirects=max_redirects,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,application/rss+xml,"
                     "application/atom+xml,application/xml;q=0.9,*/*;q=0.5"},
        )

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str) -> Fetched:
        try:
            with self.client.stream("GET", url) as resp:
                if resp.status_code >= 400:
                    raise FetchError(f"HTTP {resp.status_code} {resp.reason_phrase}".strip())
                declared = resp.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchError(f"response is {int(declared):,} bytes, over the {self.max_bytes:,}-byte limit")
                chunks: list[bytes] = []
                size = 0
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchError(f"response exceeds the {self.max_bytes:,}-byte limit")
                    chunks.append(chunk)
                return Fetched(
                    url=url,
                    final_url=str(resp.url),
                    status=resp.status_code,
                    content_type=resp.headers.get("content-type", ""),
                    body=b"".join(chunks),
                    encoding=resp.charset_encoding,
                )
        except FetchError:
            raise
        except httpx.TooManyRedirects as exc:
            raise FetchError("too many redirects") from exc
        except httpx.TimeoutException as exc:
            raise FetchError("timed out") from exc
        except httpx.ConnectError as exc:
            raise FetchError(f"cannot connect ({exc})") from exc
        except httpx.InvalidURL as exc:
            raise FetchError(f"invalid URL ({exc})") from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"{type(exc).__name__}: {exc}") from exc
