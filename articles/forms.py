from django import forms

from articles.inputs import ARTICLE_SUFFIXES, ZIP_SUFFIX
from articles.pipeline.addresses import is_web_address
from articles.web.pages import MAX_ADDRESSES, addresses_in

UNSAFE_ADDRESS = (
    "Enter an http(s) address without spaces, quotes, braces, angle brackets, backslashes or "
    "control characters; percent-encode them (%7B for {)."
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A list of uploads, each checked later by the importer (which reports every file)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if not files:
            raise forms.ValidationError("Choose at least one file.")
        return files


class ImportForm(forms.Form):
    # The metaclass takes declared fields off the class, so form.files stays the uploads.
    files = MultipleFileField(  # type: ignore[assignment]
        widget=MultipleFileInput(
            attrs={"accept": ",".join(sorted(ARTICLE_SUFFIXES | {ZIP_SUFFIX}))}
        ),
        help_text="One or many .txt, .md or .html files, or a .zip of them. 5 MB per article.",
    )
    publisher = forms.CharField(
        required=False, max_length=200, help_text="Optional: overrides what the text says."
    )
    # A text box, not <input type="date"> (which Chromium shows as mm/dd/yyyy): dates are
    # typed as YYYY-MM-DD everywhere on the site.
    published_on = forms.DateField(
        required=False,
        label="Publication date",
        input_formats=["%Y-%m-%d"],
        help_text="Optional, YYYY-MM-DD: overrides the date found in the text.",
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"placeholder": "YYYY-MM-DD"}),
    )
    url = forms.URLField(required=False, label="Source URL", max_length=500, assume_scheme="https")

    def clean_url(self):
        url = self.cleaned_data["url"]
        if url and not is_web_address(url):
            raise forms.ValidationError(UNSAFE_ADDRESS, code="unsafe_address")
        return url


class AddressesForm(forms.Form):
    addresses = forms.CharField(
        label="Web addresses",
        widget=forms.Textarea(attrs={"rows": 10, "cols": 90, "placeholder": "https://…"}),
        help_text=f"One http(s) address a line, at most {MAX_ADDRESSES}. Each page is fetched "
        "and its article imported; pages imported before are left as they are.",
    )

    def clean_addresses(self) -> list[str]:
        addresses, bad = addresses_in(self.cleaned_data["addresses"])
        if bad:
            shown = "; ".join(bad[:3]) + ("; …" if len(bad) > 3 else "")
            raise forms.ValidationError(
                f"Not http(s) addresses ({len(bad)} line{'s' if len(bad) > 1 else ''}): {shown}",
                code="not_addresses",
            )
        if not addresses:
            raise forms.ValidationError("Paste at least one address.", code="required")
        if len(addresses) > MAX_ADDRESSES:
            raise forms.ValidationError(
                f"{len(addresses)} addresses; at most {MAX_ADDRESSES} at a time.", code="too_many"
            )
        return addresses
