"""Reader pages. (Placeholder until the articles work lands.)"""

from django.shortcuts import render

from articles.models import Article


def home(request):
    articles = Article.objects.published().with_byline().latest_first()[:20]
    return render(request, "articles/home.html", {"articles": articles})
