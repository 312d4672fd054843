"""Selection rounds: candidates scored by country-team reviewers against weighted
criteria, ranked, and decided by the steering committee.

A round (for one country, or global) copies the programme's general selection factors
into its own criteria, each with a weight and a scale (0 to `scale_max`), and may add
criteria that apply only to one country's candidates. Eligibility checks are yes/no
questions answered per candidate; an ineligible candidate is not scored. Each reviewer
fills one scoresheet per candidate, locked once submitted; a conflict of interest keeps
the reviewer off that candidate. The steering committee's decision on each candidate is
a governance decision, whose target is the candidate.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jmdi.directory.models import Country


class Round(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for scoring")
        CLOSED = "closed", _("Scoring closed")
        DECIDED = "decided", _("Decided")

    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="selection_rounds",
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        error_messages={"blank": _("Enter the round's title, e.g. 2013 call.")},
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leave empty for a global round open to every programme country."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    opens_on = models.DateField(_("scoring opens on"), null=True, blank=True)
    closes_on = models.DateField(_("scoring closes on"), null=True, blank=True)
    disagreement_threshold = models.DecimalField(
        _("disagreement threshold"),
        max_digits=5,
        decimal_places=1,
        default=20,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_(
            "A candidate is flagged when its highest and lowest reviewer scores (out of 100) "
            "are this many points apart or more."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "-created_at", "-pk"]
        verbose_name = _("selection round")
        verbose_name_plural = _("selection rounds")
        constraints = [
            models.UniqueConstraint(fields=["programme", "title"], name="unique_round_title"),
            models.CheckConstraint(
                condition=models.Q(opens_on__isnull=True)
                | models.Q(closes_on__isnull=True)
                | models.Q(closes_on__gte=models.F("opens_on")),
                name="round_closes_after_opening",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_global(self) -> bool:
        return self.country_id is None


class EligibilityCheck(models.Model):
    """A yes/no question every candidate must pass, e.g. "Led by a local authority"."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="checks")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    label = models.CharField(_("check"), max_length=300)
    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "order", "pk"]
        verbose_name = _("eligibility check")
        verbose_name_plural = _("eligibility checks")

    def __str__(self) -> str:
        return self.label


class Criterion(models.Model):
    """A scoring criterion of the round: a general factor copied from the programme file
    (`source` set, `country` empty) or a criterion for one country's candidates only."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(_("code"), max_length=20)
    label = models.TextField(_("criterion"))
    source = models.ForeignKey(
        "programmes.SelectionCriterion",
        verbose_name=_("programme factor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    country = models.ForeignKey(
        Country,
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Only for this country's candidates; empty for every candidate."),
    )
    weight = models.DecimalField(
        _("weight"), max_digits=5, decimal_places=2, default=1, validators=[MinValueValidator(0)]
    )
    scale_max = models.PositiveSmallIntegerField(
        _("highest score"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Scores run from 0 to this value."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "order", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["round", "code"], name="unique_round_criterion_code"),
            models.CheckConstraint(
                condition=models.Q(weight__gt=0), name="criterion_weight_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(scale_max__gte=1), name="criterion_scale_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def applies_to(self, country_id: int | None) -> bool:
        return self.country_id is None or self.country_id == country_id


class Candidate(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="candidates")
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        verbose_name=_("initiative"),
        on_delete=models.PROTECT,
        related_name="candidacies",
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "pk"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [
            models.UniqueConstraint(fields=["round", "initiative"], name="unique_round_candidate")
        ]

    def __str__(self) -> str:
        return str(self.initiative)


class EligibilityResult(models.Model):
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="eligibility")
    requirement = models.ForeignKey(
        EligibilityCheck,
        verbose_name=_("eligibility check"),
        on_delete=models.CASCADE,
        related_name="results",
    )
    passed = models.BooleanField(_("passed"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["candidate", "requirement__order", "requirement_id"]
        verbose_name = _("eligibility result")
        verbose_name_plural = _("eligibility results")
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "requirement"], name="unique_eligibility_result"
            )
        ]

    def __str__(self) -> str:
        return f"{self.requirement}: {self.passed}"


class Assignment(models.Model):
    """A reviewer assigned to the round by the PMU."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        on_delete=models.PROTECT,
        related_name="selection_assignments",
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "pk"]
        verbose_name = _("reviewer assignment")
        verbose_name_plural = _("reviewer assignments")
        constraints = [
            models.UniqueConstraint(fields=["round", "reviewer"], name="unique_round_reviewer")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} ({self.round})"


class Conflict(models.Model):
    """A reviewer's declared conflict of interest with one candidate."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="conflicts")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(_("note"))
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["candidate", "pk"]
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["candidate", "reviewer"], name="unique_conflict")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} / {self.candidate}"


class Scoresheet(models.Model):
    """One reviewer's scores for one candidate; locked once `submitted_at` is set."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="scoresheets")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["candidate", "pk"]
        verbose_name = _("scoresheet")
        verbose_name_plural = _("scoresheets")
        constraints = [
            models.UniqueConstraint(fields=["candidate", "reviewer"], name="unique_scoresheet")
        ]
        indexes = [models.Index(fields=["candidate", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.reviewer} / {self.candidate}"

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None


class Score(models.Model):
    """A value on the criterion's scale, or "not applicable" (excluded from the mean)."""

    sheet = models.ForeignKey(Scoresheet, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    not_applicable = models.BooleanField(_("not applicable"), default=False)
    comment = models.TextField(_("comment"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["sheet", "criterion__order", "criterion_id"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="unique_score"),
            models.CheckConstraint(
                condition=~models.Q(not_applicable=True, value__isnull=False),
                name="score_not_both_value_and_na",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {'n/a' if self.not_applicable else self.value}"


class Outcome(models.TextChoices):
    SELECTED = "selected", _("Selected")
    RESERVE = "reserve", _("Reserve")
    REJECTED = "rejected", _("Rejected")


#: The initiative's status that follows each outcome.
OUTCOME_STATUS = {
    Outcome.SELECTED: "selected",
    Outcome.RESERVE: "reserve",
    Outcome.REJECTED: "not_selected",
}


class CandidateDecision(models.Model):
    """The steering committee's decision on a candidate, recorded by the PMU; the
    numbered governance decision is the record of it."""

    candidate = models.OneToOneField(Candidate, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(_("decision"), max_length=10, choices=Outcome.choices)
    rationale = models.TextField(_("rationale"))
    decision = models.OneToOneField(
        "governance.Decision",
        verbose_name=_("committee decision"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["candidate"]
        verbose_name = _("candidate decision")
        verbose_name_plural = _("candidate decisions")

    def __str__(self) -> str:
        return f"{self.candidate}: {self.outcome}"
