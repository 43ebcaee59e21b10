"""The signature chain becomes an HMAC keyed with a server secret, and signs the signer's
address and browser too. Existing chains are re-keyed, but only as far as they still verify
under the old plain hash: a row someone had already changed stays invalid.

Both schemes are frozen here, so that later changes to collab.signables do not alter what
this migration computes. The key is read when it runs: set CROSSDESK_SIGNATURE_KEY (or
DJANGO_SECRET_KEY) as in production before migrating.
"""

import datetime as dt
import hashlib
import ipaddress
import json

from django.conf import settings
from django.db import migrations
from django.utils.crypto import salted_hmac

SALT = "crossdesk.signoff.signature-chain"


def _canonical_json(data) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def legacy_payload(signature) -> dict:
    return {
        "previous": signature.previous_hash,
        "request": signature.request_id,
        "place": signature.required_signer_id,
        "signer": signature.signer_id,
        "on_behalf_of": signature.on_behalf_of_id,
        "decision": signature.decision,
        "comment": signature.comment,
        "signed_at": signature.signed_at.astimezone(dt.UTC).isoformat(),
        "content": signature.content_hash,
    }


def legacy_hash(signature) -> str:
    return hashlib.sha256(_canonical_json(legacy_payload(signature)).encode()).hexdigest()


def keyed_hash(signature) -> str:
    address = signature.ip_address
    payload = {
        **legacy_payload(signature),
        "ip_address": str(ipaddress.ip_address(address)) if address else "",
        "user_agent": signature.user_agent,
    }
    key = getattr(settings, "SIGNATURE_CHAIN_KEY", "") or settings.SECRET_KEY
    return salted_hmac(SALT, _canonical_json(payload), secret=key, algorithm="sha256").hexdigest()


def _rechain(apps, *, verified_by, recomputed_by) -> None:
    """Walk each document's chain in order; while the rows verify under `verified_by`,
    rewrite their links and hashes with `recomputed_by`. Stop at the first that does not."""
    Signature = apps.get_model("collab", "Signature")
    rows = Signature.objects.select_related("request").order_by(
        "request__content_type_id", "request__object_id", "request__document_type", "pk"
    )
    document = None
    for row in rows.iterator():
        key = (row.request.content_type_id, row.request.object_id, row.request.document_type)
        if key != document:
            document, old_previous, new_previous, intact = key, "", "", True
        if not intact:
            continue
        intact = row.previous_hash == old_previous and verified_by(row) == row.event_hash
        if not intact:
            continue
        old_previous = row.event_hash
        row.previous_hash = new_previous
        row.event_hash = recomputed_by(row)
        new_previous = row.event_hash
        Signature.objects.filter(pk=row.pk).update(
            previous_hash=row.previous_hash, event_hash=row.event_hash
        )


def rekey_chains(apps, schema_editor):
    _rechain(apps, verified_by=legacy_hash, recomputed_by=keyed_hash)


def unkey_chains(apps, schema_editor):
    _rechain(apps, verified_by=keyed_hash, recomputed_by=legacy_hash)


class Migration(migrations.Migration):
    dependencies = [("collab", "0006_idempotency_key")]

    operations = [migrations.RunPython(rekey_chains, unkey_chains)]
