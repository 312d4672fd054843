"""The demo's resources: real knowledge products of the programme's three resource
themes, written for local authorities (English originals, some translations)."""

from __future__ import annotations

from typing import Any

THEMES = [
    (
        "involving-diasporas",
        {
            "en": "Involving diasporas in development planning",
            "fr": "Associer les diasporas à la planification du développement",
            "es": "Involucrar a las diásporas en la planificación del desarrollo",
            "ar": "إشراك الجاليات في تخطيط التنمية",
        },
    ),
    (
        "participatory-processes",
        {
            "en": "Models of participatory processes",
            "fr": "Modèles de processus participatifs",
            "es": "Modelos de procesos participativos",
            "ar": "نماذج العمليات التشاركية",
        },
    ),
    (
        "representing-migrant-associations",
        {
            "en": "Models for representing migrant associations",
            "fr": "Modèles de représentation des associations de migrants",
            "es": "Modelos de representación de las asociaciones de migrantes",
            "ar": "نماذج تمثيل جمعيات المهاجرين",
        },
    ),
]

MAPPING_EN = """<p>Most municipalities know that many of their residents have family abroad, but few know who these emigrants are, where they live, what they do and what they would be ready to contribute. A diaspora mapping answers these questions. It is the first step of any local strategy that wants to involve the diaspora in development planning.</p>
<h2>1. Decide what you want to know, and why</h2>
<p>A mapping is not a census. Start from the decisions the municipality must take: which sectors of the local development plan could use diaspora skills or investment, which services emigrants and their families ask for, which associations could become partners. Limit the questionnaire to what serves these decisions.</p>
<h2>2. Combine sources</h2>
<ul>
<li>Civil registry and consular data: births, marriages and passports give a first picture of where emigrants live.</li>
<li>Migrant and hometown associations, abroad and at home: they know their members and can relay a questionnaire.</li>
<li>Families of emigrants: a short survey during the summer return season reaches people no register lists.</li>
<li>Banks and money transfer operators: aggregated remittance flows show the economic weight of the diaspora.</li>
</ul>
<h2>3. Protect the people you map</h2>
<p>Collect only what you need, explain how the data will be used, and never publish a list of names. Irregular migrants must be able to answer without fear: anonymous questionnaires and intermediaries they trust make the difference.</p>
<h2>4. Give the results back</h2>
<p>Present the findings at a public meeting with the associations and publish a short summary. A mapping that disappears into a drawer destroys the trust it was meant to build. The same meeting is the right place to agree on the next step: a diaspora desk, a consultation on the local plan or a joint project.</p>
<blockquote>In the Oriental region of Morocco, the mapping carried out by three municipalities in 2013 found that a third of the respondents abroad were willing to invest in a local project, provided that the municipality offered a single contact point.</blockquote>"""

MAPPING_FR = """<p>La plupart des communes savent que nombre de leurs habitants ont de la famille à l'étranger, mais peu savent qui sont ces émigrés, où ils vivent, ce qu'ils font et ce qu'ils seraient prêts à apporter. Une cartographie de la diaspora répond à ces questions. C'est la première étape de toute stratégie locale qui veut associer la diaspora à la planification du développement.</p>
<h2>1. Décider ce que l'on veut savoir, et pourquoi</h2>
<p>Une cartographie n'est pas un recensement. Partez des décisions que la commune doit prendre : quels secteurs du plan de développement local pourraient bénéficier des compétences ou des investissements de la diaspora, quels services les émigrés et leurs familles demandent, quelles associations pourraient devenir partenaires. Limitez le questionnaire à ce qui sert ces décisions.</p>
<h2>2. Croiser les sources</h2>
<ul>
<li>État civil et données consulaires : naissances, mariages et passeports donnent une première image des lieux de résidence des émigrés.</li>
<li>Associations de migrants et associations villageoises, à l'étranger comme au pays : elles connaissent leurs membres et peuvent relayer un questionnaire.</li>
<li>Familles des émigrés : une courte enquête pendant la saison estivale des retours touche des personnes qu'aucun registre ne recense.</li>
<li>Banques et sociétés de transfert d'argent : les flux agrégés de transferts montrent le poids économique de la diaspora.</li>
</ul>
<h2>3. Protéger les personnes recensées</h2>
<p>Ne collectez que le nécessaire, expliquez l'usage des données et ne publiez jamais de liste nominative. Les migrants en situation irrégulière doivent pouvoir répondre sans crainte : des questionnaires anonymes et des intermédiaires de confiance font la différence.</p>
<h2>4. Restituer les résultats</h2>
<p>Présentez les résultats lors d'une réunion publique avec les associations et publiez une courte synthèse. Une cartographie qui disparaît dans un tiroir détruit la confiance qu'elle devait créer. Cette même réunion est le bon moment pour convenir de l'étape suivante : un guichet diaspora, une consultation sur le plan local ou un projet commun.</p>
<blockquote>Dans la région de l'Oriental au Maroc, la cartographie menée par trois communes en 2013 a montré qu'un tiers des répondants à l'étranger étaient prêts à investir dans un projet local, à condition que la commune offre un interlocuteur unique.</blockquote>"""

