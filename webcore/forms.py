"""Form fields for what readers type."""

from django import forms


class TextareaField(forms.CharField):
    """A textarea's text with each line break as one character, as the browser counted it.

    Browsers send a line break as CR LF but count it as one character against
    the textarea's ``maxlength``, so text that fitted the box would otherwise
    be refused as too long, by as many characters as it has lines.
    """

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n")
