"""The content of the library (bibliothèque): objectives, evaluative questions and indicators
typical of centres sociaux and espaces de vie sociale (EVS), as plain Python data.

Pure data, no Django import: the data migration 0003_library reads it as well as
`library.ensure_library()`. Each entry is a dict with the fields of `LibraryEntry`:
- goals carry a `target` (habitants / territoire / communaute);
- questions carry a `criterion_code` (a code of `criteria.DEFAULT_CRITERIA`) and, in
  `indicator_fields`, {"about": "results" | "process"} (what the question is about);
- indicators carry in `indicator_fields` the fields of `Indicator` to copy (nature, unit,
  computation, source_type, source_params, condition_operator, condition_value, direction,
  granularity, breakdowns). For a survey question, `source_params` names a suggested question
  code and leaves `survey` empty: the survey is chosen once the indicator is in a framework.
Questions and indicators of the same theme go together: the library page suggests one for the
other.
"""

CONFIANCE = "Confiance en soi et épanouissement"
LIENS = "Liens sociaux et isolement"
POUVOIR = "Pouvoir d'agir"
DROITS = "Accès aux droits"
PARTICIPATION = "Participation des habitants et gouvernance"
FAMILLES = "Parentalité et familles"
VIEILLIR = "Bien vieillir"
NUMERIQUE = "Inclusion numérique"
BENEVOLAT = "Bénévolat"
COOPERATION = "Partenariats et coopération"
TERRITOIRE = "Territoire et cohésion sociale"
ENVIRONNEMENT = "Environnement"

THEMES = [
    CONFIANCE,
    LIENS,
    POUVOIR,
    DROITS,
    PARTICIPATION,
    FAMILLES,
    VIEILLIR,
    NUMERIQUE,
    BENEVOLAT,
    COOPERATION,
    TERRITOIRE,
    ENVIRONNEMENT,
]

SCALE_NOTE = "Réponse sur une échelle de 1 (pas du tout) à 5 (tout à fait) ; 4 ou 5 comptent."
SURVEY_NOTE = "Le questionnaire se choisit une fois l'indicateur ajouté au cadre."


def goal(theme, target, text, description="", keywords=""):
    return {
        "kind": "goal",
        "theme": theme,
        "target": target,
        "text": text,
        "description": description,
        "keywords": keywords,
    }


def question(theme, criterion_code, about, text, description="", keywords=""):
    return {
        "kind": "question",
        "theme": theme,
        "criterion_code": criterion_code,
        "indicator_fields": {"about": about},
        "text": text,
        "description": description,
        "keywords": keywords,
    }


def indicator(theme, text, fields, description="", keywords=""):
    base = {
        "nature": "quantitative",
        "unit": "",
        "source_params": {},
        "condition_operator": "",
        "condition_value": "",
        "direction": "increase",
        "granularity": "year",
        "breakdowns": [],
    }
    return {
        "kind": "indicator",
        "theme": theme,
        "text": text,
        "description": description,
        "keywords": keywords,
        "indicator_fields": {**base, **fields},
    }


def scale_share(code, breakdowns=("group",)):
    """Share of answers of 4 or 5 on a 1–5 scale, to a survey question chosen later."""
    return {
        "unit": "%",
        "computation": "share",
        "source_type": "survey_question",
        "source_params": {"survey": None, "question": code},
        "condition_operator": "gte",
        "condition_value": "4",
        "breakdowns": list(breakdowns),
    }


def yes_share(code, breakdowns=("group",)):
    """Share of « oui » answers to a survey question chosen later."""
    return {
        "unit": "%",
        "computation": "share",
        "source_type": "survey_question",
        "source_params": {"survey": None, "question": code},
        "condition_operator": "eq",
        "condition_value": "oui",
        "breakdowns": list(breakdowns),
    }


def before_after(code, before_code):
    return {
        "unit": "points",
        "computation": "change",
        "source_type": "survey_question",
        "source_params": {"survey": None, "question": code, "before_question": before_code},
        "breakdowns": ["group"],
    }


