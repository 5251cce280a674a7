"""The classroom's learners, as Locust users in a process of their own (Locust patches the standard
library with gevent, so it never shares a process with Django or Celery). bench/classroom.py starts
it; it reads its plan (JSON) on stdin and prints its measurements (JSON) on stdout.

Honest learners browse (pages, search, topics), predict, rate cards they reviewed and run programs
at a realistic pace: Check a deck snippet as the question page offers it (expected: ACCEPTED) or
run an edit of their own whose output is known (expected: OK and that output). Hostile learners
run at once what their limits let through: a fork bomb, an output flood, a memory bomb, a kernel
quota hog (pipes), a format flood. Every learner has its own session and its own address, named in
X-Forwarded-For (the bench's site trusts 127.0.0.1 as its proxy; see README, "The web tier").
"""

from gevent import monkey

monkey.patch_all()

import json
import random
import re
import sys
import time
import uuid
from collections import Counter

import gevent
from locust import HttpUser, constant, task
from locust.env import Environment

PLAN = json.load(sys.stdin)
RESULTS = {"pages_ms": [], "verdicts_ms": [], "honest_runs": 0, "honest_wrong": [], "http_5xx": 0, "refused": Counter(),
           "hostile_runs": Counter(), "unexpected": Counter(), "pending": {}, "errors": Counter(), "formats_refused": 0}
STATUS = re.compile(r'data-status="(\w+)" data-verdict="(\w*)"')
POLL = re.compile(r'hx-trigger="load delay:(\d+)ms"')
RUN_ID = re.compile(r'id="run-(\d+)"')
CSRF = re.compile(r'"X-CSRFToken": "([^"]+)"')
REVIEW_CARD = re.compile(r'data-question="(\d+)"')
STDOUT = re.compile(r'<pre class="stdout"[^>]*>(.*?)</pre>', re.S)
TEXTAREA = re.compile(r'<textarea name="code"[^>]*>(.*?)</textarea>', re.S)
SNIPPET = re.compile(r'<input type="hidden" name="snippet" value="([^"]+)">')
LANGUAGE = re.compile(r'<input type="hidden" name="language" value="(\w+)">|<option value="(\w+)"[^>]*selected')
HOSTILE = {
    "fork_bomb": ("python", "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n"),
    "output_flood": ("python", "import sys\nwhile True:\n    sys.stdout.write('x' * 4096)\n"),
    "memory_bomb": (
        "go",
        'package main\n\nimport "fmt"\n\nfunc main() {\n\tvar hoard [][]byte\n\tfor i := 0; i < 256; i++ {\n'
        "\t\tchunk := make([]byte, 16<<20)\n\t\tfor j := range chunk {\n\t\t\tchunk[j] = byte(j)\n\t\t}\n"
        "\t\thoard = append(hoard, chunk)\n\t}\n\tfmt.Println(len(hoard))\n}\n",
    ),
    "quota_hog": (
        "python",
        "import os, time\npipes = []\ntry:\n    while True:\n        pipes.append(os.pipe())\n"
        "except OSError:\n    pass\ntime.sleep(3)\nprint(len(pipes))\n",
    ),
}


def unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
    )


def plain_http(cookies) -> None:
    """Send the site's Secure cookies over plain HTTP too: the bench talks to the site directly, where
    a TLS proxy would stand in production (requests copies the jar for each request, so a cookie
    policy would be lost: the flag itself is cleared)."""
    for cookie in cookies:
        cookie.secure = False


