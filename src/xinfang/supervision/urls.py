from django.urls import URLPattern, URLResolver, path

from .views import cases, home, orders

app_name = "supervision"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", home.overview, name="overview"),
    path("notifications/", home.notifications, name="notifications"),
    path("notifications/<int:pk>/open/", home.notification_open, name="notification-open"),
    path("notifications/read-all/", home.notifications_read_all, name="notifications-read-all"),
    path("orders/", orders.order_list, name="orders"),
    path("orders/new/", orders.order_create, name="order-create"),
    path("orders/<int:pk>/", orders.order_detail, name="order-detail"),
    path("orders/<int:pk>/feedback/", orders.order_feedback, name="order-feedback"),
    path("orders/<int:pk>/decide/", orders.order_decide, name="order-decide"),
    path("orders/<int:pk>/close/", orders.order_close, name="order-close"),
    path("orders/<int:pk>/listing/", orders.order_listing, name="order-listing"),
    path("orders/<int:pk>/remind/", orders.order_remind, name="order-remind"),
    path(
        "orders/<int:pk>/attachments/<int:attachment_id>/", orders.order_attachment, name="order-attachment"
    ),
    path("listed/", orders.listed, name="listed"),
    path("petitions/<int:pk>/remind/", cases.petition_remind, name="petition-remind"),
    path("petitions/<int:pk>/ownership/", cases.ownership, name="ownership"),
    path("petitions/<int:pk>/review/", cases.review, name="review"),
    path("key-cases/", cases.key_cases, name="key-cases"),
    path("key-cases/<int:pk>/status/", cases.key_case_status, name="key-case-status"),
    path("key-cases/<int:pk>/close/", cases.key_case_close, name="key-case-close"),
]
