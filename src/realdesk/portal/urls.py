"""The support center: public pages, the request form, and "My requests" behind a link."""

from django.urls import path

from realdesk.portal.views import account, knowledge, requests, surveys

app_name = "portal"

urlpatterns = [
    path("", knowledge.home, name="home"),
    path("search/", knowledge.search, name="search"),
    path("search.json", knowledge.search_json, name="search_json"),
    path("articles/<slug:slug>/", knowledge.article, name="article"),
    path("articles/<slug:slug>/feedback/", knowledge.article_feedback, name="article_feedback"),
    path("language/<str:code>/", knowledge.language_switch, name="language"),
    path("requests/new/", requests.request_new, name="request_new"),
    path("requests/new/suggestions/", knowledge.suggest, name="suggest"),
    path("requests/sent/<str:value>/", requests.request_done, name="request_done"),
    path("callback/", requests.callback, name="callback"),
    path("sign-in/", account.sign_in, name="sign_in"),
    path("sign-in/<str:value>/", account.signin_link, name="signin_link"),
    path("sign-out/", account.sign_out, name="sign_out"),
    path("addresses/<str:value>/", account.confirm_address, name="address_confirm"),
    path("requests/", account.my_requests, name="requests"),
    path("requests/<int:number>/", account.request_detail, name="request"),
    path("requests/<int:number>/reply/", account.request_reply, name="request_reply"),
    path("requests/<int:number>/solve/", account.request_solve, name="request_solve"),
    path("requests/<int:number>/reopen/", account.request_reopen, name="request_reopen"),
    path("requests/<int:number>/files/<int:pk>/", account.attachment, name="attachment"),
    path("rate/<str:value>/", surveys.rate, name="rate"),
    path("nps/<str:value>/", surveys.nps, name="nps"),
]
