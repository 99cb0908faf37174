"""The OpenAPI description and the code agree, route for route; the document itself is valid 3.1."""

from __future__ import annotations

import re

import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

IGNORED_METHODS = {"HEAD", "OPTIONS"}


def code_routes(app) -> set[tuple[str, str]]:
    """Every (method, OpenAPI path) the app serves under /api/v1."""
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/") or rule.rule == "/api/v1":
            path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
            routes |= {(method.lower(), path) for method in rule.methods - IGNORED_METHODS}
    return routes


def described_routes(document) -> set[tuple[str, str]]:
    methods = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
    return {(method, path) for path, item in document["paths"].items() for method in item if method in methods}


@pytest.fixture
def document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def test_every_route_is_described(app, document):
    missing = code_routes(app) - described_routes(document)
    assert not missing, f"routes missing from the OpenAPI description: {sorted(missing)}"


def test_the_description_names_only_real_routes(app, document):
    extra = described_routes(document) - code_routes(app)
    assert not extra, f"described routes that do not exist: {sorted(extra)}"


def test_path_parameters_match_the_routes(document):
    for path, item in document["paths"].items():
        named = set(re.findall(r"{([^}]+)}", path))
        for method, operation in item.items():
            declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            assert declared == named, f"{method.upper()} {path}: path parameters {declared} != {named}"


def test_the_document_is_valid_openapi_3_1(document):
    assert document["openapi"].startswith("3.1")
    validate(document)


def test_the_validator_catches_a_broken_document(document):
    broken = {**document, "paths": {"/api/v1/x": {"get": {"responses": {"200": {"description": 5}}}}}}
    with pytest.raises(OpenAPIValidationError, match="description"):
        validate(broken)


def test_every_operation_answers_json_errors_and_names_its_security(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            assert {"400", "401", "429"} <= set(operation["responses"]), f"{method} {path}"
            assert operation["security"], f"{method} {path}"
    schemes = document["components"]["securitySchemes"]
    assert schemes["bearerAuth"] == {**schemes["bearerAuth"], "type": "http", "scheme": "bearer"}
    assert schemes["csrfHeader"]["name"] == "X-CSRFToken"


def test_writes_over_the_session_need_the_csrf_header(document):
    write = document["paths"]["/api/v1/threads"]["post"]["security"]
    assert {"sessionCookie": [], "csrfHeader": []} in write and {"bearerAuth": []} in write
    read = document["paths"]["/api/v1/me"]["get"]["security"]
    assert {"sessionCookie": []} in read


def test_api_docs_page_loads_vendored_files_without_inline_script(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts and all('src="/static/' in attrs and not body.strip() for attrs, body in scripts)
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    for attrs, _body in scripts:
        src = re.search(r'src="([^"]+)"', attrs).group(1)
        static = client.get(src)
        assert static.status_code == 200
        static.close()
