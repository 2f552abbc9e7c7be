"""Uploaded images: refused with a reason unless safe, stored without metadata, and resized into renditions."""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.forms import modelform_factory
from PIL import Image, PngImagePlugin

from civicportal.core import images
from civicportal.core.models import Organisation, Sector
from tests.core.factories import OrganisationFactory
from tests.signin import sign_in

ADD_URL = "/admin/core/organisation/add/"
ALT = "The Nottingham Citizens logo: a green oak leaf."

OrganisationForm = modelform_factory(Organisation, fields=["name", "slug", "sector", "logo", "logo_alt"])


def _image_bytes(image_format: str, size=(1000, 600), mode="RGB", **save_options) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, "white" if mode != "1" else 1).save(buffer, format=image_format, **save_options)
    return buffer.getvalue()


def _jpeg_with_location_and_camera(size=(1000, 600)) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    exif[0x0110] = "Camera 3000"  # Model
    exif[0x8825] = {1: "N", 2: (52.0, 57.0, 0.0), 3: "W", 4: (1.0, 9.0, 0.0)}  # GPS: Nottingham
    return _image_bytes("JPEG", size=size, exif=exif)


def _upload(name: str, content: bytes, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def _stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def _post_organisation(client, user, logo, *, logo_alt=ALT):
    """Post the admin's add form for an organisation with a logo, as the user, and return the response."""
    sign_in(client, user)
    data = {
        "name": "Nottingham Citizens",
        "slug": "nottingham-citizens",
        "sector": Sector.CHARITY,
        "website": "",
        "description": "",
        "logo": logo,
        "logo_alt": logo_alt,
        "_save": "Save",
    }
    return client.post(ADD_URL, data)


def _form_errors(response, field):
    assert response.status_code == 200, "the form was accepted"
    return response.context["adminform"].form.errors.get(field, [])


@pytest.fixture(scope="module")
def huge_png() -> bytes:
    """A real 20000 × 20000 PNG, small on disk because every pixel is the same bit."""
    return _image_bytes("PNG", size=(20_000, 20_000), mode="1")


@pytest.fixture(scope="module")
def over_cap_png() -> bytes:
    """A 7000 × 6000 PNG: 42 megapixels, over the portal's cap but under Pillow's own bomb limits."""
    return _image_bytes("PNG", size=(7000, 6000), mode="1")


# Refused through the admin's form, with nothing stored


@pytest.mark.django_db
def test_text_file_named_png_is_refused_at_the_logo_field(client, editor):
    upload = _upload("logo.png", b"This is not an image, only text in a file named .png.\n" * 20)

    response = _post_organisation(client, editor, upload)

    assert _form_errors(response, "logo") == [
        "This file is not an image that can be read. Upload a JPEG, PNG or WebP image."
    ]


@pytest.mark.django_db
def test_refused_upload_stores_neither_a_row_nor_a_file(client, editor):
    response = _post_organisation(client, editor, _upload("logo.png", b"not an image"))

    assert response.status_code == 200
    assert "This file is not an image that can be read." in response.text
    assert not Organisation.objects.exists()
    assert _stored_files() == []


@pytest.mark.django_db
def test_image_with_too_many_pixels_is_refused(client, editor, huge_png):
    response = _post_organisation(client, editor, _upload("huge.png", huge_png))

    [message] = _form_errors(response, "logo")
    assert "the most accepted is 40 megapixels" in message
    assert not Organisation.objects.exists()
    assert _stored_files() == []


@pytest.mark.django_db
def test_file_over_the_size_cap_is_refused(client, editor):
    upload = _upload("big.png", b"\0" * (50 * 1024 * 1024))

    response = _post_organisation(client, editor, upload)

    assert _form_errors(response, "logo") == ["The file is 50.0\xa0MB; the largest image accepted is 10.0\xa0MB."]
    assert not Organisation.objects.exists()
    assert _stored_files() == []


@pytest.mark.django_db
@pytest.mark.parametrize(("image_format", "name"), [("GIF", "logo.gif"), ("BMP", "logo.bmp")])
def test_image_in_a_format_not_accepted_is_refused(client, editor, image_format, name):
    response = _post_organisation(client, editor, _upload(name, _image_bytes(image_format), "image/" + name[-3:]))

    assert _form_errors(response, "logo") == [
        f"{image_format} images are not accepted. Upload a JPEG, PNG or WebP image."
    ]
    assert not Organisation.objects.exists()


@pytest.mark.django_db
def test_gif_named_png_is_refused_by_what_it_is_not_by_its_name(client, editor):
    response = _post_organisation(client, editor, _upload("logo.png", _image_bytes("GIF")))

    assert _form_errors(response, "logo") == ["GIF images are not accepted. Upload a JPEG, PNG or WebP image."]


@pytest.mark.django_db
def test_truncated_png_is_refused(client, editor):
    whole = _image_bytes("PNG", size=(400, 400), mode="RGB", compress_level=0)

    response = _post_organisation(client, editor, _upload("cut.png", whole[: len(whole) // 2]))

    assert _form_errors(response, "logo") == [
        "This file is not an image that can be read. Upload a JPEG, PNG or WebP image."
    ]


@pytest.mark.django_db
def test_logo_without_alt_text_is_refused_at_the_alt_text_field(client, editor):
    response = _post_organisation(client, editor, _upload("logo.png", _image_bytes("PNG")), logo_alt="   ")

    assert _form_errors(response, "logo_alt") == ["Describe the logo for people who cannot see it."]
    assert not Organisation.objects.exists()
    assert _stored_files() == []


# Accepted, and stored clean


@pytest.mark.django_db
def test_valid_jpeg_is_accepted(client, editor):
    response = _post_organisation(client, editor, _upload("logo.jpg", _jpeg_with_location_and_camera(), "image/jpeg"))

    assert response.status_code == 302
    organisation = Organisation.objects.get(slug="nottingham-citizens")
    assert organisation.logo.name.startswith("organisations/")
    assert (organisation.logo_width, organisation.logo_height) == (1000, 600)


@pytest.mark.django_db
def test_stored_jpeg_has_no_location_or_camera_details(client, editor):
    upload = _jpeg_with_location_and_camera()
    assert Image.open(io.BytesIO(upload)).getexif(), "the upload itself should carry EXIF"

    _post_organisation(client, editor, _upload("logo.jpg", upload, "image/jpeg"))

    organisation = Organisation.objects.get(slug="nottingham-citizens")
    with default_storage.open(organisation.logo.name) as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
        assert dict(image.getexif()) == {}
        assert "exif" not in image.info


@pytest.mark.django_db
def test_renditions_are_made_only_at_widths_below_the_original(client, editor):
    _post_organisation(client, editor, _upload("logo.jpg", _jpeg_with_location_and_camera(), "image/jpeg"))

    name = Organisation.objects.get(slug="nottingham-citizens").logo.name
    assert default_storage.exists(images.rendition_name(name, 320))
    assert default_storage.exists(images.rendition_name(name, 640))
    assert not default_storage.exists(images.rendition_name(name, 1280))


@pytest.mark.django_db
def test_renditions_are_webp_at_their_width(client, editor):
    _post_organisation(client, editor, _upload("logo.jpg", _jpeg_with_location_and_camera(), "image/jpeg"))

    name = Organisation.objects.get(slug="nottingham-citizens").logo.name
    with default_storage.open(images.rendition_name(name, 640)) as stored, Image.open(stored) as rendition:
        assert rendition.format == "WEBP"
        assert rendition.size == (640, 384)
        assert dict(rendition.getexif()) == {}


@pytest.mark.django_db
def test_jpeg_turned_by_its_exif_is_stored_upright(client, editor):
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: turn 90° clockwise to show
    upload = _image_bytes("JPEG", size=(1000, 600), exif=exif)

    _post_organisation(client, editor, _upload("turned.jpg", upload, "image/jpeg"))

    organisation = Organisation.objects.get(slug="nottingham-citizens")
    with default_storage.open(organisation.logo.name) as stored, Image.open(stored) as image:
        assert image.size == (600, 1000)
    assert (organisation.logo_width, organisation.logo_height) == (600, 1000)


# The same checks through a plain ModelForm


@pytest.mark.django_db
def test_model_form_refuses_a_text_file_named_png():
    files = {"logo": _upload("logo.png", b"plain text")}
    form = OrganisationForm({"name": "A", "slug": "a", "sector": Sector.SCHOOL, "logo_alt": ALT}, files)

    assert not form.is_valid()
    assert [error.code for error in form.errors.as_data()["logo"]] == ["invalid_image"]


@pytest.mark.django_db
def test_model_form_refuses_a_logo_without_alt_text():
    files = {"logo": _upload("logo.png", _image_bytes("PNG"))}
    form = OrganisationForm({"name": "A", "slug": "a", "sector": Sector.SCHOOL, "logo_alt": ""}, files)

    assert not form.is_valid()
    assert [error.code for error in form.errors.as_data()["logo_alt"]] == ["alt_required"]


@pytest.mark.django_db
def test_model_form_saves_a_png_without_its_text_chunks():
    buffer = io.BytesIO()
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Someone's full name")
    Image.new("RGB", (400, 300), "white").save(buffer, format="PNG", pnginfo=info)
    files = {"logo": _upload("logo.png", buffer.getvalue())}
    form = OrganisationForm({"name": "A", "slug": "a", "sector": Sector.SCHOOL, "logo_alt": ALT}, files)

    organisation = form.save()

    with default_storage.open(organisation.logo.name) as stored, Image.open(stored) as image:
        assert "Author" not in image.info
        assert not getattr(image, "text", {})


# The same checks for code that skips forms


@pytest.mark.django_db
def test_full_clean_refuses_a_text_file_assigned_to_the_logo():
    organisation = OrganisationFactory.build(logo=_upload("logo.png", b"plain text"), logo_alt=ALT)

    with pytest.raises(ValidationError) as refused:
        organisation.full_clean()

    assert [error.code for error in refused.value.error_dict["logo"]] == ["invalid_image"]


@pytest.mark.django_db
def test_saving_without_clean_refuses_an_image_with_too_many_pixels(over_cap_png):
    organisation = OrganisationFactory.build(logo=_upload("big.png", over_cap_png), logo_alt=ALT)

    with pytest.raises(ValidationError) as refused, transaction.atomic():
        organisation.save()

    assert refused.value.code == "too_many_pixels"
    assert not Organisation.objects.exists()
    assert _stored_files() == []


@pytest.mark.django_db
def test_saving_without_clean_stores_a_jpeg_without_its_exif():
    organisation = OrganisationFactory.build(logo=_upload("logo.jpg", _jpeg_with_location_and_camera()), logo_alt=ALT)

    organisation.save()

    with default_storage.open(organisation.logo.name) as stored, Image.open(stored) as image:
        assert dict(image.getexif()) == {}


# The rule that a logo needs alt text, in the model and in the database


@pytest.fixture
def stored_logo(db) -> str:
    """The name of a logo already in storage, as a row that skips the form would point to."""
    return default_storage.save("organisations/logo.png", ContentFile(_image_bytes("PNG", size=(200, 100))))


@pytest.mark.django_db
def test_full_clean_refuses_a_logo_without_alt_text(stored_logo):
    organisation = OrganisationFactory.build(logo=stored_logo, logo_alt="")

    with pytest.raises(ValidationError) as refused:
        organisation.full_clean()

    assert [error.code for error in refused.value.error_dict["logo_alt"]] == ["alt_required"]


@pytest.mark.django_db
def test_full_clean_accepts_an_organisation_without_a_logo_or_alt_text():
    OrganisationFactory.build(logo="", logo_alt="").full_clean()


@pytest.mark.django_db
def test_database_refuses_a_logo_without_alt_text(stored_logo):
    organisation = OrganisationFactory.build(logo=stored_logo, logo_alt="")

    with pytest.raises(IntegrityError, match="organisation_logo_has_alt_text"), transaction.atomic():
        organisation.save()


@pytest.mark.django_db
def test_upload_the_database_would_refuse_is_refused_before_any_file_is_written():
    organisation = OrganisationFactory.build(logo=_upload("logo.jpg", _jpeg_with_location_and_camera()), logo_alt="")

    with pytest.raises(ValidationError), transaction.atomic():
        organisation.save()

    assert _stored_files() == []


@pytest.mark.django_db
def test_database_accepts_a_logo_with_alt_text(stored_logo):
    OrganisationFactory(logo=stored_logo, logo_alt=ALT)

    assert Organisation.objects.filter(logo_alt=ALT).exists()


# images.inspect_upload, one refusal at a time


def _refusal_code(content: bytes, name="upload.png") -> str:
    with pytest.raises(ValidationError) as refused:
        images.inspect_upload(_upload(name, content))
    return refused.value.code


def test_inspect_upload_refuses_a_file_over_the_size_cap():
    assert _refusal_code(b"\0" * (images.MAX_UPLOAD_BYTES + 1)) == "file_too_large"


def test_inspect_upload_refuses_an_image_beyond_pillow_s_bomb_limit(huge_png):
    assert _refusal_code(huge_png) == "too_many_pixels"


def test_inspect_upload_refuses_an_image_just_over_the_pixel_cap(over_cap_png):
    assert _refusal_code(over_cap_png) == "too_many_pixels"


@pytest.mark.parametrize("image_format", ["GIF", "BMP", "TIFF"])
def test_inspect_upload_refuses_a_format_not_accepted(image_format):
    assert _refusal_code(_image_bytes(image_format, size=(50, 50))) == "image_format"


def test_inspect_upload_refuses_text():
    assert _refusal_code(b"hello, world\n") == "invalid_image"


def test_inspect_upload_refuses_an_empty_file():
    assert _refusal_code(b"") == "invalid_image"


@pytest.mark.parametrize("image_format", ["JPEG", "PNG", "WEBP"])
def test_inspect_upload_accepts_an_allowed_format(image_format):
    facts = images.inspect_upload(_upload("ok", _image_bytes(image_format, size=(64, 48))))

    assert facts == images.ImageFacts(image_format, 64, 48)


def test_inspect_upload_leaves_the_file_at_its_start():
    upload = _upload("ok.png", _image_bytes("PNG", size=(64, 48)))

    images.inspect_upload(upload)

    assert upload.tell() == 0


def test_rendition_widths_are_only_those_below_the_original():
    assert images.rendition_widths(1000) == (320, 640)
    assert images.rendition_widths(320) == ()
    assert images.rendition_widths(4000) == (320, 640, 1280)


def test_rendition_name_sits_in_a_renditions_folder_beside_the_image():
    assert images.rendition_name("organisations/logo.jpg", 640) == "organisations/renditions/logo.w640.webp"
