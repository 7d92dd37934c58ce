"""Uploads through the desk: only real pictures within the limits are kept, re-encoded;
SVG, broken files and decompression bombs are refused with a message; media is served so
that nothing in it is sniffed or run."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve
from PIL import Image

from broadsheet.photos.models import Photo
from broadsheet.photos.services import photo_make_renditions
from tests.support import factories

pytestmark = pytest.mark.django_db

ADD = "/desk/photos/photo/add/"


@pytest.fixture
def desk(client):
    client.force_login(factories.user_with_role("Editor"))
    return client


def picture(size=(1600, 900), fmt="JPEG", mode="RGB", **save) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, 200 if mode in ("1", "L") else (40, 90, 160)).save(buffer, fmt, **save)
    return buffer.getvalue()


def upload(desk, content: bytes, name: str, content_type: str = "application/octet-stream"):
    data = {
        "image": SimpleUploadedFile(name, content, content_type=content_type),
        "alt_text": "A test picture",
        "caption": "",
        "credit": "",
    }
    return desk.post(ADD, data)


def media_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def refused(response, settings, text: str) -> None:
    assert response.status_code == 200, response.status_code  # the form again
    assert text in response.content.decode()
    assert Photo.objects.count() == 0
    assert media_files(settings) == []


def png_declaring(width: int, height: int, idat: bytes) -> bytes:
    """A PNG written by hand: its header says `width` × `height`, its data is `idat`."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def test_a_real_photo_is_kept_re_encoded_without_its_metadata(desk, settings):
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"  # Make
    exif[0x8825] = {2: (50.0, 27.0, 0.0)}  # GPSInfo: a latitude
    original = picture(exif=exif.tobytes(), comment=b"secret comment")
    response = upload(desk, original, "from-the-field.jpg", "image/jpeg")
    assert response.status_code == 302, response.content.decode()[:2000]
    photo = Photo.objects.get()
    kept = Path(photo.image.path).read_bytes()
    assert kept != original
    with Image.open(io.BytesIO(kept)) as image:
        assert image.format == "JPEG" and image.size == (1600, 900)
        assert not image.getexif() and "comment" not in image.info
    assert photo.renditions  # the desk made its copies


def test_exif_orientation_is_applied_before_it_is_dropped(desk):
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated 90°: shown upright it is taller than wide
    assert upload(desk, picture(exif=exif.tobytes()), "turned.jpg").status_code == 302
    assert (Photo.objects.get().width, Photo.objects.get().height) == (900, 1600)


def test_transparency_is_kept_as_png(desk):
    content = picture(size=(400, 300), fmt="PNG", mode="RGBA")
    assert upload(desk, content, "logo.webp").status_code == 302
    assert Photo.objects.get().image.name.endswith(".png")


def test_a_ten_thousand_pixel_square_is_refused_before_it_is_decoded(desk, settings):
    content = picture(size=(10_000, 10_000), fmt="PNG", mode="1")
    response = upload(desk, content, "huge.png", "image/png")
    refused(response, settings, "10000 × 10000 pixels")


def test_a_decompression_bomb_is_refused_with_a_clear_message(desk, settings):
    # 60,000 × 60,000 greyscale pixels would take 3.6 GB; the file takes a few bytes.
    bomb = png_declaring(60_000, 60_000, zlib.compress(b"\0" * 60_001))
    assert len(bomb) < 200
    refused(upload(desk, bomb, "bomb.png", "image/png"), settings, "(a decompression bomb)")


def test_a_small_file_declaring_too_many_pixels_is_refused_before_decoding(desk, settings):
    # Under Pillow's own limit (89 megapixels), over ours; decoding it would fail.
    bomb = png_declaring(9_000, 9_000, zlib.compress(b"\0" * 9_001))
    response = upload(desk, bomb, "bomb.png", "image/png")
    refused(response, settings, "9000 × 9000 pixels")
    assert "at most 50 megapixels" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        (
            "drawing.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
            b"<script>alert(document.cookie)</script></svg>",
        ),
        ("page.jpg", b"<html><script>alert(1)</script></html>"),
        ("polyglot.gif", b"GIF89a/*<script>alert(1)</script>*/"),
        ("empty-looking.png", b"\x89PNG\r\n\x1a\n"),
        ("doc.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"),
    ],
)
def test_what_is_not_a_raster_picture_is_refused(desk, settings, name, content):
    response = upload(desk, content, name)
    assert response.status_code == 200
    html = response.content.decode()
    assert "not a picture the desk accepts" in html or "damaged or incomplete" in html
    assert Photo.objects.count() == 0 and media_files(settings) == []


def test_a_truncated_picture_is_refused(desk, settings):
    whole = picture(size=(1200, 800), quality=95)
    refused(upload(desk, whole[: len(whole) // 2], "cut.jpg"), settings, "damaged or incomplete")


def test_a_file_over_the_byte_limit_is_refused(desk, settings):
    settings.BROADSHEET_PHOTO_MAX_BYTES = 1_000_000
    noise = Image.frombytes("RGB", (1200, 1200), bytes(range(256)) * (1200 * 1200 * 3 // 256))
    buffer = io.BytesIO()
    noise.save(buffer, "PNG", compress_level=0)
    refused(upload(desk, buffer.getvalue(), "big.png"), settings, "up to 1 MB")


def test_renditions_refuse_an_oversized_original_stored_around_the_form(settings):
    settings.BROADSHEET_PHOTO_MAX_PIXELS = 1_000_000
    photo = Photo(alt_text="Stored by hand")
    photo.image.save("big.jpg", ContentFile(picture(size=(2000, 1000))), save=False)
    photo.save()
    with pytest.raises(ValidationError):
        photo_make_renditions(photo=photo)
    assert photo.renditions == []


def test_media_is_served_unsniffed_and_sandboxed(client, tmp_path):
    # The URL pattern's folder is the one the process started with (urls.py).
    root = Path(resolve("/media/x").kwargs["document_root"])
    root.mkdir(parents=True, exist_ok=True)
    names = [f"evil-{tmp_path.name}.html", f"photo-{tmp_path.name}.jpg"]
    (root / names[0]).write_text("<script>alert(1)</script>")
    (root / names[1]).write_bytes(picture(size=(64, 64)))
    try:
        for name in names:
            response = client.get(f"/media/{name}")
            assert response.status_code == 200
            assert response["X-Content-Type-Options"] == "nosniff"
            policy = response["Content-Security-Policy"]
            assert "sandbox" in policy and "default-src 'none'" in policy
            assert "script-src" not in policy
    finally:
        for name in names:
            (root / name).unlink()


def test_a_photo_keeps_its_file_when_only_its_words_change(desk):
    assert upload(desk, picture(), "first.jpg").status_code == 302
    photo = Photo.objects.get()
    name = photo.image.name
    response = desk.post(
        f"/desk/photos/photo/{photo.pk}/change/",
        {"alt_text": "New words", "caption": "A caption", "credit": "Олена"},
    )
    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.image.name == name and photo.alt_text == "New words"