MAPPING_AR = """<p>تعرف معظم البلديات أن كثيرًا من سكانها لديهم أقارب في الخارج، لكن قلّة منها تعرف من هم هؤلاء المهاجرون، وأين يعيشون، وماذا يعملون، وما الذي هم مستعدون للمساهمة به. ورسم خريطة الجالية يجيب عن هذه الأسئلة، وهو الخطوة الأولى لأي استراتيجية محلية تريد إشراك الجالية في تخطيط التنمية.</p>
<h2>1. حدّدوا ما تريدون معرفته ولماذا</h2>
<p>الخريطة ليست إحصاءً سكانيًا. انطلقوا من القرارات التي يجب على البلدية اتخاذها: أي قطاعات خطة التنمية المحلية يمكن أن تستفيد من مهارات الجالية أو استثماراتها، وما الخدمات التي يطلبها المهاجرون وأسرهم، وأي الجمعيات يمكن أن تصبح شريكة. واقتصروا في الاستبيان على ما يخدم هذه القرارات.</p>
<h2>2. اجمعوا بين المصادر</h2>
<ul>
<li>الحالة المدنية والبيانات القنصلية: تعطي الولادات والزيجات وجوازات السفر صورة أولى عن أماكن إقامة المهاجرين.</li>
<li>جمعيات المهاجرين وجمعيات القرى في الخارج وفي الداخل: تعرف أعضاءها ويمكنها نقل الاستبيان إليهم.</li>
<li>أسر المهاجرين: استطلاع قصير خلال موسم العودة الصيفية يصل إلى أشخاص لا يرد ذكرهم في أي سجل.</li>
<li>المصارف وشركات تحويل الأموال: تُظهر التدفقات الإجمالية للتحويلات الوزن الاقتصادي للجالية.</li>
</ul>
<h2>3. احموا الأشخاص الذين تشملهم الخريطة</h2>
<p>اجمعوا ما تحتاجون إليه فقط، واشرحوا كيف ستُستخدم البيانات، ولا تنشروا أبدًا قائمة بالأسماء. يجب أن يتمكن المهاجرون في وضع غير نظامي من الإجابة دون خوف، والاستبيانات المجهولة والوسطاء الموثوقون يصنعون الفرق.</p>
<h2>4. أعيدوا النتائج إلى أصحابها</h2>
<p>اعرضوا النتائج في اجتماع عام مع الجمعيات وانشروا ملخصًا قصيرًا. فالخريطة التي تختفي في درج تهدم الثقة التي كان يُفترض أن تبنيها. وهذا الاجتماع نفسه هو المكان المناسب للاتفاق على الخطوة التالية: شباك للجالية، أو تشاور حول الخطة المحلية، أو مشروع مشترك.</p>
<blockquote>في جهة الشرق بالمغرب، بيّنت الخريطة التي أنجزتها ثلاث بلديات سنة 2013 أن ثلث المجيبين في الخارج مستعدون للاستثمار في مشروع محلي، شرط أن توفّر البلدية محاورًا واحدًا.</blockquote>"""

COUNCILS_EN = """<p>Between 2011 and 2014, four municipalities of the Oriental region of Morocco created consultative diaspora councils and gave them a formal role in the preparation of their communal development plans (PCD). This case study describes how the councils were set up, what they changed in the plans and what remains difficult.</p>
<h2>How the councils were set up</h2>
<p>Each council has between nine and fifteen members, chosen by the migrant associations of the main countries of residence (France, Belgium, Spain, the Netherlands) and by returnees' associations. They meet twice a year, once during the summer when many emigrants are home, and once online. A municipal officer acts as secretary.</p>
<h2>What changed in the development plans</h2>
<ul>
<li>The plans now contain a chapter on the diaspora, with projects that the councils proposed: a business incubator for returnees, scholarships co-financed by associations, a one-stop shop for administrative procedures.</li>
<li>Diaspora investments are tracked as a source of financing of the plan, next to the state transfers and the municipality's own revenue.</li>
<li>The municipalities report back to the councils each year on the projects' progress.</li>
</ul>
<h2>Lessons learnt</h2>
<p>The councils worked where the mayor personally committed to them and where a budget line, even a small one, made their proposals possible. They weakened when members were chosen by the municipality rather than by the associations, which were then suspicious of a body they saw as an extension of the town hall. Women and young people of the second generation remained under-represented; two municipalities have since reserved seats for them.</p>"""

