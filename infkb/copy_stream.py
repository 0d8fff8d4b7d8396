"""Stream what PostgreSQL's `COPY (query) TO STDOUT` writes, chunk by chunk, as an HTTP response body.

COPY is PostgreSQL writing CSV itself, in C, as fast as it reads the rows
(~100,000 statements a second here, where building each row in Python managed
a few thousand). psycopg2 only offers COPY as a blocking call that writes into
a file object, so a thread runs it and hands 64 kB chunks to the response
through a small queue: memory stays at a few chunks whatever the table size,
and the database keeps producing while the worker sends.
"""

import queue
import threading
from collections.abc import Iterator

from django.db import connection

CHUNK_BYTES = 1 << 16
QUEUED_CHUNKS = 8  # at most this many chunks wait for the client: constant memory
_DONE = object()


class _Stopped(Exception):
    """The client went away: the COPY is abandoned."""


class _Sink:
    """The file object COPY writes to: collects its rows into chunks and queues them."""

    def __init__(self, chunks: queue.Queue, stop: threading.Event) -> None:
        self.chunks, self.stop = chunks, stop
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self.parts.append(data)
        self.size += len(data)
        if self.size >= CHUNK_BYTES:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self.parts:
            self._put(b"".join(self.parts))
            self.parts, self.size = [], 0

    def _put(self, item: object) -> None:
        while not self.stop.is_set():
            try:
                self.chunks.put(item, timeout=0.5)
                return
            except queue.Full:
                continue
        raise _Stopped


class PlannedSelect(str):
    """A SELECT for copy_chunks with planner settings its COPY needs, e.g. ("enable_sort = off",)."""

    settings: tuple[str, ...] = ()

    def __new__(cls, sql: str, settings: tuple[str, ...]) -> "PlannedSelect":
        select = super().__new__(cls, sql)
        select.settings = settings
        return select


# COPY's CSV with a quote and a delimiter that JSON text never holds (it escapes every control
# character): each row, one JSON text, comes out exactly as it is, one a line.
AS_IS = "FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02'"


def copy_chunks(select_sql: str, options: str = "FORMAT csv") -> Iterator[bytes]:
    """The rows (no header) of `select_sql`, a complete SELECT with its parameters inlined (or a
    PlannedSelect), as COPY writes them with `options` (CSV by default; AS_IS for a SELECT of one
    text a row).

    Runs on the request's own database connection (so it sees what the request
    sees, in its transaction if there is one); nothing else uses that
    connection while the response streams.
    """
    connection.ensure_connection()
    raw = connection.connection
    chunks: queue.Queue = queue.Queue(maxsize=QUEUED_CHUNKS)
    stop = threading.Event()
    sink = _Sink(chunks, stop)

    def run() -> None:
        try:
            with raw.cursor() as cursor:
                # A stream wants the plan that starts at once and keeps the rows in index order
                # (parallel workers sort it all first, and JIT spends seconds compiling), and
                # leaves the other cores to the web workers.
                settings = "".join(f"; SET {setting}" for setting in getattr(select_sql, "settings", ()))
                cursor.execute("SET jit = off; SET max_parallel_workers_per_gather = 0" + settings)
                cursor.copy_expert(f"COPY ({select_sql}) TO STDOUT WITH ({options})", sink, size=CHUNK_BYTES)
                cursor.execute("RESET jit; RESET max_parallel_workers_per_gather; RESET enable_sort")
            sink.flush()
            sink._put(_DONE)
        except _Stopped:
            pass
        except Exception as error:  # noqa: BLE001 - handed to the response, which raises it
            if not stop.is_set():
                sink._put(error)

    worker = threading.Thread(target=run, name="copy-export", daemon=True)
    worker.start()
    try:
        while (item := chunks.get()) is not _DONE:
            if isinstance(item, Exception):
                raise item
            yield item
    finally:
        if worker.is_alive():
            # The client stopped reading: tell the server to end the COPY, let the thread finish.
            stop.set()
            raw.cancel()
            worker.join()
            # An abandoned COPY can leave the connection mid-protocol: it is not used again.
            if connection.in_atomic_block:
                connection.needs_rollback = True
            else:
                connection.close()
