"""Comment threads' services: Markdown made safe, mentions that notify only people who may
see the object, attachments checked like every upload, edits by the author only."""

from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from collab.errors import Forbidden, InvalidState, RuleViolation
from collab.inbox import inbox_count, inbox_entries
from collab.markdown import mentioned_usernames, render_markdown
from collab.models import Comment, Notification
from collab.selectors.comments import comments_of, mention_inbox_count, mention_inbox_entries
from collab.services.comments import comment_add, comment_edit, comment_remove
from tests.tasks import builders

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def mentions_of(user):
    return Notification.objects.filter(recipient=user, reason="mentioned")


@pytest.fixture
def card(org):
    return builders.active_card(org)


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "[click](javascript:alert(1))",
        '<img src="x" onerror="alert(1)">',
        "<b onclick='alert(1)'>bold</b>",
        "![tracker](https://evil.example/pixel.png)",
        '<a href="https://example.com" style="x">raw link</a>',
    ],
)
def test_markdown_neutralises_scripts_links_attributes_and_raw_html(source):
    elements = ElementsOf()
    elements.feed(render_markdown(source))
    tags = {tag for tag, _attrs in elements.found}
    assert not tags & {"script", "img", "b"}, tags
    for _tag, attrs in elements.found:
        assert not [name for name, _value in attrs if name.startswith("on") or name == "style"]
        assert not dict(attrs).get("href", "").startswith("javascript")


class ElementsOf(HTMLParser):
    """The elements a browser would build from the HTML, with their attributes."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def test_markdown_keeps_formatting_and_makes_links_safe():
    html = render_markdown("**bold** _it_ `code`\n\n- one\n\n[site](https://example.com)")
    assert "<strong>bold</strong>" in html and "<em>it</em>" in html
    assert "<code>code</code>" in html and "<li>one</li>" in html
    assert 'href="https://example.com"' in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_mentions_are_parsed_by_username_not_inside_emails():
    assert mentioned_usernames("Ask @mkt.head. and a@b.com, then @tec.member!") == [
        "mkt.head",
        "tec.member",
    ]


def test_an_at_name_in_code_or_a_link_text_is_no_mention(org, card):
    comment = comment_add(
        target=card, body="`@fin.head` and [@tec.head](https://example.com)", by=org.lead
    )
    assert not Notification.objects.filter(reason="mentioned").exists()
    assert "mention" not in comment.body_html


def test_a_mention_notifies_the_person_once_and_lands_in_their_inbox(org, card):
    comment = comment_add(
        target=card, body="@fin.head please check, @fin.head", attachments=[], by=org.lead
    )
    notification = mentions_of(org.fin_head).get()
    assert notification.key == f"comment-{comment.pk}"
    assert notification.url.endswith(f"?tab=discussion#comment-{comment.pk}")
    assert '<span class="mention">@Sophia Hughes</span>' in comment.body_html
    entries = mention_inbox_entries(org.fin_head)
    assert [entry.kind for entry in entries] == ["collab.mention"]
    assert card.code in entries[0].title and "please check" in entries[0].detail
    assert mention_inbox_count(org.fin_head) == 1
    assert "collab.mention" in [entry.kind for entry in inbox_entries(org.fin_head)]
    assert inbox_count(org.fin_head) >= 1
    comment_edit(comment=comment, body="@fin.head please check again", by=org.lead)
    assert mentions_of(org.fin_head).count() == 1


def test_an_outsider_or_unknown_name_stays_plain_text_and_nobody_is_told(org, card):
    comment = comment_add(
        target=card, body="cc @leg.member and @nobody.here", attachments=[], by=org.lead
    )
    assert not Notification.objects.filter(reason="mentioned").exists()
    assert "@leg.member" in comment.body_html and "James Ward" not in comment.body_html
    assert "mention" not in comment.body_html
    assert list(comment.mentioned.all()) == []


def test_mentioning_oneself_notifies_nobody(org, card):
    comment_add(target=card, body="note to @mkt.lead", attachments=[], by=org.lead)
    assert not mentions_of(org.lead).exists()


def test_an_edit_that_adds_a_mention_notifies_only_the_newcomer(org, card):
    comment = comment_add(target=card, body="@fin.head", attachments=[], by=org.lead)
    comment_edit(comment=comment, body="@fin.head and @tec.head", by=org.lead)
    assert mentions_of(org.fin_head).count() == 1
    assert mentions_of(org.tec_head).count() == 1


def test_the_text_is_cleaned_and_an_empty_comment_refused(org, card):
    with pytest.raises(RuleViolation) as refused:
        comment_add(target=card, body="  \u202e ", attachments=[], by=org.lead)
    assert refused.value.errors == {"body": ["Write a comment or attach a file."]}
    comment = comment_add(target=card, body="ok\u202egnp.exe", attachments=[], by=org.lead)
    assert comment.body == "okgnp.exe"


def test_too_long_a_comment_is_refused(org, card):
    with pytest.raises(RuleViolation) as refused:
        comment_add(target=card, body="x" * 10_001, attachments=[], by=org.lead)
    assert "at most 10000 characters" in refused.value.errors["body"][0]
    assert not Comment.objects.exists()


def test_attachments_are_checked_by_content_and_nothing_is_saved_when_one_fails(org, card):
    good = SimpleUploadedFile("chart.png", PNG)
    page = SimpleUploadedFile("notes.txt", b"<html><script>alert(1)</script></html>")
    with pytest.raises(RuleViolation) as refused:
        comment_add(target=card, body="files", attachments=[good, page], by=org.lead)
    assert "attachments" in refused.value.errors
    assert not Comment.objects.exists()
    good.seek(0)
    comment = comment_add(target=card, body="", attachments=[good], by=org.lead)
    assert [a.name for a in comment.attachments.all()] == ["chart.png"]


def test_only_the_author_edits_or_removes(org, card):
    comment = comment_add(target=card, body="mine", attachments=[], by=org.lead)
    with pytest.raises(Forbidden):
        comment_edit(comment=comment, body="theirs", by=org.tracker)
    with pytest.raises(Forbidden):
        comment_remove(comment=comment, by=org.tracker)
    comment_edit(comment=comment, body="still mine", by=org.lead)
    comment.refresh_from_db()
    assert comment.body == "still mine" and comment.edited_at is not None


def test_removing_keeps_the_place_and_clears_text_files_and_unread_mentions(org, card):
    upload = SimpleUploadedFile("chart.png", PNG)
    comment = comment_add(target=card, body="@fin.head see", attachments=[upload], by=org.lead)
    comment_remove(comment=comment, by=org.lead)
    comment.refresh_from_db()
    assert comment.removed_at and comment.body == "" and comment.body_html == ""
    assert not comment.attachments.exists()
    assert not mentions_of(org.fin_head).exists()
    with pytest.raises(InvalidState):
        comment_edit(comment=comment, body="back", by=org.lead)
    assert list(comments_of(card)) == [comment]


def test_a_closed_card_is_read_only(org):
    card = builders.closed_card(org)
    with pytest.raises(InvalidState) as refused:
        comment_add(target=card, body="late", attachments=[], by=org.lead)
    assert refused.value.message == "The card is closed or cancelled; its discussion is read-only."


def test_a_loose_action_item_takes_comments_and_mentions_its_readers(org):
    item = builders.add_item(org)
    comment_add(target=item, body="@tec.head @fin.head", attachments=[], by=org.tec_member)
    assert mentions_of(org.tec_head).count() == 1
    assert not mentions_of(org.fin_head).exists()
