from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/open/", views.inbox_open, name="inbox_open"),
    path("inbox/read-all/", views.inbox_read_all, name="inbox_read_all"),
    path("contacts/", views.contacts, name="contacts"),
    path("contacts/channels/", views.channels, name="channels"),
    path("contacts/new/", views.contact_create, name="contacts_new"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contacts_edit"),
    path("contacts/<int:pk>/delete/", views.contact_delete, name="contacts_delete"),
    path("deadlines/", views.my_deadlines, name="deadlines"),
    path("enterprises/<int:pk>/deadlines/", views.deadlines, name="deadlines_of"),
    path("enterprises/<int:pk>/portfolio.xlsx", views.export_xlsx, name="deadlines_xlsx"),
    path("enterprises/<int:pk>/deadlines.ics", views.export_ics, name="deadlines_ics"),
    path("patents/<int:pk>/annuity-paid/", views.annuity_paid, name="deadlines_annuity_paid"),
    path("patents/<int:pk>/fee-reduction/", views.fee_reduction, name="deadlines_fee_reduction"),
    path("lapsed/", views.lapsed, name="lapsed"),
]
