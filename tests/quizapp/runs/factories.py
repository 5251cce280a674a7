import factory

from quizapp.catalog.models import Snippet
from quizapp.runs import submissions

GO_1028 = """package main

import "fmt"

func main() {
\ts := []int{1, 2, 3}
\t_ = append(s[:1], 4)
\tfmt.Println(s)
}
"""


class SnippetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Snippet
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"snippet-{n}")
    kind = Snippet.Kind.TRICKY
    language = "go"
    title = factory.LazyAttribute(lambda snippet: snippet.slug.replace("-", " "))
    starter_code = GO_1028
    solution_code = factory.LazyAttribute(lambda snippet: snippet.starter_code)
    expected_output = "[1 4 3]\n"


class PythonExerciseFactory(SnippetFactory):
    kind = Snippet.Kind.EXERCISE
    language = "python"
    prompt = "Print the sum of the numbers on stdin."
    prompt_html = "<p>Print the sum of the numbers on stdin.</p>"
    starter_code = "import sys\n\n"
    solution_code = "import sys\nprint(sum(int(x) for x in sys.stdin.read().split()))\n"
    stdin = "1 2 3\n"
    expected_output = "6\n"


def queued_run(session_key, code="print(1)\n", language="python", **extra):
    """A queued anonymous run through the real service (its message goes to the test broker)."""
    return submissions.submission_create(
        user=None, session_key=session_key, snippet=None, code=code, language=language, **extra
    )
