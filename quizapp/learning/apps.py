from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "quizapp.learning"
    label = "learning"
    verbose_name = "Learners"
