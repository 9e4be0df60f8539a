"""Gunicorn's sync worker, draining its queue when it is told to stop.

On SIGTERM the stock sync worker finishes the request in hand and exits; the master has already
closed its copy of the listening socket, so when the last worker goes the kernel resets every
connection still waiting in the listen backlog: requests clients had already sent. This worker
goes on accepting and serving what is queued until nothing has arrived for a moment, for at most
GUNICORN_DRAIN_SECONDS, and only then exits. The master's graceful_timeout must cover the
request in hand plus the drain (deploy/gunicorn.conf.py).
"""

import errno
import os
import select
import time

from gunicorn.workers.sync import SyncWorker

DRAIN_SECONDS = float(os.environ.get("GUNICORN_DRAIN_SECONDS", "10"))
# The queue counts as empty once no connection has arrived for this long.
QUIET_SECONDS = 0.5
NOTHING_WAITING = (errno.EAGAIN, errno.EWOULDBLOCK, errno.ECONNABORTED)


class DrainingSyncWorker(SyncWorker):
    stopping = False

    def handle_exit(self, sig, frame):
        self.stopping = True
        super().handle_exit(sig, frame)

    def run(self):
        super().run()
        if self.stopping:
            self.drain(DRAIN_SECONDS)

    def drain(self, seconds):
        deadline = time.monotonic() + seconds
        while (remaining := deadline - time.monotonic()) > 0 and self.is_parent_alive():
            self.notify()
            ready, _, _ = select.select(self.sockets, [], [], min(QUIET_SECONDS, remaining))
            if not ready:
                return
            for listener in ready:
                try:
                    self.accept(listener)
                except OSError as error:
                    if error.errno not in NOTHING_WAITING:
                        raise
