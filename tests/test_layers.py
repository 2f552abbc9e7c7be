"""The apps depend one way: core <- campaigns | neighbourhoods <- initiatives <- the project.

import-linter checks the Python imports (contracts in pyproject.toml); it cannot see the model
relations named by strings ("campaigns.Campaign") or the migration graph, so those are walked here
against the same map.
"""

import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db.migrations.loader import MigrationLoader

# Which of our apps each of our apps may depend on (by app label).
ALLOWED = {
    "core": set(),
    "campaigns": {"core"},
    "neighbourhoods": {"core"},
    "initiatives": {"core", "campaigns", "neighbourhoods"},
    "civicportal": {"core", "campaigns", "neighbourhoods", "initiatives"},
}


def _layer_breaks(edges: list[tuple[str, str, str]]) -> list[str]:
    """Return a line for each (from_label, to_label, what) that the map does not allow."""
    return [
        f"{what}: {source} -> {target}"
        for source, target, what in edges
        if source in ALLOWED and target in ALLOWED and target != source and target not in ALLOWED[source]
    ]


def _model_edges() -> list[tuple[str, str, str]]:
    edges = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields(include_hidden=True):
            if field.is_relation and not field.auto_created and field.related_model is not None:
                related = field.related_model
                if isinstance(related, str):
                    continue
                edges.append((model._meta.app_label, related._meta.app_label, f"{model.__name__}.{field.name}"))
    return edges


def _migration_edges() -> list[tuple[str, str, str]]:
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    return [
        (app, dependency[0], f"migration {app}.{name} depends on {dependency[0]}.{dependency[1]}")
        for (app, name), node in graph.node_map.items()
        for dependency in (parent.key for parent in node.parents)
    ]


def test_model_relations_point_down_the_layers():
    assert _layer_breaks(_model_edges()) == []


def test_migrations_depend_down_the_layers():
    assert _layer_breaks(_migration_edges()) == []


def test_layer_check_reports_an_upward_relation():
    assert _layer_breaks([("campaigns", "neighbourhoods", "Campaign.ward")]) == [
        "Campaign.ward: campaigns -> neighbourhoods"
    ]
    assert _layer_breaks([("core", "initiatives", "migration core.0009")]) != []


def test_every_app_of_ours_is_in_the_layer_map():
    ours = {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(settings.BASE_DIR) and "site-packages" not in config.path
    }
    assert ours == set(ALLOWED)


@pytest.mark.parametrize("contract", ["layers", "forbidden"])
def test_python_imports_keep_the_import_linter_contracts(contract):
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
