"""Organisations the libraries work with: national partners of the programme's themes (CONCITO,
DR, …) and each library's local partners. Themes, events and, later, plan initiatives refer to
the same records, so a partner is entered once and counted once."""

import re
import unicodedata

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

_NOT_A_WORD_CHARACTER = re.compile(r"[\W_]+")


def normalise_name(name: str) -> str:
    """The key that finds duplicates: 'CONCITO', 'Concito ' and 'concito.' are one partner.

    Case, accents on other letters than æ/ø/å, punctuation and spacing are ignored."""
    text = unicodedata.normalize("NFKC", name or "").casefold()
    text = _NOT_A_WORD_CHARACTER.sub(" ", text)
    return " ".join(text.split())


class PartnerQuerySet(models.QuerySet):
    def national(self):
        return self.filter(scope=Partner.Scope.NATIONAL)

    def local_to(self, municipality):
        return self.filter(scope=Partner.Scope.LOCAL, municipality=municipality)

    def available_to(self, municipality):
        """What a library in `municipality` may pick: the national partners and its own local
        ones."""
        return self.filter(
            Q(scope=Partner.Scope.NATIONAL)
            | Q(scope=Partner.Scope.LOCAL, municipality=municipality)
        )

    def matching(self, text: str):
        """Partners whose name contains `text`, compared as `normalise_name` compares."""
        key = normalise_name(text)
        return self.filter(normalised_name__contains=key) if key else self.none()


class Partner(models.Model):
    class Kind(models.TextChoices):
        NGO = "ngo", _("NGO")
        BROADCASTER = "broadcaster", _("Broadcaster")
        SCHOOL = "school", _("School or educational institution")
        ASSOCIATION = "association", _("Association")
        COMPANY = "company", _("Company")
        MUNICIPALITY = "municipality", _("Municipality")
        NATIONAL_BODY = "national_body", _("National body")

    class Scope(models.TextChoices):
        NATIONAL = "national", _("National")
        LOCAL = "local", _("Local")

    name = models.CharField(_("name"), max_length=200)
    normalised_name = models.CharField(max_length=200, editable=False, db_index=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    website = models.URLField(_("website"), blank=True)
    description = models.CharField(_("short description"), max_length=500, blank=True)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    municipality = models.ForeignKey(
        "libraries.Municipality",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partners",
        verbose_name=_("municipality"),
        help_text=_("Only for local partners: the municipality they work in."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["normalised_name"],
                condition=Q(scope="national"),
                name="one_national_partner_per_name",
            ),
            models.UniqueConstraint(
                fields=["normalised_name", "municipality"],
                condition=Q(scope="local"),
                name="one_local_partner_per_name_and_municipality",
            ),
            models.CheckConstraint(
                condition=(Q(scope="national") & Q(municipality__isnull=True))
                | (Q(scope="local") & Q(municipality__isnull=False)),
                name="local_partners_have_a_municipality",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalised_name = normalise_name(self.name)
        super().save(*args, **kwargs)
