from django.apps import AppConfig


class RoomsConfig(AppConfig):
    name = "quizapp.rooms"
    label = "rooms"
    verbose_name = "Interview rooms"
