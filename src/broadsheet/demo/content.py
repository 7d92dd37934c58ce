"""The sample content of `broadsheet demo`, written for Broadsheet.

Every person quoted and every source outlet is fictional (sources use `.example`
domains); no text is copied from any real outlet. Photos: see photos/README.md.
Publication times are local to Europe/Kyiv, "YYYY-MM-DD HH:MM".
"""

from typing import Any

from broadsheet.demo.articles_one import ARTICLES_ONE
from broadsheet.demo.articles_two import ARTICLES_TWO

SECTIONS = [
    {
        "name": "Policy",
        "slug": "policy",
        "order": 1,
        "description": "Government, parliament and diplomacy, as Ukrainian- and "
        "Russian-language outlets report them.",
    },
    {
        "name": "Front line",
        "slug": "front-line",
        "order": 2,
        "description": "Defence, the war and the people living near it.",
    },
    {
        "name": "Economy",
        "slug": "economy",
        "order": 3,
        "description": "Budgets, trade, energy and the cost of living.",
    },
    {
        "name": "Society",
        "slug": "society",
        "order": 4,
        "description": "Cities, villages, schools, hospitals and the displaced.",
    },
    {
        "name": "Culture",
        "slug": "culture",
        "order": 5,
        "description": "Books, theatre, music, language and memory.",
    },
    {
        "name": "World",
        "slug": "world",
        "order": 6,
        "description": "How the region's press sees the rest of the world.",
    },
]

AUTHORS = [
    {
        "name": "Mariia Kovalchuk",
        "slug": "mariia-kovalchuk",
        "bio": (
            "Political editor. Reads the Kyiv and Moscow press every morning so you don’t have to."
        ),
    },
    {
        "name": "Daniel Harwood",
        "slug": "daniel-harwood",
        "bio": "Translator and diplomatic correspondent; previously covered the EU in Brussels.",
    },
    {
        "name": "Oleksii Bondar",
        "slug": "oleksii-bondar",
        "bio": "Defence reporter who has followed the front line since 2014.",
    },
    {
        "name": "Iryna Savchenko",
        "slug": "iryna-savchenko",
        "bio": "Economics writer with a soft spot for grain statistics and energy tariffs.",
    },
    {
        "name": "Tom Aldridge",
        "slug": "tom-aldridge",
        "bio": "Culture editor and translator of Ukrainian poetry.",
    },
]

PHOTOS = [
    {
        "file": "parliament-columns.jpg",
        "alt_text": "A neoclassical building with eight columns, a pediment and a dome at dusk",
        "caption": "The seat of government at dusk (illustration).",
        "credit": "Олена Гнатюк / Broadsheet",
    },
    {
        "file": "river-dawn.jpg",
        "alt_text": "A wide river at dawn with a tree line on the far bank and reeds in front",
        "caption": "The river at dawn (illustration).",
        "credit": "Broadsheet staff",
    },
    {
        "file": "steppe-hills-sunset.jpg",
        "alt_text": "Layered hills fading into haze under a low orange sun",
        "caption": "Hills in the south-east at sunset (illustration).",
        "credit": "Архів редакції",
    },
    {
        "file": "city-skyline-night.jpg",
        "alt_text": "A city skyline at night with lit windows reflected in a river",
        "caption": "The city at night (illustration).",
        "credit": "Broadsheet staff",
    },
    {
        "file": "sunflower-field.jpg",
        "alt_text": "A field of sunflowers under a blue summer sky",
        "caption": "Sunflowers in the central regions (illustration).",
        "credit": "Андрій Мельник",
    },
    {
        "file": "snowy-street.jpg",
        "alt_text": "A snowy street at dusk lined with apartment blocks and street lamps",
        "caption": "A residential street in winter (illustration).",
        "credit": "Broadsheet staff",
    },
    {
        "file": "harbour-cranes.jpg",
        "alt_text": "A container ship at a quay beneath three red gantry cranes",
        "caption": "A Black Sea port (illustration).",
        "credit": "Світлана Ковальова",
    },
    {
        "file": "wheat-field.jpg",
        "alt_text": "A ripe wheat field under a deep blue sky with white clouds",
        "caption": "Wheat before the harvest (illustration).",
        "credit": "Broadsheet staff",
    },
    {
        "file": "station-night.jpg",
        "alt_text": "A railway platform at night under a lit canopy, with a train waiting",
        "caption": "A night train at the platform (illustration).",
        "credit": "Фотослужба Broadsheet",
    },
    {
        "file": "map-pattern.jpg",
        "alt_text": "An abstract map with contour lines, a river, dashed roads and towns",
        "caption": "Map (illustration).",
        "credit": "Broadsheet graphics",
    },
]

ARTICLES: list[dict[str, Any]] = [*ARTICLES_ONE, *ARTICLES_TWO]

# Reader comments on the sample articles: (article slug, name, text, index of the comment
# replied to in this list or None, minutes after publication). Written for Broadsheet.
COMMENTS: list[tuple[str, str, str, int | None, int]] = [
    (
        ARTICLES_ONE[0]["slug"],
        "Halyna from Lviv",
        "The conditions are reasonable. The problem is the calendar, not the content :-|",
        None,
        35,
    ),
    (
        ARTICLES_ONE[0]["slug"],
        "Peter_K",
        "Every spring we read the same story: “this time the tranche is at risk”. "
        "And every spring it arrives. 8)",
        None,
        52,
    ),
    (
        ARTICLES_ONE[0]["slug"],
        "Oksana",
        "@Peter_K it arrived late twice, and the hospitals in my town felt it :sad:",
        1,
        70,
    ),
    (ARTICLES_ONE[0]["slug"], "Peter_K", "Fair point, I stand corrected :oops:", 2, 95),
    (
        ARTICLES_ONE[0]["slug"],
        "Andrii M.",
        "The audit bill is the only one that matters. Full text of the draft is on the "
        "parliament site: https://parliament.example/bills/audit",
        None,
        130,
    ),
    (
        ARTICLES_ONE[0]["slug"],
        "Mark",
        "Vote at 12:30 on Thursday, if the committee keeps its word :D",
        None,
        180,
    ),
    (
        ARTICLES_ONE[1]["slug"],
        "Svitlana",
        "In our café everyone switched years ago; the survey just caught up ;-)",
        None,
        44,
    ),
    (
        ARTICLES_ONE[2]["slug"],
        "Volunteer Ihor",
        "Batteries are the real bottleneck in frost. Thank you for writing about it.",
        None,
        60,
    ),
    (
        ARTICLES_TWO[0]["slug"],
        "Reader in Toronto",
        "Translating poems under sirens… I have no words :cry:",
        None,
        300,
    ),
    (
        ARTICLES_TWO[0]["slug"],
        "Tetiana",
        "I was at one of their readings. Remarkable people :-)",
        8,
        420,
    ),
]
