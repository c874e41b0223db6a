"""The article form of the back office.

Sanitising and the repeated-paragraph check live in ``Article.clean()``, so
every way of saving an article obeys them; the admin form shows what they
refuse as errors on the body field.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from articles.models import Article, ErrorReport
from webcore.forms import TextareaField
from webcore.sanitize import clean_comment_text


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007 -- the admin's fieldsets choose what editors see
        widgets = {
            "standfirst": forms.Textarea(attrs={"rows": 3, "cols": 80}),
            "body": forms.Textarea(attrs={"rows": 24, "cols": 100}),
        }


class ErrorReportForm(forms.Form):
    """A reader's report of an error in an article: what is wrong, and how to reply."""

    description = TextareaField(
        label=_("What is wrong?"),
        max_length=ErrorReport._meta.get_field("description").max_length,
        help_text=_(
            "Quote the sentence, say what is wrong and, if you can, how you know. "
            "It goes to the editors, not the comment moderators."
        ),
        widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
        error_messages={"required": _("Please say what is wrong in the article.")},
    )
    email = forms.EmailField(
        label=_("Your e-mail (optional)"),
        required=False,
        max_length=254,
        help_text=_("Only if you would like an answer. Never shown publicly."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    # A trap for robots that fill in every field; people never see it.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def clean_description(self):
        description = clean_comment_text(self.cleaned_data["description"])
        if not description:
            raise forms.ValidationError(_("Please say what is wrong in the article."))
        return description

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("This field must be left empty."))
        return ""
