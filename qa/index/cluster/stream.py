"""Tasks in flight on a Dask cluster: a bounded window, results merged as they complete.

The client submits while it reads and never keeps more than a few batches per worker in
flight; each finished batch is merged and released at once (a batch of text at a time on the
client).  Progress counts completed passages, with the number of workers and the throughput.
A lost scheduler becomes one ``ClusterError``; a killed worker's tasks are rerun by Dask.
"""

from __future__ import annotations

import pickle
import time
import warnings


from qa.errors import ClusterError, QAError

PER_THREAD = 2  # tasks in flight per worker thread (one running, one queued)


class Stream:
    def __init__(self, client, address: str, merger, progress, stats: dict):
        from distributed import as_completed

        self.client, self.address, self.merger, self.progress = client, address, merger, progress
        self.pending = as_completed()
        self.file_of: dict[str, int | None] = {}
        self.workers: set[str] = set()
        self.done = self.tasks = 0
        self.label = ""
        self._asked, self._sizes = -1e9, (1, 1)
        self.t0 = time.perf_counter()
        self.stats = stats
        stats.setdefault("sent", 0)
        stats.setdefault("received", 0)

    def sizes(self) -> tuple[int, int]:
        """(workers, threads) now, asked of the scheduler at most once a second."""
        now = time.perf_counter()
        if now - self._asked > 1.0:
            self._asked = now
            try:
                info = self.client.scheduler_info(n_workers=0)  # totals only, however big the cluster
                self._sizes = (int(info.get("n_workers", 1)), int(info.get("total_threads", 1)))
            except Exception:  # noqa: BLE001 - the scheduler is checked for real when a result is awaited
                pass
        return self._sizes

    def window(self) -> int:
        return PER_THREAD * max(1, self.sizes()[1]) + 1

    def submit(self, fn, *args, file_no: int | None = None) -> None:
        """Run ``fn(*args)`` on a worker (the arguments travel with the task, so a rerun after a
        worker dies needs nothing from the dead worker); merge finished ones while the window is full."""
        self.stats["sent"] += _size(args)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "large object in task graph": the batch is the point
            try:
                fut = self.client.submit(fn, *args, pure=False)
            except (OSError, TimeoutError, RuntimeError) as exc:  # the client already lost the scheduler
                raise self._lost(exc) from exc
        self.file_of[fut.key] = file_no
        self.pending.add(fut)
        self.tasks += 1
        while self.pending.count() >= self.window():
            self._one()

    def drain(self) -> None:
        while self.pending.count():
            self._one()
        self.stats["tasks"] = self.tasks
        if self.label:
            self.progress(self.label, self.done, self.done)

    def run(self, fn, *args) -> dict:
        """``fn(*args)`` once on every worker: {worker address: result}."""
        try:
            return self.client.run(fn, *args)
        except (OSError, TimeoutError) as exc:
            raise self._lost(exc) from exc

    def _one(self) -> None:
        from distributed import CancelledError

        try:
            fut = next(self.pending)
        except StopIteration:
            return
        try:
            batch = fut.result()
        except QAError:
            raise
        except CancelledError as exc:
            raise self._lost(exc) from exc
        except (OSError, TimeoutError) as exc:
            raise self._lost(exc) from exc
        except Exception as exc:
            if type(exc).__name__ == "KilledWorker":
                raise ClusterError("a batch of documents took down several workers in a row",
                                   hint="out of memory on the workers? see their logs") from exc
            raise
        finally:
            file_no = self.file_of.pop(fut.key, None)
            fut.release()
        self.stats["received"] += _size(batch)
        self.stats["fresh_documents"] = self.stats.get("fresh_documents", 0) + len(batch.fresh)
        self.workers.add(batch.worker)
        self.done += self.merger.add(batch, file_no)
        rate = self.done / max(time.perf_counter() - self.t0, 1e-9)
        n = self.sizes()[0] or len(self.workers)
        self.label = f"embedding:{n} worker{'s' * (n != 1)}, {rate:,.0f} passages/s"
        self.progress(self.label, self.done, 0)

    def _lost(self, exc) -> ClusterError:
        return ClusterError(f"lost the Dask scheduler at {self.address} during the build; the index is unchanged",
                            hint=f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else 'connection lost'}")


def _size(obj) -> int:
    """Bytes ``obj`` takes on the wire (pickled, as Dask sends it): the bench's bytes per passage."""
    return len(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))
