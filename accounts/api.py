from __future__ import annotations

from ninja import Router, Schema

from accounts.http import AuthenticatedRequest

router = Router(tags=["accounts"])


class MeOut(Schema):
    username: str
    organisation: str | None
    organisation_kind: str
    role: str


@router.get("/me", response=MeOut, summary="Who the token or session belongs to")
def me(request: AuthenticatedRequest) -> MeOut:
    user = request.user
    return MeOut(
        username=user.get_username(),
        organisation=user.organisation.name if user.organisation is not None else None,
        organisation_kind=user.kind,
        role=user.role,
    )
