import hashlib
import io
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import translation

from audit.models import AuditEvent
from protection import actions, evidence
from protection.choices import DocumentKind
from protection.tests.base import PDF, ProtectionMixin, Upload, at


def office_zip(extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


class EvidenceUploadTest(ProtectionMixin, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_protection()

    def setUp(self) -> None:
        self.case = self.lead(at(2026, 3, 2))

    def upload(self, name: str, data: bytes, actor=None):
        return actions.upload_evidence(
            actor=actor or self.enforcer, case=self.case, upload=Upload(name, data), kind=DocumentKind.OTHER
        )

    def test_a_pdf_is_stored_under_a_server_made_name_with_its_sha256(self):
        item = self.upload("合同.pdf", PDF)
        self.assertRegex(item.stored_name, r"^evidence/\d{4}/[0-9a-f]{32}\.pdf$")
        self.assertEqual(item.sha256, hashlib.sha256(PDF).hexdigest())
        self.assertEqual(item.content_type, "application/pdf")
        self.assertEqual((Path(settings.MEDIA_ROOT) / item.stored_name).read_bytes(), PDF)

    def test_the_type_comes_from_the_content_not_the_name(self):
        self.assertEqual(self.upload("photo.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 20).stored_name[-4:], ".png")
        self.assertEqual(self.upload("notes.exe", "侵权商品清单".encode()).content_type, "text/plain")
        self.assertTrue(self.upload("contract.docx", office_zip()).stored_name.endswith(".docx"))

    def test_a_renamed_executable_or_script_is_refused(self):
        for name, data in [
            ("invoice.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100),
            ("photo.jpg", b"\x7fELF\x02\x01\x01" + b"\x00" * 100),
            ("notes.txt", b"#!/bin/sh\nrm -rf /\n"),
        ]:
            with self.subTest(name=name), self.assertRaises(ValidationError):
                self.upload(name, data)

    def test_a_zip_bomb_is_refused_without_unpacking_it(self):
        bomb = office_zip({"word/media/blob.bin": b"\x00" * (20 * 1024 * 1024)})
        self.assertLess(len(bomb), 100_000)
        with translation.override("en"), self.assertRaisesMessage(ValidationError, "zip bomb"):
            self.upload("report.docx", bomb)
        many = office_zip({f"word/p{i}.xml": b"x" for i in range(evidence.MAX_ZIP_ENTRIES)})
        with self.assertRaises(ValidationError):
            self.upload("report.docx", many)

    def test_a_plain_zip_is_not_evidence(self):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("payload.exe", b"MZ")
        with self.assertRaises(ValidationError):
            self.upload("x.docx", buffer.getvalue())

    def test_a_file_name_with_dot_dot_is_neutralised_and_nothing_lands_outside_the_media_folder(self):
        root = Path(settings.MEDIA_ROOT).resolve()
        before = {p for p in root.parent.rglob("*") if root not in p.parents and p != root}
        item = self.upload("../../../../etc/cron.d/evil.txt", b"just text")
        self.assertEqual(item.original_name, "evil.txt")
        self.assertIn(root, evidence.path_of(item.stored_name).parents)
        after = {p for p in root.parent.rglob("*") if root not in p.parents and p != root}
        self.assertEqual(before, after)
        item = self.upload("..\\..\\windows\\boot.ini", b"text")
        self.assertEqual(item.original_name, "boot.ini")
        with self.assertRaises(ValueError):
            evidence.path_of("../outside.txt")

    @override_settings(EVIDENCE_MAX_BYTES=100)
    def test_a_file_over_the_size_limit_is_refused(self):
        with self.assertRaises(ValidationError):
            self.upload("big.pdf", PDF + b"0" * 200)

    def test_an_empty_file_is_refused(self):
        with self.assertRaises(ValidationError):
            self.upload("empty.pdf", b"")

    def test_the_complainant_may_add_evidence_to_its_own_lead_and_others_may_not(self):
        case = self.lead(complainant=self.enterprise)
        actions.upload_evidence(actor=self.ent_member, case=case, upload=Upload("a.pdf", PDF))
        from django.core.exceptions import PermissionDenied

        for person in (self.other_manager, self.police_liaison, self.clerk):
            with self.assertRaises(PermissionDenied):
                actions.upload_evidence(actor=person, case=case, upload=Upload("a.pdf", PDF))

    def test_upload_through_the_page(self):
        self.client.force_login(self.enforcer)
        response = self.client.post(
            reverse("protection:evidence_upload", args=[self.case.pk]),
            {"file": SimpleUploadedFile("scan.pdf", PDF), "kind": DocumentKind.TEST_REPORT, "description": "lab"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.case.evidence.get().kind, DocumentKind.TEST_REPORT)
        response = self.client.post(
            reverse("protection:evidence_upload", args=[self.case.pk]),
            {"file": SimpleUploadedFile("tool.pdf", b"MZ" + b"\x00" * 64), "kind": "other"},
            follow=True,
        )
        self.assertEqual(self.case.evidence.count(), 1)
        self.assertTrue(list(response.context["messages"]))


class EvidenceIntegrityTest(ProtectionMixin, TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_protection()

    def setUp(self) -> None:
        self.case = self.lead(at(2026, 3, 2))
        self.item = actions.upload_evidence(actor=self.enforcer, case=self.case, upload=Upload("a.pdf", PDF))
        self.path = evidence.path_of(self.item.stored_name)

    def test_every_download_is_audited(self):
        self.client.force_login(self.clerk)
        response = self.client.get(reverse("protection:evidence_download", args=[self.item.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), PDF)
        self.assertIn("attachment", response["Content-Disposition"])
        self.assertEqual(AuditEvent.objects.filter(action="evidence.download", object_id=str(self.item.pk)).count(), 1)

    def test_a_changed_file_is_not_handed_out_and_verify_evidence_fails(self):
        call_command("verify_evidence", stdout=io.StringIO())
        self.path.write_bytes(PDF + b"tampered")
        self.client.force_login(self.clerk)
        response = self.client.get(reverse("protection:evidence_download", args=[self.item.pk]))
        self.assertEqual(response.status_code, 409)
        self.assertTrue(AuditEvent.objects.filter(action="evidence.mismatch").exists())
        err = io.StringIO()
        with self.assertRaises(CommandError):
            call_command("verify_evidence", stdout=io.StringIO(), stderr=err)
        self.assertIn(f"changed: #{self.item.pk}", err.getvalue())

    def test_a_missing_file_fails_verify_evidence(self):
        self.path.unlink()
        err = io.StringIO()
        with self.assertRaises(CommandError):
            call_command("verify_evidence", stdout=io.StringIO(), stderr=err)
        self.assertIn(f"missing: #{self.item.pk}", err.getvalue())


def workbook_zip(extra: dict[str, bytes] | None = None, content_types: str = "<Types/>") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


EXTERNAL_LINK = (
    b'<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/externalLinkPath" Target="file:///C:/secret.xlsx" TargetMode="External"/></Relationships>'
)
REMOTE_TEMPLATE = (
    b'<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/attachedTemplate" Target="http://evil.example/t.dotm" TargetMode="External"/></Relationships>'
)
HYPERLINK = (
    b'<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/hyperlink" Target="https://shop.example/item/1" TargetMode="External"/></Relationships>'
)


class ActiveContentEvidenceTest(ProtectionMixin, TestCase):
    """Issue 14: evidence accepted XLSX files with macros or links to other files."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.make_protection()

    def setUp(self) -> None:
        self.case = self.lead(at(2026, 3, 2))
        self.enterContext(translation.override("en"))

    def upload(self, name: str, data: bytes):
        return actions.upload_evidence(
            actor=self.enforcer, case=self.case, upload=Upload(name, data), kind=DocumentKind.OTHER
        )

    def test_a_workbook_with_macros_is_refused_however_it_is_named(self):
        macro_type = '<Types><Override ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>'
        for name, data in [
            ("prices.xlsx", workbook_zip({"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"})),
            ("prices.xlsm", workbook_zip(content_types=macro_type)),
            ("form.xlsx", workbook_zip({"xl/activeX/activeX1.xml": b"<ax/>"})),
            ("letter.docx", office_zip({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"})),
        ]:
            with self.subTest(name), self.assertRaisesMessage(ValidationError, "macros"):
                self.upload(name, data)
        self.assertFalse(self.case.evidence.exists())

    def test_a_workbook_linked_to_other_files_or_a_document_with_a_remote_template_is_refused(self):
        for name, data in [
            ("links.xlsx", workbook_zip({"xl/externalLinks/externalLink1.xml": b"<externalLink/>"})),
            ("links.xlsx", workbook_zip({"xl/externalLinks/_rels/externalLink1.xml.rels": EXTERNAL_LINK})),
            ("letter.docx", office_zip({"word/_rels/settings.xml.rels": REMOTE_TEMPLATE})),
        ]:
            with self.subTest(name), self.assertRaisesMessage(ValidationError, "linked to other files"):
                self.upload(name, data)

    def test_a_plain_workbook_and_a_document_with_an_ordinary_hyperlink_are_accepted(self):
        self.assertTrue(self.upload("prices.xlsx", workbook_zip()).stored_name.endswith(".xlsx"))
        document = office_zip({"word/_rels/document.xml.rels": HYPERLINK})
        self.assertTrue(self.upload("letter.docx", document).stored_name.endswith(".docx"))
