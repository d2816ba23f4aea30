"""moto_server with requests applied one at a time.

moto's server is threaded and its backends take no locks, so two concurrent
TransactWriteItems can both pass their condition checks: something DynamoDB never
allows. This runs moto's own WSGI app behind a lock, which makes every request atomic
(as DynamoDB transactions and conditional writes are). SQS ReceiveMessage is let through
unlocked, so a long poll waiting for messages does not stall every other request.

moto's TransactWriteItems also deep-copies every table it touches, whole, before it starts
(to roll back on failure), so each transaction costs time in proportion to the table's
size: a ledger of a few thousand items made every money transaction take hundreds of
milliseconds, all under the lock. Here a transaction keeps copies of only the items it
names and puts those back if it fails; the outcome is the same. Likewise a Query on a
table sorted every item of the table to find one partition's, and compared every item of
the partition in Python for every page; here it sorts the partition's keys natively and
hands moto only the page's window (the results, their order and pagination are moto's own). A cancelled
transaction also leaves no records in the table's change stream.

moto's SQS read the clock once per message per question, and a receive checked each
message's retention by computing every queue attribute: O(n^2) in the backlog, which grew
itself. Here each question reads the clock once (see `_patch_sqs`).

moto also lists its own package directory (a stat per entry) to route every request; the
listing is taken once here.

Connections persist (HTTP/1.1 keep-alive, TCP_NODELAY): werkzeug closes every connection
after one response, so each SDK call paid a new TCP connection; that was most of the
platform's CPU per request (docs/local-runtime.md).

Cognito's lockout after five failed sign-ins, which moto lacks, is added (see
`_patch_cognito_lockout`), so a sign-in meets the same refusals locally as in AWS.

Usage: python3 moto_serial.py -H 127.0.0.1 -p PORT
"""

import argparse
import base64
import bisect
import datetime
import json
import inspect
import socket
import selectors
import io
import os
import signal
import sys
import copy
import threading
from decimal import Decimal
from typing import Any

from moto.dynamodb import models as dynamodb_models
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.dynamodb.models.table import Table
from moto.dynamodb.responses import DynamoResult
from moto.dynamodbstreams.models import ShardIterator
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
import werkzeug.serving
from werkzeug.serving import WSGIRequestHandler, run_simple


class _NoDrainSelectors:
    """werkzeug drains the socket after every response (it expects to close it): a select
    with a 10 ms timeout, then a blocking read. On a persistent connection that read would
    swallow (or wait for) the next request, so here it finds nothing to drain; the body is
    read in full before the app runs (see `serialized`)."""

    EVENT_READ = selectors.EVENT_READ

    class DefaultSelector:
        def register(self, *_: Any) -> None:
            pass

        def select(self, timeout: Any = None) -> list:
            return []

        def close(self) -> None:
            pass


class KeepAliveHandler(WSGIRequestHandler):
    """HTTP/1.1 with persistent connections: werkzeug always sends Connection: close, so
    every SDK call paid a new TCP connection (connect, socket setup, close) in Node."""

    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in two writes: without this, Nagle's algorithm holds
        # the body until the client's delayed ACK (about 40 ms a response).
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def send_header(self, keyword: str, value: str) -> None:
        if keyword.lower() == "connection" and value.lower() == "close":
            return
        super().send_header(keyword, value)


LOCK = threading.Lock()
UNLOCKED_TARGETS = ("AmazonSQS.ReceiveMessage",)


class _CopyWithoutTables:
    """The `copy` module as moto's DynamoDB backend sees it: tables are not deep-copied."""

    def __getattr__(self, name: str) -> Any:
        return getattr(copy, name)

    @staticmethod
    def deepcopy(value: Any, memo: Any = None) -> Any:
        return value if isinstance(value, Table) else copy.deepcopy(value, memo)


def _item_undo(backend: Any, transact_items: list) -> tuple[list, list]:
    """Copies of the items a transaction names (None where absent), to put back on failure,
    and the length of each touched table's change stream (to drop records of the failure)."""
    undo = []
    streams = {}
    for entry in transact_items:
        try:
            ((op_type, op),) = entry.items()
            table = backend.get_table(op["TableName"])
            key = op["Item"] if op_type == "Put" else op["Key"]
            hash_key = DynamoType(key[table.hash_key_attr])
            range_key = DynamoType(key[table.range_key_attr]) if table.range_key_attr else None
        except Exception:  # malformed: moto rejects it before writing anything for it
            continue
        current = table.get_item(hash_key, range_key)
        undo.append((table, hash_key, range_key, copy.deepcopy(current)))
        if table.stream_shard is not None:
            streams.setdefault(id(table), (table.stream_shard, len(table.stream_shard.items)))
    return undo, list(streams.values())


