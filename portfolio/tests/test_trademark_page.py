"""Adding a trademark through its page."""

from django.urls import reverse

from core.tests.people import PeopleTestCase
from portfolio.models import Trademark


def fields(number: str, text: str, owner) -> dict:
    return {
        "number": number,
        "mark_text": text,
        "kind": "ordinary",
        "owner": owner.pk,
        "filing_date": "2020-01-01",
        "status": "applied",
        "groups_text": "3301",
    }


class TrademarkPageTests(PeopleTestCase):
    def test_the_clerk_adds_a_trademark_without_an_image(self):
        self.client.force_login(self.clerk)
        response = self.client.post(
            reverse("portfolio:trademark_create"), fields("33000001", "芝罘湾", self.enterprise)
        )
        mark = Trademark.objects.get(number="33000001")
        self.assertRedirects(response, reverse("portfolio:trademark_detail", args=[mark.pk]))
        self.assertEqual((mark.image.name, mark.owner), ("", self.enterprise))
        self.assertEqual(list(mark.goods.values_list("group_code", flat=True)), ["3301"])

    def test_a_foreigner_cannot_add_a_trademark_for_another_enterprise(self):
        self.client.force_login(self.other_manager)
        response = self.client.post(reverse("portfolio:trademark_create"), fields("33000002", "蓝海", self.enterprise))
        self.assertIn(response.status_code, {200, 403, 404})
        self.assertFalse(Trademark.objects.filter(number="33000002").exists())
