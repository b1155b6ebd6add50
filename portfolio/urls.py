from django.urls import path

from portfolio.views import imports, owners, patents, planning, rights, trademarks

app_name = "portfolio"

urlpatterns = [
    path("patents/", patents.patent_list, name="patent_list"),
    path("patents/new/", patents.patent_create, name="patent_create"),
    path("patents/<int:pk>/", patents.patent_detail, name="patent_detail"),
    path("patents/<int:pk>/edit/", patents.patent_edit, name="patent_edit"),
    path("trademarks/", trademarks.trademark_list, name="trademark_list"),
    path("trademarks/new/", trademarks.trademark_create, name="trademark_create"),
    path("trademarks/<int:pk>/", trademarks.trademark_detail, name="trademark_detail"),
    path("trademarks/<int:pk>/edit/", trademarks.trademark_edit, name="trademark_edit"),
    path("trademarks/<int:pk>/image/", trademarks.trademark_image, name="trademark_image"),
    path("protected/", rights.protected_rights, name="protected_rights"),
    path("protected/gi/new/", rights.gi_create, name="gi_create"),
    path("protected/special-signs/new/", rights.special_sign_create, name="special_sign_create"),
    path("imports/", imports.import_list, name="import_list"),
    path("imports/new/<str:kind>/", imports.import_new, name="import_new"),
    path("imports/<int:pk>/", imports.import_detail, name="import_detail"),
    path("imports/<int:pk>/status/", imports.import_status, name="import_status"),
    path("imports/template/<str:kind>.<str:fmt>", imports.import_template, name="import_template"),
    path("owners/", owners.owner_queue, name="owner_queue"),
    path("owners/<int:pk>/", owners.owner_decide, name="owner_decide"),
    path("reminders/", planning.reminder_list, name="reminders"),
    path("enterprises/<int:pk>/plan/", planning.enterprise_plan, name="enterprise_plan"),
]
