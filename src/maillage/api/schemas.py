"""What the API reads and writes, as OpenAPI schemas. Field names are English like the code;
descriptions and labels are French like the pages."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from ninja import Field, Schema

MAX_ID = 2**63 - 1  # the largest primary key a database stores; larger ids can only be unknown


# --- errors --------------------------------------------------------------------------------------


class FieldError(Schema):
    field: str = Field(description="Le champ refusé, ex. « answers.confiance_avant ».")
    label: str = Field("", description="Son libellé, quand il en a un (la question posée).")
    message: str = Field(description="Pourquoi, en français.")


class Error(Schema):
    detail: str = Field(description="Ce qui ne va pas, en français.")
    errors: list[FieldError] = Field(default_factory=list)


# Every endpoint may answer these: no valid token (401), a request that does not fit (422);
# those that read a body also 400, for a body that is not JSON at all.
ERRORS = {401: Error, 422: Error}
BODY_ERRORS = {400: Error, **ERRORS}


# --- organisations -------------------------------------------------------------------------------


class KeyFiguresOut(Schema):
    year: int
    salaried_staff: int | None = None
    staff_fte: float | None = None
    board_members: int | None = None
    volunteers: int | None = None
    member_families: int | None = None
    member_associations: int | None = None
    annual_budget: float | None = None


class OrganisationOut(Schema):
    id: int
    slug: str
    name: str
    kind: str
    kind_label: str
    commune: str
    postal_code: str
    key_figures: list[KeyFiguresOut] | None = Field(
        None,
        description=(
            "Chiffres clés, de l'année la plus récente à la plus ancienne : null quand la "
            "structure ne les partage pas avec vous."
        ),
    )


class ActivityOut(Schema):
    id: int
    code: str
    name: str
    default_duration: float
    archived: bool


# --- projects ------------------------------------------------------------------------------------


class ProjectOut(Schema):
    id: int
    slug: str
    title: str
    kind: str
    kind_label: str
    description: str
    territory: str
    period_start: date | None = None
    period_end: date | None = None


class MemberOut(Schema):
    organisation_id: int
    organisation_slug: str
    organisation_name: str
    role: str
    role_label: str
    joined_on: date | None = None


class ProjectDetailOut(ProjectOut):
    members: list[MemberOut]


class GoalOut(Schema):
    id: int
    target: str
    target_label: str
    title: str
    description: str


class EvaluativeQuestionOut(Schema):
    id: int
    goal_id: int | None = None
    text: str
    criterion: str
    about: str


class IndicatorOut(Schema):
    id: int
    question_id: int
    name: str
    description: str
    nature: str
    unit: str
    computation: str
    source_type: str
    baseline: float | None = None
    target: float | None = None
    direction: str
    period_start: date | None = None
    period_end: date | None = None


class FrameworkOut(Schema):
    id: int | None = Field(None, description="null tant que le cadre n'a pas été commencé.")
    project_id: int
    status: str
    status_label: str
    validated_on: date | None = None
    goals: list[GoalOut]
    questions: list[EvaluativeQuestionOut]
    indicators: list[IndicatorOut]


class PeriodOut(Schema):
    start: date
    end: date
    label: str


class IndicatorValueOut(Schema):
    indicator_id: int
    name: str
    unit: str
    period: PeriodOut | None = Field(None, description="null : toutes les données.")
    value: float | None = None
    n: int = Field(description="Effectif sur lequel la valeur est calculée.")
    low: float | None = Field(None, description="Borne basse de l'intervalle de confiance.")
    high: float | None = Field(None, description="Borne haute de l'intervalle de confiance.")
    is_percent: bool
    baseline: float | None = None
    target: float | None = None
    target_reached: bool | None = None
    notice: str = ""


# --- surveys -------------------------------------------------------------------------------------


class ChoiceOut(Schema):
    value: str
    label: str


class QuestionOut(Schema):
    code: str
    label: str
    type: str
    required: bool
    choices: list[ChoiceOut]
    show_if: str | None = Field(None, description="Code de la question qui conditionne celle-ci.")


class SurveyOut(Schema):
    id: int
    code: str
    title: str
    organisation_id: int
    questions: list[QuestionOut]


AnswerValue = str | int | float | list[str] | None


class ResponseIn(Schema):
    submission_key: uuid.UUID = Field(
        description=(
            "Clé choisie par votre logiciel (UUID), une par réponse : renvoyer la même clé "
            "n'enregistre rien de plus."
        )
    )
    answers: dict[str, AnswerValue] = Field(
        description=(
            "Réponses par code de question ; une liste de codes de choix pour les choix multiples."
        )
    )
    campaign_id: int | None = Field(None, ge=1, le=MAX_ID)


class ResponseOut(Schema):
    id: int
    survey_id: int
    submission_key: uuid.UUID
    submitted_at: datetime
    created: bool = Field(description="false : cette clé était déjà enregistrée.")


# --- activity sessions ---------------------------------------------------------------------------


class SessionIn(Schema):
    submission_key: uuid.UUID = Field(
        description=(
            "Clé choisie par votre logiciel (UUID) : la même clé n'enregistre qu'une séance."
        )
    )
    date: str = Field(description="Date de la séance : 2026-03-14 ou 14/03/2026.")
    duration: str | float | None = Field(
        None, description="Durée en heures (2 ; 1,5 ; 1h30) ; absente : la durée habituelle."
    )
    counts: dict[str, int] = Field(
        default_factory=dict,
        description=(
            "Participants par groupe, par code : habitant, benevole, salarie, administrateur, "
            "partenaire."
        ),
    )
    names: list[str] = Field(
        default_factory=list, description="Personnes à nommer (facultatif), comptées habitants."
    )
    notes: str = ""


class SessionOut(Schema):
    id: int
    activity_id: int
    date: date
    duration: float
    counts: dict[str, int]
    total: int
    submission_key: uuid.UUID | None = None
    created: bool = Field(description="false : cette clé était déjà enregistrée.")
