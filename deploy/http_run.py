"""Submit one run through the site's HTTP front door, as a browser would; print its id.

Used by scripts/compose-check.sh: python3 deploy/http_run.py BASE_URL LANGUAGE [SNIPPET_SLUG] < code
The stack speaks plain HTTP on 127.0.0.1 but believes it sits behind a TLS proxy
(X-Forwarded-Proto), so its Secure cookies are kept by hand. Standard library only.
"""

import re
import sys
import urllib.error
import urllib.parse
import urllib.request


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def main() -> int:
    base, language = sys.argv[1].rstrip("/"), sys.argv[2]
    slug = sys.argv[3] if len(sys.argv) > 3 else ""
    code = sys.stdin.read()
    origin = "https://" + urllib.parse.urlsplit(base).netloc
    opener = urllib.request.build_opener(NoRedirect)
    cookies: dict[str, str] = {}

    def call(path, data=None, headers=None):
        request = urllib.request.Request(base + path, data=data, headers={
            "X-Forwarded-Proto": "https", "Origin": origin, "Referer": origin + "/",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()), **(headers or {}),
        })
        try:
            response = opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            name, value = header.split(";", 1)[0].split("=", 1)
            cookies[name.strip()] = value.strip()
        return response

    page = call("/exercises/")
    if page.status != 200 or "csrftoken" not in cookies:
        print(f"GET /exercises/: HTTP {page.status}, cookies {sorted(cookies)}", file=sys.stderr)
        return 1
    fields = {"language": language, "code": code}
    if slug:  # "Check": judged against the snippet's expected outcome
        fields |= {"snippet": slug, "action": "check"}
    form = urllib.parse.urlencode(fields).encode()
    response = call("/runs/", form, {"X-CSRFToken": cookies["csrftoken"],
                                     "Content-Type": "application/x-www-form-urlencoded"})
    match = re.search(r"/runs/(\d+)/", response.headers.get("Location", ""))
    if response.status != 302 or not match:
        print(f"POST /runs/: HTTP {response.status}: {response.read()[:500]!r}", file=sys.stderr)
        return 1
    detail = call(match.group(0))
    if detail.status != 200:
        print(f"GET {match.group(0)}: HTTP {detail.status}", file=sys.stderr)
        return 1
    print(match.group(1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
