from django.apps import AppConfig


class NotesConfig(AppConfig):
    name = "quizapp.notes"
    label = "notes"
    verbose_name = "Notes and bookmarks"
