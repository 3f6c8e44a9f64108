"""Validates real responses against the server's own OpenAPI document:
the status must be documented for the operation, and a JSON body must match
the documented schema (JSON Schema 2020-12, refs into the document)."""
import re

import jsonschema


class OpenApiChecker:
    def __init__(self, document):
        self.document = document
        self.routes = []  # (method, compiled path regex, operation)
        for path, item in document["paths"].items():
            pattern = re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", re.escape(path).replace(r"\{", "{").replace(r"\}", "}")) + "$")
            for method, operation in item.items():
                if isinstance(operation, dict) and "operationId" in operation:
                    self.routes.append((method.upper(), pattern, operation))
        self.resolver = jsonschema.RefResolver.from_schema(document)

    def operation(self, method, path):
        for m, pattern, operation in self.routes:
            if m == method and pattern.match(path):
                return operation
        return None

    def check(self, method, path, response):
        operation = self.operation(method, path)
        if operation is None:
            allowed = sorted(m for m, pattern, _ in self.routes if pattern.match(path))
            if not allowed:
                assert response.status_code == 404, f"{method} {path} is not documented but answered {response.status_code}"
                return
            # A documented path without this method: 405 naming the methods it has.
            assert response.status_code == 405, f"{method} {path}: answered {response.status_code}, not 405"
            assert sorted(response.headers["Allow"].split(", ")) == allowed, response.headers.get("Allow")
            schema = self.document["components"]["responses"]["Error"]["content"]["application/json"]["schema"]
            validator = jsonschema.Draft202012Validator(schema, resolver=self.resolver)
            assert not list(validator.iter_errors(response.json())), response.text
            return
        documented = operation["responses"]
        status = str(response.status_code)
        assert status in documented, f"{operation['operationId']}: status {status} is not documented ({sorted(documented)})"
        spec = documented[status]
        if "$ref" in spec:
            spec = self.resolver.resolve(spec["$ref"])[1]
        content = spec.get("content", {}).get("application/json")
        if content is None or not response.headers.get("Content-Type", "").startswith("application/json"):
            return
        validator = jsonschema.Draft202012Validator(content["schema"], resolver=self.resolver)
        errors = sorted(validator.iter_errors(response.json()), key=lambda e: list(e.path))
        assert not errors, f"{operation['operationId']} {status}: " + "; ".join(
            f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors[:5])
