from django.urls import path

from realdesk.chat import embed, views

app_name = "chat"

urlpatterns = [
    path("", embed.window, name="window"),
    path("widget.js", embed.widget_js, name="widget_js"),
    path("api/sessions", views.session_start, name="session_start"),
    path("api/sessions/<int:pk>/messages", views.messages, name="messages"),
    path("api/sessions/<int:pk>/leave", views.session_leave, name="session_leave"),
    path("api/sessions/<int:pk>/files", views.files, name="files"),
    path("api/sessions/<int:pk>/files/<int:file_pk>", views.file_download, name="file"),
    path("api/sessions/<int:pk>/read", views.session_read, name="session_read"),
    path("api/sessions/<int:pk>/callback", views.session_callback, name="session_callback"),
]