COUNCILS_FR = """<p>Entre 2011 et 2014, quatre communes de la région de l'Oriental au Maroc ont créé des conseils consultatifs de la diaspora et leur ont donné un rôle formel dans l'élaboration de leurs plans communaux de développement (PCD). Cette étude de cas décrit comment les conseils ont été créés, ce qu'ils ont changé dans les plans et ce qui reste difficile.</p>
<h2>La création des conseils</h2>
<p>Chaque conseil compte entre neuf et quinze membres, choisis par les associations de migrants des principaux pays de résidence (France, Belgique, Espagne, Pays-Bas) et par les associations de migrants de retour. Ils se réunissent deux fois par an, une fois l'été lorsque de nombreux émigrés sont au pays, et une fois en ligne. Un agent communal en assure le secrétariat.</p>
<h2>Ce qui a changé dans les plans de développement</h2>
<ul>
<li>Les plans comportent désormais un chapitre sur la diaspora, avec des projets proposés par les conseils : un incubateur d'entreprises pour les migrants de retour, des bourses cofinancées par les associations, un guichet unique pour les démarches administratives.</li>
<li>Les investissements de la diaspora sont suivis comme une source de financement du plan, à côté des transferts de l'État et des recettes propres de la commune.</li>
</ul>
<h2>Enseignements</h2>
<p>Les conseils ont fonctionné là où le président de la commune s'est personnellement engagé et où une ligne budgétaire, même modeste, a rendu leurs propositions possibles. Ils se sont affaiblis lorsque les membres étaient choisis par la commune plutôt que par les associations.</p>"""

BUDGET_EN = """<p>Diaspora contributions to local development are often large but rarely planned. Remittances go to households; collective donations fund a mosque, a school roof or an ambulance, outside the municipality's plans. This brief sets out how local authorities can give these contributions a place in their budgets without taking control of them.</p>
<h2>Key messages</h2>
<ul>
<li>Open a dedicated budget line for co-financed projects, so that a diaspora association knows that the municipality will match its contribution.</li>
<li>Publish the list of projects of the local development plan that are open to co-financing, with their cost and the share expected from partners.</li>
<li>Account for every contribution received and report on its use publicly: transparency is the first condition of repeated giving.</li>
<li>Do not tax collective remittances or make them compulsory: contributions must stay voluntary.</li>
</ul>
<h2>Recommendations to national governments</h2>
<p>Allow municipalities to receive donations and co-financing from associations registered abroad, and simplify the rules of public procurement for small co-financed works. Matching-fund schemes, such as Mexico's "Tres por Uno", show that a modest public contribution can multiply collective investment by the diaspora.</p>"""

BUDGET_ES = """<p>Las contribuciones de la diáspora al desarrollo local suelen ser importantes, pero rara vez se planifican. Las remesas llegan a los hogares; las donaciones colectivas financian una mezquita, el techo de una escuela o una ambulancia, al margen de los planes del municipio. Esta nota explica cómo los gobiernos locales pueden dar a estas contribuciones un lugar en sus presupuestos sin tomar el control de ellas.</p>
<h2>Mensajes clave</h2>
<ul>
<li>Abrir una partida presupuestaria específica para proyectos cofinanciados, para que una asociación de la diáspora sepa que el municipio igualará su aporte.</li>
<li>Publicar la lista de proyectos del plan de desarrollo local abiertos a cofinanciación, con su coste y la parte esperada de los socios.</li>
<li>Rendir cuentas de cada contribución recibida e informar públicamente de su uso: la transparencia es la primera condición para que las donaciones se repitan.</li>
<li>No gravar las remesas colectivas ni hacerlas obligatorias: las contribuciones deben seguir siendo voluntarias.</li>
</ul>
<h2>Recomendaciones a los gobiernos nacionales</h2>
<p>Permitir que los municipios reciban donaciones y cofinanciación de asociaciones registradas en el extranjero, y simplificar las normas de contratación pública para obras pequeñas cofinanciadas. Los programas de fondos de contrapartida, como el «Tres por Uno» de México, muestran que un aporte público modesto puede multiplicar la inversión colectiva de la diáspora.</p>"""

TOOLKIT_EN = """<p>This toolkit helps local authorities consult migrants, returnees and the families of emigrants when they prepare or revise a local development plan. It contains five tools that can be used separately or in sequence.</p>
<h2>Tool 1: the stakeholder map</h2>
<p>List the groups concerned by migration in the territory (emigrants' families, returnees, immigrants and refugees, associations, employers, schools) and, for each, the channel that reaches them best. A consultation that only invites registered associations misses most migrants.</p>
<h2>Tool 2: the neighbourhood meeting</h2>
<p>Hold short meetings where people already gather: markets, places of worship, schools at pick-up time. Use the local language, bring interpreters where needed, and ask three open questions at most.</p>
<h2>Tool 3: the online consultation for the diaspora</h2>
<p>A questionnaire in the languages of the main countries of residence, open for a month, relayed by associations and consulates. Publish the results with the draft plan.</p>
<h2>Tool 4: the priority-ranking workshop</h2>
<p>Bring together the representatives chosen at the earlier stages with municipal staff to rank the proposals, using criteria agreed at the start: cost, number of people reached, feasibility within the plan's period.</p>
<h2>Tool 5: the feedback sheet</h2>
<p>A one-page document that tells every participant what was retained, what was not and why. It is the tool most often forgotten, and the one that decides whether people will take part next time.</p>
<table><caption>Which tool for which stage</caption><thead><tr><th scope="col">Stage of the plan</th><th scope="col">Tools</th></tr></thead><tbody><tr><td>Diagnosis</td><td>1, 2, 3</td></tr><tr><td>Priorities</td><td>4</td></tr><tr><td>Adoption</td><td>5</td></tr></tbody></table>"""

