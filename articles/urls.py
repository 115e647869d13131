from django.urls import path

from . import views
from .search import views as search_views

app_name = "articles"

urlpatterns = [
    path("articles/", views.LatestArticlesView.as_view(), name="latest"),
    path("articles/<id:pk>/", views.ArticleDetailView.as_view(), name="detail"),
    path("sections/<slug:slug>/", views.SectionArticlesView.as_view(), name="section"),
    path("authors/<slug:slug>/", views.AuthorArticlesView.as_view(), name="author"),
    path("corrections/", views.CorrectionsView.as_view(), name="corrections"),
    path("search/", search_views.SearchView.as_view(), name="search"),
]
