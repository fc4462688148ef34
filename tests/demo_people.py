"""The six demo accounts of DESIGN §6, by what they do."""

DIRECTION = "direction@falaises.demo"
REFERENTE = "referente@falaises.demo"
COORDINATION = "coordination@bienvieillir.demo"
FEDERATION = "federation@causses.demo"
CAF = "caf@causses.demo"
PARTENAIRE = "partenaire@ccas.demo"
DEMO_EMAILS = [DIRECTION, REFERENTE, COORDINATION, FEDERATION, CAF, PARTENAIRE]