TOOLKIT_ES = """<p>Esta caja de herramientas ayuda a los gobiernos locales a consultar a migrantes, retornados y familias de emigrantes cuando preparan o revisan un plan de desarrollo local. Contiene cinco herramientas que pueden usarse por separado o de forma sucesiva.</p>
<h2>Herramienta 1: el mapa de actores</h2>
<p>Enumere los grupos afectados por la migración en el territorio (familias de emigrantes, retornados, inmigrantes y refugiados, asociaciones, empleadores, escuelas) y, para cada uno, el canal que mejor los alcanza. Una consulta que solo invita a las asociaciones registradas deja fuera a la mayoría de los migrantes.</p>
<h2>Herramienta 2: la reunión de barrio</h2>
<p>Organice reuniones breves donde la gente ya se reúne: mercados, lugares de culto, escuelas a la hora de la salida. Use el idioma local, cuente con intérpretes cuando haga falta y plantee como máximo tres preguntas abiertas.</p>
<h2>Herramienta 3: la consulta en línea para la diáspora</h2>
<p>Un cuestionario en los idiomas de los principales países de residencia, abierto durante un mes y difundido por las asociaciones y los consulados. Publique los resultados junto con el proyecto de plan.</p>
<h2>Herramienta 4: el taller de priorización</h2>
<p>Reúna a los representantes elegidos en las etapas anteriores con el personal municipal para jerarquizar las propuestas, según criterios acordados al inicio: coste, número de personas beneficiadas, viabilidad dentro del periodo del plan.</p>
<h2>Herramienta 5: la hoja de retorno</h2>
<p>Un documento de una página que informa a cada participante de lo que se ha retenido, lo que no y por qué. Es la herramienta que más se olvida y la que decide si la gente participará la próxima vez.</p>
<table><caption>Qué herramienta para qué etapa</caption><thead><tr><th scope="col">Etapa del plan</th><th scope="col">Herramientas</th></tr></thead><tbody><tr><td>Diagnóstico</td><td>1, 2, 3</td></tr><tr><td>Prioridades</td><td>4</td></tr><tr><td>Aprobación</td><td>5</td></tr></tbody></table>"""

AZUAY_EN = """<p>The province of Azuay in Ecuador has one of the highest emigration rates of the country, mostly to the United States and Spain. After the 2008 crisis in Spain, thousands of emigrants came back. In 2013 the provincial government and three cantons organised a cycle of open town hall meetings with returnees to shape their reintegration services.</p>
<h2>The process</h2>
<p>Eleven meetings were held in parish halls over four months, each announced on local radio and through returnees' associations. Returnees described the obstacles they met: recognition of qualifications earned abroad, access to credit without a local credit history, schooling of children who had grown up in Spain.</p>
<h2>Results</h2>
<ul>
<li>A returnees' desk opened in each canton, staffed by a returnee.</li>
<li>An agreement with a cooperative bank created a credit line for returnees' small businesses.</li>
<li>Schools received guidance on welcoming children arriving mid-year.</li>
</ul>
<p>The meetings also revealed tensions with residents who had never emigrated and felt that returnees received privileges; later meetings were opened to all residents of the parish.</p>"""

AZUAY_ES = """<p>La provincia del Azuay, en Ecuador, tiene una de las tasas de emigración más altas del país, sobre todo hacia Estados Unidos y España. Tras la crisis de 2008 en España, miles de emigrantes regresaron. En 2013 el gobierno provincial y tres cantones organizaron un ciclo de cabildos abiertos con personas retornadas para definir sus servicios de reintegración.</p>
<h2>El proceso</h2>
<p>Se celebraron once reuniones en casas parroquiales durante cuatro meses, anunciadas en la radio local y a través de las asociaciones de retornados. Los retornados describieron los obstáculos que encontraban: el reconocimiento de títulos obtenidos en el extranjero, el acceso al crédito sin historial crediticio local, la escolarización de niños que habían crecido en España.</p>
<h2>Resultados</h2>
<ul>
<li>Se abrió una ventanilla para retornados en cada cantón, atendida por una persona retornada.</li>
<li>Un acuerdo con una cooperativa de ahorro y crédito creó una línea de crédito para pequeños negocios de retornados.</li>
<li>Las escuelas recibieron orientaciones para acoger a niños que llegan a mitad de curso.</li>
</ul>
<p>Los cabildos revelaron también tensiones con vecinos que nunca habían emigrado y sentían que los retornados recibían privilegios; las reuniones siguientes se abrieron a todos los habitantes de la parroquia.</p>"""

FORUM_EN = """<p>A multi-stakeholder forum on migration brings together, once or twice a year, the local authority, decentralised state services, migrant and diaspora associations, employers, trade unions, universities and international partners. It is where a territory agrees on a shared reading of migration and on who does what.</p>
<h2>Before the forum</h2>
<ul>
<li>Agree on a clear purpose: adopting a local migration strategy, reviewing a joint action plan, or preparing a funding application.</li>
<li>Prepare a short situation note with the latest data on emigration, immigration and return in the territory.</li>
<li>Invite associations early and cover their travel: otherwise only institutions will attend.</li>
</ul>
<h2>During the forum</h2>
<p>Keep speeches short and give most of the time to working groups, each chaired jointly by an institution and an association. Record commitments in a table with a name and a date for each.</p>
<h2>After the forum</h2>
<p>Circulate the commitments within two weeks and review them at the next forum. A permanent secretariat, even a part-time one in the municipality, is what turns a one-off event into a process.</p>"""

