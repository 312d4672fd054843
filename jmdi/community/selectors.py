"""Who a member is, for the M4D Net's other apps (discussions, support, events,
resources): whether they may post, and the name their contributions carry; and the
member directory."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from jmdi.community.models import Member, Visibility


def member_of(user: Any) -> Member | None:
    """The person's member profile, or None (anonymous, or never joined)."""
    if user is None or not user.is_authenticated:
        return None
    try:
        member: Member = user.member
    except Member.DoesNotExist:
        return None
    return member


def can_post(user: Any) -> bool:
    """A signed-in, active person with a verified address, who is a member (not banned,
    not gone) or holds one of the platform's roles."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    from allauth.account.models import EmailAddress

    if not EmailAddress.objects.filter(user=user, verified=True).exists():
        return False
    member = member_of(user)
    if member is None:
        from jmdi.core.scopes import scopes_of

        # Staff of the programme, and people given the member role, post without a
        # profile; an account that signed up and never joined does not.
        scopes = scopes_of(user)
        return bool(scopes.roles) or scopes.is_superuser
    return member.banned_at is None and member.left_at is None


def public_name(user: Any) -> str:
    """The name shown on what the person wrote: "former member" once they have left."""
    if user is None:
        return _("former member")
    member = getattr(user, "member", None)
    if member is not None and member.left_at is not None:
        return _("former member")
    if not user.is_active and not user.full_name:
        return _("former member")
    return str(user.full_name or _("member"))


def directory_q(viewer: Any) -> Q:
    """The members a viewer finds in the directory: those who opted in, whose profile is
    public, or open to members when the viewer is one."""
    from jmdi.community.permissions import is_member, is_pmu

    listed = Q(in_directory=True, left_at__isnull=True, banned_at__isnull=True)
    if is_pmu(viewer):
        return listed
    if is_member(viewer):
        return listed & Q(profile_visibility__in=[Visibility.PUBLIC, Visibility.MEMBERS])
    return listed & Q(profile_visibility=Visibility.PUBLIC)


def directory(
    viewer: Any, *, query: str = "", stakeholder_type: str = "", country: str = "", topic: str = ""
) -> QuerySet[Member]:
    members = Member.objects.filter(directory_q(viewer))
    if stakeholder_type:
        members = members.filter(stakeholder_type=stakeholder_type)
    if country:
        members = members.filter(country=country)
    if topic:
        members = members.filter(topics__code=topic)
    if query:
        members = members.filter(
            Q(user__full_name__icontains=query)
            | Q(organisation__name__icontains=query)
            | Q(position__icontains=query)
        )
    return members.select_related("user", "organisation").order_by("user__full_name", "pk")


def directory_facets(viewer: Any) -> dict[str, list[tuple[str, int]]]:
    base = Member.objects.filter(directory_q(viewer)).order_by()
    return {
        "stakeholder_type": list(
            base.values_list("stakeholder_type").annotate(n=Count("pk")).order_by("-n")
        ),
        "country": list(base.values_list("country").annotate(n=Count("pk")).order_by("-n")),
    }


def awaiting_verification() -> QuerySet[Member]:
    """Members the PMU has to look at: local authorities not verified yet, and members
    whose organisation is not yet linked to the registry; oldest first."""
    return (
        Member.objects.filter(left_at__isnull=True)
        .filter(
            Q(stakeholder_type="local_authority", authority_verified_at__isnull=True)
            | ~Q(proposed_organisation="")
        )
        .select_related("user", "organisation")
        .order_by("joined_at", "pk")
    )


def organisation_candidates(member: Member) -> list[Any]:
    """The registry's organisations the member's named one may be (same country, a
    name like it), most alike first."""
    from jmdi.directory.models import Country
    from jmdi.directory.selectors import similar_organisations

    name = member.proposed_organisation or (member.organisation.name if member.organisation else "")
    country = Country.objects.filter(code=str(member.country)).first()
    if not name or country is None:
        return []
    return similar_organisations(country, name)[:5]
