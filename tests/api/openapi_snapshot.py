"""The v1 OpenAPI document as committed (`openapi-v1.json`), and what counts as a
breaking change against it. After an additive change, write the snapshot again:

    .venv/bin/python -m tests.api.openapi_snapshot
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

SNAPSHOT = Path(__file__).with_name("openapi-v1.json")
METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


def current_document() -> dict[str, Any]:
    """The document the site serves at /api/v1/openapi.json (the composed API)."""
    from broadsheet.public.api import api_v1

    return json.loads(json.dumps(api_v1.get_openapi_schema(path_prefix="/api/v1/"), default=str))


def dump(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


class _Compare:
    def __init__(self, old: dict[str, Any], new: dict[str, Any]) -> None:
        self.old_doc, self.new_doc = old, new
        self.found: list[str] = []

    def resolve(self, doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
        seen = 0
        while "$ref" in schema and seen < 20:
            node: Any = doc
            for part in schema["$ref"].removeprefix("#/").split("/"):
                node = node[part]
            schema, seen = node, seen + 1
        return schema

    def schema(self, old: dict[str, Any], new: dict[str, Any], where: str, *, out: bool) -> None:
        """`out`: a response (a client reads it: nothing it had may go); else a request
        (a client sends it: nothing it could send may be refused)."""
        old, new = self.resolve(self.old_doc, old), self.resolve(self.new_doc, new)
        if old.get("type") != new.get("type") and "type" in old:
            self.found.append(f"{where}: type {old.get('type')} became {new.get('type')}")
        for value in old.get("enum", []):
            if value not in new.get("enum", old["enum"]):
                self.found.append(f"{where}: enum value {value!r} removed")
        if not out:
            for key in ("maximum", "maxLength", "maxItems"):
                if key in new and new[key] < old.get(key, float("inf")):
                    self.found.append(f"{where}: {key} lowered")
            for key in ("minimum", "minLength", "minItems"):
                if key in new and new[key] > old.get(key, float("-inf")):
                    self.found.append(f"{where}: {key} raised")
            for name in set(new.get("required", [])) - set(old.get("required", [])):
                self.found.append(f"{where}: {name} became required")
        else:
            for name in set(old.get("required", [])) - set(new.get("required", [])):
                self.found.append(f"{where}: {name} no longer always present")
        for name, sub in old.get("properties", {}).items():
            if name not in new.get("properties", {}):
                self.found.append(f"{where}.{name}: removed")
            else:
                self.schema(sub, new["properties"][name], f"{where}.{name}", out=out)
        if "items" in old and "items" in new:
            self.schema(old["items"], new["items"], f"{where}[]", out=out)
        old_any, new_any = old.get("anyOf", []), new.get("anyOf", [])
        if old_any:
            kinds = [self.resolve(self.new_doc, s).get("type", json.dumps(s)) for s in new_any]
            for sub in old_any:
                kind = self.resolve(self.old_doc, sub).get("type", json.dumps(sub))
                if kind not in kinds:
                    self.found.append(f"{where}: {kind} no longer accepted or given")

    def operations(self) -> None:
        for path, old_ops in self.old_doc.get("paths", {}).items():
            new_ops = self.new_doc.get("paths", {}).get(path, {})
            for method in METHODS:
                if method not in old_ops:
                    continue
                where = f"{method.upper()} {path}"
                if method not in new_ops:
                    self.found.append(f"{where}: removed")
                    continue
                self.operation(old_ops[method], new_ops[method], where)

    def operation(self, old: dict[str, Any], new: dict[str, Any], where: str) -> None:
        new_params = {(p["in"], p["name"]): p for p in new.get("parameters", [])}
        for param in old.get("parameters", []):
            key = (param["in"], param["name"])
            if key not in new_params:
                self.found.append(f"{where}: parameter {param['name']} removed")
                continue
            if new_params[key].get("required") and not param.get("required"):
                self.found.append(f"{where}: parameter {param['name']} became required")
            self.schema(
                param.get("schema", {}),
                new_params[key].get("schema", {}),
                f"{where} ?{param['name']}",
                out=False,
            )
        for name in set(new_params) - {(p["in"], p["name"]) for p in old.get("parameters", [])}:
            if new_params[name].get("required"):
                self.found.append(f"{where}: new required parameter {name[1]}")
        old_body = old.get("requestBody", {}).get("content", {})
        new_body = new.get("requestBody", {}).get("content", {})
        for media, content in old_body.items():
            if media not in new_body:
                self.found.append(f"{where}: request body {media} no longer accepted")
            else:
                self.schema(
                    content["schema"], new_body[media]["schema"], f"{where} body", out=False
                )
        for status, answer in old.get("responses", {}).items():
            new_answer = new.get("responses", {}).get(status)
            if new_answer is None:
                self.found.append(f"{where}: response {status} removed")
                continue
            for media, content in answer.get("content", {}).items():
                new_content = new_answer.get("content", {}).get(media)
                if new_content is None:
                    self.found.append(f"{where}: response {status} {media} removed")
                else:
                    self.schema(
                        content["schema"], new_content["schema"], f"{where} {status}", out=True
                    )


def breaking_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What a client of `old` could rely on that `new` no longer gives or accepts."""
    compare = _Compare(old, new)
    compare.operations()
    return compare.found


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
    import django

    django.setup()
    SNAPSHOT.write_text(dump(current_document()), encoding="utf-8")
    print(f"wrote {SNAPSHOT}")
