from django.urls import path

from protection.views import cases, mediations, other, transfers

app_name = "protection"

urlpatterns = [
    path("case-list/", cases.case_list, name="case_list"),
    path("cases/new/", cases.case_new, name="case_new"),
    path("cases/<int:pk>/", cases.case_detail, name="case_detail"),
    path("cases/<int:pk>/steps/<str:target>/", cases.case_step_view, name="case_step"),
    path("cases/<int:pk>/figures/", cases.case_figures, name="case_figures"),
    path("cases/<int:pk>/parties/", cases.case_party, name="case_party"),
    path("cases/<int:pk>/pause/", cases.case_pause, name="case_pause"),
    path("cases/<int:pk>/extend/", cases.case_extend, name="case_extend"),
    path("cases/<int:pk>/extend-further/", cases.case_extend_further, name="case_extend_further"),
    path("cases/<int:pk>/evidence/", cases.evidence_upload, name="evidence_upload"),
    path("cases/<int:pk>/transfer/", cases.transfer_propose, name="transfer_propose"),
    path("evidence/<int:pk>/", other.evidence_download, name="evidence_download"),
    path("transfer-list/", transfers.transfer_list, name="transfer_list"),
    path("transfers/<int:pk>/", transfers.transfer_detail, name="transfer_detail"),
    path("transfers/<int:pk>/steps/<str:target>/", transfers.transfer_step_view, name="transfer_step"),
    path("transfers/<int:pk>/handover/", transfers.transfer_handover, name="transfer_handover"),
    path("transfers/<int:pk>/police-limit/<str:level>/", transfers.transfer_police_limit, name="transfer_police_limit"),
    path("mediation-list/", mediations.mediation_list, name="mediation_list"),
    path("mediations/new/", mediations.mediation_new, name="mediation_new"),
    path("mediations/<int:pk>/", mediations.mediation_detail, name="mediation_detail"),
    path("mediations/<int:pk>/steps/<str:target>/", mediations.mediation_step_view, name="mediation_step"),
    path("mediations/<int:pk>/sessions/", mediations.mediation_session, name="mediation_session"),
    path("mediations/<int:pk>/extend/", mediations.mediation_extend, name="mediation_extend"),
    path("overdue/", other.overdue, name="overdue"),
    path("thresholds/", other.thresholds, name="thresholds"),
]
