#!/usr/bin/env python3
"""Writes the benchmark case: an invoice template with a 10,000-item loop and
nested conditionals, valid for both s2d and handlebars.js (only the built-in
blocks both share), and its data. Usage: make_case.py OUT_DIR [ITEMS]"""
import json
import random
import sys
from pathlib import Path

TEMPLATE = """<h1>Invoice {{number}} for {{customer.name}}</h1>
{{#with customer}}
<p>{{name}}, {{address.street}}, {{address.city}} ({{../currency}})</p>
{{/with}}
<table>
{{#each items}}
<tr class="{{#if @first}}first{{else}}{{#if @last}}last{{else}}row{{/if}}{{/if}}">
  <td>{{@index}}</td>
  <td>{{sku}}</td>
  <td>{{description}}</td>
  <td>{{quantity}}</td>
  <td>{{unit_price}}</td>
  {{#if discount}}
  <td class="discount">{{discount}}%{{#if promo}} ({{promo.code}}){{/if}}</td>
  {{else}}
  <td>-</td>
  {{/if}}
  <td>{{#if paid}}paid{{else}}{{#if overdue}}<b>overdue</b>{{else}}open{{/if}}{{/if}}</td>
  <td>{{#each tags}}{{this}}{{#unless @last}}, {{/unless}}{{/each}}</td>
  <td>{{../currency}}</td>
</tr>
{{/each}}
</table>
{{#unless items}}<p>No items.</p>{{/unless}}
"""

WORDS = ["bolt", "nut", "washer", "gear", "spring", "valve", "hinge", "bracket", "R&D", "<special>", "café"]


def make_data(count: int) -> dict:
    rng = random.Random(42)
    items = []
    for i in range(count):
        discount = rng.choice([0, 0, 5, 10])
        items.append({
            "sku": f"SKU-{i:05d}",
            "description": " ".join(rng.choice(WORDS) for _ in range(3)),
            "quantity": rng.randint(1, 50),
            "unit_price": round(rng.uniform(1, 500), 2),
            "discount": discount,
            "promo": {"code": f"P{i % 97}"} if discount and i % 3 == 0 else None,
            "paid": rng.random() < 0.6,
            "overdue": rng.random() < 0.5,
            "tags": rng.sample(["eu", "b2b", "rush", "fragile", "bulk"], rng.randint(0, 3)),
        })
    return {
        "number": "INV-2026-0042",
        "currency": "EUR",
        "customer": {"name": "Müller & Söhne GmbH", "address": {"street": "Hauptstraße 1", "city": "Köln"}},
        "items": items,
    }


def main() -> None:
    out = Path(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
    out.mkdir(parents=True, exist_ok=True)
    (out / "invoice.hbs").write_text(TEMPLATE, encoding="utf-8")
    (out / "invoice.json").write_text(json.dumps(make_data(count), ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
