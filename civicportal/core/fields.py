"""Model and form fields for the shared ideas: rich text and checked images."""

from django import forms
from django.db import models

from . import images, richtext


class RichTextField(models.TextField):
    """Text an author writes without HTML; stored with tags removed, rendered by the `richtext` filter."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", richtext.HELP_TEXT)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = richtext.clean_source(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value


class CheckedImageFormField(forms.ImageField):
    """An image upload refused, with a message that says why, unless `images.inspect_upload` accepts it."""

    default_error_messages = {
        "invalid_image": "This file is not an image that can be read. Upload a JPEG, PNG or WebP image.",
    }

    def to_python(self, data):
        if data in self.empty_values:
            return None
        # Check size, format and pixels before Django's own check decodes the file.
        images.inspect_upload(data)
        return super().to_python(data)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["accept"] = "image/jpeg,image/png,image/webp"
        return attrs


def validate_new_image(value):
    """Refuse a newly uploaded file that `images.inspect_upload` does not accept; stored files pass."""
    if value and not getattr(value, "_committed", True):
        images.inspect_upload(value.file)


class CheckedImageField(models.ImageField):
    """An image stored without its metadata, with WebP renditions for `srcset`."""

    default_validators = [validate_new_image]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "help_text",
            f"A JPEG, PNG or WebP image of at most {images.MAX_UPLOAD_BYTES // (1024 * 1024)} MB and "
            f"{images.MAX_PIXELS // 1_000_000} megapixels. Location and camera details are removed.",
        )
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CheckedImageFormField, **kwargs})

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        fresh = bool(file) and not file._committed
        if fresh:
            # Refuse here too, so that code which skips forms cannot store a bad file, and check the
            # row's constraints first: files written before an insert that then fails would stay behind.
            images.inspect_upload(file.file)
            model_instance.validate_constraints()
            clean = images.without_metadata(file.file, file.name)
            file.save(clean.name, clean, save=False)
        file = super().pre_save(model_instance, add)
        if fresh:
            images.make_renditions(file.storage, file.name)
        return file
