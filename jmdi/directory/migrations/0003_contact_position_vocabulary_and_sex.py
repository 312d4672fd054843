"""Contact positions become a translated list; contacts get an optional sex.

Positions were free English text. Each known English wording becomes its code (any
case, spaces around ignored); any other text is kept, word for word, as an "Other"
position. History rows are mapped the same way, so past versions read in every
language too. Set-based updates: one query per wording, whatever the number of rows.
"""

from django.db import migrations, models
from django.db.models import F, Q
from django.db.models.functions import Trim

#: English wordings in use before the list existed (the demo data's and the list's own).
WORDINGS = {
    "mayor": "mayor",
    "deputy mayor": "deputy_mayor",
    "local councillor": "councillor",
    "councillor": "councillor",
    "secretary general": "secretary_general",
    "head of planning": "head_of_planning",
    "local development officer": "local_development_officer",
    "migration desk officer": "migration_officer",
    "president": "president",
    "president or chair": "president",
    "chair": "president",
    "director": "director",
    "programme coordinator": "programme_coordinator",
    "programme officer": "programme_officer",
    "secretary": "secretary",
    "treasurer": "treasurer",
    "manager": "manager",
    "partnerships officer": "partnerships_officer",
}
CODES = set(WORDINGS.values()) | {"other"}
#: Back to English words, to undo the migration.
ENGLISH = {
    "mayor": "Mayor",
    "deputy_mayor": "Deputy mayor",
    "councillor": "Local councillor",
    "secretary_general": "Secretary general",
    "head_of_planning": "Head of planning",
    "local_development_officer": "Local development officer",
    "migration_officer": "Migration desk officer",
    "president": "President",
    "director": "Director",
    "programme_coordinator": "Programme coordinator",
    "programme_officer": "Programme officer",
    "secretary": "Secretary",
    "treasurer": "Treasurer",
    "manager": "Manager",
    "partnerships_officer": "Partnerships officer",
}


def _models(apps):
    return [apps.get_model("directory", "Contact"), apps.get_model("directory", "HistoricalContact")]