FEDERATIONS_EN = """<p>Migrant associations are numerous but often small, run by volunteers and organised around a village, a nationality or a profession. Local authorities that want a partner who speaks for them face a question of representation: with whom should they talk? This guide compares four models found in the programme's countries.</p>
<h2>Model 1: the federation of hometown associations</h2>
<p>Associations from the same region of origin form a federation that negotiates with the local authorities of that region. Strong in collective projects; weaker in speaking for migrants who do not belong to a hometown association.</p>
<h2>Model 2: the consultative council of foreign residents</h2>
<p>Created by a municipality of destination, elected by foreign residents or appointed from associations. It gives immigrants a voice on local policies but has no decision-making power.</p>
<h2>Model 3: the thematic platform</h2>
<p>Associations working on one theme (entrepreneurship, education, health) join a platform with public and private partners. Effective for projects; representative of no one in particular.</p>
<h2>Model 4: seats on existing local bodies</h2>
<p>Migrant associations receive seats on the local development committee or on the municipal council's commissions. Their voice then weighs on real decisions, provided that the seats are filled by a transparent procedure.</p>
<h2>Choosing a model</h2>
<p>No model fits every territory. Ask three questions: who chooses the representatives, to whom they report back, and which decisions they can influence. A model whose answers are unclear will lose the associations' trust.</p>"""

FEDERATIONS_FR = """<p>Les associations de migrants sont nombreuses mais souvent petites, animées par des bénévoles et organisées autour d'un village, d'une nationalité ou d'un métier. Les collectivités locales qui veulent un interlocuteur qui parle en leur nom se heurtent à une question de représentation : avec qui dialoguer ? Ce guide compare quatre modèles rencontrés dans les pays du programme.</p>
<h2>Modèle 1 : la fédération d'associations villageoises</h2>
<p>Les associations originaires d'une même région forment une fédération qui négocie avec les collectivités de cette région. Forte pour les projets collectifs ; plus faible pour parler au nom des migrants qui n'appartiennent à aucune association villageoise.</p>
<h2>Modèle 2 : le conseil consultatif des résidents étrangers</h2>
<p>Créé par une commune d'accueil, élu par les résidents étrangers ou désigné parmi les associations. Il donne aux immigrés une voix sur les politiques locales mais n'a pas de pouvoir de décision.</p>
<h2>Modèle 3 : la plateforme thématique</h2>
<p>Des associations travaillant sur un même thème (entrepreneuriat, éducation, santé) rejoignent une plateforme avec des partenaires publics et privés. Efficace pour les projets ; représentative de personne en particulier.</p>
<h2>Modèle 4 : des sièges dans les instances locales existantes</h2>
<p>Les associations de migrants obtiennent des sièges au comité local de développement ou dans les commissions du conseil municipal. Leur voix pèse alors sur de vraies décisions, à condition que les sièges soient pourvus par une procédure transparente.</p>
<h2>Choisir un modèle</h2>
<p>Aucun modèle ne convient à tous les territoires. Posez trois questions : qui choisit les représentants, à qui ils rendent compte, et sur quelles décisions ils peuvent peser. Un modèle dont les réponses sont floues perdra la confiance des associations.</p>"""

KOLDA_EN = """<p>In the region of Kolda in southern Senegal, the regional development committee reserved two seats for migrant associations in 2012: one for the associations of emigrants from the region living in Europe, one for the associations of returnees. This case study follows the first two years of this arrangement.</p>
<h2>How the representatives were chosen</h2>
<p>The regional development agency called a general assembly of the associations registered with it. Twenty-three associations attended and elected their two representatives and two alternates for three years. The representative of the diaspora takes part in meetings by telephone when abroad.</p>
<h2>What the seats achieved</h2>
<ul>
<li>Migration was included as a cross-cutting issue in the regional development plan.</li>
<li>A joint project between a returnees' association and the regional council trained forty young people in poultry farming.</li>
<li>The associations obtained a room in the agency's building for a migrant information point.</li>
</ul>
<h2>Difficulties</h2>
<p>The representatives have no budget to consult the associations they represent, and reporting back depends on their goodwill. The committee is now considering a small allowance for two consultation meetings a year.</p>"""

KOLDA_FR = """<p>Dans la région de Kolda, au sud du Sénégal, le comité régional de développement a réservé en 2012 deux sièges aux associations de migrants : l'un pour les associations de ressortissants de la région vivant en Europe, l'autre pour les associations de migrants de retour. Cette étude de cas suit les deux premières années de ce dispositif.</p>
<h2>Le choix des représentants</h2>
<p>L'agence régionale de développement a convoqué une assemblée générale des associations enregistrées auprès d'elle. Vingt-trois associations y ont participé et ont élu leurs deux représentants et deux suppléants pour trois ans. Le représentant de la diaspora participe aux réunions par téléphone lorsqu'il est à l'étranger.</p>
<h2>Ce que les sièges ont permis</h2>
<ul>
<li>La migration a été intégrée comme question transversale dans le plan régional de développement.</li>
<li>Un projet commun entre une association de migrants de retour et le conseil régional a formé quarante jeunes à l'aviculture.</li>
<li>Les associations ont obtenu une salle dans les locaux de l'agence pour un point d'information des migrants.</li>
</ul>
<h2>Difficultés</h2>
<p>Les représentants n'ont aucun budget pour consulter les associations qu'ils représentent, et la restitution dépend de leur bonne volonté. Le comité envisage désormais une petite indemnité pour deux réunions de concertation par an.</p>"""

