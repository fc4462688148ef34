from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def luhn_is_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


# La Poste's establishments do not follow Luhn; INSEE documents this single exception.
LA_POSTE_SIREN = "356000000"


def validate_siret(value: str) -> None:
    """A SIRET is 14 digits whose Luhn checksum holds (except La Poste's establishments)."""
    compact = value.replace(" ", "")
    if not compact.isdigit() or len(compact) != 14:
        raise ValidationError(
            _("Le SIRET doit compter exactement 14 chiffres (espaces permis)."), code="siret_format"
        )
    if compact.startswith(LA_POSTE_SIREN):
        if sum(int(c) for c in compact) % 5 != 0:
            raise ValidationError(_("Ce numéro SIRET n'est pas valide (clé de contrôle)."))
        return
    if not luhn_is_valid(compact):
        raise ValidationError(
            _("Ce numéro SIRET n'est pas valide (clé de contrôle). Vérifiez les chiffres."),
            code="siret_checksum",
        )
