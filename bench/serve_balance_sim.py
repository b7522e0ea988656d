"""Why ``qa serve --workers N`` evens out its keep-alive connections (docs/speed.md, issue 30).

    python bench/serve_balance_sim.py

A discrete-event simulation, no server: 16 closed-loop clients (each sends its next request as
soon as the last is answered, as bench/serve_load.py does), 2 single-core FIFO servers, service
time lognormal (mean 20 ms, CV 0.5: ~100 answers/s over both, as measured on a quiet machine).
Policies, for a given initial split of the 16 connections:

- ``pinned``: a connection stays on its server (before);
- ``close-queued``: a request that had to queue closes its connection; the client reconnects to a
  server drawn at random (the accept race);
- ``balance``: a server holding more connections than the other + 1 closes the connection it
  answered on; the client reconnects at random (``qa.serve.workers.ConnectionBalance``);
- ``shared``: one queue, the first free server takes the next request.

Prints requests/s, p50 and p95 latency per split and policy.
"""

from __future__ import annotations

import heapq
import math
import random
import statistics

CLIENTS, MEAN_S, CV = 16, 0.020, 0.5
POLICIES = ("pinned", "close-queued", "balance", "shared")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def simulate(policy: str, split: int, n: int = 200_000, seed: int = 1) -> tuple[float, float, float]:
    rnd = random.Random(seed)
    sigma = math.sqrt(math.log(1 + CV * CV))
    mu = math.log(MEAN_S) - sigma * sigma / 2
    pin = [0] * split + [1] * (CLIENTS - split)
    busy, queues, central, events, latencies = [False, False], [[], []], [], [], []

    def start(server: int, client: int, sent: float, queued: bool, now: float) -> None:
        busy[server] = True
        heapq.heappush(events, (now + rnd.lognormvariate(mu, sigma), server, client, sent, queued))

    def send(client: int, now: float) -> None:
        if policy == "shared":
            free = [s for s in (0, 1) if not busy[s]]
            if free:
                start(rnd.choice(free), client, now, False, now)
            else:
                central.append((client, now))
            return
        server = pin[client]
        if busy[server]:
            queues[server].append((client, now))
        else:
            start(server, client, now, False, now)

    for c in range(CLIENTS):
        send(c, 0.0)
    now = 0.0
    while len(latencies) < n:
        now, server, client, sent, queued = heapq.heappop(events)
        latencies.append(now - sent)
        if policy == "close-queued" and queued:
            pin[client] = rnd.randrange(2)
        elif policy == "balance":
            held = [pin.count(0), pin.count(1)]
            if held[server] > held[1 - server] + 1:
                pin[client] = rnd.randrange(2)
        busy[server] = False
        waiting = central if policy == "shared" else queues[server]
        if waiting:
            c2, sent2 = waiting.pop(0)
            start(server, c2, sent2, True, now)
        send(client, now)
    kept = latencies[1000:]
    return len(latencies) / now, 1000 * statistics.median(kept), 1000 * pct(kept, 0.95)


def main() -> None:
    for split in (8, 10, 11, 13, 14):
        for policy in POLICIES:
            rate, p50, p95 = simulate(policy, split)
            print(f"split {split:2d}/{CLIENTS - split:<2d} {policy:12s} {rate:6.1f} req/s  p50 {p50:4.0f}  p95 {p95:4.0f} ms")


if __name__ == "__main__":
    main()
