"""Search latency at scale: p50/p95 of the search page's selector on N articles.

    .venv/bin/python bench/search_latency.py --articles 100000 --data-dir /tmp/bench-sqlite
    .venv/bin/python bench/search_latency.py --articles 100000 --data-dir /tmp/bench-pg \
        --database-url postgres://postgres@127.0.0.1:55432/broadsheet_bench

Generates articles in three languages (bodies of 250-650 words drawn from word lists
with a Zipf-like spread, so common words are common and rare words rare) straight into
a separate data folder or database, inserting and indexing them in committed batches
with a progress bar. Generation resumes: run it again, or with a larger --articles, and
it adds only what is missing. Then runs a fixed set of queries (--repeat times each,
after one warm-up) through `search_results_page`, the selector behind /search/, and
prints p50/p95 per query and overall. In-process: no network, nothing leaves the host.
"""

# Word lists are kept as one readable string per language:
# ruff: noqa: SIM905

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SLUG_PREFIX = "bench-"

WORDS = {
    "en": (
        "the of and to in a is that for on with as was by said it at from be have has are "
        "government minister president city war ceasefire talks peace energy grain port "
        "election parliament budget court police army front region village bridge power "
        "plant water gas oil price market bank currency inflation school hospital doctors "
        "children refugees border drone attack shelling repair winter heating electricity "
        "reform law vote deputies coalition opposition protest agreement sanctions export "
        "harvest wheat farmers railway station airport mayor council report investigation "
        "corruption prosecutor judge sentence prison journalist newspaper television "
        "culture museum theatre festival football match team coach league season weather "
        "storm flood snow temperature road traffic accident fire rescue volunteers aid "
        "donation fund loan debt tax salary pension pensioners workers factory steel mine "
        "coal nuclear reactor inspection agency experts scientists university students "
        "teachers history memory monument church language book writer poet music concert"
    ).split(),
    "uk": (
        "і в на з що до не як за про від це але у для по його вже також уряд міністр "
        "президент місто війна перемир'я переговори мир енергетика зерно порт вибори "
        "парламент бюджет суд поліція армія фронт область село міст електростанція вода "
        "газ нафта ціна ринок банк гривня інфляція школа лікарня лікарі діти біженці "
        "кордон дрон атака обстріл ремонт зима опалення електроенергія реформа закон "
        "голосування депутати коаліція опозиція протест угода санкції експорт урожай "
        "пшениця фермери залізниця вокзал аеропорт мер рада звіт розслідування корупція "
        "прокурор суддя вирок вʼязниця журналіст газета телебачення культура музей театр "
        "фестиваль футбол матч команда тренер сезон погода буря повінь сніг температура "
        "дорога аварія пожежа рятувальники волонтери допомога Київ Львів Харків Одеса "
        "Дніпро Запоріжжя пенсія зарплата податок завод шахта вугілля реактор інспекція"
    ).split(),
    "ru": (
        "и в на с что не как за о от это но у для по его уже также правительство "
        "министр президент город война перемирие переговоры мир энергетика зерно порт "
        "выборы парламент бюджет суд полиция армия фронт область деревня мост "
        "электростанция вода газ нефть цена рынок банк валюта инфляция школа больница "
        "врачи дети беженцы граница дрон атака обстрел ремонт зима отопление "
        "электроэнергия реформа закон голосование депутаты коалиция оппозиция протест "
        "соглашение санкции экспорт урожай пшеница фермеры железная дорога вокзал "
        "аэропорт мэр совет отчёт расследование коррупция прокурор судья приговор тюрьма "
        "журналист газета телевидение культура музей театр фестиваль футбол матч "
        "команда тренер сезон погода буря наводнение снег температура авария пожар "
        "спасатели волонтёры помощь Москва Минск Киев пенсия зарплата налог завод шахта"
    ).split(),
}
SYLLABLES = {
    "en": "ka ro mi ten sor val bri ston lek mar dun pel tor vin gra sul".split(),
    "uk": "ко ри ва ло не ти ма ше ду пі гор сла вин мир бу ре".split(),
    "ru": "ка ро ми те со ва бри сто ле ма ду пе то ви гра су".split(),
}
LANGUAGE_SHARE = [("en", 0.5), ("uk", 0.3), ("ru", 0.2)]
RARE_WORDS = 20_000
QUERIES: list[tuple[str, dict[str, Any]]] = [
    ("ceasefire", {}),
    ("government budget", {}),
    ('"peace talks"', {}),
    ("nuclear inspection agency", {}),
    ("переговори", {}),
    ("выборы парламент", {}),
    ("Київ -війна", {}),
    ("harvest OR wheat", {}),
    ("kasorval", {}),
    ("election", {"language": "en"}),
    ("energy", {"section_slug": "economy"}),
    ("police", {"days": 30}),
    ("xqzvbnmw", {}),  # nothing found: suggestion and latest articles too
]


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument(
        "--data-dir",
        type=Path,
        required=True,
        help="Separate data folder (SQLite file, secret key).",
    )
    parser.add_argument(
        "--database-url", default="", help="A PostgreSQL URL of a database only for the benchmark."
    )
    parser.add_argument("--batch", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--skip-generate", action="store_true")
    return parser.parse_args()


def setup_django(args: argparse.Namespace) -> None:
    args.data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["BROADSHEET_DATA_DIR"] = str(args.data_dir)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "broadsheet.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def vocabulary(language: str, rng: random.Random) -> tuple[list[str], list[float]]:
    """Real words first (frequent), then made-up rare words; weights ~ 1/rank."""
    words = list(WORDS[language])
    syllables = SYLLABLES[language]
    seen = set(words)
    while len(words) < len(WORDS[language]) + RARE_WORDS:
        word = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words, [1.0 / (rank + 1) for rank in range(len(words))]


def sentence(rng: random.Random, words: list[str], cum: list[float], n: int) -> str:
    chosen = rng.choices(words, cum_weights=cum, k=n)
    return chosen[0].capitalize() + " " + " ".join(chosen[1:]) + "."


def generate(args: argparse.Namespace) -> None:
    from django.db import transaction
    from django.utils import timezone
    from tqdm import tqdm

    from broadsheet.news.models import Article, Author, Byline, Section, Tag
    from broadsheet.search.services import search_index_articles

    rng = random.Random(2025)
    vocab = {}
    for language, _share in LANGUAGE_SHARE:
        words, weights = vocabulary(language, rng)
        cum, total = [], 0.0
        for weight in weights:
            total += weight
            cum.append(total)
        vocab[language] = (words, cum)
    sections = [
        Section.objects.get_or_create(slug=slug, defaults={"name": slug.title()})[0]
        for slug in ("politics", "economy", "war", "society", "culture")
    ]
    tags = [
        Tag.objects.get_or_create(slug=f"bench-tag-{n}", defaults={"name": name})[0]
        for n, name in enumerate(WORDS["en"][20:220])
    ]
    authors = [
        Author.objects.get_or_create(
            slug=f"bench-author-{n}", defaults={"name": f"Writer {n} Benchmark"}
        )[0]
        for n in range(60)
    ]
    done = Article.objects.filter(slug__startswith=SLUG_PREFIX).count()
    now = timezone.now()
    languages = [code for code, _ in LANGUAGE_SHARE]
    shares = [share for _, share in LANGUAGE_SHARE]
    started = time.perf_counter()
    with tqdm(total=args.articles, initial=done, unit="article", desc="generate+index") as bar:
        while done < args.articles:
            count = min(args.batch, args.articles - done)
            batch_rng = random.Random(done)  # the same articles whenever resumed
            articles = []
            for n in range(done, done + count):
                language = batch_rng.choices(languages, shares)[0]
                words, cum = vocab[language]
                paragraphs = [
                    "<p>"
                    + " ".join(
                        sentence(batch_rng, words, cum, batch_rng.randint(8, 20))
                        for _ in range(batch_rng.randint(3, 6))
                    )
                    + "</p>"
                    for _ in range(batch_rng.randint(4, 7))
                ]
                articles.append(
                    Article(
                        headline=sentence(batch_rng, words, cum, batch_rng.randint(6, 11))[:-1],
                        slug=f"{SLUG_PREFIX}{n}",
                        standfirst=sentence(batch_rng, words, cum, batch_rng.randint(15, 28)),
                        body="".join(paragraphs),
                        language=language,
                        section=batch_rng.choice(sections),
                        status=Article.Status.PUBLISHED,
                        published_at=now - dt.timedelta(minutes=n * 7 % 3_000_000),
                    )
                )
            with transaction.atomic():
                created = Article.objects.bulk_create(articles)
                Article.tags.through.objects.bulk_create(
                    [
                        Article.tags.through(article_id=a.pk, tag_id=t.pk)
                        for a in created
                        for t in batch_rng.sample(tags, 3)
                    ]
                )
                Byline.objects.bulk_create(
                    [Byline(article=a, author=batch_rng.choice(authors)) for a in created]
                )
                search_index_articles(article_ids=[a.pk for a in created])
            done += count
            bar.update(count)
    print(f"generation: {time.perf_counter() - started:.0f} s for this run")


def measure(args: argparse.Namespace) -> None:
    from django.db import connection
    from django.utils import timezone

    from broadsheet.news.models import Article, Section
    from broadsheet.search.backends import get_backend
    from broadsheet.search.selectors import search_request_build, search_results_page

    total = Article.objects.count()
    print(
        f"backend {get_backend().name} ({connection.vendor}), {total} articles, "
        f"{args.repeat} runs per query after one warm-up"
    )
    everything: list[float] = []
    print(f"{'query':<34} {'hits':>8} {'p50 ms':>8} {'p95 ms':>8}")
    for text, options in QUERIES:
        filters: dict[str, Any] = {}
        if "language" in options:
            filters["language"] = options["language"]
        if "section_slug" in options:
            filters["section"] = Section.objects.get(slug=options["section_slug"])
        if "days" in options:
            filters["date_from"] = timezone.localdate() - dt.timedelta(days=options["days"])
        timings = []
        hits = 0
        for run in range(args.repeat + 1):
            started = time.perf_counter()
            outcome = search_results_page(
                request=search_request_build(text=text, **filters), page_number=1, per_page=20
            )
            elapsed = (time.perf_counter() - started) * 1000
            if run:
                timings.append(elapsed)
            hits = outcome.page.paginator.count if outcome.page else 0
        everything += timings
        label = text + (f" {options}" if options else "")
        print(
            f"{label[:34]:<34} {hits:>8} {percentile(timings, 50):>8.1f} "
            f"{percentile(timings, 95):>8.1f}"
        )
    print(
        f"{'all queries':<34} {'':>8} {percentile(everything, 50):>8.1f} "
        f"{percentile(everything, 95):>8.1f}"
    )


def percentile(values: list[float], pct: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


def main() -> None:
    args = parse_args()
    setup_django(args)
    if not args.skip_generate:
        generate(args)
    if args.repeat > 0:
        measure(args)


if __name__ == "__main__":
    main()
