from django.urls import path

from comments import views

app_name = "comments"

urlpatterns = [
    path("articles/<slug:slug>/comments/", views.post_comment, name="post"),
    path("comments/<int:pk>/", views.permalink, name="permalink"),
    path("comments/csrf/", views.csrf_token, name="csrf"),
    path("comments/<int:pk>/report/", views.report_comment, name="report"),
    path("community-guidelines/", views.guidelines, name="guidelines"),
    path("transparency/", views.transparency, name="transparency"),
]
