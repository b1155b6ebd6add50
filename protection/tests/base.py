import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from accounts.choices import Role
from accounts.models import User
from core.tests.people import PeopleMixin
from protection import actions
from protection.choices import CaseStatus, DocumentKind, LeadSource, MediationStatus, Offence, RightKind
from protection.choices import TransferStatus as T

SH = ZoneInfo("Asia/Shanghai")


def at(y, m, d, h=9, minute=0):
    return dt.datetime(y, m, d, h, minute, tzinfo=SH)


class Upload:
    """A minimal uploaded file for the actions (the views pass Django's own)."""

    def __init__(self, name: str, data: bytes) -> None:
        import io

        self.name, self._io, self.size = name, io.BytesIO(data), len(data)

    def read(self, n: int = -1) -> bytes:
        return self._io.read(n)

    def seek(self, pos: int, whence: int = 0) -> int:
        return self._io.seek(pos, whence)

    def tell(self) -> int:
        return self._io.tell()

    def seekable(self) -> bool:
        return True

    def chunks(self, size: int = 65536):
        self._io.seek(0)
        while chunk := self._io.read(size):
            yield chunk


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class ProtectionMixin(PeopleMixin):
    """The named people plus a second enforcement officer (a case needs two)."""

    enforcer2: User

    @classmethod
    def make_protection(cls) -> None:
        cls.make_people()
        cls.enforcer2 = cls.person(cls.office, "ed", Role.ENFORCEMENT)

    def lead(self, when=None, right_kind=RightKind.TRADEMARK, complainant=None, **fields):
        return actions.enter_lead(
            actor=self.ent_manager if complainant else self.enforcer,
            source=LeadSource.COMPLAINT if complainant else LeadSource.INSPECTION,
            summary="Counterfeit goods seen at the market",
            right_kind=right_kind,
            complainant=complainant,
            received_at=when or at(2026, 3, 2),
            **fields,
        )

    def file(self, case, when):
        return actions.transition_case(
            actor=self.enforcer,
            case=case,
            to_status=CaseStatus.FILED,
            officers=[self.enforcer, self.enforcer2],
            now=when,
        )

    def investigate(self, case, when, volume="0", gain="0", marks=1, offence=Offence.COUNTERFEIT_MARK):
        case = actions.transition_case(actor=self.enforcer, case=case, to_status=CaseStatus.INVESTIGATING, now=when)
        return actions.update_case(
            actor=self.enforcer,
            case=case,
            offence=offence,
            business_volume=Decimal(volume),
            illegal_gain=Decimal(gain),
            marks_count=marks,
        )

    def documents(self, case):
        return [
            actions.upload_evidence(actor=self.enforcer, case=case, upload=Upload(f"{kind}.pdf", PDF), kind=kind)
            for kind in (DocumentKind.TRANSFER_LETTER, DocumentKind.INVESTIGATION_REPORT, DocumentKind.SEIZED_ITEMS)
        ]

    def transfer_until_sent(self, case, proposed, approved, sent, police=None):
        transfer = actions.propose_transfer(actor=self.enforcer, case=case, police=police or self.police, now=proposed)
        transfer = actions.transition_transfer(actor=self.leader, transfer=transfer, to_status=T.APPROVED, now=approved)
        return actions.transition_transfer(
            actor=self.enforcer, transfer=transfer, to_status=T.SENT, documents=self.documents(case), now=sent
        )

    def accept(self, transfer, when):
        return actions.transition_transfer(
            actor=self.police_liaison, transfer=transfer, to_status=T.ACCEPTED, police_case_number="PA-1", now=when
        )

    def peoples_mediation(self, applied):
        return actions.apply_for_mediation(
            actor=self.ent_manager,
            applicant=self.enterprise,
            body=self.mediation,
            respondent_name="Copycat Ltd",
            right_kind=RightKind.TRADEMARK,
            dispute="They copy our mark",
            now=applied,
        )

    def court_referral(self, applied):
        return actions.refer_to_mediation(
            actor=self.court_liaison,
            court=self.court,
            body=self.mediation,
            applicant_name="Alpha",
            respondent_name="Beta",
            right_kind=RightKind.PATENT,
            dispute="Patent licence fee",
            now=applied,
        )

    def mediate(self, mediation, accepted, assigned):
        mediation = actions.transition_mediation(
            actor=self.mediator, mediation=mediation, to_status=MediationStatus.ACCEPTED, now=accepted
        )
        return actions.transition_mediation(
            actor=self.mediator,
            mediation=mediation,
            to_status=MediationStatus.IN_SESSION,
            mediator=self.mediator,
            now=assigned,
        )

    def agree(self, mediation, when):
        return actions.transition_mediation(
            actor=self.mediator,
            mediation=mediation,
            to_status=MediationStatus.AGREED,
            agreement_text="Stop using the mark and pay 10,000 yuan",
            signed_by_parties=True,
            now=when,
        )