GLOSSARY_EN = """<p>The words used in this library, as the programme uses them.</p>
<ul>
<li><strong>Diaspora</strong>: emigrants and their descendants who keep ties with their territory of origin.</li>
<li><strong>Returnee</strong>: a person who has come back to live in their country of origin after a period abroad.</li>
<li><strong>Collective remittances</strong>: money raised by a group of emigrants, often a hometown association, for a project in their place of origin.</li>
<li><strong>Local development plan</strong>: the multi-year plan in which a local authority sets its priorities and investments.</li>
<li><strong>Co-development</strong>: projects designed and financed jointly by migrants, their associations and the authorities of the places of origin and destination.</li>
</ul>"""

SYNTHESIS_EN = """<p>This report draws together what the initiatives funded by the JMDI, the programme's knowledge products and the exchanges of the M4D Net have taught about the local dimension of migration and development. It is addressed to local and regional authorities, to the national governments that frame their action, and to their development partners.</p>
<h2>Lessons learnt</h2>
<h3>1. Local authorities are where migration and development meet</h3>
<p>Migrants leave from, return to and settle in territories. The services that make migration a choice rather than a necessity (employment, education, health, civil registry) are largely delivered locally. The initiatives that succeeded were those where the local authority led, rather than hosted, the project.</p>
<h3>2. Institutional anchoring matters more than project size</h3>
<p>Small initiatives that created a permanent structure (a migrant desk, a diaspora council, a budget line) outlived larger projects that relied only on external staff. Where migration entered the local development plan, it stayed on the agenda after the funding ended.</p>
<h3>3. Partnerships with associations must be balanced</h3>
<p>Migrant associations bring knowledge, networks and money, but they are often run by volunteers. Partnerships worked when the associations were involved from the design of the project, when roles were written down and when the associations' costs were covered.</p>
<h3>4. Coordination between levels of government is the weak link</h3>
<p>Local authorities rarely have a formal say in national migration policies, and national migration institutions rarely have a local presence. Multi-level dialogue platforms, where they existed, resolved problems that no level could solve alone.</p>
<h3>5. Data and follow-up are missing</h3>
<p>Few local authorities know how many of their residents have emigrated or returned. The mappings and monitoring plans introduced by the programme should become routine tools.</p>
<h2>Policy recommendations</h2>
<ul>
<li><strong>To local and regional authorities:</strong> name a migration focal point, integrate migration into the local development plan, and create a lasting channel of dialogue with migrant associations.</li>
<li><strong>To national governments:</strong> recognise the role of local authorities in national migration and development strategies, and give them the mandate and resources to act.</li>
<li><strong>To development partners:</strong> fund longer initiatives that strengthen local institutions, and support peer learning between local authorities across countries.</li>
<li><strong>To migrant and diaspora associations:</strong> federate to speak with one voice, and report on the use of the contributions collected.</li>
</ul>
<h2>Next steps</h2>
<p>The M4D Net will keep this report alive: each recommendation has its own discussion thread, and local authorities are invited to share how they put it into practice.</p>"""

SYNTHESIS_FR = """<p>Ce rapport rassemble ce que les initiatives financées par l'ICMD, les produits de connaissance du programme et les échanges du réseau M4D Net ont appris sur la dimension locale de la migration et du développement. Il s'adresse aux collectivités locales et régionales, aux gouvernements nationaux qui encadrent leur action et à leurs partenaires de développement.</p>
<h2>Enseignements</h2>
<h3>1. Les collectivités locales sont le lieu où migration et développement se rencontrent</h3>
<p>Les migrants partent de territoires, y reviennent et s'y installent. Les services qui font de la migration un choix plutôt qu'une nécessité (emploi, éducation, santé, état civil) sont en grande partie fournis localement. Les initiatives qui ont réussi sont celles où la collectivité a conduit le projet au lieu de simplement l'accueillir.</p>
<h3>2. L'ancrage institutionnel compte davantage que la taille du projet</h3>
<p>De petites initiatives qui ont créé une structure permanente (un guichet migrants, un conseil de la diaspora, une ligne budgétaire) ont survécu à des projets plus importants qui reposaient uniquement sur du personnel extérieur.</p>
<h3>3. Les partenariats avec les associations doivent être équilibrés</h3>
<p>Les associations de migrants apportent des connaissances, des réseaux et des fonds, mais elles sont souvent animées par des bénévoles. Les partenariats ont fonctionné lorsque les associations étaient associées dès la conception du projet et que leurs coûts étaient couverts.</p>
<h3>4. La coordination entre niveaux de gouvernement est le maillon faible</h3>
<p>Les collectivités ont rarement voix au chapitre dans les politiques migratoires nationales. Les plateformes de dialogue multi-niveaux, là où elles existaient, ont résolu des problèmes qu'aucun niveau ne pouvait résoudre seul.</p>
<h3>5. Les données et le suivi font défaut</h3>
<p>Peu de collectivités savent combien de leurs habitants ont émigré ou sont revenus. Les cartographies et les plans de suivi introduits par le programme devraient devenir des outils courants.</p>
<h2>Recommandations</h2>
<ul>
<li><strong>Aux collectivités locales et régionales :</strong> désigner un point focal migration, intégrer la migration dans le plan de développement local et créer un canal de dialogue durable avec les associations de migrants.</li>
<li><strong>Aux gouvernements nationaux :</strong> reconnaître le rôle des collectivités dans les stratégies nationales de migration et de développement, et leur donner le mandat et les moyens d'agir.</li>
<li><strong>Aux partenaires de développement :</strong> financer des initiatives plus longues qui renforcent les institutions locales, et soutenir l'apprentissage entre pairs.</li>
<li><strong>Aux associations de migrants et de la diaspora :</strong> se fédérer pour parler d'une seule voix, et rendre compte de l'usage des contributions collectées.</li>
</ul>
<h2>Prochaines étapes</h2>
<p>Le réseau M4D Net fera vivre ce rapport : chaque recommandation a son fil de discussion, et les collectivités sont invitées à partager la manière dont elles la mettent en œuvre.</p>"""

