from django.apps import AppConfig


class InitiativesConfig(AppConfig):
    """Programmes, projects, outcome indicators, collective impact initiatives and case studies."""

    name = "initiatives"
    verbose_name = "Programmes and initiatives"
