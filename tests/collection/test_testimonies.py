"""Testimonies: consent and names, media checked by content, open answers turned into quotes."""

import io
import os
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse
from PIL import Image

from demo_people import CAF, DIRECTION, REFERENTE
from maillage.collection import testimonies
from maillage.collection.media import MediaRefused, check_media
from maillage.collection.models import Survey
from maillage.collection.models import Testimony as Quote  # "Test…" would be collected by pytest

pytestmark = pytest.mark.django_db

ADD = reverse("collection:testimony_add", kwargs={"slug": "falaises"})
BASE = {
    "text": "Depuis l'atelier, je parle à mes voisines.",
    "author_group": "habitant",
    "said_on": "2026-02-10",
    "consent_scope": "reports",
    "consent_on": "2026-02-10",
}


def photo_with_location() -> bytes:
    image = Image.new("RGB", (60, 40), "green")
    exif = Image.Exif()
    exif[0x0112] = 6  # taken with the phone turned
    exif[0x8825] = {2: (49.0, 1.0, 2.0)}  # GPS
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def test_a_name_is_kept_only_with_consent(world, client_of):
    client = client_of(REFERENTE)
    refused = client.post(ADD, {**BASE, "author_name": "Odette L."})
    assert refused.status_code == 400
    assert "Un nom ne s'enregistre qu'avec l'accord de la personne" in unescape(
        refused.content.decode()
    )
    assert not Quote.objects.filter(text=BASE["text"]).exists()
    kept = client.post(ADD, {**BASE, "author_name": "Odette L.", "name_consent": "on",
                             "tags_text": "Voisinage, couture ; voisinage"})  # fmt: skip
    assert kept.status_code == 302
    testimony = Quote.objects.get(text=BASE["text"])
    assert testimony.author == "Odette L., habitant ou habitante"
    assert sorted(testimony.tags.values_list("name", flat=True)) == ["couture", "voisinage"]
    assert testimony.quotable_in_reports


def test_the_database_refuses_a_name_without_consent(world):
    with pytest.raises(IntegrityError):
        Quote.objects.create(
            organisation=world.organisations["falaises"], text="x", author_group="habitant",
            author_name="Quelqu'un", said_on="2026-01-01", consent_on="2026-01-01",
        )  # fmt: skip


def test_a_photo_is_checked_turned_and_stripped_of_its_location(world, client_of):
    client = client_of(REFERENTE)
    upload = SimpleUploadedFile("IMG_2041 chez Odette.txt", photo_with_location())
    response = client.post(ADD, {**BASE, "media_file": upload})
    assert response.status_code == 302
    testimony = Quote.objects.get(text=BASE["text"])
    assert (testimony.media_kind, testimony.media_type) == ("photo", "image/jpeg")
    assert "Odette" not in testimony.media.name  # the uploaded name is never kept
    served = client.get(reverse("collection:testimony_media", args=[testimony.pk]))
    assert served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"
    stored = Image.open(io.BytesIO(b"".join(served.streaming_content)))
    assert stored.size == (40, 60)  # turned as the phone meant it
    assert not dict(stored.getexif())  # no GPS, no camera data
    # Another structure's people cannot fetch it, even knowing its address.
    assert (
        client_of(CAF).get(reverse("collection:testimony_media", args=[testimony.pk])).status_code
        == 403
    )
    media_path = testimony.media.path
    client.post(reverse("collection:testimony_delete", args=[testimony.pk]))
    assert not Quote.objects.filter(pk=testimony.pk).exists()
    assert not os.path.exists(media_path)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.jpg", b"MZ\x90\x00 not a photo at all" * 10, "son contenu ne correspond"),
        ("son.mp3", b"<html><script>alert(1)</script></html>", "son contenu ne correspond"),
        ("vide.png", b"", "Le fichier est vide."),
        ("abimee.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 200, "abîmée"),
    ],
)
def test_files_are_judged_by_their_content(name, content, message):
    with pytest.raises(MediaRefused, match=message):
        check_media(SimpleUploadedFile(name, content))


