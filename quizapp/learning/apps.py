from django.apps import AppConfig


class LearningConfig(AppConfig):
    """The learner's overview: dashboard and export.

    Its migrations are also the history of the tables that accounts, review, notes and practice
    now own (they kept their ``learning_*`` table names when the app was split).
    """

    name = "quizapp.learning"
    label = "learning"
    verbose_name = "Learners"
