"""The resources' measures.

- `resources.knowledge_products` (indicator 3.I5, target 20): knowledge products that
  are published and passed a quality review, each counted once, dated by the day its
  (first) passing review was made.
- `resources.downloads`: downloads of resources' attachments, by day.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from jmdi.core.measures import QuerysetMeasure
from jmdi.resources.models import KNOWLEDGE_PRODUCTS, Download, QualityReview, Resource


def _passed_products() -> QuerySet[QualityReview]:
    return QualityReview.objects.filter(
        outcome=QualityReview.Outcome.PASSED,
        resource__status=Resource.Status.PUBLISHED,
        resource__kind__in=KNOWLEDGE_PRODUCTS,
    )


def _downloads() -> QuerySet[Download]:
    return Download.objects.all()


def _published(viewer: object) -> Q:
    return Q(resource__status=Resource.Status.PUBLISHED)


KNOWLEDGE_PRODUCTS_MEASURE = QuerysetMeasure(
    name="resources.knowledge_products",
    label=_("Knowledge products published after a quality review"),
    needs=_("Computed once knowledge products are published and pass their quality review."),
    queryset=_passed_products,
    date_field="reviewed_on",
    distinct_field="resource_id",
    visible=_published,
)

DOWNLOADS_MEASURE = QuerysetMeasure(
    name="resources.downloads",
    label=_("Downloads of knowledge products"),
    needs=_("Computed once resources' files are downloaded."),
    queryset=_downloads,
    date_field="day",
    visible=_published,
)

MEASURES = [KNOWLEDGE_PRODUCTS_MEASURE, DOWNLOADS_MEASURE]
