import factory
from django.contrib.auth import get_user_model

from quizapp.catalog.models import Part, Question, Snippet

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


class SnippetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Snippet

    slug = factory.Sequence(lambda n: f"snippet-{n}")
    question = factory.SubFactory(QuestionFactory, is_tricky=True)
    title = "What does it print?"
    starter_code = 'package main\n\nfunc main() { println("hi") }\n'
    solution_code = starter_code
    expected_output = "1\n2\n"
    checker = Snippet.Checker.TRAILING_WS
