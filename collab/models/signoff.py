"""Sign-off: delegations, signature requests on any signable document, and signatures.

Signatures form a hash chain per document: each stores the hash of the event
before it, so an edited row no longer matches the chain and verification says so.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


class Delegation(models.Model):
    """A head hands signing authority to a deputy for a date range (inclusive)."""

    delegator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("delegated by"),
        on_delete=models.CASCADE,
        related_name="delegations_given",
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deputy"),
        on_delete=models.CASCADE,
        related_name="delegations_received",
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="delegation_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(deputy=F("delegator")), name="delegation_not_to_oneself"
            ),
        ]
        indexes = [
            # Which delegations does a deputy hold today? (queue, permission checks)
            models.Index(fields=["deputy", "starts_on", "ends_on"], name="delegation_deputy_idx"),
        ]

    def __str__(self):
        return f"{self.delegator} → {self.deputy} ({self.starts_on}–{self.ends_on})"


class SignatureRequest(models.Model):
    """A request that named people sign one version of one document."""

    class Mode(models.TextChoices):
        ALL = "all", _("all must sign (会签)")
        ANY = "any", _("any one signs (或签)")

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("signature request", "pending")
        APPROVED = "approved", pgettext_lazy("signature request", "approved")
        REJECTED = "rejected", pgettext_lazy("signature request", "rejected")
        CANCELLED = "cancelled", pgettext_lazy("signature request", "cancelled")

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    document = GenericForeignKey("content_type", "object_id")
    document_type = models.CharField(_("document type"), max_length=64)
    document_code = models.CharField(_("document code"), max_length=64)
    version = models.PositiveIntegerField(_("version"))
    content_hash = models.CharField(_("content hash at request"), max_length=64)
    verification_code = models.CharField(_("verification code"), max_length=20, unique=True)
    mode = models.CharField(_("mode"), max_length=5, choices=Mode.choices, default=Mode.ALL)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="signature_requests_made",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    due_at = models.DateTimeField(_("due at"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("signature request")
        verbose_name_plural = _("signature requests")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "document_type", "version"],
                name="signature_request_one_per_version",
            ),
            models.UniqueConstraint(
                fields=["content_type", "object_id", "document_type"],
                condition=Q(status="pending"),
                name="signature_request_one_pending_per_document",
            ),
        ]
        indexes = [
            # All requests of one document (history, chain, latest version).
            models.Index(fields=["content_type", "object_id"], name="signature_request_doc_idx"),
            # The queue: pending requests, oldest first.
            models.Index(
                fields=["requested_at"], condition=Q(status="pending"), name="signature_pending_idx"
            ),
        ]

    def __str__(self):
        return f"{self.document_code} v{self.version}"

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING


class RequiredSigner(models.Model):
    """One signature a request needs: a person in a role, resolved when the request was made."""

    request = models.ForeignKey(
        SignatureRequest,
        verbose_name=_("signature request"),
        on_delete=models.CASCADE,
        related_name="required_signers",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signer"),
        on_delete=models.PROTECT,
        related_name="required_signatures",
    )
    role = models.CharField(_("role"), max_length=20)
    department = models.ForeignKey(
        "collab.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("required signer")
        verbose_name_plural = _("required signers")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "user", "role", "department"], name="required_signer_once"
            ),
        ]
        indexes = [
            # The queue: requests where a person (or the person they deputise for) must sign.
            models.Index(fields=["user", "request"], name="required_signer_user_idx"),
        ]

    def __str__(self):
        return f"{self.user} ({self.role})"


class Signature(models.Model):
    """A decision on a request, with everything needed to show who, when and on what."""

    class Decision(models.TextChoices):
        APPROVE = "approve", _("approve")
        REJECT = "reject", _("reject")

    request = models.ForeignKey(
        SignatureRequest,
        verbose_name=_("signature request"),
        on_delete=models.PROTECT,
        related_name="signatures",
    )
    required_signer = models.OneToOneField(
        RequiredSigner,
        verbose_name=_("required signer"),
        on_delete=models.PROTECT,
        related_name="signature",
    )
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        on_delete=models.PROTECT,
        related_name="signatures",
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("on behalf of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signatures_by_deputy",
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    comment = models.TextField(_("comment"), blank=True)
    signed_at = models.DateTimeField(_("signed at"))
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=500, blank=True)
    content_hash = models.CharField(_("content hash"), max_length=64)
    previous_hash = models.CharField(_("previous event hash"), max_length=64, blank=True)
    event_hash = models.CharField(_("event hash"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="approve") | ~Q(comment=""),
                name="signature_rejection_has_comment",
            ),
        ]

    def __str__(self):
        return f"{self.signer} {self.decision} {self.request}"


class GeneratedDocument(models.Model):
    """A rendered PDF, kept until the document or its signatures change."""

    request = models.ForeignKey(
        SignatureRequest,
        verbose_name=_("signature request"),
        on_delete=models.CASCADE,
        related_name="generated_documents",
    )
    state_hash = models.CharField(_("state hash"), max_length=64)
    file = models.FileField(_("file"), upload_to="documents/%Y/%m/")
    file_sha256 = models.CharField(_("file SHA-256"), max_length=64, db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("generated document")
        verbose_name_plural = _("generated documents")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "state_hash"], name="generated_document_once_per_state"
            ),
        ]

    def __str__(self):
        return self.file.name
