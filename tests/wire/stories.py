"""Stories, pages and feeds for the wire tests, written for Broadsheet (the outlets are
invented). Feeds in each format are built from the same stories, so a test can say what
every parser must find."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Story:
    slug: str
    language: str
    title: str
    author: str
    date: str  # RFC 3339
    paragraphs: tuple[str, ...]


BRIDGE_UK = Story(
    slug="mist",
    language="uk",
    title="У Кременці відкрили новий пішохідний міст через річку Ікву",
    author="Оксана Мельничук",
    date="2026-12-07T09:30:00+02:00",
    paragraphs=(
        "У середу в Кременці відкрили новий пішохідний міст через річку Ікву, який "
        "будували майже два роки. Міська рада повідомила, що на будівництво витратили "
        "48 мільйонів гривень, частину коштів надали міжнародні партнери.",
        "Міст завдовжки 120 метрів з'єднав старе місто з новим житловим масивом. "
        "Раніше мешканцям доводилося обходити річку через автомобільний міст, і дорога "
        "до школи чи лікарні забирала пів години.",
        "«Це найкращий подарунок до свят, який ми могли собі уявити», — сказала вчителька "
        "Галина Савчук, яка щодня переходить річку разом з учнями. Вона додала, що діти "
        "тепер ходять до школи пішки, а не чекають автобуса.",
        "Інженери кажуть, що конструкція розрахована на сто років служби. Взимку міст "
        "освітлюватимуть ліхтарі на сонячних панелях, а навесні вздовж берега висадять "
        "липи і облаштують місця для відпочинку.",
    ),
)

# The same story as another outlet tells it: a few words changed, one sentence added.
BRIDGE_UK_OTHER = Story(
    slug="mist-kremenets",
    language="uk",
    title="Новий пішохідний міст через Ікву відкрили в Кременці",
    author="Редакція",
    date="2026-12-07T10:05:00+02:00",
    paragraphs=(
        "У середу в Кременці відкрили новий пішохідний міст через річку Ікву, який "
        "будували майже два роки. Міська рада повідомила, що на будівництво витратили "
        "48 мільйонів гривень, частину коштів надали міжнародні партнери.",
        "Міст завдовжки 120 метрів з'єднав старе місто з новим житловим масивом. "
        "Раніше мешканцям доводилося обходити річку через автомобільний міст, і дорога "
        "до школи чи лікарні забирала пів години.",
        "«Це найкращий подарунок до свят, який ми могли собі уявити», — сказала вчителька "
        "Галина Савчук, яка щодня переходить річку разом з учнями. Вона додала, що діти "
        "тепер ходять до школи пішки, а не чекають автобуса.",
        "Інженери кажуть, що конструкція розрахована на сто років служби. Взимку міст "
        "освітлюватимуть ліхтарі на сонячних панелях. Наступного року місто планує "
        "відремонтувати й набережну.",
    ),
)

HARVEST_RU = Story(
    slug="urozhai",
    language="ru",
    title="Фермеры северного района собрали рекордный урожай гречки",
    author="Павел Сорокин",
    date="2026-12-06T14:00:00+03:00",
    paragraphs=(
        "Фермеры северного района в этом году собрали рекордный урожай гречки: почти "
        "тридцать тысяч тонн, что на треть больше, чем годом ранее. Об этом сообщили в "
        "районном управлении сельского хозяйства.",
        "Специалисты объясняют успех тёплой весной и дождливым летом. Кроме того, многие "
        "хозяйства впервые использовали новые сорта, устойчивые к засухе и вредителям.",
        "«Мы не ожидали такого результата, хотя надеялись на хороший год», — рассказал "
        "фермер Николай Ершов. По его словам, цены на гречку осенью снизились, поэтому "
        "часть урожая хозяйства оставят на складах до весны.",
        "В районе считают, что часть зерна уйдёт на экспорт. Переговоры с покупателями "
        "из соседних стран уже идут, однако окончательных договорённостей пока нет.",
    ),
)

LIBRARY_EN = Story(
    slug="library",
    language="en",
    title="Town library opens its doors at night for students before exams",
    author="Mary Holt",
    date="2026-12-05T18:45:00+00:00",
    paragraphs=(
        "The town library will stay open until midnight for the next three weeks, so "
        "that students preparing for winter exams have a quiet and warm place to work. "
        "The council agreed to pay for the extra hours at its meeting on Tuesday.",
        "Librarians say the reading rooms were full every evening last December, and "
        "many students asked for longer hours. Volunteers from the university will help "
        "the staff and keep the coffee machine running.",
        "\u201cA library is the one place where nobody asks you to buy anything,\u201d said "
        "head librarian Tom Baxter. He added that the building's new heating made the "
        "late opening possible for the first time in years.",
        "The council will look at the numbers in January and decide whether night "
        "opening becomes a regular part of the exam season.",
    ),
)

STORIES = (BRIDGE_UK, HARVEST_RU, LIBRARY_EN)


def page_html(story: Story, *, url: str, image: str = "/images/lead.jpg") -> str:
    """An article page as outlets build them: navigation, the story, a footer."""
    body = "\n".join(f"<p>{escape(p)}</p>" for p in story.paragraphs)
    return f"""<!DOCTYPE html>
