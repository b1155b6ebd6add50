app_name = "financing"

urlpatterns: list = []  # type: ignore[type-arg]
