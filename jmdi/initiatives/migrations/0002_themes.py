"""The themes of migration and development an initiative can be filed under, in the
platform's four languages (a controlled list, so that a filter reads the same everywhere)."""

from django.db import migrations

THEMES = [
    (
        "economic_development",
        "Local economic development and diaspora investment",
        "Développement économique local et investissement de la diaspora",
        "Desarrollo económico local e inversión de la diáspora",
        "التنمية الاقتصادية المحلية واستثمار الجاليات",
    ),
    (
        "remittances",
        "Remittances and financial inclusion",
        "Transferts de fonds et inclusion financière",
        "Remesas e inclusión financiera",
        "التحويلات المالية والشمول المالي",
    ),
    (
        "employment_skills",
        "Employment, skills and entrepreneurship",
        "Emploi, compétences et entrepreneuriat",
        "Empleo, competencias y emprendimiento",
        "التشغيل والمهارات وريادة الأعمال",
    ),
    (
        "rights_protection",
        "Migrants' rights and protection",
        "Droits et protection des migrants",
        "Derechos y protección de las personas migrantes",
        "حقوق المهاجرين وحمايتهم",
    ),
    (
        "integration",
        "Social inclusion and integration",
        "Inclusion sociale et intégration",
        "Inclusión social e integración",
        "الإدماج الاجتماعي والاندماج",
    ),
    (
        "return_reintegration",
        "Return and reintegration",
        "Retour et réintégration",
        "Retorno y reintegración",
        "العودة وإعادة الإدماج",
    ),
    (
        "services",
        "Access to services (health, education, housing)",
        "Accès aux services (santé, éducation, logement)",
        "Acceso a servicios (salud, educación, vivienda)",
        "الوصول إلى الخدمات (الصحة والتعليم والسكن)",
    ),
    (
        "information",
        "Information, orientation and migrant resource centres",
        "Information, orientation et centres de ressources pour les migrants",
        "Información, orientación y centros de recursos para migrantes",
        "الإعلام والتوجيه ومراكز موارد المهاجرين",
    ),
    (
        "governance",
        "Local governance and planning of migration",
        "Gouvernance locale et planification de la migration",
        "Gobernanza local y planificación de la migración",
        "الحوكمة المحلية وتخطيط الهجرة",
    ),
    (
        "gender",
        "Gender equality and women's empowerment",
        "Égalité de genre et autonomisation des femmes",
        "Igualdad de género y empoderamiento de las mujeres",
        "المساواة بين الجنسين وتمكين المرأة",
    ),
    (
        "culture",
        "Culture, identity and intercultural dialogue",
        "Culture, identité et dialogue interculturel",
        "Cultura, identidad y diálogo intercultural",
        "الثقافة والهوية والحوار بين الثقافات",
    ),
]


def add_themes(apps, schema_editor):
    Theme = apps.get_model("initiatives", "Theme")
    for order, (code, en, fr, es, ar) in enumerate(THEMES, start=1):
        Theme.objects.update_or_create(
            code=code,
            defaults={"order": order, "name_en": en, "name_fr": fr, "name_es": es, "name_ar": ar},
        )


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initial")]
    operations = [migrations.RunPython(add_themes, migrations.RunPython.noop)]
