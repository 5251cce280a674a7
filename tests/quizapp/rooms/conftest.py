import pytest

from quizapp.rooms import services
from quizapp.rooms.selectors import SESSION_LINKS
from tests.factories import PythonExerciseFactory, QuestionFactory, SnippetFactory


@pytest.fixture
def material(db):
    """A theory question, a tricky snippet with its question, and an exercise."""
    theory = QuestionFactory(
        title="What is a goroutine?",
        title_html="What is a goroutine?",
        answer_html="<p>A lightweight thread.</p>",
        indepth="deep",
        indepth_html="<p>Deep dive.</p>",
    )
    tricky_question = QuestionFactory(is_tricky=True)
    tricky = SnippetFactory(
        question=tricky_question, topic="slices", difficulty=1, explanation_html="<p>append shares the array.</p>"
    )
    exercise = PythonExerciseFactory()
    return {"theory": theory, "tricky_question": tricky_question, "tricky": tricky, "exercise": exercise}


@pytest.fixture
def room(user, material):
    pick = services.Pick(
        question_refs=[("go", material["tricky_question"].number), ("go", material["theory"].number)],
        exercise_slugs=(material["exercise"].slug,),
    )
    return services.room_create(owner=user, title="Backend interview", pick=pick, duration_minutes=30)


@pytest.fixture
def link(room):
    return room.links.get()


@pytest.fixture
def candidate_client(client, link):
    """An anonymous candidate who opened the link and joined."""
    response = client.post(f"/rooms/join/{link.token}/")
    assert response.status_code == 302
    assert client.session[SESSION_LINKS] == {str(link.room_id): link.token}
    return client


@pytest.fixture
def interviewer_client(client_factory, user):
    other = client_factory()
    other.force_login(user)
    return other


@pytest.fixture
def client_factory():
    from django.test import Client

    return Client


@pytest.fixture
def channel_layer(redis_url, settings):
    from tests.support.channel_layer import channel_layer_on

    with channel_layer_on(redis_url, settings):
        yield