#: slug, theme, kind, tags, state, quality, title, summary, body, translations
#: state: "published", "in_review", "draft"; quality: "passed", "waiting", None
#: translations: {language: (title, summary, body, "complete" | "draft" | "outdated")}
RESOURCES: list[dict[str, Any]] = [
    {
        "slug": "mapping-your-diaspora",
        "theme": "involving-diasporas",
        "kind": "guide",
        "tags": ["mapping", "diaspora", "data"],
        "state": "published",
        "quality": "passed",
        "title": "Mapping your diaspora: a step-by-step guide for municipalities",
        "summary": "How a municipality can find out who its emigrants are, where they live and what they are ready to contribute, while protecting the people it maps.",
        "body": MAPPING_EN,
        "translations": {
            "fr": (
                "Cartographier sa diaspora : un guide pas à pas pour les communes",
                "Comment une commune peut savoir qui sont ses émigrés, où ils vivent et ce qu'ils sont prêts à apporter, tout en protégeant les personnes recensées.",
                MAPPING_FR,
                "complete",
            ),
            "ar": (
                "رسم خريطة الجالية: دليل خطوة بخطوة للبلديات",
                "كيف يمكن للبلدية أن تعرف من هم مهاجروها وأين يعيشون وما الذي هم مستعدون للمساهمة به، مع حماية الأشخاص الذين تشملهم الخريطة.",
                MAPPING_AR,
                "complete",
            ),
        },
    },
    {
        "slug": "diaspora-councils-oriental",
        "theme": "involving-diasporas",
        "kind": "case_study",
        "tags": ["diaspora", "local development plan", "Morocco"],
        "state": "published",
        "quality": "passed",
        "title": "Diaspora councils in local development plans: the Oriental region of Morocco",
        "summary": "Four Moroccan municipalities gave consultative diaspora councils a formal role in their development plans. What the councils changed, and what remains difficult.",
        "body": COUNCILS_EN,
        # The English original was revised after the French translation: outdated.
        "revision": COUNCILS_EN.replace(
            "They meet twice a year", "They meet at least twice a year"
        ),
        "translations": {
            "fr": (
                "Des conseils de la diaspora dans les plans de développement : la région de l'Oriental au Maroc",
                "Quatre communes marocaines ont donné un rôle formel à des conseils consultatifs de la diaspora dans leurs plans de développement.",
                COUNCILS_FR,
                "outdated",
            ),
        },
    },
    {
        "slug": "diaspora-contributions-municipal-budgets",
        "theme": "involving-diasporas",
        "kind": "policy_brief",
        "tags": ["remittances", "budget", "co-financing"],
        "state": "published",
        "quality": "passed",
        "title": "Making room for diaspora contributions in municipal budgets",
        "summary": "Four key messages for local authorities, and recommendations to national governments, on planning and accounting for collective diaspora contributions.",
        "body": BUDGET_EN,
        "translations": {
            "es": (
                "Dar cabida a las contribuciones de la diáspora en los presupuestos municipales",
                "Cuatro mensajes clave para los gobiernos locales, y recomendaciones a los gobiernos nacionales, sobre cómo planificar y rendir cuentas de las contribuciones colectivas de la diáspora.",
                BUDGET_ES,
                "complete",
            ),
        },
    },
    {
        "slug": "participatory-planning-toolkit",
        "theme": "participatory-processes",
        "kind": "toolkit",
        "tags": ["consultation", "local development plan", "returnees"],
        "state": "published",
        "quality": "passed",
        "title": "Participatory planning toolkit: consulting migrants and their families",
        "summary": "Five tools for consulting migrants, returnees and emigrants' families when preparing a local development plan, from the stakeholder map to the feedback sheet.",
        "body": TOOLKIT_EN,
        "translations": {
            "es": (
                "Caja de herramientas de planificación participativa: consultar a los migrantes y sus familias",
                "Cinco herramientas para consultar a migrantes, retornados y familias de emigrantes al preparar un plan de desarrollo local, del mapa de actores a la hoja de retorno.",
                TOOLKIT_ES,
                "complete",
            ),
            "fr": (
                "Boîte à outils de planification participative",
                "Cinq outils pour consulter les migrants et leurs familles.",
                "<p>Traduction en cours.</p>",
                "draft",
            ),
        },
    },
    {
        "slug": "town-hall-meetings-azuay",
        "theme": "participatory-processes",
        "kind": "case_study",
        "tags": ["returnees", "consultation", "Ecuador"],
        "state": "in_review",
        "quality": None,
        "title": "Town hall meetings with returnees in Ecuador's Azuay province",
        "summary": "How eleven open meetings with returnees shaped reintegration services in three cantons of Azuay, and what they revealed about tensions with residents.",
        "body": AZUAY_EN,
        "translations": {
            "es": (
                "Cabildos abiertos con personas retornadas en la provincia del Azuay, Ecuador",
                "Cómo once reuniones abiertas con retornados definieron los servicios de reintegración en tres cantones del Azuay y qué revelaron sobre las tensiones con los vecinos.",
                AZUAY_ES,
                "complete",
            ),
        },
    },
    {
        "slug": "multi-stakeholder-forum-on-migration",
        "theme": "participatory-processes",
        "kind": "guide",
        "tags": ["consultation", "coordination"],
        "state": "published",
        "quality": "waiting",
        "title": "Running a multi-stakeholder forum on migration",
        "summary": "What to prepare, how to run the day and how to follow up, so that a forum on migration becomes a lasting process rather than a one-off event.",
        "body": FORUM_EN,
        "translations": {},
    },
    {
        "slug": "federations-of-migrant-associations",
        "theme": "representing-migrant-associations",
        "kind": "guide",
        "tags": ["associations", "representation"],
        "state": "published",
        "quality": "passed",
        "title": "Federations, councils and seats: models for representing migrant associations",
        "summary": "Four models of representation of migrant associations compared, with three questions to choose the one that fits a territory.",
        "body": FEDERATIONS_EN,
        "translations": {
            "fr": (
                "Fédérations, conseils et sièges : modèles de représentation des associations de migrants",
                "Quatre modèles de représentation des associations de migrants comparés, et trois questions pour choisir celui qui convient à un territoire.",
                FEDERATIONS_FR,
                "complete",
            ),
        },
    },
    {
        "slug": "migrant-seats-kolda",
        "theme": "representing-migrant-associations",
        "kind": "case_study",
        "tags": ["associations", "representation", "Senegal"],
        "state": "published",
        "quality": "passed",
        "title": "Migrant associations' seats on the regional development committee of Kolda, Senegal",
        "summary": "The first two years of two seats reserved for emigrants' and returnees' associations on a regional development committee.",
        "body": KOLDA_EN,
        "translations": {
            "fr": (
                "Des sièges pour les associations de migrants au comité régional de développement de Kolda (Sénégal)",
                "Les deux premières années de deux sièges réservés aux associations de ressortissants et de migrants de retour dans un comité régional de développement.",
                KOLDA_FR,
                "complete",
            ),
        },
    },
    {
        "slug": "glossary",
        "theme": "representing-migrant-associations",
        "kind": "page",
        "tags": ["glossary"],
        "state": "published",
        "quality": None,
        "title": "Glossary of migration and local development",
        "summary": "The words used in this library, as the programme uses them.",
        "body": GLOSSARY_EN,
        "translations": {},
    },
    {
        "slug": "synthesis-report-lessons-learnt",
        "theme": "involving-diasporas",
        "kind": "synthesis_report",
        "tags": ["lessons learnt", "policy recommendations"],
        "state": "published",
        "quality": "passed",
        "title": "Synthesis report of lessons learnt and policy recommendations",
        "summary": "What the JMDI's initiatives, knowledge products and community have taught about the local dimension of migration and development, and what local authorities, governments and partners should do next.",
        "body": SYNTHESIS_EN,
        "translations": {
            "fr": (
                "Rapport de synthèse des enseignements et recommandations politiques",
                "Ce que les initiatives, les produits de connaissance et la communauté de l'ICMD ont appris sur la dimension locale de la migration et du développement, et ce que les collectivités, les gouvernements et les partenaires devraient faire ensuite.",
                SYNTHESIS_FR,
                "complete",
            ),
        },
    },
]

DRAFT: dict[str, Any] = {
    "theme": "involving-diasporas",
    "kind": "case_study",
    "tags": ["youth", "diaspora"],
    "title": "Summer schools for diaspora youth in Tunisian municipalities",
    "summary": "Notes for a case study on summer schools organised for young people of the diaspora during the holiday season.",
    "body": "<p>Each summer since 2012, the municipality has organised a two-week summer school for young people of the diaspora visiting their families.</p><p>To be completed: participants, partners, costs and results.</p>",
}
