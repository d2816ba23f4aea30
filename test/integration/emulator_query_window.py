"""Differential check of the emulator's reads (infra/local/moto_serial.py): every query
below, page by page, gives the same pages with the Query window as with moto's own Query,
and every read answer (Query, Scan, GetItem, BatchGetItem; items with every attribute
type) is the same written as plain JSON as through moto's serializer. Run by
test/integration/emulator.test.ts; prints one JSON line."""

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "infra" / "local"))

import boto3  # noqa: E402
from moto import mock_aws  # noqa: E402
from moto.dynamodb.models.table import Table  # noqa: E402

import moto_serial  # noqa: E402

random.seed(7)

EVERY_TYPE = {
    "b": {"B": b"\x00\xffbinary"},
    "bs": {"BS": [b"\x01", b"\x02\x03"]},
    "ns": {"NS": ["1", "2.5", "-3"]},
    "ss": {"SS": ["x", "y"]},
    "n": {"N": "12345678901234567890.5"},
    "z": {"NULL": True},
    "t": {"BOOL": False},
    "m": {"M": {"deep": {"L": [{"S": "é"}, {"N": "0"}, {"M": {}}, {"B": b"\x07"}]}}},
    "l": {"L": []},
}


@mock_aws
def main() -> None:
    c = boto3.client("dynamodb", region_name="us-east-1")
    cases = []
    for name, t in (("s", "S"), ("n", "N")):
        c.create_table(
            TableName=name,
            BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "sk", "AttributeType": t},
            ],
            KeySchema=[
                {"AttributeName": "pk", "KeyType": "HASH"},
                {"AttributeName": "sk", "KeyType": "RANGE"},
            ],
        )
        for i in range(80):
            if t == "S":
                sk = random.choice(["ENTRY#", "E#", "ENTRY#2026", "Z", "a", "é"]) + str(
                    random.randint(0, 10**6)
                )
            else:
                sk = str(random.randint(-500, 500) / random.choice([1, 7, 100]))
            c.put_item(
                TableName=name,
                Item={
                    "pk": {"S": random.choice(["p1", "p2"])},
                    "sk": {t: sk},
                    "v": {"N": str(i % 5)},
                    **(EVERY_TYPE if i % 10 == 0 else {}),
                },
            )
        conditions = ["pk = :p", "pk = :p AND sk > :a", "pk = :p AND sk <= :a", "pk = :p AND sk BETWEEN :a AND :b"]
        if t == "S":
            conditions.append("pk = :p AND begins_with(sk, :a)")
        for forward in (True, False):
            for limit in (None, 1, 7, 1000):
                for cond in conditions:
                    for filt in (None, "v = :v"):
                        values = {":p": {"S": "p1"}}
                        if ":a" in cond:
                            values[":a"] = {t: "ENTRY#" if t == "S" else "-3"}
                        if ":b" in cond:
                            values[":b"] = {t: "Z" if t == "S" else "40"}
                        if filt:
                            values[":v"] = {"N": "2"}
                        kw = {"KeyConditionExpression": cond, "ExpressionAttributeValues": values, "ScanIndexForward": forward}
                        if limit:
                            kw["Limit"] = limit
                        if filt:
                            kw["FilterExpression"] = filt
                        cases.append((name, kw))

    def pages(table: str, kw: dict) -> list:
        out, start = [], None
        while True:
            r = c.query(TableName=table, **kw, **({"ExclusiveStartKey": start} if start else {}))
            out.append([i["sk"] for i in r["Items"]])
            start = r.get("LastEvaluatedKey")
            if not start:
                return out

    def answers() -> list:
        out = []
        for name, kw in cases[:40]:
            out.append(c.query(TableName=name, **kw))
        for name in ("s", "n"):
            out.append(c.scan(TableName=name))
            keys = [{"pk": i["pk"], "sk": i["sk"]} for i in c.scan(TableName=name, Limit=30)["Items"]]
            for k in keys:
                out.append(c.get_item(TableName=name, Key=k))
            out.append(c.get_item(TableName=name, Key={"pk": {"S": "none"}, "sk": keys[0]["sk"]}))
            batch = c.batch_get_item(RequestItems={name: {"Keys": keys}})
            batch["Responses"][name].sort(key=lambda i: json.dumps(i, sort_keys=True, default=str))
            out.append(batch)
        for a in out:
            a.pop("ResponseMetadata", None)
        return out

    original = [pages(t, kw) for t, kw in cases]
    original_answers = answers()
    moto_serial._patch_queries()
    moto_serial._patch_read_answers()
    patched = [pages(t, kw) for t, kw in cases]
    differ = [kw for (t, kw), a, b in zip(cases, original, patched) if a != b]
    patched_answers = answers()
    answers_differ = sum(1 for a, b in zip(original_answers, patched_answers) if a != b)
    print(
        json.dumps(
            {
                "cases": len(cases),
                "pages": sum(len(p) for p in original),
                "differ": differ,
                "answers": len(original_answers),
                "answersDiffer": answers_differ,
            }
        )
    )


main()
