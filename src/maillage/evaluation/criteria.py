"""The six usual evaluation criteria the list starts with (DESIGN §2, step 3)."""

DEFAULT_CRITERIA = [
    ("pertinence", "Pertinence", "les actions au regard des besoins"),
    ("coherence", "Cohérence", "les moyens au regard des objectifs"),
    ("efficacite", "Efficacité", "les résultats au regard des objectifs"),
    ("efficience", "Efficience", "les résultats au regard des moyens"),
    (
        "impact",
        "Impact / utilité sociale",
        "les effets durables pour les personnes et le territoire",
    ),
    ("durabilite", "Durabilité", "ce qui se maintient et se renouvelle"),
]


def ensure_default_criteria(criterion_model=None) -> None:
    if criterion_model is None:
        from maillage.evaluation.models import Criterion as criterion_model
    for order, (code, name, description) in enumerate(DEFAULT_CRITERIA):
        criterion_model.objects.get_or_create(
            project=None,
            code=code,
            defaults={"name": name, "description": description, "order": order},
        )
