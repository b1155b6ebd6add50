from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from accounts.models import Organisation
from audit.models import AuditEvent
from core.tests.people import PeopleTestCase, new_uscc
from registry import actions
from registry.models import Enterprise, Talent
from registry.permissions import can_manage_registry


class RegisterEnterpriseTests(PeopleTestCase):
    def test_registering_opens_an_organisation_and_writes_the_audit_trail(self):
        enterprise = actions.register_enterprise(
            actor=self.clerk, uscc=new_uscc(10), name="New Co", street_code="370602004", is_high_tech=True
        )
        self.assertEqual(enterprise.organisation.kind, "enterprise")
        self.assertEqual(enterprise.organisation.name, "New Co")
        event = AuditEvent.objects.get(action="enterprise.register", object_id=str(enterprise.pk))
        self.assertEqual(event.actor, self.clerk)
        self.assertEqual(event.after["uscc"], enterprise.uscc)
        self.assertIsNone(event.before)

    def test_lower_case_and_spaces_in_the_code_are_normalised(self):
        code = new_uscc(11)
        enterprise = actions.register_enterprise(actor=self.clerk, uscc=" " + code.lower() + " ", name="Lower Co")
        self.assertEqual(enterprise.uscc, code)

    def test_a_bad_code_writes_nothing(self):
        organisations, events = Organisation.objects.count(), AuditEvent.objects.count()
        bad = new_uscc(12)[:-1] + "0"
        if bad == new_uscc(12):
            bad = new_uscc(12)[:-1] + "1"
        with self.assertRaises(ValidationError) as caught:
            actions.register_enterprise(actor=self.clerk, uscc=bad, name="Bad Co")
        self.assertIn("uscc", caught.exception.message_dict)
        self.assertEqual(Organisation.objects.count(), organisations)
        self.assertEqual(AuditEvent.objects.count(), events)

    def test_the_same_code_cannot_be_registered_twice(self):
        with self.assertRaises(ValidationError) as caught:
            actions.register_enterprise(actor=self.clerk, uscc=self.enterprise.uscc, name="Copy Co")
        self.assertIn("uscc", caught.exception.message_dict)

    def test_a_street_outside_gbt_2260_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            actions.register_enterprise(actor=self.clerk, uscc=new_uscc(13), name="Nowhere Co", street_code="370602999")
        self.assertIn("street_code", caught.exception.message_dict)

    def test_an_enterprise_user_cannot_register_enterprises(self):
        with self.assertRaises(PermissionDenied) as caught:
            actions.register_enterprise(actor=self.ent_manager, uscc=new_uscc(14), name="Sneaky Co")
        self.assertEqual(str(caught.exception), can_manage_registry(self.ent_manager).reason)
        with translation.override("en"):
            self.assertIn("office", can_manage_registry(self.ent_manager).reason)

    def test_an_enforcement_officer_does_not_edit_the_registry(self):
        with self.assertRaises(PermissionDenied):
            actions.register_enterprise(actor=self.enforcer, uscc=new_uscc(15), name="Other Co")


class UpdateEnterpriseTests(PeopleTestCase):
    def test_update_records_before_and_after(self):
        actions.update_enterprise(actor=self.clerk, enterprise=self.enterprise, industry="医药制造业")
        event = AuditEvent.objects.filter(action="enterprise.update").latest("seq")
        self.assertEqual(event.before["industry"], "")
        self.assertEqual(event.after["industry"], "医药制造业")

    def test_renaming_renames_the_organisation(self):
        actions.update_enterprise(actor=self.clerk, enterprise=self.enterprise, name="Bob Group")
        self.enterprise.organisation.refresh_from_db()
        self.assertEqual(self.enterprise.organisation.name, "Bob Group")

    def test_an_enterprise_manager_edits_contact_details_but_not_flags(self):
        actions.update_enterprise(actor=self.ent_manager, enterprise=self.enterprise, contact_phone="13800000000")
        with self.assertRaises(PermissionDenied):
            actions.update_enterprise(actor=self.ent_manager, enterprise=self.enterprise, is_high_tech=True)

    def test_a_member_cannot_edit_and_is_told_why(self):
        with translation.override("en"), self.assertRaises(PermissionDenied) as caught:
            actions.update_enterprise(actor=self.ent_member, enterprise=self.enterprise, address="x")
        self.assertIn("manager", str(caught.exception))

    def test_another_enterprise_cannot_edit(self):
        with self.assertRaises(PermissionDenied):
            actions.update_enterprise(actor=self.other_manager, enterprise=self.enterprise, address="x")


class TalentTests(PeopleTestCase):
    def test_id_number_is_masked_for_everyone_but_the_office(self):
        talent = actions.add_talent(
            actor=self.clerk,
            name="王伟",
            kind="engineer",
            organisation=self.enterprise.organisation,
            id_number="370602198005051372",
            phone="13812345678",
        )
        self.assertEqual(talent.id_number_for(self.clerk), "370602198005051372")
        self.assertEqual(talent.id_number_for(self.ent_manager), "370602********1372")
        self.assertEqual(talent.phone_for(self.ent_manager), "138****5678")

    def test_a_bad_id_number_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            actions.add_talent(actor=self.clerk, name="李四", kind="engineer", id_number="370602198005051373")
        self.assertIn("id_number", caught.exception.message_dict)
        self.assertFalse(Talent.objects.filter(name="李四").exists())


class VisibilityTests(PeopleTestCase):
    def test_office_sees_every_enterprise(self):
        self.assertEqual(Enterprise.objects.for_user(self.clerk).count(), 2)

    def test_enterprise_user_sees_only_its_own(self):
        self.assertEqual(list(Enterprise.objects.for_user(self.ent_member)), [self.enterprise])

    def test_bank_and_mediator_see_no_enterprise_of_the_registry(self):
        self.assertEqual(Enterprise.objects.for_user(self.bank_officer).count(), 0)
        self.assertEqual(Enterprise.objects.for_user(self.mediator).count(), 0)
