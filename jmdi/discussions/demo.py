"""The discussions' demo and synthetic data.

The demo writes, through the services (so activity, subscriptions, mentions and
notifications are what the pages would make): five public topics and a private space for
a course's trainees; about twenty-five discussions in English, French, Spanish and Arabic
as practitioners write them, with replies; a closed e-discussion "Involving diasporas in
local development planning" with its summary, an open one, and a flagged reply. It uses
whatever M4D Net members exist (creating a handful when there are fewer than ten).

The generator writes `posts` synthetic posts (threads and replies, about one thread in
twenty posts) in bulk, in a topic of its own per scale, with one busy thread of
`busy_replies` replies for the benchmark; a second run at a scale adds nothing.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from jmdi.core.plugins import DemoContext, DemoLogin, GeneratorContext
from jmdi.core.roles import Role
from jmdi.discussions import permissions, services
from jmdi.discussions.models import EDiscussion, Flag, Reply, Thread, Topic

BATCH = 5_000

SIZES = {
    "small": {"posts": 5_000, "busy_replies": 2_000},
    "large": {"posts": 500_000, "busy_replies": 2_000},
}

TOPICS = [
    (
        "local-planning",
        {
            "en": "Migration in local development planning",
            "fr": "La migration dans la planification du développement local",
            "es": "La migración en la planificación del desarrollo local",
            "ar": "الهجرة في تخطيط التنمية المحلية",
        },
        {
            "en": "Mainstreaming migration into municipal and regional plans, budgets and services.",
            "fr": "Intégrer la migration dans les plans, budgets et services communaux et régionaux.",
            "es": "Integrar la migración en los planes, presupuestos y servicios municipales y regionales.",
            "ar": "إدماج الهجرة في الخطط والميزانيات والخدمات البلدية والجهوية.",
        },
    ),
    (
        "diaspora-engagement",
        {
            "en": "Diaspora engagement and investment",
            "fr": "Engagement et investissement des diasporas",
            "es": "Participación e inversión de las diásporas",
            "ar": "إشراك الجاليات في الخارج واستثماراتها",
        },
        {
            "en": "Working with diaspora associations, remittances and productive investment.",
            "fr": "Travailler avec les associations de la diaspora, les transferts et l'investissement productif.",
            "es": "Trabajar con asociaciones de la diáspora, remesas e inversión productiva.",
            "ar": "العمل مع جمعيات الجالية والتحويلات والاستثمار المنتج.",
        },
    ),
    (
        "services-returnees",
        {
            "en": "Services for migrants, returnees and displaced people",
            "fr": "Services aux migrants, aux personnes de retour et aux déplacés",
            "es": "Servicios para migrantes, retornados y personas desplazadas",
            "ar": "خدمات للمهاجرين والعائدين والنازحين",
        },
        {
            "en": "One-stop shops, reintegration, access to documents, health and jobs.",
            "fr": "Guichets uniques, réintégration, accès aux documents, à la santé et à l'emploi.",
            "es": "Ventanillas únicas, reintegración, acceso a documentos, salud y empleo.",
            "ar": "الشبابيك الموحدة وإعادة الإدماج والوصول إلى الوثائق والصحة والشغل.",
        },
    ),
    (
        "partnerships",
        {
            "en": "Partnerships and decentralised cooperation",
            "fr": "Partenariats et coopération décentralisée",
            "es": "Alianzas y cooperación descentralizada",
            "ar": "الشراكات والتعاون اللامركزي",
        },
        {
            "en": "Twinning, city-to-city cooperation and working with national governments.",
            "fr": "Jumelages, coopération de ville à ville et travail avec l'État.",
            "es": "Hermanamientos, cooperación entre ciudades y trabajo con el gobierno nacional.",
            "ar": "التوأمة والتعاون بين المدن والعمل مع الحكومات الوطنية.",
        },
    ),
    (
        "data-evidence",
        {
            "en": "Local data and evidence on migration",
            "fr": "Données et connaissances locales sur la migration",
            "es": "Datos y evidencia local sobre migración",
            "ar": "البيانات والمعطيات المحلية حول الهجرة",
        },
        {
            "en": "Mapping, surveys, profiles of migration at municipal level.",
            "fr": "Cartographies, enquêtes et profils migratoires à l'échelle communale.",
            "es": "Mapeos, encuestas y perfiles migratorios a nivel municipal.",
            "ar": "الخرائط والاستطلاعات والملامح الهجروية على المستوى البلدي.",
        },
    ),
]

PRIVATE_TOPIC = (
    "trainees-2026",
    {
        "en": "Trainees' space: local governance of migration, 2026 course",
        "fr": "Espace des stagiaires : gouvernance locale de la migration, session 2026",
        "es": "Espacio de participantes: gobernanza local de la migración, curso 2026",
        "ar": "فضاء المتدربين: الحوكمة المحلية للهجرة، دورة 2026",
    },
    {
        "en": "For the course's trainees and trainers: assignments, questions, peer exchange.",
        "fr": "Pour les stagiaires et formateurs de la session : travaux, questions, échanges.",
        "es": "Para participantes y formadores del curso: tareas, preguntas, intercambio.",
        "ar": "لمتدربي الدورة ومؤطريها: الواجبات والأسئلة وتبادل التجارب.",
    },
)

# (topic, language, title, body, [replies]); "{name}" in a reply mentions a member.
THREADS: list[tuple[str, str, str, str, list[str]]] = [
    (
        "local-planning",
        "en",
        "How did you get migration into your municipal development plan?",
        "Our council is revising its five-year development plan this year. Migration keeps "
        "coming up in the consultations (young people leaving, remittances building houses "
        "nobody lives in), but the planning guidelines from the ministry have no chapter on it.\n\n"
        "Did anyone manage to add a migration section, and how did you justify it to the "
        "planning department?",
        [
            "We did it in 2023. The trick was not a separate chapter but a line in each sector: "
            "employment, housing, social services. The planning department accepted it because it "
            "did not change the template.",
            "Same here. We used the figures of the last census on households receiving "
            "remittances: once the councillors saw that one household in four was concerned, the "
            "debate was over.",
            "{name} could you share the wording you used in the employment section? It would save "
            "us weeks.",
        ],
    ),
    (
        "local-planning",
        "fr",
        "Budget participatif et diaspora : retours d'expérience ?",
        "À la commune, nous voulons ouvrir une part du budget participatif aux propositions "
        "des ressortissants installés à l'étranger. Les élus craignent que ce soit perçu comme "
        "un privilège.\n\nQuelqu'un a-t-il déjà fait l'exercice ? Comment avez-vous organisé le "
        "vote à distance ?",
        [
            "Nous l'avons fait en 2024 avec un vote en ligne pendant l'été, quand beaucoup sont au "
            "pays. La participation a été faible en ligne, forte sur place lors des réunions.",
            "Attention à la vérification d'identité : nous avons demandé le numéro de carte "
            "consulaire, ce qui a exclu les personnes sans papiers. À éviter.",
        ],
    ),
    (
        "local-planning",
        "es",
        "¿Cómo incluir la movilidad humana en el plan de ordenamiento territorial?",
        "En el cantón estamos actualizando el PDOT. Tenemos comunidades enteras donde la mitad "
        "de las familias tiene a alguien en España o Estados Unidos, y otras que reciben "
        "población venezolana.\n\n¿Alguien tiene un ejemplo de diagnóstico territorial que "
        "trate las dos caras de la movilidad?",
        [
            "Nosotros usamos el enfoque de la guía de la Secretaría de Planificación y añadimos "
            "un mapa de remesas por parroquia. Se lo puedo enviar.",
            "Ojo con los datos: el censo subestima mucho a la población en tránsito. Cruzamos con "
            "los registros de las escuelas y del centro de salud.",
            "Muy útil, gracias. ¿Cómo presentaron el tema al consejo de planificación?",
        ],
    ),
    (
        "local-planning",
        "ar",
        "إدماج الهجرة في برنامج عمل الجماعة",
        "نحن بصدد إعداد برنامج عمل الجماعة للسنوات الست المقبلة. هل من تجارب في إدراج محور خاص "
        "بالهجرة والتنمية، خاصة فيما يتعلق بمغاربة العالم والمهاجرين من جنوب الصحراء المقيمين "
        "بالمدينة؟",
        [
            "في جهتنا أدرجنا محورا حول استقبال المستثمرين من الجالية، مع شباك خاص بالبلدية. "
            "النتائج كانت مشجعة.",
            "نصيحتي: ابدؤوا بتشخيص تشاركي مع الجمعيات المحلية قبل صياغة المحور.",
        ],
    ),
    (
        "diaspora-engagement",
        "en",
        "Matching funds for diaspora projects: what ratio works?",
        "We are setting up a fund where the municipality matches money raised by hometown "
        "associations abroad for community projects (water points, school rooms). We hesitate "
        "between one-to-one and one-to-two.\n\nWhat ratio did you use and did associations "
        "actually raise their share?",
        [
            "We started at one-to-one and moved to one-to-two after the first year: associations "
            "raised their share, but slowly, and projects waited too long.",
            "Whatever the ratio, publish the accounts of each project. Trust was our biggest "
            "obstacle, not money.",
        ],
    ),
    (
        "diaspora-engagement",
        "fr",
        "Associations de la diaspora en France : comment travailler avec elles sur la durée ?",
        "Nous sommes une association de ressortissants de la région de Kayes installée en "
        "Île-de-France. Nous finançons depuis des années des projets au village, mais la "
        "commune nous sollicite seulement quand il manque de l'argent.\n\nComment passer d'une "
        "relation de guichet à un vrai partenariat ?",
        [
            "Une convention signée avec la commune a tout changé pour nous : réunion annuelle, "
            "plan commun, et un élu référent pour la diaspora.",
            "Côté commune, nous avons nommé un point focal diaspora au secrétariat général. Le "
            "plus dur est de garder la personne en poste après les élections.",
            "{name} votre convention est-elle publique ? Nous aimerions nous en inspirer.",
        ],
    ),
    (
        "diaspora-engagement",
        "es",
        "Remesas colectivas y proyectos productivos en municipios rurales",
        "Desde la asociación de migrantes en Murcia queremos pasar de financiar fiestas "
        "patronales a proyectos que generen empleo en el pueblo. ¿Alguien tiene experiencia "
        "con cooperativas apoyadas por remesas colectivas?",
        [
            "En nuestro municipio una cooperativa de cacao arrancó así. Clave: un técnico "
            "municipal que acompañó los tres primeros años.",
            "Les recomiendo separar bien la gestión: la asociación aporta capital, pero la "
            "cooperativa decide. Vimos conflictos cuando no fue así.",
        ],
    ),
    (
        "diaspora-engagement",
        "ar",
        "تحفيز استثمار الجالية في المناطق القروية",
        "كيف يمكن للجماعات القروية جذب استثمارات أبناء المنطقة المقيمين بالخارج؟ الكثير منهم "
        "يبنون منازل لا يسكنونها، بدل مشاريع تخلق فرص شغل للشباب.",
        [
            "نظمنا لقاء صيفيا سنويا مع أبناء الجماعة بالخارج، وقدمنا فيه فرص الاستثمار الفلاحي "
            "والسياحي. حضر أكثر من مئتي شخص.",
            "المشكل الأساسي هو تعقيد المساطر الإدارية. الشباك الموحد ساعدنا كثيرا.",
        ],
    ),
    (
        "services-returnees",
        "en",
        "Staffing a migrant resource centre with a small budget",
        "Our district opened a migrant resource centre last year with one officer. Demand is "
        "far above what one person can handle: documents, job referrals, psychosocial support.\n\n"
        "How do others staff such centres? Volunteers, partners, rotation with other services?",
        [
            "We have two staff and a rota of NGO partners who each take one afternoon a week. It "
            "works if someone keeps the shared case file.",
            "University social work students on placement were a great help for us, with "
            "supervision.",
        ],
    ),
    (
        "services-returnees",
        "fr",
        "Réintégration des migrants de retour : accompagnement psychosocial",
        "Beaucoup de jeunes revenus de Libye ou d'Algérie arrivent avec des traumatismes. La "
        "mairie n'a pas de psychologue. Avez-vous des partenariats avec des structures de santé "
        "ou des associations pour cet accompagnement ?",
        [
            "Nous travaillons avec le centre de santé de district et une ONG qui forme des "
            "écoutants communautaires. Cela ne remplace pas un psychologue mais cela aide.",
            "Pensez aussi aux familles : le retour est souvent vécu comme un échec, et c'est là "
            "que le travail commence.",
            "Merci pour ces pistes. Nous allons contacter le centre de santé de district.",
        ],
    ),
    (
        "services-returnees",
        "es",
        "Ventanilla única para personas en movilidad: ¿qué servicios priorizar?",
        "Vamos a abrir una ventanilla única en el municipio fronterizo. Tenemos espacio para "
        "cuatro servicios al comienzo. ¿Qué priorizaron ustedes: documentación, empleo, salud, "
        "educación, asesoría legal?",
        [
            "Documentación y asesoría legal, sin duda. Sin papeles no hay acceso a lo demás.",
            "Nosotros empezamos con inscripción escolar porque era lo más urgente para las "
            "familias. Depende del diagnóstico local.",
        ],
    ),
    (
        "services-returnees",
        "ar",
        "شباك موحد لاستقبال المهاجرين العائدين",
        "نفكر في إحداث شباك موحد بالعمالة لاستقبال المهاجرين العائدين ومساعدتهم في الإدماج "
        "الاقتصادي. ما هي الشراكات الضرورية لإنجاح هذه المبادرة؟",
        [
            "الشراكة مع وكالة إنعاش التشغيل ضرورية، وكذلك مع غرفة التجارة لتوجيه حاملي المشاريع.",
            "لا تنسوا الجانب الاجتماعي: العديد من العائدين يحتاجون دعما نفسيا قبل أي مشروع.",
        ],
    ),
    (
        "partnerships",
        "en",
        "City-to-city partnership with a municipality of destination",
        "Many of our emigrants live in the same two cities in Italy. We would like a formal "
        "partnership with one of them. Where do we start: the embassy, the region, or the "
        "city council directly?",
        [
            "Go to the city council directly, but inform your ministry of foreign affairs "
            "early. In our case the ministry's letter opened doors in Italy.",
            "Start with something concrete and small: a joint event with the diaspora "
            "association. Formal agreements come later.",
        ],
    ),
    (
        "partnerships",
        "fr",
        "Coopération décentralisée : comment associer les services de l'État ?",
        "Notre région a un accord de coopération avec une région européenne sur la migration. "
        "Le gouverneur demande à être associé mais les procédures deviennent lourdes. Comment "
        "faites-vous pour impliquer l'État sans tout bloquer ?",
        [
            "Un comité de pilotage deux fois par an avec les services déconcentrés, et le reste "
            "en comité technique. Cela a apaisé les tensions.",
            "Chez nous, le point focal national de la migration siège au comité technique. C'est "
            "lui qui fait le lien avec le ministère.",
        ],
    ),
    (
        "partnerships",
        "es",
        "Mancomunidades y migración: experiencias de trabajo entre municipios",
        "Somos cinco municipios pequeños con los mismos problemas de emigración juvenil. "
        "Estamos pensando en una mancomunidad para compartir un técnico de movilidad humana. "
        "¿Alguien lo ha hecho?",
        [
            "Sí, en la provincia tenemos una desde 2022. El técnico rota entre municipios y hay "
            "un fondo común. Lo difícil fue acordar el aporte de cada uno.",
            "Recomiendo firmar un convenio con indicadores claros desde el inicio.",
        ],
    ),
    (
        "partnerships",
        "ar",
        "التعاون بين الجهات المغربية والجهات الأوروبية في مجال الهجرة",
        "جهتنا بصدد توقيع اتفاقية تعاون مع جهة إسبانية تحتضن عددا كبيرا من مهاجرينا. هل من "
        "نماذج لاتفاقيات تتضمن محورا خاصا بالهجرة والتنمية؟",
        [
            "لدينا اتفاقية مماثلة مع جهة فرنسية، وتتضمن تبادل الخبرات وبرنامجا لاستقبال الشباب. "
            "يمكنني مشاركة النص.",
        ],
    ),
    (
        "data-evidence",
        "en",
        "Counting emigrants at municipal level without a census",
        "The last census is ten years old. We need an estimate of how many people from our "
        "municipality live abroad, for planning. Has anyone used school registers, consular "
        "data or a household survey?",
        [
            "We ran a short household survey with the community health workers: ten questions, "
            "two months, good enough for planning.",
            "Consular registration data helped us, but only for those who register. Combine "
            "sources and say clearly what each one misses.",
            "{name} did the health workers get paid for the survey?",
        ],
    ),
    (
        "data-evidence",
        "fr",
        "Profil migratoire communal : quels indicateurs retenir ?",
        "Nous préparons un profil migratoire de la commune. La liste d'indicateurs proposée par "
        "le consultant compte soixante indicateurs, impossible à renseigner. Quels sont les dix "
        "qui vous ont vraiment servi ?",
        [
            "Part des ménages recevant des transferts, nombre de retours par an, nombre "
            "d'étrangers résidents, et l'usage des transferts. Le reste est secondaire.",
            "Ajoutez les demandes de documents d'état civil venant de l'étranger : c'est une "
            "donnée que la mairie a déjà.",
        ],
    ),
    (
        "data-evidence",
        "es",
        "Encuestas a población venezolana en municipios de acogida",
        "Queremos hacer una encuesta de necesidades a la población venezolana del municipio. "
        "¿Qué cuidados éticos tomaron para no exponer a personas en situación irregular?",
        [
            "Anonimato total, nada de nombres ni direcciones, y encuestadores de organizaciones "
            "de la propia comunidad migrante.",
            "Consulten con ACNUR o la OIM local: tienen protocolos de protección de datos que "
            "pueden adaptar.",
        ],
    ),
    (
        "data-evidence",
        "ar",
        "قاعدة بيانات محلية حول المهاجرين العائدين",
        "نريد إنشاء قاعدة بيانات بالجماعة حول المهاجرين العائدين لتتبع إدماجهم. ما هي الضمانات "
        "الواجب احترامها لحماية المعطيات الشخصية؟",
        [
            "يجب التصريح بالقاعدة لدى اللجنة الوطنية لحماية المعطيات الشخصية، والحصول على موافقة "
            "صريحة من كل شخص.",
            "واحتفظوا فقط بالمعطيات الضرورية. كلما قلت المعطيات قل الخطر.",
        ],
    ),
    (
        "local-planning",
        "en",
        "Climate, land and migration in our district plan",
        "Droughts are pushing people from the villages to the district town and abroad. Our "
        "plan treats climate and migration in separate chapters. Has anyone linked them in "
        "practice, for example through land or water projects?",
        [
            "We linked them through a small irrigation programme targeting the villages that "
            "lose the most young people. Early days, but departures slowed.",
        ],
    ),
    (
        "services-returnees",
        "fr",
        "Accueil des migrants en transit : rôle de la commune",
        "Notre ville est sur une route migratoire. Les gens passent quelques semaines, sans "
        "abri. La commune n'a pas compétence sur l'asile mais la situation est sous nos yeux. "
        "Que font d'autres communes ?",
        [
            "Nous avons mis à disposition un local à une association, avec l'eau et "
            "l'électricité. La commune reste dans son rôle : l'hygiène, la santé, la dignité.",
            "Le dialogue avec la préfecture est indispensable pour éviter les malentendus.",
        ],
    ),
    (
        "diaspora-engagement",
        "en",
        "Diaspora skills transfer: short missions that worked",
        "Our diaspora includes doctors, engineers and teachers who offer to come for a few "
        "weeks. Missions are hard to organise well. What made yours useful rather than "
        "symbolic?",
        [
            "A clear request from the host service, written before the mission, and a local "
            "counterpart who stays when the expert leaves.",
            "We pay travel, the hospital pays lodging, and the expert gives two weeks. Three "
            "years on, several come back every year.",
        ],
    ),
    (
        "partnerships",
        "en",
        "Working with the national migration policy when you are a small municipality",
        "The national migration policy mentions local authorities in one paragraph. How do "
        "small municipalities get a seat at the table when the policy is implemented?",
        [
            "Through the association of municipalities. Alone we were never invited; together "
            "we got two seats on the national coordination committee.",
        ],
    ),
]

CLOSED_ED = (
    "diaspora-engagement",
    "en",
    "Involving diasporas in local development planning",
    "Welcome to this two-week e-discussion, moderated by the programme team.\n\n"
    "Many local authorities want their diaspora to take part in planning, not only to fund "
    "projects. We will discuss three questions: how to reach diaspora members, how to give "
    "them a real say in the plan, and how to keep them involved after it is adopted.\n\n"
    "Please introduce yourself briefly and share one practice, good or bad.",
    [
        "In our commune we held two consultation meetings during the summer holidays, when "
        "emigrants are home. We also asked the hometown associations in France to send written "
        "contributions. Both fed into the plan.",
        "From the diaspora side: we are willing, but we are often asked for our opinion after "
        "the decisions. Invite us when the diagnosis starts, not at the end.",
        "Online meetings worked well for us with the diaspora in the Gulf countries, with "
        "recordings for those who work shifts.",
        "Keeping them involved is the hard part. We created a diaspora seat on the municipal "
        "consultative commission, renewed every three years.",
        "A warning: the diaspora is not one voice. Associations compete, and some members feel "
        "excluded. Map them before you consult them.",
        "We translated the plan's summary into the language of the host country so that the "
        "second generation could take part. That was appreciated.",
    ],
)

CLOSED_SUMMARY = (
    "Involving diasporas in local development planning: summary of the e-discussion\n\n"
    "Some thirty practitioners took part over two weeks: local authorities from Morocco, "
    "Senegal, Ecuador and Tunisia, and diaspora associations in France, Spain and Italy.\n\n"
    "1. Reaching diaspora members. Summer consultations, when emigrants are home, and "
    "online meetings with recordings reach different people; use both. Hometown "
    "associations relay well but do not speak for everyone: map the associations and "
    "individuals first.\n\n"
    "2. Giving them a real say. Involve the diaspora from the diagnosis, not only at the "
    "validation of the plan. Written contributions, a seat on the consultative commission, "
    "and a summary of the plan in the host country's language make participation real.\n\n"
    "3. Keeping them involved. A standing seat or a diaspora focal point at the town hall, "
    "an annual meeting and published accounts of joint projects build trust over time.\n\n"
    "Open questions: how to include people without documents in their country of residence, "
    "and how to keep commitments across elections."
)

OPEN_ED = (
    "services-returnees",
    "fr",
    "Guichets uniques pour les migrants : ce qui marche, ce qui bloque",
    "Bienvenue dans cette e-discussion de trois semaines.\n\n"
    "Plusieurs communes ont ouvert des guichets uniques pour les migrants, les personnes de "
    "retour et les déplacés. Partagez ce qui a marché (partenaires, services, horaires) et "
    "ce qui a bloqué (personnel, budget, confiance).",
    [
        "Chez nous, le guichet est ouvert deux jours par semaine au marché. Être là où les gens "
        "passent a fait tripler la fréquentation.",
        "Notre difficulté : le personnel change tous les ans. Nous préparons un guide de "
        "procédures pour ne pas tout recommencer.",
    ],
)

PRIVATE_THREADS: list[tuple[str, str, str, list[str]]] = [
    (
        "en",
        "Assignment 2: mapping the actors of migration in your territory",
        "Please post your actor map here by the end of the month. A photo of a drawing is "
        "fine. Say which actors you found hardest to reach.",
        [
            "Here is ours: the hardest to reach were the informal recruitment agents.",
            "For us, the national employment agency's local office, which never answered.",
        ],
    ),
    (
        "fr",
        "Question sur le module 3 : financement des plans locaux",
        "Dans le module 3, on parle de fonds de contrepartie. Est-ce que quelqu'un a un "
        "exemple de budget communal où cette ligne existe déjà ?",
        ["Oui, notre commune a une ligne « appui aux initiatives de la diaspora » depuis 2021."],
    ),
]

SPAM = (
    "Great opportunity!!! Earn money fast from home, send your passport number and bank "
    "details to the address in my profile."
)

DEMO_NAMES = [
    ("Amina El Idrissi", "MA", "local_authority", "fr"),
    ("Moussa Diallo", "SN", "diaspora", "fr"),
    ("Lucía Paredes", "EC", "local_authority", "es"),
    ("Youssef Benali", "TN", "local_authority", "ar"),
    ("Grace Wanjiru", "KE", "ngo", "en"),
    ("Fatou Ndiaye", "SN", "local_authority", "fr"),
    ("Carlos Mendoza", "EC", "diaspora", "es"),
    ("Leila Haddad", "MA", "diaspora", "ar"),
    ("John Okello", "UG", "local_authority", "en"),
    ("Sophie Martin", "FR", "academia", "fr"),
]


def _members(context: DemoContext) -> list[Any]:
    from jmdi.community.models import Member

    if Member.objects.count() < 10:
        from jmdi.accounts.services import create_person

        User = get_user_model()
        for n, (name, country, kind, language) in enumerate(DEMO_NAMES, 1):
            email = f"discussions.{n}@demo.jmdi.example.org"
            if User.objects.filter(email=email).exists():
                continue
            user = create_person(
                actor=None,
                email=email,
                full_name=name,
                password=context.password,
                verified=True,
                language=language,
            )
            Member.objects.create(user=user, stakeholder_type=kind, country=country)
    members = [
        member.user
        for member in Member.objects.filter(banned_at__isnull=True, left_at__isnull=True)
        .select_related("user")
        .order_by("pk")[:60]
    ]
    return [user for user in members if permissions.can_take_part(user)]


def _pmu() -> Any:
    from jmdi.accounts.models import RoleAssignment

    found = (
        RoleAssignment.objects.filter(role=Role.PMU_OFFICER, revoked_at__isnull=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return found.user if found else None


def _topic(slug: str, name: dict[str, str], description: dict[str, str], order: int) -> Topic:
    topic, _created = Topic.objects.get_or_create(
        slug=slug, defaults={"name": name, "description": description, "order": order}
    )
    return topic


def _write(
    *,
    thread: Thread,
    replies: list[str],
    people: list[Any],
    offset: int,
    start: dt.datetime,
    step: dt.timedelta,
) -> list[Reply]:
    written = []
    for n, text in enumerate(replies):
        author = people[(offset + n + 1) % len(people)]
        if author.pk == thread.author_id and len(people) > 1:
            author = people[(offset + n + 2) % len(people)]
        mention = people[(offset + n + 3) % len(people)]
        body = text.replace("{name}", f"@{mention.full_name}")
        written.append(
            services.post_reply(actor=author, thread=thread, body=body, at=start + step * (n + 1))
        )
    return written


@transaction.atomic
def demo_step(context: DemoContext) -> None:
    """The demo's discussions happened in the past: their notifications are recorded as
    sent, not mailed to the demo's people when `loaddemo` runs."""
    from jmdi.discussions.models import Notification

    with transaction.atomic():
        _demo_step(context)
        Notification.objects.filter(sent_at__isnull=True).update(sent_at=timezone.now())


