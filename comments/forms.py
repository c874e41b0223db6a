"""The reader's comment form: what a comment may contain, checked before anything is stored."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout, Submit
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from comments.models import Comment, Decision, GuidelineCategory, fingerprint
from webcore.forms import TextareaField
from webcore.sanitize import clean_comment_text

NAME_MAX_LENGTH = Comment._meta.get_field("author_name").max_length


class CommentForm(forms.Form):
    author_name = forms.CharField(
        label=_("Name"),
        max_length=NAME_MAX_LENGTH,
        help_text=_("Shown with your comment."),
        widget=forms.TextInput(attrs={"autocomplete": "name", "dir": "auto"}),
    )
    author_email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_(
            "Never shown publicly. We write to tell you whether your comment was approved."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    body = forms.CharField(label=_("Comment"))  # replaced in __init__: its length is a setting
    accept_guidelines = forms.BooleanField(
        label=_("I have read the community guidelines and my comment follows them."),
        error_messages={"required": _("Please confirm that your comment follows the guidelines.")},
    )
    parent = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    # A trap for robots that fill in every field; people never see it.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, article, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        self.parent_comment = None
        max_length = settings.COMMENTS_MAX_LENGTH
        self.fields["body"] = TextareaField(
            label=_("Comment"),
            max_length=max_length,
            help_text=_("Plain text, at most %(count)s characters. Web addresses become links.")
            % {"count": max_length},
            widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"}),
        )
        # The <form> tag, CSRF token and reply target are written by
        # comments/_section.html; crispy renders the fields, the same for every
        # article, so an unbound form's HTML is rendered once per language
        # (see comments.rendering.comment_form_fields).
        self.helper = FormHelper()
        self.helper.form_tag = False
        # The page's own <form> carries the token (empty on shared, cached pages).
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            "author_name",
            "author_email",
            "body",
            "accept_guidelines",
            Div("website", css_class="visually-hidden", aria_hidden="true"),
            Submit("post", _("Post comment")),
        )

    def clean_author_name(self):
        name = clean_comment_text(self.cleaned_data["author_name"], multiline=False)
        if not name:
            raise forms.ValidationError(_("Please enter the name to show with your comment."))
        return name

    def clean_author_email(self):
        return self.cleaned_data["author_email"].strip().lower()

    def clean_body(self):
        body = clean_comment_text(self.cleaned_data["body"])
        if not body:
            raise forms.ValidationError(_("Please write your comment."))
        return body

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("This field must be left empty."))
        return ""

    def clean(self):
        cleaned = super().clean()
        if "parent" in self.errors:
            self.errors.pop("parent")  # hidden: say it where the reader can see it
            self.add_error(None, self._parent_error())
        elif cleaned.get("parent") is not None:
            parent = Comment.objects.filter(pk=cleaned["parent"]).first()
            if parent and parent.article_id == self.article.pk and parent.accepts_replies():
                self.parent_comment = parent
            else:
                self.add_error(None, self._parent_error())
        email, body = cleaned.get("author_email"), cleaned.get("body")
        if email and body:
            posted = Comment.objects.filter(
                article=self.article, author_email=email, fingerprint=fingerprint(body)
            )
            if posted.exists():
                raise forms.ValidationError(
                    _("You have already posted this comment on this article."), code="duplicate"
                )
        return cleaned

    @staticmethod
    def _parent_error():
        return forms.ValidationError(
            _("You can only reply to a published comment on this article."), code="invalid_parent"
        )


class DecisionForm(forms.Form):
    """A moderator's decision on one comment, as the admin's buttons send it."""

    PICKS = ("pick", "unpick")

    decision = forms.ChoiceField(
        choices=[
            (Decision.Kind.APPROVE, _("Approve")),
            (Decision.Kind.REJECT, _("Reject")),
            ("pick", _("Mark as editors’ pick")),
            ("unpick", _("Remove editors’ pick")),
        ],
        error_messages={"invalid_choice": _("Choose approve or reject.")},
    )
    reason = forms.ChoiceField(
        choices=[("", "---------"), *GuidelineCategory.choices],
        required=False,
        error_messages={
            "invalid_choice": _("A rejection must name the guideline the comment broke.")
        },
    )
    note = forms.CharField(required=False, max_length=2000)
    # The status the moderator saw: the decision applies only if it still holds.
    expected = forms.ChoiceField(choices=Comment.Status.choices, required=False)

    def clean_expected(self):
        return self.cleaned_data["expected"] or Comment.Status.PENDING


class ReportForm(forms.Form):
    """A reader's report: which guideline a published comment breaks."""

    reason = forms.ChoiceField(
        label=_("Which guideline does this comment break?"),
        choices=GuidelineCategory.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the guideline the comment breaks."),
            "invalid_choice": _("Choose the guideline the comment breaks."),
        },
    )