def _restore(undo: list, streams: list) -> None:
    for table, hash_key, range_key, item in reversed(undo):
        if item is None:
            if range_key is not None:
                table.items.get(hash_key, {}).pop(range_key, None)
            else:
                table.items.pop(hash_key, None)
        elif range_key is not None:
            table.items[hash_key][range_key] = item
        else:
            table.items[hash_key] = item
    # A cancelled transaction leaves no trace in a change stream, as in DynamoDB.
    for shard, length in streams:
        del shard.items[length:]


def _patch_transactions() -> None:
    dynamodb_models.copy = _CopyWithoutTables()
    original = dynamodb_models.DynamoDBBackend.transact_write_items

    def transact_write_items(self: Any, transact_items: list) -> None:
        undo, streams = _item_undo(self, transact_items)
        try:
            original(self, transact_items)
        except Exception:
            _restore(undo, streams)
            raise

    dynamodb_models.DynamoDBBackend.transact_write_items = transact_write_items


def _page_window(table: Table, partition: dict, q: dict) -> list:
    """The items of one partition a Query's page can touch, in key order: those after its
    ExclusiveStartKey that meet its sort-key condition, at most Limit of them, and the item
    after them (which tells moto the page is full). Found by a sort on the keys' native values and a
    bisection, where moto compares every item of the partition in Python for every page.
    moto then applies its own rules to this window (order, limit, size limit, filter)."""
    keys = sorted(partition.keys(), key=lambda k: k.cast_value)
    natives = [k.cast_value for k in keys]
    forward = q["scan_index_forward"] is not False
    start_key = q["exclusive_start_key"]
    if start_key and table.range_key_attr in start_key:
        after = DynamoType(start_key[table.range_key_attr]).cast_value
        i = bisect.bisect_right(natives, after) if forward else bisect.bisect_left(natives, after) - 1
    else:
        i = 0 if forward else len(keys) - 1
    step = 1 if forward else -1
    limit = q["limit"]
    comparison, objs = q["range_comparison"], q["range_objs"]
    window: list = []
    while 0 <= i < len(keys):
        item = partition[keys[i]]
        if limit is not None and len(window) == limit:
            # The item after a full page, matching or not: as DynamoDB does, moto then
            # answers with a LastEvaluatedKey (so the next page may be empty).
            window.append(item)
            break
        if not comparison or item.range_key.compare(comparison, objs):
            window.append(item)
        i += step
    return window


def _patch_queries() -> None:
    original = Table.query
    signature = inspect.signature(original)

    def query(self: Table, hash_key: Any, *args: Any, **kwargs: Any) -> Any:
        q = signature.bind(self, hash_key, *args, **kwargs).arguments
        if q.get("index_name") is not None or hash_key is None or q.get("filter_kwargs"):
            return original(self, hash_key, *args, **kwargs)
        partition = self.items.get(hash_key)
        if partition is None:
            items = []
        elif self.range_key_attr:
            items = _page_window(self, partition, q)
        else:
            items = [partition]
        self.all_items = lambda: items  # type: ignore[method-assign]  # one request at a time
        try:
            return original(self, hash_key, *args, **kwargs)
        finally:
            del self.all_items

    Table.query = query


# Reads whose answers are DynamoDB's plain JSON: moto 5 runs every answer through a
# model-driven serializer that walks the operation's shapes attribute by attribute (about
# 80 ms for a page of 100 items, most of the emulator's time for a read); these answers are
# already in wire form, so they are written with json.dumps. The output is the same
# (test/integration/emulator_query_window.py compares both).
_PLAIN_READS = {"Query", "Scan", "GetItem", "BatchGetItem"}


def _wire(value: Any) -> Any:
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, (set, frozenset)):
        return list(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime.datetime):
        return value.timestamp()
    raise TypeError(f"not JSON: {type(value).__name__}")


def _patch_read_answers() -> None:
    original = DynamoResult.execute_result

    def execute_result(self: DynamoResult, context: Any) -> Any:
        if context.operation_model.name not in _PLAIN_READS or not isinstance(self.result, dict):
            return original(self, context)
        body = json.dumps(self.result, default=_wire, separators=(",", ":"))
        return 200, {"Content-Type": "application/x-amz-json-1.0"}, body

    DynamoResult.execute_result = execute_result


def _patch_stream_iterators() -> None:
    """Forget a shard iterator once it is read: moto keeps every one it ever issued, and a
    stream poller asking a few times a second would grow the emulator without bound."""
    original = ShardIterator.get

    def get(self: ShardIterator, limit: int = 1000) -> dict:
        self.streams_backend.shard_iterators.pop(self.arn, None)
        return original(self, limit)

    ShardIterator.get = get