def activity(measure, unit, computation="count", breakdowns=("member",)):
    return {
        "unit": unit,
        "computation": computation,
        "source_type": "activity_records",
        "source_params": {"activity": None, "measure": measure},
        "breakdowns": list(breakdowns),
    }


def volunteering(measure, unit):
    return {
        "unit": unit,
        "computation": "sum",
        "source_type": "volunteer_time",
        "source_params": {"measure": measure, "activity": None},
        "breakdowns": ["member"],
    }


def meetings(measure, unit, types=()):
    return {
        "unit": unit,
        "computation": "count",
        "source_type": "meetings",
        "source_params": {"meeting_types": list(types), "measure": measure},
        "breakdowns": ["member"],
    }


def manual(unit, computation="latest", direction="increase"):
    return {
        "unit": unit,
        "computation": computation,
        "source_type": "manual",
        "source_params": {},
        "direction": direction,
    }


def testimonies():
    return {
        "nature": "qualitative",
        "computation": "themes",
        "source_type": "testimonies",
        "source_params": {"themes": []},
        "breakdowns": ["group"],
    }


ENTRIES = [
    # --- confiance en soi et épanouissement ---------------------------------------------------
    goal(
        CONFIANCE,
        "habitants",
        "Les habitants gagnent en confiance en eux et osent de nouvelles choses",
        "Prendre la parole, essayer une activité, faire une démarche seul : les petits pas qui "
        "changent la vie quotidienne.",
        "estime de soi, autonomie, épanouissement",
    ),
    goal(
        CONFIANCE,
        "habitants",
        "Chacun peut développer et faire reconnaître ses savoirs et ses talents",
        "Échanges de savoirs, ateliers animés par des habitants, valorisation des compétences.",
        "compétences, savoirs, reconnaissance, talents",
    ),
    question(
        CONFIANCE,
        "impact",
        "results",
        "En quoi la participation aux activités a-t-elle renforcé la confiance en soi des "
        "personnes ?",
        keywords="estime de soi, effets",
    ),
    question(
        CONFIANCE,
        "pertinence",
        "process",
        "Nos activités laissent-elles une place suffisante à l'initiative et aux envies des "
        "participants ?",
        keywords="initiative, envies, accueil",
    ),
    indicator(
        CONFIANCE,
        "Part des participants qui se sentent plus confiants depuis qu'ils fréquentent la "
        "structure",
        scale_share("confiance_soi"),
        "Question suggérée : « Depuis que je viens, je me sens plus sûr(e) de moi. » "
        + SCALE_NOTE
        + " "
        + SURVEY_NOTE,
        "estime de soi, questionnaire",
    ),
    indicator(
        CONFIANCE,
        "Évolution du sentiment de confiance en soi entre l'entrée et la fin de l'activité",
        before_after("confiance_soi_fin", "confiance_soi_debut"),
        "Même question posée au début et à la fin (échelle de 1 à 5) ; l'écart moyen se lit en "
        "points. " + SURVEY_NOTE,
        "avant après, progression",
    ),
    indicator(
        CONFIANCE,
        "Ce que les personnes disent avoir gagné en confiance et en épanouissement",
        testimonies(),
        "Témoignages recueillis (verbatims, portraits) et codés par thèmes : prise de parole, "
        "autonomie, fierté, projets.",
        "verbatims, qualitatif, récits",
    ),
    # --- liens sociaux et isolement ------------------------------------------------------------
    goal(
        LIENS,
        "habitants",
        "Les personnes isolées tissent de nouveaux liens et se sentent moins seules",
        "Rompre l'isolement des personnes seules, des nouveaux arrivants et des familles "
        "monoparentales.",
        "solitude, isolement, rencontres",
    ),
    goal(
        LIENS,
        "territoire",
        "Les habitants d'un même quartier se connaissent et s'entraident davantage",
        "Développer les solidarités de voisinage et les échanges de services.",
        "voisinage, entraide, solidarité",
    ),
    question(
        LIENS,
        "efficacite",
        "results",
        "Les personnes que nous accueillons ont-elles moins souvent le sentiment d'être seules ?",
        keywords="solitude, isolement",
    ),
    question(
        LIENS,
        "pertinence",
        "results",
        "Atteignons-nous les personnes les plus isolées du territoire, y compris celles qui ne "
        "viennent pas d'elles-mêmes ?",
        keywords="aller vers, public éloigné, invisibles",
    ),
    indicator(
        LIENS,
        "Part des participants qui ont noué au moins une nouvelle relation grâce à la structure",
        yes_share("nouvelle_relation"),
        "Question suggérée : « Grâce au centre, j'ai rencontré au moins une personne que je "
        "revois en dehors des activités » (oui / non). " + SURVEY_NOTE,
        "amitié, relations, rencontres",
    ),
    indicator(
        LIENS,
        "Part des personnes qui se sentent seules souvent ou très souvent",
        {**scale_share("sentiment_solitude"), "direction": "decrease"},
        "Question suggérée : « Il m'arrive de me sentir seul(e) » (de 1 jamais à 5 très "
        "souvent) ; 4 ou 5 comptent. " + SURVEY_NOTE,
        "solitude, isolement",
    ),
    indicator(
        LIENS,
        "Nombre de personnes différentes accueillies dans les activités collectives",
        activity("participants", "personnes"),
        "Chaque personne comptée une fois sur la période, d'après les feuilles de présence.",
        "fréquentation, public, présences",
    ),
    # --- pouvoir d'agir ------------------------------------------------------------------------
    goal(
        POUVOIR,
        "habitants",
        "Les habitants agissent collectivement sur les questions qui les concernent",
        "Accompagner des groupes d'habitants qui portent leurs propres projets et leurs "
        "revendications.",
        "empowerment, action collective, initiatives",
    ),
    goal(
        POUVOIR,
        "territoire",
        "Des initiatives d'habitants voient le jour et trouvent leur place sur le territoire",
        "Soutenir les projets d'habitants jusqu'à leur réalisation, avec les ressources du "
        "territoire.",
        "initiatives, projets d'habitants, fonds de participation",
    ),
    question(
        POUVOIR,
        "impact",
        "results",
        "Les habitants se sentent-ils davantage capables d'agir sur leur situation et sur leur "
        "quartier ?",
        keywords="capacité d'agir, empowerment",
    ),
    question(
        POUVOIR,
        "coherence",
        "process",
        "Notre accompagnement laisse-t-il vraiment aux habitants la conduite de leurs projets ?",
        keywords="posture, accompagnement, faire avec",
    ),
    indicator(
        POUVOIR,
        "Nombre de projets portés par des habitants et accompagnés par la structure",
        manual("projets", computation="sum"),
        "Projets dont l'idée et la conduite reviennent à des habitants, saisis chaque année.",
        "initiatives, projets d'habitants",
    ),
    indicator(
        POUVOIR,
        "Part des participants qui se sentent capables d'agir pour changer les choses",
        scale_share("capacite_agir"),
        "Question suggérée : « Je me sens capable d'agir avec d'autres pour changer des choses "
        "dans mon quartier. » " + SCALE_NOTE + " " + SURVEY_NOTE,
        "capacité d'agir, empowerment",
    ),
    # --- accès aux droits ----------------------------------------------------------------------
    goal(
        DROITS,
        "habitants",
        "Les habitants connaissent leurs droits et les font valoir",
        "Lutter contre le non-recours aux droits : information, accompagnement aux démarches, "
        "orientation.",
        "non-recours, démarches, prestations, CAF",
    ),
    goal(
        DROITS,
        "territoire",
        "Un accueil de proximité oriente chacun vers le bon interlocuteur",
        "Un premier accueil inconditionnel, relié aux services publics du territoire.",
        "accueil, orientation, France services",
    ),
    question(
        DROITS,
        "efficacite",
        "results",
        "Les personnes accompagnées ont-elles ouvert ou retrouvé les droits auxquels elles "
        "pouvaient prétendre ?",
        keywords="non-recours, ouverture de droits",
    ),
    question(
        DROITS,
        "pertinence",
        "process",
        "Notre accueil et nos permanences répondent-ils aux besoins et aux horaires des "
        "habitants ?",
        keywords="permanences, horaires, accueil",
    ),
    indicator(
        DROITS,
        "Nombre de personnes accompagnées dans leurs démarches d'accès aux droits",
        activity("participants", "personnes"),
        "Personnes différentes reçues en permanence ou en rendez-vous d'accompagnement.",
        "démarches, permanences, accompagnement",
    ),
    indicator(
        DROITS,
        "Nombre de droits ouverts ou rétablis à la suite d'un accompagnement",
        manual("droits", computation="sum"),
        "Relevé des dossiers aboutis (prestations, complémentaire santé, logement…), saisi par "
        "période.",
        "non-recours, prestations, dossiers",
    ),
    # --- participation des habitants et gouvernance ---------------------------------------------
    goal(
        PARTICIPATION,
        "communaute",
        "Les habitants participent aux décisions de la structure",
        "Des habitants au conseil d'administration, dans les comités et dans l'élaboration du "
        "projet social.",
        "gouvernance, conseil d'administration, démocratie",
    ),
    goal(
        PARTICIPATION,
        "habitants",
        "Chacun trouve une manière de participer qui lui convient",
        "De la simple présence à la prise de responsabilité : des portes d'entrée variées.",
        "implication, engagement, escalier de la participation",
    ),
    question(
        PARTICIPATION,
        "coherence",
        "process",
        "Les instances de la structure font-elles une vraie place à la parole des habitants ?",
        keywords="gouvernance, instances, démocratie",
    ),
    question(
        PARTICIPATION,
        "durabilite",
        "process",
        "Le renouvellement des administrateurs et des habitants engagés est-il assuré ?",
        keywords="renouvellement, relève, administrateurs",
    ),
    indicator(
        PARTICIPATION,
        "Part des habitants usagers parmi les membres du conseil d'administration",
        manual("%", computation="latest"),
        "Proportion saisie après chaque assemblée générale.",
        "conseil d'administration, gouvernance",
    ),
    indicator(
        PARTICIPATION,
        "Nombre de participations d'habitants aux temps collectifs de décision",
        meetings("attendances", "participations", ("comite_pilotage", "atelier_collectif")),
        "Présences aux comités, ateliers et assemblées où se prennent les décisions.",
        "instances, comités, démocratie",
    ),
    indicator(
        PARTICIPATION,
        "Part des participants qui ont le sentiment que leur avis compte",
        scale_share("avis_compte"),
        "Question suggérée : « Au centre, mon avis est écouté et pris en compte. » "
        + SCALE_NOTE
        + " "
        + SURVEY_NOTE,
        "écoute, avis, considération",
    ),
    # --- parentalité et familles ---------------------------------------------------------------
    goal(
        FAMILLES,
        "habitants",
        "Les parents se sentent soutenus et plus à l'aise dans leur rôle",
        "Volet familles du projet social : lieux d'échange entre parents, sorties familiales, "
        "accompagnement à la scolarité.",
        "parentalité, volet familles, soutien, parents",
    ),
    goal(
        FAMILLES,
        "habitants",
        "Parents et enfants partagent davantage de moments de qualité",
        "Activités parents-enfants, sorties et vacances en famille.",
        "loisirs en famille, sorties, lien parent-enfant",
    ),
    question(
        FAMILLES,
        "impact",
        "results",
        "Les actions du volet familles ont-elles renforcé les parents dans leur rôle éducatif ?",
        keywords="parentalité, volet familles, éducation",
    ),
    question(
        FAMILLES,
        "pertinence",
        "results",
        "Les actions familles touchent-elles les familles qui en ont le plus besoin "
        "(monoparentales, nouvellement arrivées, en difficulté) ?",
        keywords="familles monoparentales, public, besoins",
    ),
    indicator(
        FAMILLES,
        "Part des parents qui se disent plus à l'aise dans leur rôle de parent",
        scale_share("aise_role_parent"),
        "Question suggérée : « Les actions familles m'ont aidé(e) à me sentir plus à l'aise "
        "comme parent. » " + SCALE_NOTE + " " + SURVEY_NOTE,
        "parentalité, soutien",
    ),
    indicator(
        FAMILLES,
        "Nombre de familles différentes touchées par les actions familles",
        activity("participants", "familles"),
        "Familles comptées une fois sur la période, d'après les relevés des actions familles.",
        "volet familles, fréquentation",
    ),
    # --- bien vieillir -------------------------------------------------------------------------
    goal(
        VIEILLIR,
        "habitants",
        "Les personnes âgées restent actives et en lien avec les autres",
        "Prévenir la perte d'autonomie et l'isolement des aînés, à domicile comme au centre.",
        "seniors, aînés, prévention, autonomie",
    ),
    goal(
        VIEILLIR,
        "territoire",
        "Le territoire offre aux aînés des occasions de rencontre entre générations",
        "Activités intergénérationnelles avec écoles, crèches et associations.",
        "intergénérationnel, seniors, générations",
    ),
    question(
        VIEILLIR,
        "efficacite",
        "results",
        "Les aînés qui participent gardent-ils une vie sociale plus riche et plus de mobilité ?",
        keywords="seniors, autonomie, vie sociale",
    ),
    question(
        VIEILLIR,
        "coherence",
        "process",
        "Les partenaires du bien vieillir (CCAS, services à domicile, santé) coordonnent-ils "
        "leurs actions ?",
        keywords="coordination, CCAS, gérontologie",
    ),
    indicator(
        VIEILLIR,
        "Nombre de personnes de plus de 60 ans participant aux activités",
        activity("participants", "personnes"),
        "D'après les relevés d'activité des ateliers et sorties proposés aux aînés.",
        "seniors, aînés, fréquentation",
    ),
    indicator(
        VIEILLIR,
        "Part des aînés participants qui sortent plus souvent de chez eux",
        yes_share("sorties_plus_frequentes"),
        "Question suggérée : « Depuis que je participe, je sors plus souvent de chez moi » "
        "(oui / non). " + SURVEY_NOTE,
        "mobilité, isolement, seniors",
    ),
    # --- inclusion numérique -------------------------------------------------------------------
    goal(
        NUMERIQUE,
        "habitants",
        "Les habitants gagnent en autonomie avec les outils numériques",
        "Ateliers, accompagnement individuel et aide aux démarches en ligne.",
        "numérique, fracture numérique, démarches en ligne",
    ),
    goal(
        NUMERIQUE,
        "territoire",
        "Personne n'est privé d'un droit faute de savoir utiliser internet",
        "Un accompagnement numérique de proximité, en lien avec les services publics.",
        "dématérialisation, conseiller numérique",
    ),
    question(
        NUMERIQUE,
        "efficacite",
        "results",
        "Les personnes accompagnées font-elles désormais seules leurs démarches en ligne ?",
        keywords="autonomie numérique, démarches",
    ),
    question(
        NUMERIQUE,
        "efficience",
        "process",
        "Le temps consacré à l'accompagnement numérique est-il à la mesure des résultats obtenus ?",
        keywords="moyens, temps, conseiller numérique",
    ),
    indicator(
        NUMERIQUE,
        "Nombre d'heures d'ateliers et d'accompagnement numérique",
        activity("hours", "heures", computation="sum"),
        "Heures d'activité relevées pour les ateliers et les permanences numériques.",
        "ateliers, permanences, volume",
    ),
    indicator(
        NUMERIQUE,
        "Part des personnes accompagnées qui réalisent seules une démarche en ligne",
        yes_share("demarche_seule"),
        "Question suggérée : « Aujourd'hui, je sais faire seul(e) une démarche en ligne "
        "(CAF, impôts, santé) » (oui / non). " + SURVEY_NOTE,
        "autonomie, démarches en ligne",
    ),
    # --- bénévolat -----------------------------------------------------------------------------
    goal(
        BENEVOLAT,
        "communaute",
        "Le bénévolat est reconnu, soutenu et renouvelé",
        "Accueillir, former et valoriser les bénévoles ; faire connaître la valeur de leur "
        "engagement.",
        "bénévoles, engagement, valorisation",
    ),
    goal(
        BENEVOLAT,
        "habitants",
        "S'engager comme bénévole est une source d'épanouissement et d'apprentissage",
        "Le bénévolat comme chemin de participation et de compétences.",
        "engagement, compétences, épanouissement",
    ),
    question(
        BENEVOLAT,
        "durabilite",
        "process",
        "Les bénévoles restent-ils engagés et de nouveaux bénévoles nous rejoignent-ils ?",
        keywords="renouvellement, fidélisation, recrutement",
    ),
    question(
        BENEVOLAT,
        "efficience",
        "results",
        "Quelle est la valeur du temps bénévole au regard des moyens du projet ?",
        "Le temps bénévole se valorise en heures × taux horaire (contributions volontaires en "
        "nature, comptes 86/87).",
        keywords="valorisation, contributions volontaires, CVN",
    ),
    indicator(
        BENEVOLAT,
        "Nombre d'heures de bénévolat",
        volunteering("hours", "heures"),
        "Heures déclarées par les bénévoles ou relevées par activité.",
        "temps bénévole, engagement",
    ),
    indicator(
        BENEVOLAT,
        "Valeur du bénévolat en euros",
        volunteering("value_eur", "€"),
        "Heures × taux horaire retenu (SMIC ou salaire d'un poste équivalent, charges "
        "comprises), à reporter en contributions volontaires en nature (comptes 86/87).",
        "valorisation, contributions volontaires, comptes 86 87",
    ),
    indicator(
        BENEVOLAT,
        "Part des bénévoles qui disent avoir acquis des compétences",
        scale_share("benevole_competences", breakdowns=()),
        "Question suggérée : « Mon engagement bénévole m'a permis d'apprendre. » "
        + SCALE_NOTE
        + " "
        + SURVEY_NOTE,
        "compétences, apprentissage, bénévoles",
    ),
    # --- partenariats et coopération (communauté d'action) --------------------------------------
    goal(
        COOPERATION,
        "communaute",
        "Les membres de la communauté d'action coopèrent et mutualisent leurs moyens",
        "Postes mutualisés, locaux partagés, actions conduites ensemble.",
        "mutualisation, communauté d'action, partenaires",
    ),
    goal(
        COOPERATION,
        "communaute",
        "Chaque partenaire gagne à participer à la communauté d'action",
        "Chacun apporte et reçoit : compétences, contacts, visibilité, publics.",
        "bénéfices, apports, réciprocité",
    ),
    question(
        COOPERATION,
        "coherence",
        "process",
        "La répartition des rôles et des contributions entre les membres est-elle claire et "
        "équitable ?",
        keywords="gouvernance partagée, rôles, contributions",
    ),
    question(
        COOPERATION,
        "efficience",
        "results",
        "La coopération permet-elle de faire plus ou mieux avec les mêmes moyens ?",
        keywords="mutualisation, économies, moyens",
    ),
    indicator(
        COOPERATION,
        "Nombre de structures présentes aux rencontres de la communauté d'action",
        meetings("organisations", "structures", ("comite_pilotage", "reunion_mensuelle")),
        "Structures différentes présentes aux comités de pilotage et réunions.",
        "partenaires, assiduité, réunions",
    ),
    indicator(
        COOPERATION,
        "Part des partenaires satisfaits de la coopération",
        scale_share("satisfaction_cooperation", breakdowns=("member",)),
        "Question suggérée : « La coopération au sein du projet apporte quelque chose à ma "
        "structure. » " + SCALE_NOTE + " " + SURVEY_NOTE,
        "satisfaction, partenaires",
    ),
    # --- territoire et cohésion sociale --------------------------------------------------------
    goal(
        TERRITOIRE,
        "territoire",
        "Le quartier est un lieu où il fait bon vivre ensemble",
        "Des espaces et des temps partagés qui font se rencontrer des habitants différents.",
        "cohésion sociale, vivre ensemble, mixité",
    ),
    goal(
        TERRITOIRE,
        "territoire",
        "Les habitants ont une meilleure image de leur quartier et de ses ressources",
        "Fêtes de quartier, valorisation des lieux et des initiatives locales.",
        "image du quartier, attractivité, fierté",
    ),
    question(
        TERRITOIRE,
        "impact",
        "results",
        "Nos actions contribuent-elles à la rencontre entre habitants d'origines, d'âges et de "
        "milieux différents ?",
        keywords="mixité, cohésion sociale, vivre ensemble",
    ),
    question(
        TERRITOIRE,
        "pertinence",
        "results",
        "Nos actions répondent-elles aux enjeux relevés dans le diagnostic social de territoire ?",
        keywords="diagnostic, besoins, enjeux",
    ),
    indicator(
        TERRITOIRE,
        "Nombre de participations aux événements ouverts à tous",
        activity("attendances", "participations", breakdowns=()),
        "Présences aux fêtes de quartier, repas partagés et manifestations publiques.",
        "fêtes, événements, fréquentation",
    ),
    indicator(
        TERRITOIRE,
        "Part des habitants qui se sentent bien dans leur quartier",
        scale_share("bien_quartier"),
        "Question suggérée : « Je me sens bien dans mon quartier. » "
        + SCALE_NOTE
        + " "
        + SURVEY_NOTE,
        "cadre de vie, sentiment d'appartenance",
    ),
    # --- environnement -------------------------------------------------------------------------
    goal(
        ENVIRONNEMENT,
        "habitants",
        "Les habitants adoptent des gestes plus respectueux de l'environnement",
        "Réduction des déchets, réparation, alimentation durable, économies d'énergie.",
        "transition écologique, écogestes, déchets",
    ),
    goal(
        ENVIRONNEMENT,
        "territoire",
        "Des lieux partagés font vivre la transition écologique dans le quartier",
        "Jardins partagés, repair cafés, ressourceries, composteurs collectifs.",
        "jardin partagé, repair café, compost",
    ),
    question(
        ENVIRONNEMENT,
        "impact",
        "results",
        "Les participants ont-ils changé certaines habitudes de consommation ou de déplacement ?",
        keywords="habitudes, consommation, écogestes",
    ),
    question(
        ENVIRONNEMENT,
        "durabilite",
        "process",
        "Les lieux partagés (jardin, atelier de réparation) peuvent-ils continuer sans "
        "l'équipe salariée ?",
        keywords="autonomie des collectifs, pérennité",
    ),
    indicator(
        ENVIRONNEMENT,
        "Nombre de séances d'ateliers liés à l'environnement",
        activity("sessions", "séances"),
        "Séances de jardin, de réparation, de cuisine durable relevées dans les activités.",
        "ateliers, jardin, réparation",
    ),
    indicator(
        ENVIRONNEMENT,
        "Part des participants qui déclarent avoir changé au moins une habitude",
        yes_share("habitude_changee"),
        "Question suggérée : « Depuis les ateliers, j'ai changé au moins une habitude "
        "(déchets, alimentation, énergie) » (oui / non). " + SURVEY_NOTE,
        "écogestes, habitudes",
    ),
]
