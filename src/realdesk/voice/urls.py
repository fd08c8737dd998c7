from django.urls import path

from realdesk.voice import views

app_name = "voice"

urlpatterns = [
    path("twilio/incoming", views.incoming, name="twilio_incoming"),
    path("twilio/menu", views.menu, name="twilio_menu"),
    path("twilio/wait", views.wait, name="twilio_wait"),
    path("twilio/answered", views.answered, name="twilio_answered"),
    path("twilio/after-queue", views.after_queue, name="twilio_after_queue"),
    path("twilio/status", views.status, name="twilio_status"),
]
