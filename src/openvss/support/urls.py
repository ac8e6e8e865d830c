from django.urls import path

from . import views
from .feeds import LatestNewsAtom, LatestNewsFeed

app_name = "support"
urlpatterns = [
    path("tin-tuc/", views.news, name="news"),
    path("tin-tuc/rss/", LatestNewsFeed(), name="news_feed"),
    path("tin-tuc/atom/", LatestNewsAtom(), name="news_atom"),
    path("tin-tuc/anh/<int:image_id>/", views.article_image, name="article_image"),
    path("tin-tuc/<slug:slug>/", views.article, name="article"),
    path("ho-tro/", views.help_index, name="help"),
    path("ho-tro/cau-hoi-thuong-gap/", views.faq, name="faq"),
    path("ho-tro/hoi-dap/", views.chat, name="chat"),
    path("ho-tro/phan-anh/", views.feedback, name="feedback"),
    path("ho-tro/phan-anh/cua-toi/", views.my_feedback, name="my_feedback"),
    path("ho-tro/phan-anh/<str:number>/<str:token>/", views.feedback_case, name="feedback_case"),
    path(
        "ho-tro/phan-anh/<str:number>/<str:token>/anh/<int:photo_id>/",
        views.feedback_photo,
        name="feedback_photo",
    ),
]
