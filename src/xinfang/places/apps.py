from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "xinfang.places"
    verbose_name = "地点与辖区边界"
