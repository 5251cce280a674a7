"""Reads from the catalog."""

import uuid
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.safestring import SafeString
from django.utils.text import Truncator

from quizapp import outcomes
from quizapp.content.topics import TOPICS

from . import search
from .models import Part, Question, SearchWord, Snippet
from .search.words import MIN_WORD_LENGTH, marked_html, plain_title, query_words

SEARCH_RESULT_LIMIT = 25
EXCERPT_LENGTH = 200


def part_list() -> QuerySet[Part]:
    return Part.objects.annotate(
        question_count=Count("questions"),
        tricky_count=Count("questions", filter=Q(questions__is_tricky=True)),
    ).order_by("series", "position")


def part_get(*, part_id: int) -> Part:
    return get_object_or_404(part_list(), pk=part_id)


def part_questions(*, part: Part) -> QuerySet[Question]:
    return part.questions.only("id", "part", "series", "number", "title_html", "is_tricky").order_by("number")


@dataclass(frozen=True)
class Topic:
    language: str
    slug: str
    label: str
    total: int  # snippets of the topic


def topic_list() -> list[Topic]:
    """The topics that have snippets, per language in the vocabulary's order."""
    counts = {(language, topic): n for language, topic, n in
              _topic_snippets().values_list("language", "topic").annotate(n=Count("id")).order_by()}
    return [Topic(language, slug, label, counts[language, slug])
            for language, vocabulary in TOPICS.items() for slug, label in vocabulary.items()
            if (language, slug) in counts]


def topic_get(*, language: str, slug: str) -> Topic:
    label = TOPICS.get(language, {}).get(slug)
    if label is None:
        raise Http404(f"no {language} topic {slug!r}")
    return Topic(language, slug, label, _topic_snippets().filter(language=language, topic=slug).count())


def topic_snippets(*, topic: Topic, difficulty: int | None = None) -> QuerySet[Snippet]:
    snippets = _topic_snippets().filter(language=topic.language, topic=topic.slug)
    if difficulty is not None:
        snippets = snippets.filter(difficulty=difficulty)
    return (snippets.select_related("question")
            .only("id", "slug", "language", "topic", "difficulty", "nondeterministic", "expectations",
                  "question__id", "question__series", "question__number", "question__title_html")
            .order_by("difficulty", "question__series", "question__number"))


def _topic_snippets() -> QuerySet[Snippet]:
    return Snippet.objects.filter(kind=Snippet.Kind.TRICKY, question__isnull=False, is_draft=False).exclude(topic="")


@dataclass(frozen=True)
class QuestionNeighbours:
    previous: Question | None
    next: Question | None


def question_get(*, series: str, number: int) -> Question:
    return get_object_or_404(Question.objects.select_related("part"), series=series, number=number)


def question_neighbours(*, question: Question) -> QuestionNeighbours:
    same_series = Question.objects.filter(series=question.series).only("series", "number", "title_html")
    return QuestionNeighbours(
        previous=same_series.filter(number__lt=question.number).order_by("-number").first(),
        next=same_series.filter(number__gt=question.number).order_by("number").first(),
    )


@dataclass(frozen=True)
class SnippetSource:
    """A question's runnable snippet; ``compile_output`` is set when the document's code does not compile."""

    snippet: Snippet
    compile_output: str


def snippet_for_question(*, question: Question) -> Snippet | None:
    """The question's tricky program: the one the question page, practice and review show and grade."""
    return Snippet.objects.filter(question=question, kind=Snippet.Kind.TRICKY, is_draft=False).order_by("id").first()


def snippet_preview(*, question: Question, slug: str, user) -> Snippet | None:
    """Staff preview a snippet (a draft too) on its question's page before learners see it."""
    if not slug or user is None or not user.is_staff:
        return None
    return Snippet.objects.filter(question=question, slug=slug).first()


def snippet_source(*, snippet: Snippet | None) -> SnippetSource | None:
    if snippet is None:
        return None
    compile_output = snippet.document_compile_output if snippet.document_code else ""
    return SnippetSource(snippet=snippet, compile_output=compile_output)


@dataclass(frozen=True)
class SearchHit:
    question: Question
    title: SafeString
    excerpt: SafeString


