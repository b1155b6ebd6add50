"""One guard and one step helper (issue 15): views, the API and actions stop a refused user with
``core.permissions.require`` rather than by hand, and every workflow step's status-change row
is written by ``core.workflow.take_step`` rather than by a copy of it. These tests read the
source, so a new hand-written check or a new copy fails here before review."""

from __future__ import annotations

import ast
from pathlib import Path

from django.apps import apps
from django.test import SimpleTestCase

from core.models import StatusChange

ROOT = Path(__file__).resolve().parents[2]
SKIPPED_DIRS = {".venv", "tests", "migrations", "node_modules", "bench", "e2e", "scripts", "static"}
GUARD = ("core/permissions.py", "require")
STEP_HELPER = "core/workflow.py"
# The names the copies had; any other copy shows itself by writing a status-change row.
STEP_HELPER_NAMES = {"_step", "_take_step"}


def source_files() -> list[Path]:
    return sorted(
        path
        for path in ROOT.rglob("*.py")
        if not SKIPPED_DIRS.intersection(path.relative_to(ROOT).parts[:-1])
        and not path.name.startswith("test_")
        and not path.name.startswith(".")
    )


def _raises_permission_denied(node: ast.AST) -> bool:
    for inner in ast.walk(node):
        if isinstance(inner, ast.Raise) and inner.exc is not None:
            exc = inner.exc.func if isinstance(inner.exc, ast.Call) else inner.exc
            if isinstance(exc, ast.Name) and exc.id == "PermissionDenied":
                return True
    return False


def _predicate_names(function: ast.AST) -> set[str]:
    """Names a function binds to a permission predicate's answer (``decision = can_x(...)``)."""
    names: set[str] = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and _is_predicate(node.value.func):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names


def _is_predicate(func: ast.expr) -> bool:
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    return name.startswith("can_")


def hand_written_guards(tree: ast.AST, skip_function: str = "") -> list[int]:
    """Lines of ``if not <predicate>: raise PermissionDenied`` (the predicate called in the test
    or bound to a name before it), and of any ``raise PermissionDenied(<decision>.reason)``."""
    found = []
    functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]
    for function in functions:
        if function.name == skip_function:
            continue
        bound = _predicate_names(function)
        for node in ast.walk(function):
            if isinstance(node, ast.If) and _raises_permission_denied(ast.Module(body=node.body, type_ignores=[])):
                for part in ast.walk(node.test):
                    if (isinstance(part, ast.Call) and _is_predicate(part.func)) or (
                        isinstance(part, ast.Name) and part.id in bound
                    ):
                        found.append(node.lineno)
                        break
            if (
                isinstance(node, ast.Raise)
                and isinstance(node.exc, ast.Call)
                and any(isinstance(a, ast.Attribute) and a.attr == "reason" for a in node.exc.args)
            ):
                found.append(node.lineno)
    return sorted(set(found))


def history_models() -> dict[str, set[str]]:
    """Each workflow's status-change model by class name, with the reverse names its owner
    reaches it by (``loan.changes``)."""
    models = {}
    for model in apps.get_models():
        if issubclass(model, StatusChange):
            models[model.__name__] = {
                field.remote_field.related_name
                for field in model._meta.fields
                if field.remote_field is not None and field.remote_field.related_name
            } - {"+"}
    return models


def step_rows_written_by_hand(tree: ast.AST, history: dict[str, set[str]]) -> list[int]:
    """Lines that define a step helper of their own or write a status-change row directly."""
    related = set().union(*history.values())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name in STEP_HELPER_NAMES:
            found.append(node.lineno)
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in history:  # CaseStatusChange(...)
            found.append(node.lineno)
        if isinstance(func, ast.Attribute) and func.attr in {"create", "bulk_create", "get_or_create"}:
            owner = func.value
            if (
                isinstance(owner, ast.Attribute)
                and owner.attr == "objects"
                and isinstance(owner.value, ast.Name)
                and owner.value.id in history
            ):  # LoanStatusChange.objects.create(...)
                found.append(node.lineno)
            if isinstance(owner, ast.Attribute) and owner.attr in related:  # loan.changes.create(...)
                found.append(node.lineno)
    return sorted(set(found))


class OneGuardTests(SimpleTestCase):
    def test_the_source_walk_finds_the_views_and_the_actions(self):
        names = {str(p.relative_to(ROOT)) for p in source_files()}
        self.assertTrue({"registry/views.py", "protection/views/cases.py", "financing/actions.py"} <= names)
        self.assertFalse(any("/tests/" in n or n.startswith(".venv") for n in names))

    def test_no_module_checks_a_permission_predicate_by_hand(self):
        offenders = {}
        for path in source_files():
            relative = str(path.relative_to(ROOT))
            skip = GUARD[1] if relative == GUARD[0] else ""
            lines = hand_written_guards(ast.parse(path.read_text(encoding="utf-8")), skip)
            if lines:
                offenders[relative] = lines
        self.assertEqual(offenders, {}, "use core.permissions.require(can_x(...)) instead")

    def test_the_check_recognises_the_hand_written_pattern(self):
        bound = (
            "def view(request):\n    decision = can_x(request.user)\n"
            "    if not decision:\n        raise PermissionDenied(decision.reason)\n"
        )
        inline = "def view(request):\n    if not can_x(request.user):\n        raise PermissionDenied\n"
        office = "def view(request):\n    if not request.user.is_office:\n        raise PermissionDenied\n"
        guard = "def view(request):\n    require(can_x(request.user))\n"
        self.assertEqual(hand_written_guards(ast.parse(bound)), [3, 4])
        self.assertEqual(hand_written_guards(ast.parse(inline)), [2])
        self.assertEqual(hand_written_guards(ast.parse(office)), [])
        self.assertEqual(hand_written_guards(ast.parse(guard)), [])

    def test_every_workflow_step_is_written_by_the_one_helper(self):
        history = history_models()
        self.assertTrue({"LoanStatusChange", "ApplicationStatusChange", "CaseStatusChange"} <= set(history))
        offenders = {}
        for path in source_files():
            relative = str(path.relative_to(ROOT))
            if relative == STEP_HELPER:
                continue
            lines = step_rows_written_by_hand(ast.parse(path.read_text(encoding="utf-8")), history)
            if lines:
                offenders[relative] = lines
        self.assertEqual(offenders, {}, "take the step with core.workflow.take_step")

    def test_the_check_recognises_a_copy_of_the_step_helper(self):
        history = {"LoanStatusChange": {"changes"}}
        copy = "def _step(loan, to, actor):\n    LoanStatusChange.objects.create(loan=loan, to_status=to)\n"
        related = "def close(loan):\n    loan.changes.create(to_status='closed')\n"
        helper = "def close(loan):\n    take_step(loan, 'closed', history=LoanStatusChange, owner='loan', actor=None)\n"
        self.assertEqual(step_rows_written_by_hand(ast.parse(copy), history), [1, 2])
        self.assertEqual(step_rows_written_by_hand(ast.parse(related), history), [2])
        self.assertEqual(step_rows_written_by_hand(ast.parse(helper), history), [])
