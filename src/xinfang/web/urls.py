from django.urls import path

from .views import approvals, home, ledgers, petitions, register

app_name = "web"

urlpatterns = [
    path("", home.home, name="home"),
    path("approvals/", approvals.approvals, name="approvals"),
    path("petitions/", petitions.petition_list, name="petition-list"),
    path("petitions/<int:pk>/", petitions.petition_detail, name="petition-detail"),
    path("petitions/<int:pk>/act/<str:act>/", petitions.petition_act, name="petition-act"),
    path("petitions/<int:pk>/upload/", petitions.petition_upload, name="petition-upload"),
    path("petitions/<int:pk>/receipt/", register.receipt, name="receipt"),
    path(
        "petitions/<int:pk>/documents/<str:code>.docx", petitions.petition_document, name="petition-document"
    ),
    path("register/", register.register, name="register"),
    path("ledgers/export.xlsx", ledgers.ledger_export, name="ledger-export"),
    path("ledgers/exports/", ledgers.ledger_exports, name="ledger-exports"),
    path("ledgers/exports/<int:pk>/download/", ledgers.ledger_download, name="ledger-download"),
    path("ledgers/import/", ledgers.ledger_import, name="ledger-import"),
    path("ledgers/import/template.xlsx", ledgers.ledger_import_template, name="ledger-import-template"),
    path("register/check/", register.register_check, name="register-check"),
]
