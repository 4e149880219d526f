"""A fake network for the feed fetcher: a resolver from a dict of host -> addresses and an
opener that answers from a dict of url -> (status, headers, body), recording the requests."""

from events.fetching import RawResponse


class FakeNetwork:
    def __init__(self, hosts: dict, pages: dict):
        self.hosts = hosts
        self.pages = pages
        self.requests = []  # (url, address, headers)

    def resolver(self, host, port):
        return self.hosts.get(host, [])

    def opener(self, url, address, headers, timeout):
        self.requests.append((url, address, dict(headers)))
        status, response_headers, body = self.pages[url]
        chunks = [body[i : i + 65536] for i in range(0, len(body), 65536)]

        def read(size):
            return chunks.pop(0) if chunks else b""

        return RawResponse(
            status=status,
            headers={k.lower(): v for k, v in response_headers.items()},
            read=read,
            close=lambda: None,
        )

    def fetch(self, url, *, etag="", last_modified="", **kwargs):
        from events.fetching import safe_fetch

        return safe_fetch(
            url,
            etag=etag,
            last_modified=last_modified,
            resolver=self.resolver,
            opener=self.opener,
            **kwargs,
        )
