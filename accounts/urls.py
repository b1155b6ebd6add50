from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("me/", views.profile, name="profile"),
    path("me/password/", views.password_change, name="password_change"),
    path("me/logout-everywhere/", views.logout_everywhere, name="logout_everywhere"),
    path("me/second-factor/", views.second_factor, name="second_factor"),
    path("me/second-factor/recovery-codes/", views.recovery_codes_renew, name="recovery_codes_renew"),
    path("verify/", views.verify, name="verify"),
    path("users/<int:pk>/reset-second-factor/", views.second_factor_reset, name="second_factor_reset"),
    path("me/tokens/", views.token_issue, name="token_issue"),
    path("me/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("districts/", views.district_list, name="district_list"),
    path("districts/<pk>/", views.district_detail, name="district_detail"),
    path("districts/<pk>/link/", views.district_link, name="district_link"),
    path("districts/<pk>/unlink/<int:organisation_id>/", views.district_unlink, name="district_unlink"),
]
