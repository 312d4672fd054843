"""Plausible initiatives for the demo and synthetic data, written in each country's
language (with an English or French translation of some). Invented, but the kind of work
the mapping of local authorities' migration and development initiatives found.

Each entry: title and summary with `{place}` (a municipality) and `{de_place}` (French
"de"/"d'" + place), the themes, the migration contexts, the target groups, and the
translation (title, summary) into `TRANSLATED_TO[language]`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Template:
    title: str
    summary: str
    themes: tuple[str, ...]
    contexts: tuple[str, ...]
    groups: tuple[str, ...]
    translated_title: str
    translated_summary: str


TRANSLATED_TO = {"fr": "en", "es": "en", "en": "fr"}

TEMPLATES: dict[str, list[Template]] = {
    "fr": [
        Template(
            "Maison des Marocains résidant à l'étranger {de_place}",
            "Un guichet communal accueille les migrants de retour et les membres de la diaspora "
            "qui souhaitent investir à {place} : information, orientation administrative et "
            "mise en relation avec les services techniques de la commune.",
            ("economic_development", "return_reintegration"),
            ("emigration", "return_migration"),
            ("diaspora", "returnees"),
            "Diaspora house of {place}",
            "A municipal desk welcomes returning migrants and members of the diaspora who wish "
            "to invest in {place}: information, administrative guidance and contacts with the "
            "municipality's technical services.",
        ),
        Template(
            "Fonds communal d'appui aux projets productifs des migrants {de_place}",
            "La commune cofinance, avec une association de la diaspora, de petits projets "
            "agricoles et artisanaux portés par des familles de migrants, et forme les "
            "porteurs de projets à la gestion.",
            ("economic_development", "remittances"),
            ("emigration",),
            ("families", "diaspora"),
            "Municipal fund for migrants' productive projects in {place}",
            "The municipality co-finances, with a diaspora association, small farming and "
            "craft projects run by migrants' families, and trains the project holders in "
            "management.",
        ),
        Template(
            "Intégration du volet migration dans le plan communal de développement {de_place}",
            "Diagnostic participatif des dynamiques migratoires du territoire et inscription "
            "d'actions concrètes dans le plan communal de développement, avec un comité "
            "consultatif associant la société civile.",
            ("governance", "economic_development"),
            ("emigration", "immigration"),
            ("local_authorities",),
            "Mainstreaming migration into the local development plan of {place}",
            "A participatory assessment of the area's migration dynamics and concrete actions "
            "written into the municipal development plan, with an advisory committee that "
            "includes civil society.",
        ),
        Template(
            "Accueil et accompagnement des migrants subsahariens à {place}",
            "Un centre d'écoute communal, animé avec des associations, oriente les migrants "
            "installés à {place} vers la santé, l'école et l'emploi, et sensibilise la "
            "population à leur inclusion.",
            ("integration", "rights_protection"),
            ("immigration", "transit"),
            ("migrants", "host_communities"),
            "Welcoming and supporting sub-Saharan migrants in {place}",
            "A municipal listening centre, run with associations, guides migrants living in "
            "{place} towards health care, school and work, and raises the population's "
            "awareness of their inclusion.",
        ),
        Template(
            "Femmes, migration et entrepreneuriat rural {de_place}",
            "Accompagnement de coopératives de femmes de familles de migrants : formation, "
            "accès au microcrédit et commercialisation des produits du terroir.",
            ("employment_skills", "gender"),
            ("emigration",),
            ("women", "families"),
            "Women, migration and rural entrepreneurship in {place}",
            "Support to cooperatives of women from migrants' families: training, access to "
            "microcredit and marketing of local products.",
        ),
        Template(
            "Jeunes et mobilité : information sur la migration régulière à {place}",
            "Un espace jeunesse informe sur les voies de migration régulière et les risques "
            "de la migration irrégulière, et propose des formations qualifiantes reconnues.",
            ("employment_skills", "rights_protection"),
            ("emigration", "transit"),
            ("youth",),
            "Young people and mobility: information on regular migration in {place}",
            "A youth centre informs about regular migration routes and the risks of irregular "
            "migration, and offers recognised vocational training.",
        ),
        Template(
            "Jumelage de coopération décentralisée {de_place} avec une ville d'accueil",
            "Partenariat entre la commune et une collectivité du pays de résidence de sa "
            "diaspora : échanges techniques, projets d'eau et d'assainissement cofinancés.",
            ("services", "governance"),
            ("emigration",),
            ("local_authorities", "diaspora"),
            "Decentralised cooperation twinning of {place} with a host city",
            "A partnership between the municipality and a local authority of the country where "
            "its diaspora lives: technical exchanges, co-financed water and sanitation projects.",
        ),
        Template(
            "Mobilisation des transferts de fonds pour les services de base {de_place}",
            "Un mécanisme d'épargne collective de la diaspora finance, avec la commune, des "
            "équipements de santé et d'éducation, suivis par un comité mixte.",
            ("remittances", "services"),
            ("emigration",),
            ("diaspora", "families"),
            "Mobilising remittances for basic services in {place}",
            "A collective savings scheme of the diaspora finances, with the municipality, "
            "health and education facilities, overseen by a joint committee.",
        ),
        Template(
            "Réintégration économique des migrants de retour {de_place}",
            "Accompagnement personnalisé des migrants de retour : bilan de compétences, "
            "formation, appui à la création d'activités génératrices de revenus.",
            ("return_reintegration", "employment_skills"),
            ("return_migration",),
            ("returnees",),
            "Economic reintegration of returning migrants in {place}",
            "Personal support to returning migrants: skills assessment, training, help to "
            "start income-generating activities.",
        ),
        Template(
            "Observatoire local des migrations {de_place}",
            "Collecte et analyse de données sur les départs, les retours et l'installation de "
            "migrants, avec l'université, pour orienter les politiques communales.",
            ("governance", "information"),
            ("emigration", "immigration", "return_migration"),
            ("local_authorities",),
            "Local migration observatory of {place}",
            "Collecting and analysing data on departures, returns and migrants settling in "
            "the area, with the university, to guide municipal policies.",
        ),
    ],
    "es": [
        Template(
            "Ventanilla municipal de atención a la persona migrante en {place}",
            "Una oficina municipal orienta a las personas migrantes y a sus familias sobre "
            "trámites, derechos y servicios, en coordinación con organizaciones de la "
            "sociedad civil.",
            ("rights_protection", "integration"),
            ("emigration", "immigration"),
            ("migrants", "families"),
            "Municipal desk for migrants in {place}",
            "A municipal office advises migrants and their families on procedures, rights and "
            "services, together with civil-society organisations.",
        ),
        Template(
            "Emprendimientos productivos con remesas en {place}",
            "La municipalidad y una cooperativa de ahorro acompañan a familias receptoras de "
            "remesas para convertir parte de ellas en pequeños negocios sostenibles.",
            ("remittances", "economic_development"),
            ("emigration",),
            ("families",),
            "Productive enterprises with remittances in {place}",
            "The municipality and a savings cooperative help families receiving remittances to "
            "turn part of them into small sustainable businesses.",
        ),
        Template(
            "Integración de personas refugiadas y solicitantes de asilo en {place}",
            "Acceso a empleo, vivienda y servicios de salud para personas refugiadas, con "
            "campañas contra la discriminación en la comunidad de acogida.",
            ("integration", "rights_protection"),
            ("refugees", "immigration"),
            ("refugees", "host_communities"),
            "Integration of refugees and asylum seekers in {place}",
            "Access to work, housing and health services for refugees, with campaigns against "
            "discrimination in the host community.",
        ),
        Template(
            "Reinserción de migrantes retornados en {place}",
            "Programa municipal de acogida para personas retornadas: apoyo psicosocial, "
            "certificación de competencias y acceso a capital semilla.",
            ("return_reintegration", "employment_skills"),
            ("return_migration",),
            ("returnees",),
            "Reintegration of returning migrants in {place}",
            "A municipal reception programme for returnees: psychosocial support, "
            "certification of skills and access to seed capital.",
        ),
        Template(
            "Red de la diáspora para el desarrollo local de {place}",
            "La diáspora organizada cofinancia con la municipalidad obras comunitarias y "
            "becas, con un comité de seguimiento transparente.",
            ("economic_development", "remittances"),
            ("emigration",),
            ("diaspora",),
            "Diaspora network for the local development of {place}",
            "The organised diaspora co-finances community works and scholarships with the "
            "municipality, with a transparent monitoring committee.",
        ),
        Template(
            "Mujeres migrantes y trabajo decente en {place}",
            "Formación y acompañamiento de mujeres migrantes trabajadoras del hogar y de la "
            "agricultura sobre sus derechos laborales y el acceso a la seguridad social.",
            ("gender", "rights_protection"),
            ("immigration",),
            ("women", "migrants"),
            "Migrant women and decent work in {place}",
            "Training and support for migrant women working in domestic work and agriculture "
            "on their labour rights and access to social security.",
        ),
        Template(
            "Plan cantonal de movilidad humana de {place}",
            "Elaboración participativa de una política local de movilidad humana e inclusión "
            "de la migración en la planificación del desarrollo municipal.",
            ("governance",),
            ("emigration", "immigration", "transit"),
            ("local_authorities",),
            "Local human mobility plan of {place}",
            "Participatory drafting of a local human mobility policy and inclusion of "
            "migration in the municipal development planning.",
        ),
        Template(
            "Jóvenes con oportunidades: alternativas a la migración irregular en {place}",
            "Talleres de formación técnica, orientación vocacional e inserción laboral para "
            "jóvenes en riesgo de migrar de forma irregular.",
            ("employment_skills",),
            ("emigration", "transit"),
            ("youth",),
            "Young people with opportunities: alternatives to irregular migration in {place}",
            "Technical training workshops, career guidance and job placement for young people "
            "at risk of migrating irregularly.",
        ),
        Template(
            "Protección de personas migrantes en tránsito en {place}",
            "Un albergue municipal y una red de organizaciones brindan asistencia humanitaria "
            "y orientación legal a las personas migrantes en tránsito.",
            ("rights_protection",),
            ("transit",),
            ("migrants",),
            "Protecting migrants in transit in {place}",
            "A municipal shelter and a network of organisations provide humanitarian "
            "assistance and legal advice to migrants in transit.",
        ),
        Template(
            "Educación financiera para familias de migrantes en {place}",
            "Cursos de educación financiera y acceso a productos de ahorro para hogares que "
            "reciben remesas, con la cooperativa local.",
            ("remittances",),
            ("emigration",),
            ("families", "women"),
            "Financial education for migrants' families in {place}",
            "Financial literacy courses and access to savings products for households "
            "receiving remittances, with the local cooperative.",
        ),
    ],
    "en": [
        Template(
            "{place} Migrants' Resource Centre",
            "A one-stop centre of the city government gives overseas workers and their "
            "families pre-departure orientation, legal assistance and referral to services.",
            ("rights_protection", "services"),
            ("emigration", "return_migration"),
            ("migrants", "families"),
            "Centre de ressources pour les migrants de {place}",
            "Un guichet unique de la municipalité offre aux travailleurs migrants et à leurs "
            "familles une préparation au départ, une aide juridique et une orientation.",
        ),
        Template(
            "Reintegration and livelihood programme for returning workers in {place}",
            "Skills training, starter kits and business coaching for returning overseas "
            "workers, run by the city with local cooperatives.",
            ("return_reintegration", "employment_skills"),
            ("return_migration",),
            ("returnees",),
            "Programme de réintégration et de moyens de subsistance à {place}",
            "Formations, kits de démarrage et accompagnement d'entreprise pour les "
            "travailleurs migrants de retour, menés par la ville avec des coopératives.",
        ),
        Template(
            "Diaspora investment forum of {place}",
            "An annual forum and an investment desk connect the diaspora with local "
            "enterprises and municipal infrastructure projects.",
            ("economic_development",),
            ("emigration",),
            ("diaspora",),
            "Forum de l'investissement de la diaspora de {place}",
            "Un forum annuel et un guichet d'investissement mettent en relation la diaspora et "
            "les entreprises locales et projets d'infrastructure de la ville.",
        ),
        Template(
            "Savings and remittance groups for migrants' families in {place}",
            "Community savings groups help families of migrant workers manage remittances, "
            "save and invest in small enterprises.",
            ("remittances", "economic_development"),
            ("emigration",),
            ("families", "women"),
            "Groupes d'épargne des familles de migrants de {place}",
            "Des groupes d'épargne communautaires aident les familles de travailleurs migrants "
            "à gérer les transferts, épargner et investir dans de petites entreprises.",
        ),
        Template(
            "Safe migration awareness in the barangays of {place}",
            "Information campaigns against illegal recruitment and trafficking, with a "
            "referral network for victims.",
            ("rights_protection",),
            ("emigration", "transit"),
            ("youth", "women"),
            "Sensibilisation à une migration sûre dans les quartiers de {place}",
            "Campagnes d'information contre le recrutement illégal et la traite, avec un "
            "réseau d'orientation des victimes.",
        ),
        Template(
            "Migration and development council of {place}",
            "A local council joining the city, civil society and the private sector plans "
            "and monitors the city's migration and development actions.",
            ("governance",),
            ("emigration", "immigration"),
            ("local_authorities",),
            "Conseil migration et développement de {place}",
            "Un conseil local réunissant la ville, la société civile et le secteur privé "
            "planifie et suit les actions de la ville en matière de migration et de "
            "développement.",
        ),
        Template(
            "Women migrant workers' support desk in {place}",
            "Counselling, psychosocial support and skills training for women migrant workers "
            "and the wives of workers abroad.",
            ("gender", "rights_protection"),
            ("emigration", "return_migration"),
            ("women",),
            "Guichet d'appui aux travailleuses migrantes de {place}",
            "Conseil, soutien psychosocial et formation pour les travailleuses migrantes et "
            "les épouses de travailleurs à l'étranger.",
        ),
        Template(
            "Skills for employment abroad and at home in {place}",
            "Technical and vocational training recognised in destination countries and in the "
            "local labour market, with employers' involvement.",
            ("employment_skills",),
            ("emigration",),
            ("youth", "migrants"),
            "Compétences pour l'emploi à l'étranger et au pays à {place}",
            "Formation technique et professionnelle reconnue dans les pays de destination et "
            "sur le marché du travail local, avec les employeurs.",
        ),
        Template(
            "Migration data and profiling of {place}",
            "A household survey and a local database on migration, used to plan services for "
            "migrants' families.",
            ("information", "governance"),
            ("emigration", "return_migration"),
            ("local_authorities",),
            "Données et profil migratoire de {place}",
            "Une enquête auprès des ménages et une base de données locale sur la migration, "
            "utilisées pour planifier les services aux familles de migrants.",
        ),
        Template(
            "Inclusion of internally displaced families in {place}",
            "Housing, livelihoods and access to services for families displaced by conflict "
            "and disasters, with host community dialogue.",
            ("integration",),
            ("refugees",),
            ("refugees", "host_communities"),
            "Inclusion des familles déplacées à {place}",
            "Logement, moyens de subsistance et accès aux services pour les familles déplacées "
            "par les conflits et les catastrophes, avec un dialogue avec la population "
            "d'accueil.",
        ),
    ],
}

RESULTS = {
    "fr": [
        "{n} porteurs de projets accompagnés ; un guichet ouvert en mairie.",
        "{n} familles bénéficiaires ; une convention signée avec la diaspora.",
        "Plan d'action adopté par le conseil communal ; {n} personnes formées.",
    ],
    "es": [
        "{n} personas atendidas; un convenio firmado con la cooperativa.",
        "{n} emprendimientos en marcha; ordenanza municipal aprobada.",
        "Política local aprobada por el concejo; {n} personas capacitadas.",
    ],
    "en": [
        "{n} people served; a city ordinance adopted.",
        "{n} returning workers trained; {m} enterprises started.",
        "Local plan approved by the city council; {n} families reached.",
    ],
}
SOURCES = {
    "fr": "Cartographie de l'ICMD 2012 ; entretien avec les services de la commune.",
    "es": "Mapeo de la ICMD 2012; entrevista con la municipalidad.",
    "en": "JMDI mapping 2012; interview with the city government.",
}

#: Where each programme country's migrants go, and who comes to it (origin, destination).
#: Codes of the programme countries and of a few destination countries.
CORRIDORS = {
    "MA": (["MA"], ["FR", "ES", "IT"]),
    "TN": (["TN"], ["FR", "IT", "DE"]),
    "SN": (["SN"], ["FR", "IT", "ES"]),
    "CR": (["NI"], ["CR"]),
    "SV": (["SV"], ["US"]),
    "EC": (["EC"], ["ES", "IT", "US"]),
    "PH": (["PH"], ["SA", "US"]),
    "NP": (["NP"], ["QA", "MY", "SA"]),
}
#: Migration between countries of the South: (origin, destination).
SOUTH_SOUTH = {
    "MA": ("SN", "MA"),
    "TN": ("SN", "TN"),
    "SN": ("SN", "MA"),
    "CR": ("NI", "CR"),
    "SV": ("SV", "CR"),
    "EC": ("VE", "EC"),
    "PH": ("PH", "MY"),
    "NP": ("NP", "QA"),
}
CURRENCY = {"MA": "EUR", "TN": "EUR", "SN": "EUR", "CR": "USD", "SV": "USD", "EC": "USD"}

#: Region-level local authorities and universities, per language.
REGION_AUTHORITY = {
    "fr": "Conseil régional {de_place}",
    "es": "Gobierno Provincial de {place}",
    "en": "Provincial Government of {place}",
}
UNIVERSITY = {
    "fr": "Université {de_place}",
    "es": "Universidad de {place}",
    "en": "University of {place}",
}
