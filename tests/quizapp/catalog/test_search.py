"""The search selector on the seed questions; the suite runs it on SQLite and on PostgreSQL."""

import pytest
from django.db import connection

from quizapp.catalog.models import Part, Question, SearchWord
from quizapp.catalog.selectors import question_search
from quizapp.catalog.services import question_save_by_staff, search_words_rebuild

pytestmark = pytest.mark.django_db


def numbers(results):
    return [hit.question.number for hit in results.hits]


def test_punctuation_does_not_change_what_is_found(seeded_catalog):
    found = numbers(question_search(query="channel"))
    assert len(found) >= 5
    assert numbers(question_search(query="channel!")) == found
    assert numbers(question_search(query="channel?")) == found
    assert numbers(question_search(query="  Channel ,")) == found


def test_words_are_stemmed(seeded_catalog):
    assert set(numbers(question_search(query="channels"))) == set(numbers(question_search(query="channel")))


def test_results_are_ranked_by_relevance(seeded_catalog):
    assert set(numbers(question_search(query="circuit breaker"))[:2]) == {961, 1037}


def test_whole_words_match_not_substrings(seeded_catalog):
    assert 1022 in numbers(question_search(query="tee"))
    guarantee = Question.objects.filter(search_text__icontains="guarantee").exclude(search_text__iregex=r"\btee\b")
    assert guarantee.exists()
    assert not set(numbers(question_search(query="tee"))) & set(guarantee.values_list("number", flat=True))


def test_every_word_must_match(seeded_catalog):
    assert numbers(question_search(query="bulkhead zebra")) == []


def test_a_misspelled_word_is_corrected_and_its_results_shown(seeded_catalog):
    results = question_search(query="singelflight")
    assert results.suggestion == "singleflight"
    assert results.shows_suggestion
    assert numbers(results)[0] == 1035


def test_did_you_mean_goroutine(seeded_catalog):
    results = question_search(query="gorutine")
    assert results.suggestion == "goroutine"
    assert set(numbers(results)) == set(numbers(question_search(query="goroutine")))


def test_a_correctly_spelled_query_gets_no_suggestion(seeded_catalog):
    assert question_search(query="singleflight").suggestion == ""


def test_matches_are_highlighted_and_escaped(seeded_catalog):
    hit = question_search(query="bloom filter").hits[0]
    assert hit.question.number == 962
    assert "<mark>Bloom</mark>" in hit.excerpt
    assert "<script" not in question_search(query="select chan").hits[0].excerpt
    assert "<mark>" in question_search(query="singleflight").hits[0].title


def test_filters_narrow_the_results(seeded_catalog):
    part = Part.objects.get(declared_start=961)
    in_part = numbers(question_search(query="channel", part_id=part.pk))
    assert in_part and all(961 <= number <= 980 for number in in_part)
    tricky = numbers(question_search(query="channel", tricky=True))
    assert tricky and set(tricky) <= set(Question.objects.filter(is_tricky=True).values_list("number", flat=True))
    assert numbers(question_search(query="channel", language="python")) == []
    among = Question.objects.filter(number__in=[1021, 1022, 961])
    assert set(numbers(question_search(query="channel", among=among))) <= {1021, 1022, 961}


def test_an_empty_query_with_a_filter_lists_questions_in_order(seeded_catalog):
    results = question_search(query="", tricky=True, limit=10)
    listed = [(hit.question.series, hit.question.number) for hit in results.hits]
    assert listed == sorted(listed) and len(listed) == 10
    assert results.total == Question.objects.filter(is_tricky=True).count()
    assert question_search(query="   ").hits == []


def test_the_index_follows_an_admin_edit(seeded_catalog):
    question = Question.objects.get(number=961)
    question.answer = "A zeppelinbreaker trips after repeated failures."
    question_save_by_staff(question=question)
    assert numbers(question_search(query="zeppelinbreaker")) == [961]
    assert question_search(query="zeppelinbraker").suggestion == "zeppelinbreaker"
    Question.objects.filter(number=961).delete()
    assert numbers(question_search(query="zeppelinbreaker")) == []


def test_vocabulary_counts_words_of_the_questions(seeded_catalog):
    assert SearchWord.objects.get(word="singleflight").frequency >= 1
    assert search_words_rebuild() == SearchWord.objects.count()


def test_the_database_keeps_its_own_index(seeded_catalog):
    if connection.vendor == "postgresql":
        assert not Question.objects.filter(search_vector__isnull=True).exists()
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM catalog_question_fts")
            assert cursor.fetchone()[0] == Question.objects.count()