def test_size_limits_depend_on_the_kind():
    big_photo = SimpleUploadedFile("p.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * (11 * 1024 * 1024))
    with pytest.raises(MediaRefused, match="Une photo pèse au plus 10 Mo"):
        check_media(big_photo)
    sound = SimpleUploadedFile("s.mp3", b"ID3\x03\x00\x00\x00" + b"\x00" * 2048)
    assert check_media(sound).kind == "audio"


def test_a_refused_file_leaves_the_form_and_nothing_stored(world, client_of):
    response = client_of(REFERENTE).post(
        ADD, {**BASE, "media_file": SimpleUploadedFile("x.jpg", b"just text")}
    )
    assert response.status_code == 400
    assert "n'est pas une photo" in unescape(response.content.decode())
    assert not Quote.objects.filter(text=BASE["text"]).exists()


def test_an_open_answer_becomes_a_testimony_once(world, client_of):
    survey = Survey.objects.get(code="benevoles-falaises-2025")
    answer = testimonies.open_answers(survey).first()
    client = client_of(REFERENTE)
    url = reverse("collection:testimony_from_answer", args=[survey.pk, answer.pk])
    form = unescape(client.get(url).content.decode())
    assert answer.text in form and "Faire de cette réponse un témoignage" in form
    initial = testimonies.initial_from_answer(answer)
    response = client.post(url, {
        "text": answer.text, "author_group": initial["author_group"],
        "said_on": initial["said_on"].isoformat(), "consent_on": initial["said_on"].isoformat(),
        "consent_scope": "internal", "context": initial["context"],
    })  # fmt: skip
    assert response.status_code == 302
    testimony = Quote.objects.get(source_answer=answer)
    assert testimony.consent_scope == "internal" and not testimony.quotable_in_reports
    assert answer.pk not in testimonies.open_answers(survey).values_list("pk", flat=True)
    again = client.get(url)
    assert again.status_code == 302 and again["Location"] == testimony.get_absolute_url()


def test_the_list_filters_what_may_be_quoted_in_reports(world, client_of):
    url = reverse("collection:testimonies", kwargs={"slug": "falaises"})
    client = client_of(DIRECTION)
    everything = unescape(client.get(url).content.decode())
    quotable = unescape(client.get(url + "?usage=rapports").content.decode())
    falaises = world.organisations["falaises"]
    total = falaises.testimonies.count()
    allowed = falaises.testimonies.exclude(consent_scope="internal").count()
    assert f"{total} témoignages" in everything
    assert f"{allowed} témoignages sur {total}" in quotable
    assert "Il y a des jours où c'est lourd" in everything  # internal only
    assert "Il y a des jours où c'est lourd" not in quotable


def test_the_demo_holds_thirty_testimonies_with_consent(world):
    items = Quote.objects.all()
    assert items.count() >= 30
    assert not items.filter(name_consent=False).exclude(author_name="").exists()
    assert items.filter(source_answer__isnull=False).count() >= 3
    assert items.filter(goals__isnull=False).distinct().count() >= 30


def test_editing_keeps_tags_and_can_remove_the_file(world, client_of):
    client = client_of(REFERENTE)
    sound = SimpleUploadedFile("s.mp3", b"ID3\x03\x00\x00\x00" + b"\x00" * 2048)
    client.post(ADD, {**BASE, "tags_text": "jardin", "media_file": sound})
    testimony = Quote.objects.get(text=BASE["text"])
    url = reverse("collection:testimony_edit", args=[testimony.pk])
    form = unescape(client.get(url).content.decode())
    assert 'value="jardin"' in form and "Retirer le fichier joint" in form
    path = testimony.media.path
    response = client.post(url, {**BASE, "consent_scope": "public", "tags_text": "jardin, été",
                                 "remove_media": "on"})  # fmt: skip
    assert response.status_code == 302
    testimony.refresh_from_db()
    assert testimony.consent_scope == "public" and not testimony.media
    assert sorted(testimony.tags.values_list("name", flat=True)) == ["jardin", "été"]
    assert not os.path.exists(path)
