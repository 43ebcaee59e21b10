"""A short demo thread on the active demo card, with an @mention, for `make run`. Runs after
seed_demo_cards; idempotent (a card that has comments is left alone)."""

from collab.models import User
from collab.selectors.comments import comments_of
from collab.services.comments import comment_add

from .demo import ACTIVE_TITLE
from .models import Card

THREAD = [
    (
        "mkt.member1",
        "首批三个城市的价格需要在下周三前定下来。@fin.contact1 预算审批大概什么时候能完成？",
    ),
    (
        "fin.contact1",
        "Budget review is on my list for **Monday**; I need the final unit price from "
        "@sal.contact1 first.",
    ),
    ("sal.contact1", "价格表已更新，见附件说明：\n\n- 城市 A：¥199\n- 城市 B、C：¥209"),
]


def seed_demo_discussion(stdout) -> None:
    card = Card.objects.filter(title=ACTIVE_TITLE).first()
    if card is None or comments_of(card).exists():
        return
    people = User.objects.in_bulk([username for username, _body in THREAD], field_name="username")
    if len(people) < len(THREAD):
        return
    for username, body in THREAD:
        comment_add(target=card, body=body, attachments=[], by=people[username])
    stdout.write(f"Demo discussion: {len(THREAD)} comments on {card.code}")
