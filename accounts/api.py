from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

router = Router(tags=["accounts"])


class MeOut(Schema):
    username: str
    organisation: str | None
    organisation_kind: str
    role: str


@router.get("/me", response=MeOut, summary="Who the token or session belongs to")
def me(request: HttpRequest) -> MeOut:
    user = request.user
    return MeOut(
        username=user.get_username(),
        organisation=user.organisation.name if user.organisation_id else None,
        organisation_kind=user.kind,
        role=user.role,
    )
