from django.urls import path

from realdesk.chat import views

app_name = "chat"

urlpatterns = [
    path("api/sessions", views.session_start, name="session_start"),
    path("api/sessions/<int:pk>/messages", views.messages, name="messages"),
]