def _checks_now(schema_editor):
    """PostgreSQL queues deferred foreign-key checks for rows updated here, and then
    refuses to alter the table in the same transaction: check them as we go instead."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def to_codes(apps, schema_editor):
    _checks_now(schema_editor)
    for model in _models(apps):
        trimmed = model.objects.annotate(trimmed=Trim("position"))
        for wording, code in WORDINGS.items():
            trimmed.filter(trimmed__iexact=wording).exclude(position=code).update(position=code)
        trimmed.filter(trimmed="").exclude(position="").update(position="")
        model.objects.exclude(Q(position__in=CODES) | Q(position="")).update(
            position_other=Trim(F("position")), position="other"
        )


def to_english(apps, schema_editor):
    _checks_now(schema_editor)
    for model in _models(apps):
        for code, wording in ENGLISH.items():
            model.objects.filter(position=code).update(position=wording)
        model.objects.filter(position="other").update(
            position=F("position_other"), position_other=""
        )


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0002_organisation_names_collation'),
    ]

    operations = [
        migrations.AddField(
            model_name='contact',
            name='position_other',
            field=models.CharField(blank=True, help_text="Only when the position is “Other”: the position in the person's words.", max_length=200, verbose_name='other position'),
        ),
        migrations.AddField(
            model_name='contact',
            name='sex',
            field=models.CharField(choices=[('female', 'Female'), ('male', 'Male'), ('another', 'Another answer'), ('not_recorded', 'Not recorded')], default='not_recorded', error_messages={'invalid_choice': 'Choose one of the listed answers, or “Not recorded”.'}, help_text="Used to count women and men in the programme's figures. Leave “Not recorded” unless the person has told you.", max_length=20, verbose_name='sex'),
        ),
        migrations.AddField(
            model_name='historicalcontact',
            name='position_other',
            field=models.CharField(blank=True, help_text="Only when the position is “Other”: the position in the person's words.", max_length=200, verbose_name='other position'),
        ),
        migrations.AddField(
            model_name='historicalcontact',
            name='sex',
            field=models.CharField(choices=[('female', 'Female'), ('male', 'Male'), ('another', 'Another answer'), ('not_recorded', 'Not recorded')], default='not_recorded', error_messages={'invalid_choice': 'Choose one of the listed answers, or “Not recorded”.'}, help_text="Used to count women and men in the programme's figures. Leave “Not recorded” unless the person has told you.", max_length=20, verbose_name='sex'),
        ),
        # Existing wordings become codes before the column shrinks to the codes' length.
        migrations.RunPython(to_codes, to_english),
        migrations.AlterField(
            model_name='contact',
            name='email',
            field=models.EmailField(blank=True, error_messages={'invalid': 'Enter an email address such as name@example.org.'}, max_length=254, verbose_name='email'),
        ),
        migrations.AlterField(
            model_name='contact',
            name='full_name',
            field=models.CharField(error_messages={'blank': "Enter the person's full name."}, max_length=200, verbose_name='full name'),
        ),
        migrations.AlterField(
            model_name='contact',
            name='position',
            field=models.CharField(blank=True, choices=[('mayor', 'Mayor'), ('deputy_mayor', 'Deputy mayor'), ('councillor', 'Local councillor'), ('secretary_general', 'Secretary general'), ('head_of_planning', 'Head of planning'), ('local_development_officer', 'Local development officer'), ('migration_officer', 'Migration desk officer'), ('president', 'President or chair'), ('director', 'Director'), ('programme_coordinator', 'Programme coordinator'), ('programme_officer', 'Programme officer'), ('secretary', 'Secretary'), ('treasurer', 'Treasurer'), ('manager', 'Manager'), ('partnerships_officer', 'Partnerships officer'), ('other', 'Other')], error_messages={'invalid_choice': 'Choose a position from the list, or “Other” and write it.'}, max_length=40, verbose_name='position'),
        ),
        migrations.AlterField(
            model_name='historicalcontact',
            name='email',
            field=models.EmailField(blank=True, error_messages={'invalid': 'Enter an email address such as name@example.org.'}, max_length=254, verbose_name='email'),
        ),
        migrations.AlterField(
            model_name='historicalcontact',
            name='full_name',
            field=models.CharField(error_messages={'blank': "Enter the person's full name."}, max_length=200, verbose_name='full name'),
        ),
        migrations.AlterField(
            model_name='historicalcontact',
            name='position',
            field=models.CharField(blank=True, choices=[('mayor', 'Mayor'), ('deputy_mayor', 'Deputy mayor'), ('councillor', 'Local councillor'), ('secretary_general', 'Secretary general'), ('head_of_planning', 'Head of planning'), ('local_development_officer', 'Local development officer'), ('migration_officer', 'Migration desk officer'), ('president', 'President or chair'), ('director', 'Director'), ('programme_coordinator', 'Programme coordinator'), ('programme_officer', 'Programme officer'), ('secretary', 'Secretary'), ('treasurer', 'Treasurer'), ('manager', 'Manager'), ('partnerships_officer', 'Partnerships officer'), ('other', 'Other')], error_messages={'invalid_choice': 'Choose a position from the list, or “Other” and write it.'}, max_length=40, verbose_name='position'),
        ),
        migrations.AlterField(
            model_name='historicalorganisation',
            name='kind',
            field=models.CharField(choices=[('un_agency', 'UN agency'), ('donor', 'Donor'), ('training_institution', 'Training institution'), ('local_authority', 'Local authority'), ('national_government', 'National government'), ('civil_society', 'Civil society organisation'), ('diaspora', 'Diaspora organisation'), ('private_sector', 'Private sector'), ('academia', 'University or research centre'), ('other', 'Other')], default='other', error_messages={'invalid_choice': 'Choose one of the listed kinds of organisation.'}, max_length=30, verbose_name='kind'),
        ),
        migrations.AlterField(
            model_name='historicalorganisation',
            name='name',
            field=models.CharField(error_messages={'blank': "Enter the organisation's name, as it writes it."}, max_length=250, verbose_name='name'),
        ),
        migrations.AlterField(
            model_name='historicalorganisation',
            name='website',
            field=models.URLField(blank=True, error_messages={'invalid': 'Enter the whole address, such as https://example.org.'}, verbose_name='website'),
        ),
        migrations.AlterField(
            model_name='historicalsubnationalarea',
            name='kind',
            field=models.CharField(choices=[('region', 'Region or province'), ('department', 'Department or district'), ('municipality', 'Municipality')], default='region', error_messages={'invalid_choice': 'Choose a region, a department or a municipality.'}, max_length=20, verbose_name='kind'),
        ),
        migrations.AlterField(
            model_name='historicalsubnationalarea',
            name='name',
            field=models.CharField(error_messages={'blank': "Enter the area's name."}, max_length=200, verbose_name='name'),
        ),
        migrations.AlterField(
            model_name='organisation',
            name='kind',
            field=models.CharField(choices=[('un_agency', 'UN agency'), ('donor', 'Donor'), ('training_institution', 'Training institution'), ('local_authority', 'Local authority'), ('national_government', 'National government'), ('civil_society', 'Civil society organisation'), ('diaspora', 'Diaspora organisation'), ('private_sector', 'Private sector'), ('academia', 'University or research centre'), ('other', 'Other')], default='other', error_messages={'invalid_choice': 'Choose one of the listed kinds of organisation.'}, max_length=30, verbose_name='kind'),
        ),
        migrations.AlterField(
            model_name='organisation',
            name='name',
            field=models.CharField(error_messages={'blank': "Enter the organisation's name, as it writes it."}, max_length=250, verbose_name='name'),
        ),
        migrations.AlterField(
            model_name='organisation',
            name='website',
            field=models.URLField(blank=True, error_messages={'invalid': 'Enter the whole address, such as https://example.org.'}, verbose_name='website'),
        ),
        migrations.AlterField(
            model_name='subnationalarea',
            name='kind',
            field=models.CharField(choices=[('region', 'Region or province'), ('department', 'Department or district'), ('municipality', 'Municipality')], default='region', error_messages={'invalid_choice': 'Choose a region, a department or a municipality.'}, max_length=20, verbose_name='kind'),
        ),
        migrations.AlterField(
            model_name='subnationalarea',
            name='name',
            field=models.CharField(error_messages={'blank': "Enter the area's name."}, max_length=200, verbose_name='name'),
        ),
        migrations.AddConstraint(
            model_name='contact',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('position', 'other'), models.Q(('position_other', ''), _negated=True)), models.Q(models.Q(('position', 'other'), _negated=True), ('position_other', '')), _connector='OR'), name='contact_other_position_only_with_other'),
        ),
    ]
