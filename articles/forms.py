"""The article form of the back office.

Sanitising and the repeated-paragraph check live in ``Article.clean()``, so
every way of saving an article obeys them; the admin form shows what they
refuse as errors on the body field.
"""

from django import forms

from articles.models import Article


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007 -- the admin's fieldsets choose what editors see
        widgets = {
            "standfirst": forms.Textarea(attrs={"rows": 3, "cols": 80}),
            "body": forms.Textarea(attrs={"rows": 24, "cols": 100}),
        }