<html lang="{story.language}"><head><meta charset="utf-8">
<title>{escape(story.title)} | Outlet</title>
<link rel="canonical" href="{escape(url)}">
<meta name="author" content="{escape(story.author)}">
<meta property="article:published_time" content="{story.date}">
<meta property="og:image" content="{escape(image)}">
</head><body>
<header><nav><a href="/">Home</a> <a href="/news/">News</a>
<a href="/about/">About</a></nav></header>
<main><article>
<h1>{escape(story.title)}</h1>
<p class="byline">{escape(story.author)}</p>
{body}
<p>More: <a href="/news/">other news</a>.</p>
</article></main>
<aside><h2>Most read</h2>
<ul><li><a href="/x">Weather</a></li><li><a href="/y">Sport</a></li></ul></aside>
<footer>All rights reserved. Contact the newsroom.</footer>
</body></html>"""


def _paragraphs(story: Story) -> str:
    return "".join(f"<p>{escape(p)}</p>" for p in story.paragraphs)


def rss2(
    stories: list[tuple[Story, str]], *, title: str = "Outlet", encoding: str = "utf-8"
) -> str:
    items = "\n".join(
        f"""<item><title>{escape(s.title)}</title><link>{escape(url)}</link>
<guid isPermaLink="false">{s.slug}</guid><pubDate>{_rfc822(s.date)}</pubDate>
<dc:creator>{escape(s.author)}</dc:creator>
<description>{escape(s.paragraphs[0])}</description>
<content:encoded><![CDATA[{_paragraphs(s)}]]></content:encoded>
<media:content url="{escape(url)}/lead.jpg" medium="image"/></item>"""
        for s, url in stories
    )
    return f"""<?xml version="1.0" encoding="{encoding}"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">
<channel><title>{escape(title)}</title><link>http://outlet.example/</link>
<description>News</description>
{items}
</channel></rss>"""


def atom(stories: list[tuple[Story, str]], *, title: str = "Outlet") -> str:
    entries = "\n".join(
        f"""<entry><title>{escape(s.title)}</title><link href="{escape(url)}"/>
<id>urn:outlet:{s.slug}</id><updated>{s.date}</updated><published>{s.date}</published>
<author><name>{escape(s.author)}</name></author>
<summary>{escape(s.paragraphs[0])}</summary>
<content type="html">{escape("".join(f"<p>{escape(p)}</p>" for p in s.paragraphs))}</content>
</entry>"""
        for s, url in stories
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>{escape(title)}</title>
<id>urn:outlet</id><updated>2026-12-07T10:00:00Z</updated>
{entries}
</feed>"""


def rss1(stories: list[tuple[Story, str]], *, title: str = "Outlet") -> str:
    seq = "".join(f'<rdf:li rdf:resource="{escape(url)}"/>' for _, url in stories)
    items = "\n".join(
        f"""<item rdf:about="{escape(url)}"><title>{escape(s.title)}</title>
<link>{escape(url)}</link><description>{escape(s.paragraphs[0])}</description>
<dc:date>{s.date}</dc:date><dc:creator>{escape(s.author)}</dc:creator><dc:language>{s.language}</dc:language></item>"""
        for s, url in stories
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="http://outlet.example/"><title>{escape(title)}</title>
<link>http://outlet.example/</link><description>News</description>
<items><rdf:Seq>{seq}</rdf:Seq></items></channel>
{items}
</rdf:RDF>"""


def rss091(stories: list[tuple[Story, str]], *, title: str = "Outlet") -> str:
    items = "\n".join(
        f"""<item><title>{escape(s.title)}</title><link>{escape(url)}</link>
<description>{escape(s.paragraphs[0])}</description></item>"""
        for s, url in stories
    )
    return f"""<?xml version="1.0"?>
<rss version="0.91"><channel><title>{escape(title)}</title><link>http://outlet.example/</link>
<description>News</description><language>en</language>
{items}
</channel></rss>"""


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _rfc822(stamp: str) -> str:
    when = dt.datetime.fromisoformat(stamp)
    offset = when.strftime("%z")
    return (
        f"{when.strftime('%a')}, {when.day:02d} {MONTHS[when.month - 1]} {when.year} "
        f"{when:%H:%M:%S} {offset}"
    )
