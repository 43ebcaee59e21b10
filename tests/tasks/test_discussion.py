"""The Discussion tab of a card and the thread of an action item, on the pages and over the
API: the same rules both ways, outsiders 404, attachments only to readers, and a fixed
number of queries whatever the thread's length."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from collab.models import Comment, Notification
from collab.services.comments import comment_add
from tasks.demo import ACTIVE_TITLE
from tasks.models import Card

from . import builders

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
READ_ONLY = "The card is closed or cancelled; its discussion is read-only."


def api_for(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def tab_url(card, extra=""):
    return reverse("tasks:card-detail", args=[card.code]) + "?tab=discussion" + extra


def add_url(card):
    return reverse("comment-add", args=["card", card.code])


def comments_api(card):
    return f"/api/v1/cards/{card.code}/comments/"


def mentions_of(user):
    return Notification.objects.filter(recipient=user, reason="mentioned")


# --- pages ----------------------------------------------------------------------------------


def test_the_discussion_tab_shows_the_thread_and_a_labelled_form(client, org, active_card):
    comment_add(target=active_card, body="**Budget** first, @fin.head", by=org.lead)
    client.force_login(org.tec_member)
    page = client.get(tab_url(active_card)).content.decode()
    assert "<strong>Budget</strong>" in page
    assert '<span class="mention">@Sophia Hughes</span>' in page
    assert '<label for="id_comment_body">Comment' in page
    assert "Markdown supported" in page
    assert 'aria-current="page">Discussion' in page


def test_posting_with_htmx_swaps_the_thread_and_notifies_the_mentioned(client, org, active_card):
    client.force_login(org.tec_member)
    response = client.post(
        add_url(active_card), {"body": "Ready, @fin.contact?"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<section id="discussion"') and "Comment added." in html
    assert "@吴婷" in html
    assert mentions_of(org.fin_contact).count() == 1


def test_posting_without_javascript_goes_back_to_the_comment(client, org, active_card):
    client.force_login(org.tec_member)
    upload = SimpleUploadedFile("chart.png", PNG)
    response = client.post(add_url(active_card), {"body": "see file", "attachments": [upload]})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"?tab=discussion#comment-{comment.pk}")
    assert comment.attachments.count() == 1


def test_a_refused_comment_keeps_the_text_beside_the_error_with_or_without_htmx(
    client, org, active_card
):
    client.force_login(org.tec_member)
    page = client.post(add_url(active_card), {"body": "  "}, HTTP_HX_REQUEST="true")
    assert "Write a comment or attach a file." in page.content.decode()
    script = SimpleUploadedFile("page.txt", b"<html><script>x</script>")
    plain = client.post(add_url(active_card), {"body": "my words", "attachments": [script]})
    assert plain.status_code == 400
    html = plain.content.decode()
    assert "holds a web page or markup" in html and "\nmy words</textarea>" in html
    assert not Comment.objects.exists()


def test_outsiders_get_404_for_the_thread_the_post_and_the_files(client, org, active_card):
    upload = SimpleUploadedFile("chart.png", PNG)
    comment = comment_add(target=active_card, body="x", attachments=[upload], by=org.lead)
    attachment = comment.attachments.get()
    client.force_login(org.outsider)
    assert client.get(tab_url(active_card)).status_code == 404
    assert client.post(add_url(active_card), {"body": "hi"}).status_code == 404
    assert client.get(reverse("comment-attachment", args=[attachment.pk])).status_code == 404
    assert client.post(reverse("comment-remove", args=[comment.pk])).status_code == 404
    api = api_for(org.outsider)
    assert api.get(comments_api(active_card)).status_code == 404
    assert api.post(comments_api(active_card), {"body": "hi"}).status_code == 404
    assert api.get(f"/api/v1/comment-attachments/{attachment.pk}/").status_code == 404
    assert Comment.objects.count() == 1


def test_readers_download_attachments_as_attachments(client, org, active_card):
    upload = SimpleUploadedFile("chart.png", PNG)
    comment = comment_add(target=active_card, body="x", attachments=[upload], by=org.lead)
    attachment = comment.attachments.get()
    client.force_login(org.fin_contact)
    response = client.get(reverse("comment-attachment", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    listed = api_for(org.fin_contact).get(comments_api(active_card)).json()
    url = listed["results"][0]["attachments"][0]["url"]
    download = api_for(org.fin_contact).get(url)
    assert download.status_code == 200 and download["X-Content-Type-Options"] == "nosniff"


def test_reading_the_thread_clears_the_readers_mention(client, org, active_card):
    comment_add(target=active_card, body="@fin.head look", by=org.lead)
    assert mentions_of(org.fin_head).filter(read_at__isnull=True).count() == 1
    client.force_login(org.fin_head)
    client.get(tab_url(active_card))
    assert mentions_of(org.fin_head).filter(read_at__isnull=True).count() == 0


def test_the_activity_view_merges_comments_and_changes_in_time_order(client, org, active_card):
    comment_add(target=active_card, body="first words", by=org.lead)
    client.force_login(org.lead)
    response = client.get(tab_url(active_card, "&activity=all"))
    entries = response.context["thread"]["entries"]
    kinds = ["comment" if entry.comment else "change" for entry in entries]
    assert kinds[-1] == "comment" and "change" in kinds
    assert [entry.when for entry in entries] == sorted(entry.when for entry in entries)


def test_only_the_author_sees_edit_and_remove(client, org, active_card):
    comment = comment_add(target=active_card, body="mine", by=org.lead)
    client.force_login(org.tracker)
    assert (
        reverse("comment-remove", args=[comment.pk])
        not in client.get(tab_url(active_card)).content.decode()
    )
    client.post(reverse("comment-edit", args=[comment.pk]), {"body": "theirs"})
    comment.refresh_from_db()
    assert comment.body == "mine"
    client.force_login(org.lead)
    client.post(reverse("comment-edit", args=[comment.pk]), {"body": "mine, edited"})
    comment.refresh_from_db()
    assert comment.body == "mine, edited"


def test_the_action_item_page_has_its_own_thread(client, org, active_card):
    item = builders.add_item(org, active_card)
    client.force_login(org.tec_member)
    client.post(reverse("comment-add", args=["action-item", item.pk]), {"body": "On it."})
    page = client.get(reverse("tasks:action-item-detail", args=[item.pk])).content.decode()
    assert "On it." in page and 'id="discussion"' in page
    listed = api_for(org.tec_member).get(f"/api/v1/action-items/{item.pk}/comments/").json()
    assert [c["body"] for c in listed["results"]] == ["On it."]


# --- parity: one rule, two ways in ------------------------------------------------------------


def test_a_closed_card_refuses_comments_with_the_same_message_both_ways(client, org, closed_card):
    client.force_login(org.lead)
    page = client.get(tab_url(closed_card)).content.decode()
    assert READ_ONLY in page and add_url(closed_card) not in page
    response = client.post(add_url(closed_card), {"body": "late"})
    assert response.status_code == 409 and READ_ONLY in response.content.decode()
    refused = api_for(org.lead).post(comments_api(closed_card), {"body": "late"})
    assert refused.status_code == 409
    assert refused.json() == {"detail": READ_ONLY, "code": "invalid_state", "fields": {}}
    assert not Comment.objects.exists()


@pytest.mark.parametrize("way", ["page", "api"])
def test_mentioning_an_outsider_notifies_nobody(client, org, active_card, way):
    body = "ask @leg.member and @fin.head"
    if way == "page":
        client.force_login(org.lead)
        client.post(add_url(active_card), {"body": body})
    else:
        api_for(org.lead).post(comments_api(active_card), {"body": body}, format="json")
    assert not mentions_of(org.outsider).exists()
    assert mentions_of(org.fin_head).count() == 1
    assert "James Ward" not in Comment.objects.get().body_html


# --- the API ----------------------------------------------------------------------------------


def test_the_api_creates_with_files_edits_and_removes_own_comments(org, active_card):
    api = api_for(org.tec_member)
    upload = SimpleUploadedFile("chart.png", PNG)
    created = api.post(
        comments_api(active_card),
        {"body": "with file", "attachments": [upload]},
        format="multipart",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["can_change"] is True
    assert (
        body["author"]["username"] == "tec.member" and body["attachments"][0]["name"] == "chart.png"
    )
    url = f"{comments_api(active_card)}{body['id']}/"
    assert api_for(org.lead).patch(url, {"body": "x"}, format="json").status_code == 403
    edited = api.patch(url, {"body": "with a file"}, format="json")
    assert edited.status_code == 200 and edited.json()["edited_at"]
    assert api.delete(url).status_code == 204
    assert api.get(comments_api(active_card)).json()["results"][0]["removed"] is True


def test_the_api_answers_bad_input_with_field_errors(org, active_card):
    api = api_for(org.tec_member)
    empty = api.post(comments_api(active_card), {"body": ""}, format="json")
    assert empty.status_code == 400
    assert empty.json()["fields"] == {"body": ["Write a comment or attach a file."]}
    script = SimpleUploadedFile("page.txt", b"<html><script>x</script>")
    bad_file = api.post(comments_api(active_card), {"attachments": [script]}, format="multipart")
    assert bad_file.status_code == 400 and "attachments" in bad_file.json()["fields"]
    assert api.get(f"{comments_api(active_card)}abc/").status_code in (404, 405)
    assert not Comment.objects.exists()


def test_an_idempotency_key_makes_a_retried_comment_a_replay(org, active_card):
    api = api_for(org.tec_member)
    first = api.post(
        comments_api(active_card), {"body": "once"}, format="json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    again = api.post(
        comments_api(active_card), {"body": "once"}, format="json", HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert Comment.objects.count() == 1


# --- query counts ---------------------------------------------------------------------------


def make_thread(org, card, rows):
    for n in range(rows):
        upload = SimpleUploadedFile(f"f{n}.png", PNG)
        comment_add(
            target=card, body=f"note {n} @fin.head", attachments=[upload], by=org.tec_member
        )


@pytest.mark.parametrize("rows", [2, 20])
def test_the_discussion_tab_runs_constant_queries(
    client, org, active_card, rows, django_assert_max_num_queries
):
    make_thread(org, active_card, rows)
    client.force_login(org.lead)
    for extra in ("", "&activity=all"):
        with django_assert_max_num_queries(16):
            response = client.get(tab_url(active_card, extra))
        assert len(response.context["thread"]["comments"]) == rows


@pytest.mark.parametrize("rows", [2, 20])
def test_the_action_item_page_runs_constant_queries(
    client, org, active_card, rows, django_assert_max_num_queries
):
    item = builders.add_item(org, active_card)
    for n in range(rows):
        comment_add(target=item, body=f"note {n} @mkt.lead", by=org.tec_member)
    client.force_login(org.lead)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("tasks:action-item-detail", args=[item.pk]))
    assert len(response.context["thread"]["comments"]) == rows


@pytest.mark.parametrize("rows", [2, 20])
def test_the_comments_api_list_runs_constant_queries(
    org, active_card, rows, django_assert_max_num_queries
):
    make_thread(org, active_card, rows)
    api = api_for(org.fin_head)
    with django_assert_max_num_queries(8):
        response = api.get(comments_api(active_card))
    assert response.json()["count"] == rows


# --- demo data ------------------------------------------------------------------------------


def test_the_demo_card_has_a_short_thread_with_a_mention_once(capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    card = Card.objects.get(title=ACTIVE_TITLE)
    comments = Comment.objects.filter(object_id=card.pk)
    assert comments.count() == 3
    assert Notification.objects.filter(
        reason="mentioned", recipient__username="fin.contact1"
    ).exists()
