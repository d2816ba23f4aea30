"""moto_server with requests applied one at a time.

moto's server is threaded and its backends take no locks, so two concurrent
TransactWriteItems can both pass their condition checks: something DynamoDB never
allows. This runs moto's own WSGI app behind a lock, which makes every request atomic
(as DynamoDB transactions and conditional writes are). SQS ReceiveMessage is let through
unlocked, so a long poll waiting for messages does not stall every other request.

Usage: python3 moto_serial.py -H 127.0.0.1 -p PORT
"""

import argparse
import os
import signal
import sys
import threading

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from werkzeug.serving import run_simple

LOCK = threading.Lock()
UNLOCKED_TARGETS = ("AmazonSQS.ReceiveMessage",)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-H", "--host", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, required=True)
    args = parser.parse_args()

    app = DomainDispatcherApplication(create_backend_app)

    def serialized(environ, start_response):
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
    run_simple(args.host, args.port, serialized, threaded=True)


if __name__ == "__main__":
    main()
