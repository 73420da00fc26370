"""Throughput and latency of `newsweave serve` on a store of 10,000+ articles.

    .venv/bin/python benchmarks/web.py [--articles 10000] [--seconds 10] [--clients 8]

The store is synthetic. Annotating 10,000 articles with spaCy would take far
longer than the benchmark itself, so the articles, their stories (10 articles
each), annotations (entities, a quote, a figure, a date), entities and links
are written straight into the tables the stages fill, through the Store's own
connection: the FTS5 triggers index them exactly as they would index real
ones. The text is invented from a small vocabulary.

The server is uvicorn on 127.0.0.1 in this process (its own thread); clients
are threads with their own httpx connection. Story pages are requested for
50 different stories picked at random, so the figures mix first visits
(the dossier is built) with repeat visits (it is cached until the store
changes); the cold build time is reported separately.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import machine  # noqa: E402
from newsweave.store import Store  # noqa: E402
from newsweave.store.db import now_iso  # noqa: E402
from newsweave.web.app import create_app  # noqa: E402

PLACES = ["Veltmoor", "Oskarsby", "Lindhaven", "Karsk", "Murenfeld", "Tolvik", "Bresca", "Ardmoor"]
PEOPLE = ["Ilse Marwick", "Tomas Reyval", "Anja Sterk", "Pavel Odrin", "Mara Keln", "Jon Haskel"]
ORGS = ["Harbour Union", "Ministry of Ports", "Northline Freight", "City Council", "Grain Board"]
TOPICS = ["strike", "flood", "election", "tariff", "bridge", "pipeline", "drought", "merger", "trial"]
WORDS = [
    "the", "of", "officials", "said", "talks", "resumed", "after", "workers", "council", "vote", "budget", "report",
    "week", "city", "port", "government", "company", "residents", "agreed", "plan", "crisis", "hours", "police",
    "statement",
    "deal",
]


def build_store(path: Path, n_articles: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    per_story = 10
    now = now_iso()
    with Store(path) as st:
        st.begin()
        ent_ids = {name: f"e{i}" for i, name in enumerate(PEOPLE + ORGS + PLACES)}
        st.conn.executemany(
            "INSERT INTO entities (id, name, type, aliases, mentions) VALUES (?,?,?,?,?)",
            [(eid, name, "PERSON" if name in PEOPLE else "ORG" if name in ORGS else "GPE", "[]", 0)
             for name, eid in ent_ids.items()])
        articles, annotations, members, ent_rows = [], [], [], []
        for story in range(n_articles // per_story):
            place, topic = rng.choice(PLACES), rng.choice(TOPICS)
            person, org = rng.choice(PEOPLE), rng.choice(ORGS)
            day = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            sid = f"s{story + 1}"
            for k in range(per_story):
                aid = f"a{story * per_story + k}"
                figure = rng.choice([120, 150, 200, 1200, 1500]) * (1 + story % 3)
                body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(150, 400)))
                lead = f"The {topic} in {place} entered its third day on {day}. "
                quote = f'"We will not accept this," said {person} of the {org}. '
                fig = f"About {figure} workers joined the protest. "
                text = lead + quote + fig + body + "."
                title = f"{place} {topic}: {org} under pressure ({k + 1})"
                h = hashlib.sha256(text.encode()).hexdigest()
                articles.append((aid, f"https://example.org/{sid}/{k}", title, text, f"Outlet {k % 6}", day,
                                 "en", h, h, now))
                q0 = len(lead)
                q1 = q0 + quote.index(",") + 2
                p0 = q0 + quote.index(person)
                f0 = len(lead) + len(quote) + len("About ")
                ann = {"id": aid,
                       "entities": [{"start": p0, "end": p0 + len(person), "text": person, "label": "PERSON",
                                     "name": person},
                                    {"start": lead.index(place), "end": lead.index(place) + len(place),
                                     "text": place, "label": "GPE", "name": place}],
                       "quotes": [{"start": q0, "end": q1, "text": quote[:q1 - q0], "speaker": person,
                                   "speaker_start": p0, "speaker_end": p0 + len(person), "kind": "direct",
                                   "cue": "said"}],
                       "quantities": [{"start": f0, "end": f0 + len(str(figure)) + 8,
                                       "text": f"{figure} workers", "value": float(figure), "unit": "workers",
                                       "about": "workers joined the protest", "qualifier": "about"}],
                       "timexes": [{"start": lead.index(day), "end": lead.index(day) + 10, "text": day,
                                    "type": "DATE", "value": day}]}
                annotations.append((aid, "bench", json.dumps(ann)))
                members.append((aid, sid))
                ent_rows += [(ent_ids[person], aid), (ent_ids[place], aid), (ent_ids[org], aid)]
            st.conn.execute("INSERT INTO stories (id, title, first_seen, last_seen, size) VALUES (?,?,?,?,?)",
                            (sid, f"{place} {topic}", day, day, per_story))
        st.conn.executemany(
            "INSERT INTO articles (id, uri, title, text, outlet, published, language, text_hash, input_sha256,"
            " created_at) VALUES (?,?,?,?,?,?,?,?,?,?)", articles)
        st.conn.executemany("INSERT INTO annotations (article_id, version, data) VALUES (?,?,?)", annotations)
        st.conn.executemany("INSERT INTO story_articles (article_id, story_id) VALUES (?,?)", members)
        st.conn.executemany("INSERT OR IGNORE INTO entity_articles (entity_id, article_id) VALUES (?,?)", ent_rows)
        st.commit()


def drive(base: str, paths: list[str], seconds: float, clients: int) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker(seed: int) -> None:
        nonlocal errors
        rng = random.Random(seed)
        mine: list[float] = []
        bad = 0
        with httpx.Client(base_url=base, timeout=30) as client:
            while time.monotonic() < stop:
                t = time.perf_counter()
                r = client.get(rng.choice(paths))
                mine.append(time.perf_counter() - t)
                bad += r.status_code != 200
        with lock:
            latencies.extend(mine)
            errors += bad

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors


def report(name: str, latencies: list[float], errors: int, seconds: float) -> None:
    qs = statistics.quantiles(latencies, n=100)
    print(f"{name:<22} {len(latencies) / seconds:8.1f} req/s   p50 {qs[49] * 1000:7.1f} ms   "
          f"p99 {qs[98] * 1000:7.1f} ms   ({len(latencies)} requests, {errors} errors)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--clients", type=int, default=8)
    args = ap.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        t = time.perf_counter()
        build_store(db, args.articles)
        print(f"store: {args.articles:,} articles in {args.articles // 10:,} stories, built in "
              f"{time.perf_counter() - t:.1f} s")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(create_app(str(db)), host="127.0.0.1", port=port,
                                               log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        base = f"http://127.0.0.1:{port}"
        while not server.started:
            time.sleep(0.05)
        cold = []
        n_stories = args.articles // 10
        for sid in (f"s{n_stories // 3}", f"s{n_stories // 2}", f"s{n_stories - 1}"):
            t = time.perf_counter()
            r = httpx.get(f"{base}/stories/{sid}", timeout=60)
            assert r.status_code == 200, r.text[:300]
            cold.append(time.perf_counter() - t)
        print(f"story page, first visit (dossier built): median {statistics.median(cold) * 1000:.0f} ms")
        rng = random.Random(1)
        stories = [f"/stories/s{rng.randint(1, n_stories)}" for _ in range(50)]
        searches = [f"/api/search?q={w}" for w in PLACES + PEOPLE + TOPICS + ["port workers", "said council"]]
        search_pages = [f"/?q={w}" for w in PLACES + TOPICS]
        print(f"{args.clients} concurrent clients, {args.seconds:.0f} s each:")
        for name, paths in (("story page", stories), ("search (API)", searches),
                            ("search (story list)", search_pages)):
            lat, err = drive(base, paths, args.seconds, args.clients)
            report(name, lat, err, args.seconds)
        server.should_exit = True
        thread.join(timeout=10)


if __name__ == "__main__":
    main()
