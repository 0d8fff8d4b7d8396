"""Stream what PostgreSQL's `COPY (query) TO STDOUT` writes, chunk by chunk, as an HTTP response body.

COPY is PostgreSQL writing CSV itself, in C, as fast as it reads the rows
(~100,000 statements a second here, where building each row in Python managed
a few thousand). psycopg2 only offers COPY as a blocking call that writes into
a file object, so a thread runs it and hands 64 kB chunks to the response
through a small queue: memory stays at a few chunks whatever the table size,
and the database keeps producing while the worker sends.

One COPY keeps one core busy: PostgreSQL builds the rows on one backend. A
SplitSelect (a whole table in id order) is copied in parts, ranges of ids, by
EXPORT_CONNECTIONS connections at once that share one snapshot (as pg_dump's
parallel jobs do): the rows, their order and the view of the data are those of
one COPY, written at nearly twice the rate on two cores. The part after the one
being sent is read ahead into memory: memory stays at about two parts.
"""

import queue
import threading
from collections.abc import Iterator

from django.conf import settings
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


# Sentinel ids in a SplitSelect's `part_sql`, replaced by each part's first and last id.
RANGE_LOW, RANGE_HIGH = 987_654_321_001, 987_654_321_002
PART_IDS = 25_000  # ids per part: about 12 MB of CSV at a million statements


class SplitSelect(PlannedSelect):
    """A PlannedSelect of a whole table in id order that can also be read in ranges of ids.

    `part_sql` is the same SELECT over the ids from RANGE_LOW to RANGE_HIGH, in
    the same order; `bounds_sql` gives the table's lowest and highest id;
    `descending` whether the rows go from the highest id down.
    """

    part_sql: str
    bounds_sql: str
    descending: bool

    def __new__(
        cls, sql: str, settings: tuple[str, ...], *, part_sql: str, bounds_sql: str, descending: bool
    ) -> "SplitSelect":
        for sentinel in (RANGE_LOW, RANGE_HIGH):
            assert str(sentinel) in part_sql, "a part's SQL holds both ends of its range"
        select = super().__new__(cls, sql, settings)
        select.part_sql, select.bounds_sql, select.descending = part_sql, bounds_sql, descending
        return select

    def part(self, low: int, high: int) -> str:
        return self.part_sql.replace(str(RANGE_LOW), str(low)).replace(str(RANGE_HIGH), str(high))

    def ranges(self, low: int, high: int) -> list[tuple[int, int]]:
        """The parts' (first id, last id), in the order of the rows."""
        parts = [(start, min(start + PART_IDS - 1, high)) for start in range(low, high + 1, PART_IDS)]
        return parts[::-1] if self.descending else parts


# COPY's CSV with a quote and a delimiter that JSON text never holds (it escapes every control
# character): each row, one JSON text, comes out exactly as it is, one a line.
AS_IS = "FORMAT csv, QUOTE E'\\x01', DELIMITER E'\\x02'"


def copy_chunks(select_sql: str, options: str = "FORMAT csv") -> Iterator[bytes]:
    """The rows (no header) of `select_sql`, a complete SELECT with its parameters inlined (or a
    PlannedSelect), as COPY writes them with `options` (CSV by default; AS_IS for a SELECT of one
    text a row).

    Runs on the request's own database connection (so it sees what the request
    sees, in its transaction if there is one); nothing else uses that
    connection while the response streams. A SplitSelect outside a transaction
    is copied in parts by connections of its own instead (split_copy_chunks).
    """
    parallel = settings.EXPORT_CONNECTIONS > 1 and not connection.in_atomic_block
    if isinstance(select_sql, SplitSelect) and parallel and connection.vendor == "postgresql":
        yield from split_copy_chunks(select_sql, options)
        return
    connection.ensure_connection()
    raw = connection.connection
    chunks: queue.Queue = queue.Queue(maxsize=QUEUED_CHUNKS)
    stop = threading.Event()
    sink = _Sink(chunks, stop)

    def run() -> None:
        try:
            with raw.cursor() as cursor:
                cursor.execute(_session_settings(select_sql))
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


def _session_settings(select_sql: str) -> str:
    # A stream wants the plan that starts at once and keeps the rows in index order (parallel
    # workers sort it all first, and JIT spends seconds compiling), and leaves the other cores
    # to the web workers.
    planned = "".join(f"; SET {setting}" for setting in getattr(select_sql, "settings", ()))
    return "SET jit = off; SET max_parallel_workers_per_gather = 0" + planned


