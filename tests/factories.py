"""One factory per model (factory_boy); tests build their rows with these."""

import factory
from django.contrib.auth import get_user_model

from quizapp.accounts.models import Profile
from quizapp.catalog.models import Part, Question, Snippet
from quizapp.runs.models import Submission

PASSWORD = "correct horse battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"learner{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(user, create, extracted, **kwargs):
        if create:
            user.save()


class PartFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Part

    title = factory.Sequence(lambda n: f"Part {n}")
    source_file = factory.Sequence(lambda n: f"part{n}.md")
    position = factory.Sequence(lambda n: n * 100)


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    part = factory.SubFactory(PartFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.LazyAttribute(lambda q: f"What is thing {q.number}?")
    title_html = factory.LazyAttribute(lambda q: f"What is thing {q.number}?")
    answer = "It is a thing."
    answer_html = "<p>It is a thing.</p>"
    search_text = factory.LazyAttribute(lambda q: f"{q.title} It is a thing.")


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


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory)


class SubmissionFactory(factory.django.DjangoModelFactory):
    """A run as the database holds it (queued unless told otherwise); runs.submissions creates real ones."""

    class Meta:
        model = Submission

    user = None
    session_key = factory.Maybe("user", yes_declaration="", no_declaration=factory.Sequence(lambda n: f"visitor-{n}"))
    language = "python"
    code = "print(1)\n"
