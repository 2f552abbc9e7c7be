from django.apps import AppConfig


class NeighbourhoodsConfig(AppConfig):
    """Locality working: wards, area committees, Neighbourhood Action Teams, budgets, events, surveys."""

    name = "neighbourhoods"
    verbose_name = "Neighbourhoods"
