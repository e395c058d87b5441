from django.urls import include, path

from .views import insert

urlpatterns = [path("bare/insert/", insert), path("", include("xinfang.urls"))]
