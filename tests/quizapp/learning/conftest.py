from datetime import datetime, timezone

import pytest

from .factories import PartFactory, QuestionFactory, UserFactory


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def other_user(db):
    return UserFactory()


@pytest.fixture
def parts(db):
    return [PartFactory(title="Concurrency"), PartFactory(title="Memory")]


@pytest.fixture
def questions(parts):
    """Eight questions, four in each part, numbered in part order."""
    return [QuestionFactory(part=part) for part in parts for _ in range(4)]


@pytest.fixture
def now():
    return datetime(2025, 3, 10, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def user_client(client, user):
    client.force_login(user)
    return client