@dataclass(frozen=True)
class SearchResults:
    hits: list[SearchHit]
    total: int
    suggestion: str = ""
    """A spelling the questions use, when the query's words find nothing."""

    @property
    def shows_suggestion(self) -> bool:
        """The hits are those of the suggestion, the query itself having found nothing."""
        return bool(self.suggestion and self.hits)


def question_search(
    *, query: str, part_id: int | None = None, language: str = "", tricky: bool = False,
    among: QuerySet[Question] | None = None, limit: int = SEARCH_RESULT_LIMIT,
) -> SearchResults:
    """Questions ranked by relevance to the query's words (stemmed), narrowed by the filters.

    `among` restricts the search, e.g. to a learner's bookmarks. When nothing matches, the words
    are corrected to the closest ones the questions use and those results are returned instead.
    An empty query lists the filtered questions in order (none when there is no filter either).
    """
    questions = Question.objects.all()
    if part_id is not None:
        questions = questions.filter(part_id=part_id)
    if language:
        questions = questions.filter(part__language=language)
    if tricky:
        questions = questions.filter(is_tricky=True)
    if among is not None:
        questions = questions.filter(pk__in=among.values("pk"))
    words = query_words(query)
    if not words:
        if part_id is None and not language and not tricky and among is None:
            return SearchResults(hits=[], total=0)
        return _unranked_results(questions, limit=limit)
    engine = search.backend()
    matches, total = engine.ranked_matches(words=words, questions=questions, limit=limit)
    suggestion = ""
    if not matches:
        suggestion = _spelling_suggestion(words, engine=engine)
        if suggestion:
            matches, total = engine.ranked_matches(words=query_words(suggestion), questions=questions, limit=limit)
    by_id = Question.objects.select_related("part").in_bulk([match.question_id for match in matches])
    hits = [
        SearchHit(question=by_id[match.question_id], title=marked_html(plain_title(match.title)),
                  excerpt=marked_html(match.excerpt))
        for match in matches
    ]
    return SearchResults(hits=hits, total=total, suggestion=suggestion)


def _spelling_suggestion(words: list[str], *, engine) -> str:
    known = set(SearchWord.objects.filter(word__in=words).values_list("word", flat=True))
    corrected = []
    for word in words:
        if word in known or len(word) < MIN_WORD_LENGTH:
            corrected.append(word)
        else:
            corrected.append(next(iter(engine.similar_words(word=word, limit=1)), word))
    return " ".join(corrected) if corrected != words else ""


def _unranked_results(questions: QuerySet[Question], *, limit: int) -> SearchResults:
    page = list(questions.select_related("part").order_by("series", "number")[:limit])
    total = len(page) if len(page) < limit else questions.count()
    hits = [
        SearchHit(question=question, title=marked_html(plain_title(question.title)),
                  excerpt=marked_html(Truncator(question.search_text).chars(EXCERPT_LENGTH)))
        for question in page
    ]
    return SearchResults(hits=hits, total=total)


def search_languages() -> list[str]:
    return list(Part.objects.order_by("language").values_list("language", flat=True).distinct())


def exercises_for_question(*, question: Question) -> list[Snippet]:
    exercises = Snippet.objects.filter(kind=Snippet.Kind.EXERCISE, question=question, is_draft=False)
    return list(exercises.order_by("difficulty", "title"))


def question_page(*, question: Question, user, preview_slug: str = "") -> dict:
    """What the question page shows before the learner predicts: nothing that tells the expected outcome."""
    from .predictions import version_note

    preview = snippet_preview(question=question, slug=preview_slug, user=user)
    snippet = preview or snippet_for_question(question=question)
    predicting = bool(snippet and question.is_tricky and snippet.kind == Snippet.Kind.TRICKY)
    return {
        "question": question,
        "snippet": snippet,
        "preview": preview,
        "predicting": predicting,
        "show_answer_button": not predicting,
        "neighbours": question_neighbours(question=question),
        "snippet_source": snippet_source(snippet=snippet),
        "exercises": exercises_for_question(question=question),
        "version_note": version_note(snippet) if snippet else None,
        "outcomes": outcomes.PREDICTIONS,
        "predict_token": uuid.uuid4().hex,
    }