def _demo_step(context: DemoContext) -> None:
    if Topic.objects.filter(slug=TOPICS[0][0]).exists():
        return
    people = _members(context)
    pmu = _pmu()
    if len(people) < 3:
        context.say("discussions: fewer than three members who may post; no demo discussions")
        return
    topics = {
        slug: _topic(slug, name, description, order)
        for order, (slug, name, description) in enumerate(TOPICS, 1)
    }
    moderator = people[0]
    topics["diaspora-engagement"].moderators.add(moderator)
    permissions.forget(moderator)
    if moderator.email.endswith("@demo.jmdi.example.org"):
        context.logins.append(DemoLogin(role="discussions moderator", email=moderator.email))
    now = timezone.now()
    for n, (slug, language, title, body, replies) in enumerate(THREADS):
        author = people[n % len(people)]
        start = now - dt.timedelta(days=60 - n * 2, hours=n)
        thread = services.start_thread(
            actor=author, topic=topics[slug], title=title, body=body, language=language, at=start
        )
        _write(
            thread=thread,
            replies=replies,
            people=people,
            offset=n,
            start=start,
            step=dt.timedelta(hours=7),
        )
    # The closed e-discussion, its summary written by its moderator.
    lead = pmu if pmu is not None and permissions.can_take_part(pmu) else moderator
    slug, language, title, body, replies = CLOSED_ED
    opens = now - dt.timedelta(days=45)
    closed = services.start_ediscussion(
        actor=lead,
        topic=topics[slug],
        title=title,
        body=body,
        language=language,
        opens_at=opens,
        closes_at=opens + dt.timedelta(days=14),
        moderators=[moderator, lead],
        at=opens - dt.timedelta(days=3),
    )
    _write(
        thread=closed.thread,
        replies=replies,
        people=people,
        offset=4,
        start=opens,
        step=dt.timedelta(days=2),
    )
    services.write_summary(actor=moderator, ediscussion=closed, summary=CLOSED_SUMMARY)
    # The open one.
    slug, language, title, body, replies = OPEN_ED
    opens = now - dt.timedelta(days=5)
    ongoing = services.start_ediscussion(
        actor=lead,
        topic=topics[slug],
        title=title,
        body=body,
        language=language,
        opens_at=opens,
        closes_at=opens + dt.timedelta(days=21),
        moderators=[moderator, lead],
        at=opens,
    )
    _write(
        thread=ongoing.thread,
        replies=replies,
        people=people,
        offset=7,
        start=opens,
        step=dt.timedelta(days=1),
    )
    # A spam reply, flagged by a member, waiting in the moderation queue.
    target = Thread.objects.filter(topic=topics["diaspora-engagement"]).order_by("pk").first()
    if target is not None:
        spammer = people[-1]
        spam = services.post_reply(
            actor=spammer, thread=target, body=SPAM, at=now - dt.timedelta(hours=5)
        )
        reporter = next(p for p in people if p.pk != spammer.pk)
        services.flag_post(
            actor=reporter,
            thread=target,
            reply=spam,
            reason="Spam asking for passport and bank details.",
            at=now - dt.timedelta(hours=3),
        )
    # The trainees' private space.
    slug, name, description = PRIVATE_TOPIC
    space = Topic.objects.create(
        slug=slug, name=name, description=description, order=90, private=True
    )
    trainees = people[1 : min(len(people), 7)]
    space.members.set(trainees)
    for person in trainees:
        permissions.forget(person)
    for n, (language, title, body, replies) in enumerate(PRIVATE_THREADS):
        start = now - dt.timedelta(days=10 - n * 3)
        thread = services.start_thread(
            actor=trainees[n % len(trainees)],
            topic=space,
            title=title,
            body=body,
            language=language,
            at=start,
        )
        _write(
            thread=thread,
            replies=replies,
            people=trainees,
            offset=n,
            start=start,
            step=dt.timedelta(hours=5),
        )
    context.say(
        f"discussions: {Thread.objects.count()} discussions, {Reply.objects.count()} replies, "
        f"{EDiscussion.objects.count()} e-discussions, "
        f"{Flag.objects.filter(handled_at__isnull=True).count()} flag waiting"
    )