class _Parts:
    """Which part each connection copies next: the parts in order, at most `window` of them
    ahead of the one being sent (they wait in memory)."""

    def __init__(self, count: int, window: int) -> None:
        self.count, self.window = count, window
        self.next = self.sent = 0
        self.stopped = False
        self.error: Exception | None = None
        self.changed = threading.Condition()

    def claim(self) -> int | None:
        with self.changed:
            while not self.stopped and self.next < self.count and self.next >= self.sent + self.window:
                self.changed.wait()
            if self.stopped or self.next >= self.count:
                return None
            self.next += 1
            return self.next - 1

    def mark_sent(self, index: int) -> None:
        with self.changed:
            self.sent = index + 1
            self.changed.notify_all()

    def stop(self, error: Exception | None = None) -> None:
        with self.changed:
            self.stopped = True
            self.error = self.error or error
            self.changed.notify_all()


def _new_connection():  # noqa: ANN202 - a psycopg2 connection
    """A connection of its own, set up as Django sets up the request's (time zone included)."""
    raw = connection.get_new_connection(connection.get_connection_params())
    with raw.cursor() as cursor:
        cursor.execute("SET TIME ZONE %s", [connection.timezone_name])
        # A copier waits, idle in its transaction, while the client reads the parts before its
        # next: a server's idle_in_transaction_session_timeout must not end it (one COPY is never
        # idle). The wait lasts as long as the response: the connection is closed with it.
        cursor.execute("SET idle_in_transaction_session_timeout = 0")
    raw.commit()
    return raw


def split_copy_chunks(select: SplitSelect, options: str) -> Iterator[bytes]:
    """copy_chunks of a SplitSelect: its parts copied by EXPORT_CONNECTIONS connections at once, in
    one REPEATABLE READ snapshot that the first exports and the others import, sent in order."""
    readers = []
    try:
        for _ in range(settings.EXPORT_CONNECTIONS):
            readers.append(_new_connection())
            readers[-1].set_session(isolation_level="REPEATABLE READ", readonly=True)
        with readers[0].cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            (snapshot,) = cursor.fetchone()
            cursor.execute(select.bounds_sql)
            low, high = cursor.fetchone()
    except Exception:
        for reader in readers:
            reader.close()
        raise
    ranges = select.ranges(low, high) if low is not None else []
    parts = _Parts(len(ranges), window=len(readers))
    # A part's chunks wait unbounded: a part is bounded (PART_IDS), and so is their number (window).
    chunks = [queue.Queue() for _ in ranges]

    def run(reader, imports_snapshot: bool) -> None:  # noqa: ANN001
        stop = threading.Event()  # a part's queue never fills: its sink never waits
        try:
            with reader.cursor() as cursor:
                if imports_snapshot:
                    cursor.execute("SET TRANSACTION SNAPSHOT %s", [snapshot])
                cursor.execute(_session_settings(select))
                while (index := parts.claim()) is not None:
                    sink, part = _Sink(chunks[index], stop), select.part(*ranges[index])
                    cursor.copy_expert(f"COPY ({part}) TO STDOUT WITH ({options})", sink, size=CHUNK_BYTES)
                    sink.flush()
                    sink._put(_DONE)
        except Exception as error:  # noqa: BLE001 - handed to the response, which raises it
            parts.stop(error)

    workers = [
        threading.Thread(target=run, args=(reader, number > 0), name=f"copy-export-{number}", daemon=True)
        for number, reader in enumerate(readers)
    ]
    try:
        for worker in workers:
            worker.start()  # may fail under load: then the finally below stops those started
        for index in range(len(ranges)):
            while True:
                try:
                    item = chunks[index].get(timeout=0.2)
                except queue.Empty:
                    if parts.error is not None:
                        raise parts.error from None
                    continue
                if item is _DONE:
                    break
                yield item
            parts.mark_sent(index)
    finally:
        parts.stop()
        for reader, worker in zip(readers, workers, strict=True):
            if worker.is_alive():
                reader.cancel()  # the client went away mid-part: end that COPY
            if worker.ident is not None:  # started
                worker.join()
            reader.close()