def _patch_sqs() -> None:
    """moto's SQS reads the clock once per message per question, and asks a lot: a receive
    checks each message's retention by computing every queue attribute (three passes over
    all the queue's messages), and a send computes them all too. With a backlog of a few
    thousand messages a receive cost O(n^2) clock reads, and the backlog fed itself (sampled
    in a soak: 58% of the emulator's time). Here each question reads the clock once and a
    retention check reads the one attribute it needs; the answers are the same."""
    from moto.sqs import models as sqs_models
    from moto.core.utils import unix_time

    clock = sqs_models.unix_time_millis

    def valid(self: Any, queue_name: str, message: Any) -> bool:
        queue = self.get_queue(queue_name)
        return int(queue.message_retention_period) + message.sent_timestamp / 1000 > unix_time()

    sqs_models.SQSBackend.is_message_valid_based_on_retention_period = valid

    def messages(self: Any) -> list:
        now = clock()
        return [m for m in self._messages if now > m.visible_at and not now < m.delayed_until]

    def delayed(self: Any) -> int:
        now = clock()
        return sum(1 for m in self._messages if now < m.delayed_until)

    def not_visible(self: Any) -> int:
        now = clock()
        return sum(1 for m in self._messages if not now > m.visible_at)

    Queue = sqs_models.Queue
    Queue.messages = property(messages)
    Queue.approximate_number_of_messages_delayed = property(delayed)
    Queue.approximate_number_of_messages_not_visible = property(not_visible)


#: Cognito's built-in lockout: after this many failed password sign-ins in a row, a user is
#: locked for 1 second, doubling with each further failure, up to 15 minutes.
LOCKOUT_AFTER = 5
LOCKOUT_MAX_SECONDS = 900


def lockout_seconds(failures: int) -> float:
    """How long a user is locked after `failures` failed sign-ins in a row (0: not locked)."""
    if failures < LOCKOUT_AFTER:
        return 0.0
    return float(min(2 ** (failures - LOCKOUT_AFTER), LOCKOUT_MAX_SECONDS))


def _patch_cognito_lockout() -> None:
    """Cognito locks a user after five failed password sign-ins (doubling from 1 second to
    15 minutes; threat protection adds adaptive responses in staging and prod); moto has no
    lockout. This counts failures per pool and username and answers a locked user's sign-in
    with Cognito's "Password attempts exceeded" before the password is looked at, so the
    platform meets the same refusal locally as in AWS (issue 12)."""
    import time

    from moto.cognitoidp.exceptions import NotAuthorizedError
    from moto.cognitoidp.models import CognitoIdpBackend

    original = CognitoIdpBackend.initiate_auth
    failures: dict[tuple[str, str], tuple[int, float]] = {}

    def initiate_auth(self, client_id, auth_flow, auth_parameters):  # type: ignore[no-untyped-def]
        if auth_flow != "USER_PASSWORD_AUTH":
            return original(self, client_id, auth_flow, auth_parameters)
        pool = next((p.id for p in self.user_pools.values() if client_id in p.clients), "")
        key = (pool, str(auth_parameters.get("USERNAME", "")))
        count, locked_until = failures.get(key, (0, 0.0))
        now = time.time()
        if now < locked_until:
            raise NotAuthorizedError("Password attempts exceeded")
        try:
            answer = original(self, client_id, auth_flow, auth_parameters)
        except NotAuthorizedError as error:
            if "disabled" not in str(error):
                count += 1
                failures[key] = (count, now + lockout_seconds(count))
            raise
        failures.pop(key, None)
        return answer

    CognitoIdpBackend.initiate_auth = initiate_auth  # type: ignore[method-assign]


def _patch_module_listing() -> None:
    """moto finds a request's backend by listing its own package directory, with a stat of
    every entry, for every request (inside the lock here): about three quarters of the time
    the lock was held during a soak, sampled. The listing never changes while it runs."""
    from moto import backends

    modules = tuple(backends.list_of_moto_modules())
    backends.list_of_moto_modules = lambda: modules  # type: ignore[assignment]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-H", "--host", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, required=True)
    args = parser.parse_args()

    _patch_transactions()
    _patch_queries()
    _patch_read_answers()
    _patch_stream_iterators()
    _patch_module_listing()
    _patch_sqs()
    _patch_cognito_lockout()
    app = DomainDispatcherApplication(create_backend_app)

    def serialized(environ, start_response):
        # A persistent connection needs the whole body read, even when moto answers an
        # error without reading it; otherwise the rest is taken for the next request.
        length = int(environ.get("CONTENT_LENGTH") or 0)
        if length:
            body = environ["wsgi.input"].read(length)
            environ["wsgi.input"] = io.BytesIO(body)
        if environ.get("HTTP_X_AMZ_TARGET", "") in UNLOCKED_TARGETS:
            return app(environ, start_response)
        with LOCK:
            # Materialise the body inside the lock: the work happens while iterating.
            return list(app(environ, start_response))

    # Exit with the process that started us, even if it could not stop us (SIGKILL).
    parent = os.getppid()

    def watch_parent() -> None:
        while True:
            if os.getppid() != parent:
                os._exit(0)
            threading.Event().wait(1.0)

    threading.Thread(target=watch_parent, daemon=True).start()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGINT, lambda *_: sys.exit(0))
    werkzeug.serving.selectors = _NoDrainSelectors  # type: ignore[assignment]
    run_simple(args.host, args.port, serialized, threaded=True, request_handler=KeepAliveHandler)


if __name__ == "__main__":
    main()