# --- Synthetic data --------------------------------------------------------------------------

WORDS = [
    "municipality",
    "diaspora",
    "remittances",
    "plan",
    "budget",
    "council",
    "returnees",
    "services",
    "partnership",
    "training",
    "data",
    "survey",
    "youth",
    "employment",
    "cooperative",
    "association",
    "region",
    "investment",
    "consultation",
    "mapping",
    "health",
    "documents",
    "schools",
    "housing",
    "land",
    "water",
    "agriculture",
]


def _sentence(rng: Any, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def generator_step(context: GeneratorContext) -> None:
    """`posts` posts in a topic of the scale's own: one thread in twenty posts, replies
    spread over them, and one busy thread of `busy_replies` replies. Written with
    bulk_create in batches; threads' counts and last activity computed before writing."""
    total = context.sizes.get("posts", 0)
    busy = context.sizes.get("busy_replies", 0)
    if not total:
        return
    User = get_user_model()
    authors = list(
        User.objects.filter(email__endswith=f"@{context.marker}.example.org")
        .order_by("pk")
        .values_list("pk", flat=True)[:5_000]
    ) or list(User.objects.order_by("pk").values_list("pk", flat=True)[:500])
    if not authors:
        return
    topic, _created = Topic.objects.get_or_create(
        slug=context.marker,
        defaults={
            "name": {
                "en": f"Synthetic discussions ({context.scale})",
                "fr": f"Discussions synthétiques ({context.scale})",
                "es": f"Debates sintéticos ({context.scale})",
                "ar": f"نقاشات اصطناعية ({context.scale})",
            },
            "order": 200,
        },
    )
    written = (
        Thread.objects.filter(topic=topic).count()
        + Reply.objects.filter(thread__topic=topic).count()
    )
    if written >= total:
        return
    rng = context.rng
    began = time.monotonic()
    thread_total = max(1, total // 20)
    reply_total = total - thread_total
    now = timezone.now()
    start = now - dt.timedelta(days=730)
    languages = ["en", "fr", "es", "ar"]
    # Replies per thread: the busy one first, the rest spread evenly.
    counts = [0] * thread_total
    counts[0] = min(busy, reply_total)
    rest = reply_total - counts[0]
    for index in range(1, thread_total):
        counts[index] = rest // max(1, thread_total - 1) + (
            1 if index - 1 < rest % max(1, thread_total - 1) else 0
        )
    if thread_total == 1:
        counts[0] = reply_total
    made_threads = made_replies = 0
    for first in range(0, thread_total, BATCH):
        chunk = range(first, min(thread_total, first + BATCH))
        threads = []
        for index in chunk:
            created = start + dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 700))
            last = created + dt.timedelta(minutes=counts[index] * 30)
            threads.append(
                Thread(
                    topic=topic,
                    title=_sentence(rng, 6)[:-1] + "?",
                    body=_sentence(rng, 30) + "\n\n" + _sentence(rng, 20),
                    author_id=authors[index % len(authors)],
                    language=languages[index % 4],
                    created_at=created,
                    last_activity_at=min(last, now),
                    reply_count=counts[index],
                )
            )
        with transaction.atomic():
            saved = Thread.objects.bulk_create(threads, batch_size=BATCH)
        made_threads += len(saved)
        replies: list[Reply] = []
        for thread, index in zip(saved, chunk, strict=True):
            for k in range(counts[index]):
                replies.append(
                    Reply(
                        thread=thread,
                        body=_sentence(rng, 25),
                        author_id=authors[(index + k + 1) % len(authors)],
                        created_at=min(thread.created_at + dt.timedelta(minutes=30 * (k + 1)), now),
                    )
                )
                if len(replies) >= BATCH:
                    with transaction.atomic():
                        Reply.objects.bulk_create(replies, batch_size=BATCH)
                    made_replies += len(replies)
                    replies = []
        if replies:
            with transaction.atomic():
                Reply.objects.bulk_create(replies, batch_size=BATCH)
            made_replies += len(replies)
        context.progress(
            f"discussions {made_threads + made_replies:,}/{total:,} posts "
            f"({time.monotonic() - began:.0f} s)"
        )
    context.counts["discussion_threads"] = (
        context.counts.get("discussion_threads", 0) + made_threads
    )
    context.counts["discussion_replies"] = (
        context.counts.get("discussion_replies", 0) + made_replies
    )


def busiest_thread() -> Thread | None:
    return (
        Thread.objects.filter(topic__private=False, hidden=False)
        .order_by("-reply_count", "pk")
        .first()
    )


def busiest_topic() -> Topic | None:
    return (
        Topic.objects.filter(private=False)
        .annotate(n=Count("threads"))
        .order_by("-n", "pk")
        .first()
    )
