from django.urls import path

from comments import views
from webcore.requestsize import max_request_bytes

app_name = "comments"

urlpatterns = [
    # Refused (413) above COMMENTS_MAX_REQUEST_BYTES before the CSRF check reads the body.
    path(
        "articles/<slug:slug>/comments/",
        max_request_bytes("COMMENTS_MAX_REQUEST_BYTES")(views.post_comment),
        name="post",
    ),
    path("comments/<int:pk>/", views.permalink, name="permalink"),
    path("comments/csrf/", views.csrf_token, name="csrf"),
    path("comments/<int:pk>/report/", views.report_comment, name="report"),
    path("community-guidelines/", views.guidelines, name="guidelines"),
    path("comments/confirm/<str:token>/", views.confirm_email, name="confirm_email"),
    path("transparency/", views.transparency, name="transparency"),
]
