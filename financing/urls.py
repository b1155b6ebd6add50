from django.urls import path

from financing.views import figures, loans, products

app_name = "financing"

urlpatterns = [
    path("", products.product_list, name="product_list"),
    path("products/new/", products.product_create, name="product_create"),
    path("products/<int:pk>/", products.product_detail, name="product_detail"),
    path("products/<int:pk>/edit/", products.product_edit, name="product_edit"),
    path("products/<int:product_pk>/apply/", loans.apply, name="apply"),
    path("loans/", loans.loan_list, name="loan_list"),
    path("loans/<int:pk>/", loans.loan_detail, name="loan_detail"),
    path("loans/<int:pk>/steps/<str:target>/", loans.take_step, name="take_step"),
    path("loans/<int:pk>/valuer/", loans.assign_valuer, name="assign_valuer"),
    path("loans/<int:pk>/valuation/", loans.value, name="value"),
    path("loans/<int:pk>/repayments/", loans.repay, name="repay"),
    path("loans/<int:pk>/compensation/", loans.compensate, name="compensate"),
    path("loans/<int:pk>/interest-subsidy/", loans.claim_subsidy, name="claim_subsidy"),
    path("figures/", figures.figures, name="figures"),
    path("pool/", figures.pool, name="pool"),
    path("pool/<int:pk>/", figures.pool, name="pool_detail"),
]
