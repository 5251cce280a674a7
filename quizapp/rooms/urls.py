from django.urls import path

from . import record_views, views

app_name = "rooms"

urlpatterns = [
    path("rooms/", views.room_index, name="index"),
    path("rooms/plans/<int:plan_id>/delete/", views.plan_delete, name="plan_delete"),
    path("rooms/<int:room_id>/", views.room_interviewer, name="interviewer"),
    path("rooms/<int:room_id>/candidate/", views.room_candidate, name="candidate"),
    path("rooms/join/<str:token>/", views.room_join, name="join"),
    path("rooms/<int:room_id>/state/", views.room_state, name="state"),
    path("rooms/<int:room_id>/panel/", views.room_panel, name="panel"),
    path("rooms/<int:room_id>/message/", views.room_message, name="message"),
    path("rooms/<int:room_id>/runs/", views.room_run_create, name="run_create"),
    path("rooms/<int:room_id>/runs/<int:run_id>/", views.room_run_detail, name="run"),
    path("rooms/<int:room_id>/round/", views.round_pick, name="round"),
    path("rooms/<int:room_id>/link/", views.link_new, name="link_new"),
    path("rooms/<int:room_id>/link/revoke/", views.link_revoke, name="link_revoke"),
    path("rooms/<int:room_id>/items/<int:item_id>/scorecard/", views.scorecard_save, name="scorecard"),
    path("rooms/<int:room_id>/items/<int:item_id>/feedback/", views.feedback_save, name="feedback"),
    path("rooms/<int:room_id>/summary/", record_views.room_summary, name="summary"),
    path("rooms/<int:room_id>/record/", record_views.record_download, name="record"),
    path("rooms/<int:room_id>/record/delete/", record_views.record_delete, name="record_delete"),
    path("rooms/<int:room_id>/replay/", record_views.room_replay, name="replay"),
    path("rooms/<int:room_id>/export/", record_views.room_export, name="export"),
    # Served by the ASGI service (quizapp/rooms/routing.py); named here so pages can reverse it.
    path("ws/rooms/<int:room_id>/", views.socket_placeholder, name="socket"),
]
