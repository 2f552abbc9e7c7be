"""The forms university staff and editors write with; they validate, the services act."""

import re

from django import forms
from django.core.exceptions import ValidationError

from campaigns.models import Campaign
from civicportal.core.models import Organisation

from .models import CaseStudy, CaseStudyImage, Initiative, Programme

# Words that say an image is there without saying what it shows.
UNHELPFUL_ALT_TEXT = {"image", "picture", "photo", "photograph", "img", "graphic", "untitled"}


class CaseStudyForm(forms.ModelForm):
    """The content of a case study; its publishing state is never a field."""

    partners = forms.ModelMultipleChoiceField(
        label="Partner organisations",
        queryset=Organisation.objects.only("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    programmes = forms.ModelMultipleChoiceField(
        label="Related programmes",
        queryset=Programme.objects.live().only("title"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    initiatives = forms.ModelMultipleChoiceField(
        label="Related initiatives",
        queryset=Initiative.objects.live().only("title"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    campaigns = forms.ModelMultipleChoiceField(
        label="Related campaigns",
        queryset=Campaign.objects.live().only("title"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = CaseStudy
        fields = ["title", "summary", "department", "theme", "body", "work_includes"]
        widgets = {"body": forms.Textarea(attrs={"rows": 10}), "work_includes": forms.Textarea(attrs={"rows": 5})}

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not re.search(r"[A-Za-z]", title):
            raise ValidationError("Give the case study a title in words.", code="title_without_words")
        return title

    def clean_work_includes(self):
        text = self.cleaned_data["work_includes"]
        if not any(line.strip().startswith(("- ", "* ")) for line in text.splitlines()):
            raise ValidationError(
                "List what the work includes, one item a line, each starting with '- '.", code="not_a_list"
            )
        return text


class CaseStudyImageForm(forms.ModelForm):
    """One image for a case study, with the text alternative that says what it shows."""

    class Meta:
        model = CaseStudyImage
        fields = ["image", "alt_text", "caption"]

    def clean_alt_text(self):
        alt_text = self.cleaned_data["alt_text"].strip()
        if alt_text.lower().strip(".") in UNHELPFUL_ALT_TEXT or re.fullmatch(r"\S+\.(jpe?g|png|webp)", alt_text, re.I):
            raise ValidationError(
                "Say what the image shows, for someone who cannot see it, such as “Students and residents "
                "in discussion at a community meeting”.",
                code="alt_not_descriptive",
            )
        return alt_text


class ReviewDecision:
    PUBLISH = "publish"
    REQUEST_CHANGES = "request_changes"
    CHOICES = [(PUBLISH, "Publish it now"), (REQUEST_CHANGES, "Send it back to the author with a comment")]


class CaseStudyReviewForm(forms.Form):
    """An editor's decision on a case study sent for review."""

    decision = forms.ChoiceField(label="Your decision", choices=ReviewDecision.CHOICES, widget=forms.RadioSelect)
    comment = forms.CharField(
        label="Comment for the author",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Required when you send it back: say what should change.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == ReviewDecision.REQUEST_CHANGES and not cleaned.get("comment", "").strip():
            self.add_error("comment", ValidationError("Say what the author should change.", code="comment_required"))
        return cleaned