class Learner(HttpUser):
    abstract = True
    wait_time = constant(0)

    def on_start(self):
        self.address = f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"
        self.csrf = ""
        self.get("/exercises/")  # a session and the CSRF token, as a browser's first page gives them

    def headers(self, htmx=False) -> dict:
        found = {"X-Forwarded-For": self.address, "X-CSRFToken": self.csrf}
        return {**found, "HX-Request": "true"} if htmx else found

    def get(self, path, name=None, htmx=False, page=True, retry=True):
        began = time.perf_counter()
        with self.client.get(path, headers=self.headers(htmx), name=name or path, catch_response=True) as response:
            if not response.status_code and retry:  # a kept-alive connection the server had closed:
                RESULTS["errors"]["GET sent again after a dropped connection"] += 1  # a browser sends it again
                response.success()
                return self.get(path, name, htmx, page, retry=False)
            self.note(response)
            response.success()
        if page and response.status_code == 200:
            RESULTS["pages_ms"].append((time.perf_counter() - began) * 1000)
        found = CSRF.search(response.text or "")
        self.csrf = found.group(1) if found else self.csrf
        return response

    def post(self, path, data, name=None, htmx=True):
        with self.client.post(
            path, data=data, headers=self.headers(htmx), name=name or path, catch_response=True
        ) as response:
            self.note(response)
            response.success()
        found = CSRF.search(response.text or "")  # a log-in rotates the token
        self.csrf = found.group(1) if found else self.csrf
        return response

    def note(self, response):
        plain_http(self.client.cookies)
        if response.status_code >= 400 or not response.status_code:
            name = response.request_meta.get("name") if hasattr(response, "request_meta") else ""
            RESULTS["unexpected"][f"{type(self).__name__} {name} {response.status_code}"] += 1
        if not response.status_code:
            RESULTS["errors"][f"no answer: {type(response.error).__name__}"] += 1
        elif response.status_code >= 500:  # a 503 too: the site told a learner it could not serve them
            RESULTS["http_5xx"] += 1
        elif response.status_code == 429:
            RESULTS["refused"][type(self).__name__] += 1

    def submit_run(self, data) -> tuple[str, str, float] | None:
        """POST a run and follow its status as the page does; (verdict, stdout, ms) or None if refused."""
        began = time.perf_counter()
        response = self.post("/runs/", {**data, "token": str(uuid.uuid4())}, name="/runs/")
        found = RUN_ID.search(response.text or "")
        if response.status_code != 200 or not found:
            return None
        run_id = found.group(1)
        RESULTS["pending"][run_id] = (self.client.cookies.get_dict(), self.address)
        body = response.text
        while True:
            status = STATUS.search(body)
            if status and status.group(1) == "done":
                RESULTS["pending"].pop(run_id, None)
                stdout = STDOUT.search(body)
                return (
                    status.group(2),
                    unescape(stdout.group(1)) if stdout else "",
                    (time.perf_counter() - began) * 1000,
                )
            delay = POLL.search(body)
            gevent.sleep(int(delay.group(1)) / 1000 if delay else 0.5)
            if time.perf_counter() - began > PLAN["run_patience_s"]:
                return None  # counted as lost at the end unless it finishes by then
            body = self.get(f"/runs/{run_id}/", name="/runs/[id]/", htmx=True, page=False).text or ""


class Honest(Learner):
    def on_start(self):
        super().on_start()
        self.next_run = time.monotonic() + random.uniform(0, PLAN["run_every_s"])
        self.member = random.random() < PLAN["member_share"]
        if self.member:  # signs up, so as to review cards and rate them
            password = uuid.uuid4().hex
            self.post(
                "/accounts/signup/",
                {"username": f"learner-{uuid.uuid4().hex[:12]}", "password1": password, "password2": password},
                htmx=False,
            )

    def wait_time(self):
        return random.uniform(0.5, 1.5) * PLAN["page_every_s"]

    @task
    def act(self):
        if time.monotonic() >= self.next_run:
            self.next_run = time.monotonic() + random.uniform(0.5, 1.5) * PLAN["run_every_s"]
            (self.check_snippet if random.random() < 0.5 else self.run_edit)()
            return
        random.choice(
            [self.question, self.question, self.search, self.topics, self.predict]
            + [self.rate, self.rate] * self.member
        )()

    def rate(self):
        card = REVIEW_CARD.search(self.get("/review/", name="/review/").text or "")
        if card:
            self.post(
                f"/review/{card.group(1)}/rate/",
                {"rating": random.choice("234"), "token": uuid.uuid4().hex},
                name="/review/[id]/rate/",
            )

    def question(self):
        series, number, _ = random.choice(PLAN["questions"])
        return self.get(f"/q/{series}/{number}/", name="/q/[series]/[n]/")

    def search(self):
        self.get(f"/search/?q={random.choice(PLAN['words'])}", name="/search/")

    def topics(self):
        self.get("/topics/")

    def predict(self):
        page = self.question().text or ""
        slug = SNIPPET.search(page)
        if slug:
            self.post(
                "/predict/",
                {"snippet": slug.group(1), "outcome": "prints", "prediction": "42\n", "token": uuid.uuid4().hex},
                name="/predict/",
            )

    def check_snippet(self):
        page = self.question().text or ""
        slug, code, language = SNIPPET.search(page), TEXTAREA.search(page), LANGUAGE.search(page)
        if not (slug and code and language):
            RESULTS["errors"]["question page without a runner"] += 1
            return
        self.judge(
            self.submit_run(
                {
                    "snippet": slug.group(1),
                    "code": unescape(code.group(1)),
                    "action": "check",
                    "language": language.group(1) or language.group(2),
                }
            ),
            "ACCEPTED",
            None,
            slug.group(1),
        )

    def run_edit(self):
        a, b = random.randrange(10**6), random.randrange(10**6)
        if random.random() < 0.5:
            code, language = f"a, b = {a}, {b}\nprint(a * b)\n", "python"
        else:
            code, language = (
                f'package main\n\nimport "fmt"\n\nfunc main() {{\n\ta, b := {a}, {b}\n\tfmt.Println(a * b)\n}}\n',
                "go",
            )
        self.judge(self.submit_run({"code": code, "language": language, "action": "run"}), "OK", f"{a * b}\n", language)

    def judge(self, outcome, verdict, stdout, what):
        if outcome is None:
            return
        RESULTS["honest_runs"] += 1
        RESULTS["verdicts_ms"].append(outcome[2])
        if outcome[0] != verdict or (stdout is not None and outcome[1] != stdout):
            RESULTS["honest_wrong"].append(
                {"what": what, "expected": verdict, "got": outcome[0], "stdout": outcome[1][:200]}
            )


