from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views

app_name = "learning"

account_urls = [
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/change/",
        auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("learning:password_change_done")),
        name="password_change",
    ),
    path("accounts/password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "accounts/password/reset/",
        auth_views.PasswordResetView.as_view(
            success_url=reverse_lazy("learning:password_reset_done"),
            email_template_name="registration/password_reset_email.txt",
        ),
        name="password_reset",
    ),
    path("accounts/password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(success_url=reverse_lazy("learning:password_reset_complete")),
        name="password_reset_confirm",
    ),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("accounts/settings/", views.account_settings, name="settings"),
    path("accounts/delete/", views.account_delete, name="account_delete"),
]

urlpatterns = account_urls + [
    path("review/", views.review, name="review"),
    path("review/<int:question_id>/rate/", views.review_rate, name="review_rate"),
    path("progress/<int:question_id>/rate/", views.question_rate, name="question_rate"),
    path("notes/<int:question_id>/", views.note_save, name="note_save"),
    path("notes/<int:question_id>/bookmark/", views.bookmark_set, name="bookmark_set"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("practice/", views.practice_index, name="practice_index"),
    path("practice/start/", views.practice_start, name="practice_start"),
    path("practice/<int:session_id>/", views.practice_detail, name="practice"),
    path("practice/<int:session_id>/answer/", views.practice_action, {"action": "answer"}, name="practice_answer"),
    path("practice/<int:session_id>/rate/", views.practice_action, {"action": "rate"}, name="practice_rate"),
    path("practice/<int:session_id>/skip/", views.practice_action, {"action": "skip"}, name="practice_skip"),
    path("practice/<int:session_id>/finish/", views.practice_action, {"action": "finish"}, name="practice_finish"),
    path("me/export.json", views.export_json, name="export_json"),
    path("me/export.csv", views.export_csv, name="export_csv"),
    path("me/theme/", views.theme_set, name="theme"),
]
