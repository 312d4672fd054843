"""The project documents of the demo: one per initiative the selection demo marked
`selected` (none if there is none), at varied stages, in each initiative's language.

Most are validated after two or three versions, some wait for the focal point's review,
some were returned with comments; the one led by the demo grantee login's organisation
is validated after three versions, its comments resolved. Deterministic (the order of
the initiatives' references decides everything) and idempotent (an initiative that has
a document is left as it is).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from jmdi.core.plugins import DemoContext
from jmdi.core.roles import Role
from jmdi.initiatives.models import Initiative
from jmdi.proposals import services
from jmdi.proposals.models import ProjectDocument

#: When the documents were drafted: after the steering committee's selection.
FIRST_DAY = dt.date(2014, 3, 3)

# The words of the demo documents, per language of the initiative.
TEXTS: dict[str, dict[str, Any]] = {
    "en": {
        "general": "Strengthen the capacity of {lead} to link migration and local development.",
        "specific": (
            "Set up a one-stop information desk for migrants and returnees.\n"
            "Involve the diaspora associations in the municipal development plan."
        ),
        "specific_more": "\nTrain municipal staff on migrants' rights and services.",
        "results": (
            "A migrant desk open five days a week at the town hall.\n"
            "A diaspora investment forum held every year."
        ),
        "activities": [
            ("Baseline survey of migrant households", "A survey of 400 households with the university."),
            ("Opening of the migrant information desk", "Premises, equipment and two trained advisers."),
            ("Diaspora investment forum", "A two-day forum with the diaspora associations."),
            ("Training of municipal staff", "Three sessions on migrants' rights and local services."),
        ],
        "budget": [
            ("Staff", "Project coordinator and two advisers"),
            ("Equipment", "Furniture and computers of the desk"),
            ("Events", "Forum and workshops"),
            ("Studies", "Baseline survey"),
            ("Communication", "Leaflets and radio broadcasts"),
        ],
        "indicators": [
            ("Migrants and returnees advised by the desk", "0", "1,200 a year"),
            ("Diaspora investment projects presented at the forum", "0", "15"),
            ("Municipal staff trained", "0", "40, half of them women"),
        ],
        "risks": "Municipal elections may change the council's priorities; the agreement with the partners is signed before the elections.",
        "risks_more": " Delays in transfers are covered by the partners' co-funding for three months.",
        "sustainability": "The desk becomes a municipal service in the council's budget from the third year.",
        "responsibilities": "Runs the activities it leads and reports on them each quarter.",
        "return": "Please detail the budget of the forum and say who pays for the desk after the project.",
        "return_pmu": "The indicators need a baseline measured by the survey, not zero by default.",
        "comment": "The activity calendar fits the municipal calendar well.",
    },
    "fr": {
        "general": "Renforcer la capacité de {lead} à lier migration et développement local.",
        "specific": (
            "Créer un guichet unique d'information pour les migrants et les migrants de retour.\n"
            "Associer les associations de la diaspora au plan communal de développement."
        ),
        "specific_more": "\nFormer le personnel communal aux droits et aux services des migrants.",
        "results": (
            "Un guichet des migrants ouvert cinq jours par semaine à la mairie.\n"
            "Un forum annuel de l'investissement de la diaspora."
        ),
        "activities": [
            ("Enquête de référence auprès des ménages migrants", "Une enquête auprès de 400 ménages avec l'université."),
            ("Ouverture du guichet d'information des migrants", "Locaux, équipement et deux conseillers formés."),
            ("Forum de l'investissement de la diaspora", "Un forum de deux jours avec les associations de la diaspora."),
            ("Formation du personnel communal", "Trois sessions sur les droits des migrants et les services locaux."),
        ],
        "budget": [
            ("Personnel", "Coordinateur du projet et deux conseillers"),
            ("Équipement", "Mobilier et ordinateurs du guichet"),
            ("Événements", "Forum et ateliers"),
            ("Études", "Enquête de référence"),
            ("Communication", "Dépliants et émissions de radio"),
        ],
        "indicators": [
            ("Migrants et migrants de retour conseillés par le guichet", "0", "1 200 par an"),
            ("Projets d'investissement de la diaspora présentés au forum", "0", "15"),
            ("Agents communaux formés", "0", "40, dont la moitié de femmes"),
        ],
        "risks": "Les élections communales peuvent changer les priorités du conseil ; la convention avec les partenaires est signée avant les élections.",
        "risks_more": " Les retards de virement sont couverts par le cofinancement des partenaires pendant trois mois.",
        "sustainability": "Le guichet devient un service communal inscrit au budget de la commune dès la troisième année.",
        "responsibilities": "Conduit les activités dont il a la charge et en rend compte chaque trimestre.",
        "return": "Merci de détailler le budget du forum et de préciser qui financera le guichet après le projet.",
        "return_pmu": "Les indicateurs ont besoin d'une valeur de référence mesurée par l'enquête, pas zéro par défaut.",
        "comment": "Le calendrier des activités s'accorde bien avec celui de la commune.",
    },
    "es": {
        "general": "Fortalecer la capacidad de {lead} para vincular migración y desarrollo local.",
        "specific": (
            "Crear una ventanilla única de información para personas migrantes y retornadas.\n"
            "Integrar a las asociaciones de la diáspora en el plan de desarrollo municipal."
        ),
        "specific_more": "\nCapacitar al personal municipal en derechos y servicios para migrantes.",
        "results": (
            "Una ventanilla para migrantes abierta cinco días a la semana en la alcaldía.\n"
            "Un foro anual de inversión de la diáspora."
        ),
        "activities": [
            ("Encuesta de línea de base en hogares migrantes", "Una encuesta a 400 hogares con la universidad."),
            ("Apertura de la ventanilla de información", "Local, equipamiento y dos asesores capacitados."),
            ("Foro de inversión de la diáspora", "Un foro de dos días con las asociaciones de la diáspora."),
            ("Capacitación del personal municipal", "Tres sesiones sobre derechos de los migrantes y servicios locales."),
        ],
        "budget": [
            ("Personal", "Coordinador del proyecto y dos asesores"),
            ("Equipamiento", "Mobiliario y computadoras de la ventanilla"),
            ("Eventos", "Foro y talleres"),
            ("Estudios", "Encuesta de línea de base"),
            ("Comunicación", "Folletos y programas de radio"),
        ],
        "indicators": [
            ("Personas migrantes y retornadas asesoradas", "0", "1.200 al año"),
            ("Proyectos de inversión de la diáspora presentados en el foro", "0", "15"),
            ("Funcionarios municipales capacitados", "0", "40, la mitad mujeres"),
        ],
        "risks": "Las elecciones municipales pueden cambiar las prioridades del concejo; el convenio con los socios se firma antes de las elecciones.",
        "risks_more": " Los retrasos en las transferencias se cubren con la cofinanciación de los socios durante tres meses.",
        "sustainability": "La ventanilla pasa a ser un servicio municipal en el presupuesto a partir del tercer año.",
        "responsibilities": "Ejecuta las actividades a su cargo e informa sobre ellas cada trimestre.",
        "return": "Por favor detallen el presupuesto del foro e indiquen quién financiará la ventanilla después del proyecto.",
        "return_pmu": "Los indicadores necesitan una línea de base medida por la encuesta, no cero por defecto.",
        "comment": "El calendario de actividades encaja bien con el calendario municipal.",
    },
    "ar": {
        "general": "تعزيز قدرة {lead} على الربط بين الهجرة والتنمية المحلية.",
        "specific": (
            "إحداث شباك موحد لإرشاد المهاجرين والعائدين.\n"
            "إشراك جمعيات الجالية في المخطط الجماعي للتنمية."
        ),
        "specific_more": "\nتكوين موظفي الجماعة في حقوق المهاجرين والخدمات المقدمة لهم.",
        "results": (
            "شباك للمهاجرين مفتوح خمسة أيام في الأسبوع بمقر الجماعة.\n"
            "منتدى سنوي لاستثمار الجالية."
        ),
        "activities": [
            ("دراسة مرجعية لأسر المهاجرين", "استطلاع 400 أسرة بشراكة مع الجامعة."),
            ("افتتاح شباك إرشاد المهاجرين", "مقر وتجهيزات ومستشاران مكونان."),
            ("منتدى استثمار الجالية", "منتدى لمدة يومين مع جمعيات الجالية."),
            ("تكوين موظفي الجماعة", "ثلاث دورات حول حقوق المهاجرين والخدمات المحلية."),
        ],
        "budget": [
            ("الموارد البشرية", "منسق المشروع ومستشاران"),
            ("التجهيزات", "أثاث وحواسيب الشباك"),
            ("التظاهرات", "المنتدى وورشات العمل"),
            ("الدراسات", "الدراسة المرجعية"),
            ("التواصل", "مطويات وبرامج إذاعية"),
        ],
        "indicators": [
            ("عدد المهاجرين والعائدين المستفيدين من الإرشاد", "0", "1200 سنويا"),
            ("مشاريع استثمار الجالية المقدمة في المنتدى", "0", "15"),
            ("موظفو الجماعة المكونون", "0", "40 نصفهم نساء"),
        ],
        "risks": "قد تغير الانتخابات الجماعية أولويات المجلس؛ توقع الاتفاقية مع الشركاء قبل الانتخابات.",
        "risks_more": " يغطي التمويل المشترك للشركاء تأخر التحويلات لمدة ثلاثة أشهر.",
        "sustainability": "يصبح الشباك مرفقا جماعيا مدرجا في ميزانية الجماعة ابتداء من السنة الثالثة.",
        "responsibilities": "ينفذ الأنشطة الموكولة إليه ويقدم تقريرا عنها كل ثلاثة أشهر.",
        "return": "المرجو تفصيل ميزانية المنتدى وتحديد من سيمول الشباك بعد انتهاء المشروع.",
        "return_pmu": "تحتاج المؤشرات إلى قيمة مرجعية تقيسها الدراسة، لا إلى صفر افتراضي.",
        "comment": "تقويم الأنشطة منسجم مع تقويم الجماعة.",
    },
}  # fmt: skip

#: Shares of the amount requested, per budget line (sum: 1).
SHARES = [Decimal("0.40"), Decimal("0.15"), Decimal("0.20"), Decimal("0.10"), Decimal("0.15")]


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


def _content(initiative: Initiative, document: ProjectDocument, round_: int) -> dict[str, Any]:
    """The draft at its `round_` (1, 2, 3): each round answers the last comments."""
    words = TEXTS.get(initiative.language[:2], TEXTS["en"])
    lead = str(initiative.lead_authority)
    requested = min(initiative.budget or Decimal("200000"), Decimal("250000"))
    requested = (requested / 1000).quantize(Decimal("1")) * 1000 or Decimal("200000")
    partners = document.content.get("partners") or []
    start = initiative.start_date or dt.date(2014, 9, 1)
    activities = []
    for index, (title, description) in enumerate(words["activities"]):
        if index == 3 and round_ < 2:
            continue  # the staff training comes in with the second version
        partner = partners[index % len(partners)] if partners else {}
        begins = start + dt.timedelta(days=90 * index)
        activities.append(
            {
                "title": title,
                "description": description,
                "start": begins.isoformat(),
                "end": (begins + dt.timedelta(days=120 + 30 * index)).isoformat(),
                "responsible": partner.get("organisation", ""),
                "organisation_id": partner.get("organisation_id", ""),
            }
        )
    budget = []
    for index, ((heading, description), share) in enumerate(
        zip(words["budget"], SHARES, strict=True)
    ):
        amount = (requested * share).quantize(Decimal("0.01"))
        if round_ >= 2 and index == 2:
            amount -= Decimal("5000.00")  # the forum's budget detailed, and trimmed
        co_funding = (amount * Decimal("0.25")).quantize(Decimal("0.01"))
        budget.append(
            {
                "heading": heading,
                "description": description,
                "amount": str(amount),
                "co_funding": str(co_funding if round_ >= 2 or index < 2 else Decimal("0.00")),
            }
        )
    indicators = [
        {
            "indicator": indicator,
            "baseline": baseline if round_ < 3 else f"{baseline} (2014)",
            "target": target,
            "means": "",
        }
        for indicator, baseline, target in words["indicators"]
    ]
    return {
        "summary": initiative.summary or words["results"],
        "general_objective": words["general"].format(lead=lead),
        "specific_objectives": words["specific"] + (words["specific_more"] if round_ >= 2 else ""),
        "expected_results": words["results"],
        "activities": activities,
        "budget": budget,
        "monitoring": indicators,
        "partners": [{**p, "responsibilities": words["responsibilities"]} for p in partners],
        "risks": words["risks"] + (words["risks_more"] if round_ >= 2 else ""),
        "sustainability": words["sustainability"] if round_ >= 2 else "",
    }


def _user(role: str, **where: Any) -> Any:
    filters = {f"role_assignments__{k}": v for k, v in where.items()}
    return (
        get_user_model()
        .objects.filter(
            role_assignments__role=role,
            role_assignments__revoked_at__isnull=True,
            is_active=True,
            **filters,
        )
        .order_by("pk")
        .first()
    )


def _draft(document: ProjectDocument, actor: Any, round_: int, day: dt.date) -> None:
    document.refresh_from_db()
    services.save_draft(
        actor=actor,
        document=document,
        content=_content(document.initiative, document, round_),
        revision=document.revision,
        at=_at(day),
    )


def _resolve_all(document: ProjectDocument, actor: Any, day: dt.date) -> None:
    from jmdi.proposals.models import Comment

    for comment in Comment.objects.filter(version__document=document, resolved=False):
        services.resolve_comment(actor=actor, comment=comment, at=_at(day, 15))


def build_document(
    initiative: Initiative,
    plan: str,
    versions: int,
    day: dt.date,
    pmu: Any,
    focal: Any,
    drafter: Any,
) -> ProjectDocument:
    """One document at its stage. `plan`: "validated", "submitted" or "returned"."""
    words = TEXTS.get(initiative.language[:2], TEXTS["en"])
    document = services.start_document(actor=drafter, initiative=initiative, at=_at(day, 9))
    step = dt.timedelta(days=12)
    for round_ in range(1, versions + 1):
        _draft(document, drafter, round_, day)
        services.submit_document(actor=drafter, document=document, at=_at(day, 11))
        day += step
        last = round_ == versions
        if round_ > 1:
            _resolve_all(document, drafter, day)
        if last and plan == "submitted":
            break
        if last and plan == "returned":
            services.return_document(
                actor=focal,
                document=document,
                reason=words["return"],
                section="budget",
                at=_at(day),
            )
            break
        if not last and round_ == 2:
            # The focal point found it ready; the PMU asked for a last change.
            services.review_document(actor=focal, document=document, at=_at(day))
            services.return_document(
                actor=pmu, document=document, reason=words["return_pmu"], section="monitoring",
                at=_at(day + dt.timedelta(days=3)),
            )  # fmt: skip
        elif not last:
            services.return_document(
                actor=focal,
                document=document,
                reason=words["return"],
                section="budget",
                at=_at(day),
            )
            version = document.versions.order_by("-number").first()
            if version is not None:
                services.add_comment(
                    actor=focal, version=version, text=words["comment"], section="activities",
                    at=_at(day, 12),
                )  # fmt: skip
        day += step
    if plan == "validated":
        services.review_document(actor=focal, document=document, at=_at(day))
        services.validate_document(actor=pmu, document=document, at=_at(day + dt.timedelta(days=4)))
        _resolve_all(document, drafter, day + dt.timedelta(days=4))
    document.refresh_from_db()
    return document


#: The stage of the i-th document (by reference): mostly validated.
PLANS = [
    ("validated", 2), ("validated", 3), ("submitted", 1), ("validated", 2),
    ("returned", 1), ("validated", 3), ("submitted", 2), ("validated", 2),
]  # fmt: skip


def load_demo_documents() -> int:
    pmu = _user(Role.PMU_OFFICER)
    if pmu is None:
        return 0
    made = 0
    initiatives = (
        Initiative.objects.filter(status=Initiative.Status.SELECTED)
        .select_related("country", "lead_authority")
        .order_by("programme_id", "reference")
    )
    for index, initiative in enumerate(initiatives):
        if ProjectDocument.objects.filter(initiative=initiative).exists():
            continue
        focal = _user(Role.FOCAL_POINT, country=initiative.country)
        if focal is None:
            continue
        grantee = _user(Role.GRANTEE, organisation=initiative.lead_authority_id)
        plan, versions = ("validated", 3) if grantee is not None else PLANS[index % len(PLANS)]
        with transaction.atomic():
            build_document(
                initiative,
                plan,
                versions,
                FIRST_DAY + dt.timedelta(days=5 * index),
                pmu=pmu,
                focal=focal,
                drafter=grantee or focal,
            )
        made += 1
    return made


def demo_step(context: DemoContext) -> None:
    made = load_demo_documents()
    if made:
        context.say(f"project documents: {made}")
