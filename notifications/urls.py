from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/open/", views.inbox_open, name="inbox_open"),
    path("inbox/read-all/", views.inbox_read_all, name="inbox_read_all"),
    path("contacts/", views.contacts, name="contacts"),
    path("contacts/channels/", views.channels, name="channels"),
    path("contacts/new/", views.contact_create, name="contact_create"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/delete/", views.contact_delete, name="contact_delete"),
    path("deadlines/", views.my_deadlines, name="my_deadlines"),
    path("enterprises/<int:pk>/deadlines/", views.deadlines, name="deadlines"),
    path("enterprises/<int:pk>/portfolio.xlsx", views.export_xlsx, name="export_xlsx"),
    path("enterprises/<int:pk>/deadlines.ics", views.export_ics, name="export_ics"),
    path("patents/<int:pk>/annuity-paid/", views.annuity_paid, name="annuity_paid"),
    path("lapsed/", views.lapsed, name="lapsed"),
]
