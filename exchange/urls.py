from django.urls import path

from exchange import views

app_name = "exchange"

urlpatterns = [
    path("offers/", views.offer_list, name="offer_list"),
    path("offers/new/", views.offer_create, name="offer_create"),
    path("offers/idle/", views.idle_offer, name="idle_offer"),
    path("offers/<int:pk>/", views.offer_detail, name="offer_detail"),
    path("offers/<int:pk>/withdraw/", views.offer_withdraw, name="offer_withdraw"),
    path("offers/<int:pk>/take/", views.offer_take, name="offer_take"),
    path("needs/", views.need_list, name="need_list"),
    path("needs/new/", views.need_create, name="need_create"),
    path("needs/<int:pk>/", views.need_detail, name="need_detail"),
    path("needs/<int:pk>/rematch/", views.need_rematch, name="need_rematch"),
    path("board/", views.board, name="board"),
    path("matches/<int:pk>/meeting/", views.match_meeting, name="match_meeting"),
    path("matches/<int:pk>/dismiss/", views.match_dismiss, name="match_dismiss"),
    path("matches/<int:pk>/deal/", views.match_deal, name="match_deal"),
    path("deals/", views.deal_list, name="deal_list"),
    path("deals/<int:pk>/", views.deal_detail, name="deal_detail"),
    path("deals/<int:pk>/step/<str:target>/", views.deal_step, name="deal_step"),
    path("deals/<int:pk>/contract/", views.deal_contract, name="deal_contract"),
    path("figures/", views.figures, name="figures"),
]
