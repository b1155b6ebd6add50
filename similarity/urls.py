from django.urls import path

from similarity.views import search, watch

app_name = "similarity"

urlpatterns = [
    path("search/", search.mark_search, name="search"),
    path("search/logo/", search.logo_search, name="logo_search"),
    path("marks/<int:index_id>/image/", search.mark_image, name="mark_image"),
    path("watch/", watch.watch_list, name="watch_list"),
    path("watch/<int:pk>/", watch.hit_detail, name="hit_detail"),
    path("watch/<int:pk>/transition/", watch.hit_transition, name="hit_transition"),
    path("protected/", watch.protected_list, name="protected_list"),
    path("protected/new/", watch.protected_create, name="protected_create"),
    path("protected/sync/", watch.protected_sync, name="protected_sync"),
    path("protected/<int:pk>/toggle/", watch.protected_toggle, name="protected_toggle"),
]