def hostile(kind: str):
    class Hostile(Learner):
        def wait_time(self):
            return 0.2

        @task
        def act(self):
            if kind == "format_flood":
                return self.format_flood()
            language, code = HOSTILE[kind]
            outcome = self.submit_run(
                {"code": code + f"# {uuid.uuid4()}\n" * (language == "python"), "language": language}
            )
            if outcome is not None:
                RESULTS["hostile_runs"][kind] += 1

        def format_flood(self):
            """Bursts of formats without waiting for answers; then what came back from a sandbox."""
            polls = []
            for _ in range(10):
                code = f"package main\nfunc main(){{println({random.random()})}}\n"
                response = self.post(
                    "/runs/format/", {"language": "go", "code": code}, name="/runs/format/", htmx=False
                )
                if response.status_code == 429:
                    RESULTS["formats_refused"] += 1
                elif response.status_code == 202:
                    polls.append(response.json()["poll"])
            deadline = time.monotonic() + 30
            while polls and time.monotonic() < deadline:
                gevent.sleep(0.2)
                for poll in list(polls):
                    answer = self.get(poll, name="/runs/format/[id]/", page=False)
                    if answer.status_code != 202:
                        polls.remove(poll)
                        RESULTS["hostile_runs"]["format_flood"] += answer.status_code == 200 and "code" in answer.json()

    Hostile.__name__ = f"Hostile_{kind}"
    return Hostile


def settle(pending: dict) -> int:
    """Follow the runs still pending when the learners stopped, with their owners' cookies, until
    each is final or the grace period ends; returns how many never finished (lost)."""
    import requests

    deadline = time.monotonic() + PLAN["grace_s"]
    left = dict(pending)
    while left and time.monotonic() < deadline:
        for run_id, (cookies, address) in list(left.items()):
            session = requests.Session()
            session.cookies.update(cookies)
            try:
                body = session.get(
                    f"{PLAN['url']}/runs/{run_id}/",
                    headers={"HX-Request": "true", "X-Forwarded-For": address},
                    timeout=10,
                ).text
            except requests.RequestException:
                continue
            status = STATUS.search(body)
            if status and status.group(1) == "done":
                left.pop(run_id)
        gevent.sleep(1)
    return len(left)


def main() -> None:
    hostile_classes = [hostile(kind) for kind in PLAN["hostile_kinds"]]
    Honest.fixed_count = PLAN["learners"]
    for cls in hostile_classes:
        cls.fixed_count = PLAN["hostile_each"]
    environment = Environment(user_classes=[Honest, *hostile_classes], host=PLAN["url"])
    runner = environment.create_local_runner()
    runner.start(PLAN["learners"] + PLAN["hostile_each"] * len(hostile_classes), spawn_rate=PLAN["spawn_rate"])
    gevent.sleep(PLAN["seconds"])
    runner.stop()
    RESULTS["lost"] = settle(RESULTS.pop("pending"))
    RESULTS["refused"] = dict(RESULTS["refused"])
    RESULTS["hostile_runs"] = dict(RESULTS["hostile_runs"])
    RESULTS["unexpected"] = dict(RESULTS["unexpected"])
    RESULTS["errors"] = {
        **RESULTS["errors"],
        **{f"exception: {error['msg'][:120]}": error["occurrences"] for error in runner.exceptions.values()},
    }
    RESULTS["requests"] = environment.stats.total.num_requests
    json.dump(RESULTS, sys.stdout)


if __name__ == "__main__":
    main()
