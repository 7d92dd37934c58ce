"""Ukrainian and Russian: real pages in each language, the captcha in the reader's
language, and catalogues that are complete, well-formed and compiled."""

from __future__ import annotations

import datetime as dt
import gettext
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from broadsheet.discussion import captcha
from broadsheet.discussion.models import Comment
from broadsheet.news import services
from broadsheet.news.models import Article
from tests.support import factories
from tests.support.posting import post
from tests.support.settings import open_discussion
from tests.support.webclient import parse_comment_form, solve_pow

LANGUAGES = ("uk", "ru")
LOCALE_DIR = Path(settings.LOCALE_PATHS[0])

# The numbers 1–10 (the captcha's operands) as a Ukrainian or Russian reader reads a sum
# aloud, written out here independently of the code under test.
OPERANDS = {
    "uk": ["один", "два", "три", "чотири", "п’ять", "шість", "сім", "вісім", "дев’ять", "десять"],
    "ru": ["один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять", "десять"],
}
QUESTION = {
    "uk": re.compile(r"^Скільки буде (\S+) (плюс|мінус|помножити на|\+|−|×) (\S+)\?$"),
    "ru": re.compile(r"^Сколько будет (\S+) (плюс|минус|умножить на|\+|−|×) (\S+)\?$"),
}
OPERATIONS = {
    "плюс": int.__add__,
    "+": int.__add__,
    "мінус": int.__sub__,
    "минус": int.__sub__,
    "−": int.__sub__,
    "помножити на": int.__mul__,
    "умножить на": int.__mul__,
    "×": int.__mul__,
}


def solve(question: str, language: str) -> int:
    """The answer to a built-in question in `language`; fails the test if it is not one."""
    match = QUESTION[language].match(question)
    assert match, f"not a {language} arithmetic question: {question!r}"
    a, op, b = match.groups()

    def number(token: str) -> int:
        return int(token) if token.isdigit() else OPERANDS[language].index(token) + 1

    return int(OPERATIONS[op](number(a), number(b)))


# --- pages ----------------------------------------------------------------------------

FRONT = {
    "uk": ["Перейти до основного вмісту", "Стрічка новин", "Архів", "Пошук статей", "Мова"],
    "ru": ["Перейти к основному содержимому", "Лента новостей", "Архив", "Поиск по статьям"],
}
ARTICLE = {
    "uk": [
        "Розмір тексту:",
        "Збільшити текст",
        "За матеріалами:",
        "фото Олена Гнатюк",
        "Текст: <a",
        "Виправлення",
        "Додати коментар",
        "Ім’я",
        "Електронна пошта (необов’язково, ніде не показується)",
        "Введіть правильну відповідь",
        "Надіслати коментар",
        "Коментарів поки немає.",
        "Обговорення",
        "08 січня 2025, 23:41",
    ],
    "ru": [
        "Размер текста:",
        "Увеличить текст",
        "По материалам:",
        "фото Олена Гнатюк",
        "Текст: <a",
        "Исправления",
        "Добавить комментарий",
        "Имя",
        "Электронная почта (необязательно, нигде не показывается)",
        "Введите правильный ответ",
        "Отправить комментарий",
        "Комментариев пока нет.",
        "Обсуждение",
        "08 января 2025, 23:41",
    ],
}
ENGLISH_LEFT_OVER = [
    "Text Size:",
    "Based on materials:",
    "Add a comment",
    "Enter the correct answer",
    "Post comment",
    "What is",
    "Skip to main content",
]


def kyiv_article() -> Article:
    """An article with every reader-facing part: photo credit, byline, sources, tags,
    a correction and the comment form."""
    editor = factories.user_with_role("Editor")
    article = factories.article(
        headline="Grain corridor reopens",
        published_at=dt.datetime(2025, 1, 8, 21, 41, tzinfo=dt.UTC),
        lead_photo=factories.photo(credit="Олена Гнатюк"),
        authors=[factories.author("Iryna Test")],
        tags=["Trade"],
        sources=[("dnipro.example", "https://dnipro.example/a")],
    )
    services.article_add_correction(article=article, user=editor, text="A date was wrong.")
    return article


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_front_page_is_in_the_reader_language(client, language):
    factories.article(headline="Grain corridor reopens")
    html = client.get(f"/{language}/").content.decode()
    assert f'<html lang="{language}">' in html
    for text in FRONT[language]:
        assert text in html, text
    assert "Skip to main content" not in html and ">Latest<" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_article_page_and_comment_form_are_in_the_reader_language(client, language):
    article = kyiv_article()
    response = client.get(f"/{language}{article.get_absolute_url()}")
    html = response.content.decode()
    assert response.status_code == 200
    for text in ARTICLE[language]:
        assert text in html, text
    for text in ENGLISH_LEFT_OVER:
        assert text not in html, text
    form = parse_comment_form(html)
    assert form.action == f"/{language}/comments/post/{article.pk}/"
    solve(form.question, language)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", *LANGUAGES])
def test_the_scripts_message_templates_hold_their_placeholder_once(client, language):
    """The page's templates for messages its scripts fill in (the text size, the reply
    note): translated, one placeholder each, and no doubled percent sign left in."""
    import html as htmllib

    article = kyiv_article()
    prefix = "" if language == "en" else f"/{language}"
    page = client.get(f"{prefix}{article.get_absolute_url()}").content.decode()
    for element, placeholder in (("text-size-status", "%(percent)s"), ("replying-to", "%(name)s")):
        found = re.search(rf'id="{element}"[^>]*data-template="([^"]*)"', page)
        assert found, element
        template = htmllib.unescape(found[1])
        assert template.count(placeholder) == 1 and "%%" not in template, template
        if language != "en":
            assert not template.startswith(("Text size", "Replying")), template


@pytest.mark.django_db
@pytest.mark.usefixtures("_open_discussion")
@pytest.mark.parametrize(
    ("language", "counts"),
    [
        ("uk", ["1 коментар", "3 коментарі", "5 коментарів"]),
        ("ru", ["1 комментарий", "3 комментария", "5 комментариев"]),
    ],
    ids=LANGUAGES,
)
def test_comment_counts_on_the_front_page_take_the_right_plural_form(client, language, counts):
    for n, total in enumerate((1, 3, 5)):
        article = factories.article(headline=f"Story {n}")
        for i in range(total):
            post(article, name=f"Reader {i}", text=f"Point {n}.{i}", ip=f"192.0.2.{10 * n + i}")
    html = client.get(f"/{language}/").content.decode()
    for text in counts:
        assert f">{text}</a>" in html, text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("uk", ["Уточнити результати", "Що шукати", "Усі розділи", "Усі мови", "Від", "До"]),
        ("ru", ["Уточнить результаты", "Что искать", "Все разделы", "Все языки", "С", "По"]),
    ],
    ids=LANGUAGES,
)
def test_search_page_is_in_the_reader_language(client, language, expected):
    html = client.get(f"/{language}/search/").content.decode()
    for text in expected:
        assert f">{text}<" in html, text
    assert "Narrow the results" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "found", "missing"),
    [
        (
            "uk",
            "1 результат за запитом «corridor»",
            "За запитом «zzqx» нічого не знайдено",
        ),
        (
            "ru",
            "1 результат по запросу «corridor»",
            "По запросу «zzqx» ничего не найдено",
        ),
    ],
    ids=LANGUAGES,
)
def test_search_results_and_no_results_are_in_the_reader_language(
    client, django_capture_on_commit_callbacks, language, found, missing
):
    with django_capture_on_commit_callbacks(execute=True):
        factories.article(headline="Grain corridor reopens")
    assert found in client.get(f"/{language}/search/?q=corridor").content.decode()
    assert missing in client.get(f"/{language}/search/?q=zzqx").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [("uk", ["Редакція Broadsheet", "Увійти"]), ("ru", ["Редакция Broadsheet", "Войти"])],
    ids=LANGUAGES,
)
def test_desk_login_page_is_in_the_reader_language(client, language, expected):
    html = client.get(f"/{language}/desk/login/").content.decode()
    for text in expected:
        assert text in html, text
    assert "Broadsheet desk" not in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("uk", ["Редакція Broadsheet", "Відділ новин", "Статті", "Обговорення", "Фото"]),
        ("ru", ["Редакция Broadsheet", "Отдел новостей", "Статьи", "Обсуждение", "Фото"]),
    ],
    ids=LANGUAGES,
)
def test_desk_labels_are_in_the_editor_language(client, language, expected):
    client.force_login(factories.user_with_role("Editor"))
    html = client.get(f"/{language}/desk/").content.decode()
    for text in expected:
        assert text in html, text


# --- the captcha ------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_captcha_questions_are_asked_in_the_reader_language(language):
    in_words = 0
    for _ in range(80):
        issued = captcha.captcha_issue(language=language)
        solve(issued.question, language)
        in_words += not any(ch.isdigit() for ch in issued.question)
    assert in_words, "no question was asked in words"


@pytest.mark.django_db
def test_captcha_question_in_words_reads_naturally():
    with translation.override("uk"):
        uk = translation.gettext("What is %(a)s times %(b)s?") % {"a": "сім", "b": "три"}
    with translation.override("ru"):
        ru = translation.gettext("What is %(a)s plus %(b)s?") % {"a": "семь", "b": "три"}
    assert uk == "Скільки буде сім помножити на три?"
    assert ru == "Сколько будет семь плюс три?"
    assert captcha.number_word(7, "uk") == "сім" and captcha.number_word(7, "ru") == "семь"


def test_number_words_cover_zero_to_a_hundred_in_each_language():
    assert [captcha.number_word(n, "uk") for n in (0, 5, 9, 11, 20, 45, 99, 100)] == [
        "нуль",
        "п’ять",
        "дев’ять",
        "одинадцять",
        "двадцять",
        "сорок п’ять",
        "дев’яносто дев’ять",
        "сто",
    ]
    assert [captcha.number_word(n, "ru") for n in (0, 5, 9, 11, 20, 45, 99, 100)] == [
        "ноль",
        "пять",
        "девять",
        "одиннадцать",
        "двадцать",
        "сорок пять",
        "девяносто девять",
        "сто",
    ]
    assert captcha.number_word(21, "en") == "twenty-one"
    assert "дві" in captcha.number_spellings(2, "uk") and "две" in captcha.number_spellings(2, "ru")


def _issue_until(language: str, *, result: int) -> captcha.IssuedCaptcha:
    for _ in range(2000):
        issued = captcha.captcha_issue(language=language)
        if solve(issued.question, language) == result:
            return issued
    pytest.fail(f"no question with the answer {result}")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "result", "answer"),
    [
        ("uk", 5, "5"),
        ("uk", 5, "П’ять"),
        ("uk", 5, "пʼять"),
        ("uk", 5, "пять"),
        ("uk", 5, "five"),
        ("ru", 2, "две"),
        ("ru", 2, "дві"),
        ("ru", 21, "двадцать один"),
        ("ru", 21, "двадцять одна"),
        ("ru", 21, "Twenty-One"),
        ("uk", 40, "сорок"),
    ],
    ids=[
        "uk-digits",
        "uk-word",
        "uk-modifier-apostrophe",
        "uk-no-apostrophe",
        "uk-english",
        "ru-feminine",
        "ru-ukrainian",
        "ru-compound",
        "ru-ukrainian-feminine-compound",
        "ru-english-hyphenated",
        "uk-tens",
    ],
)
def test_captcha_answer_is_accepted_in_digits_or_words_of_any_language(language, result, answer):
    issued = _issue_until(language, result=result)
    captcha.captcha_answer(token=issued.token, form_token=issued.form_token, answer=answer)


@pytest.mark.django_db
def test_captcha_answer_in_words_of_another_number_is_rejected():
    issued = _issue_until("uk", result=6)
    with pytest.raises(captcha.CaptchaError) as err:
        captcha.captcha_answer(token=issued.token, form_token=issued.form_token, answer="сім")
    assert err.value.code == "wrong"


@pytest.fixture
def _open_discussion(settings):
    open_discussion(settings)


@pytest.mark.django_db
@pytest.mark.usefixtures("_open_discussion")
@pytest.mark.parametrize(
    ("language", "published"),
    [("uk", "Ваш коментар опубліковано."), ("ru", "Ваш комментарий опубликован.")],
    ids=LANGUAGES,
)
def test_comment_posted_in_the_reader_language_with_a_digit_answer(client, language, published):
    article = factories.article(headline="Grain corridor reopens")
    form = parse_comment_form(
        client.get(f"/{language}{article.get_absolute_url()}").content.decode()
    )
    answer = solve(form.question, language)
    data = {**form.fields, "name": "Олена", "text": "Слушна думка.", "answer": str(answer)}
    data["altcha"] = solve_pow(form.pow) if form.pow else ""
    response = client.post(form.action, data, HTTP_ACCEPT="application/json")
    assert response.status_code == 201, response.content
    reply = response.json()
    assert reply["ok"] and reply["message"] == published
    # The next comment's question (fetched when the reader turns to the form again).
    values = client.get(f"/{language}/comments/form/", HTTP_ACCEPT="application/json").json()
    solve(values["question"], language)
    assert Comment.objects.get().status == Comment.Status.APPROVED


@pytest.mark.django_db
@pytest.mark.usefixtures("_open_discussion")
@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("uk", "Відповідь неправильна. Спробуйте відповісти на нове запитання."),
        ("ru", "Ответ неверный. Попробуйте ответить на новый вопрос."),
    ],
    ids=LANGUAGES,
)
def test_wrong_answer_is_explained_in_the_reader_language_with_a_new_question(
    client, language, message
):
    article = factories.article(headline="Grain corridor reopens")
    form = parse_comment_form(
        client.get(f"/{language}{article.get_absolute_url()}").content.decode()
    )
    data = {**form.fields, "name": "Олена", "text": "Слушна думка.", "answer": "999"}
    response = client.post(form.action, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    again = parse_comment_form(html)
    solve(again.question, language)
    assert Comment.objects.count() == 0


# --- the catalogues ---------------------------------------------------------------------


def read_po(path: Path) -> list[dict[str, Any]]:
    """The entries of a .po file (header first), each with msgctxt, msgid, msgid_plural,
    msgstr (a list: one item, or one per plural form) and flags."""

    def unquote(line: str) -> str:
        text = line[line.index('"') + 1 : line.rindex('"')]
        return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m[1], m[1]), text)

    entries: list[dict[str, Any]] = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        entry: dict[str, Any] = {
            "msgctxt": None,
            "msgid": None,
            "msgid_plural": None,
            "msgstr": [],
            "flags": set(),
            "obsolete": False,
        }
        key = ""
        for line in block.splitlines():
            if line.startswith("#~"):
                entry["obsolete"] = True
            elif line.startswith("#,"):
                entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                if key.startswith("msgstr"):
                    entry["msgstr"][-1] += unquote(line)
                else:
                    entry[key] += unquote(line)
            else:
                key = line.split(" ", 1)[0]
                if key.startswith("msgstr"):
                    entry["msgstr"].append(unquote(line))
                    key = "msgstr"
                else:
                    entry[key] = unquote(line)
        entries.append(entry)
    return entries


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def read_mo(language: str) -> gettext.GNUTranslations:
    with po_path(language).with_suffix(".mo").open("rb") as handle:
        return gettext.GNUTranslations(handle)


def nplurals(header: str) -> int:
    match = re.search(r"nplurals=(\d+);", header)
    assert match, "no Plural-Forms in the header"
    return int(match[1])


# Format placeholders and the HTML tags a translation must keep (in "%%(name)s", a
# template's escaped placeholder, the regex finds "%(name)s" all the same).
PLACEHOLDER = re.compile(
    r"%\(\w+\)[sd]|%[sd]|\{\{.*?\}\}|</?(?:a|b|br|code|em|i|kbd|p|span|strong)\b[^>]*>"
)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_catalogue_entry_is_translated_and_reviewed(language):
    header, *entries = read_po(po_path(language))
    assert f"Language: {language}\n" in header["msgstr"][0]
    assert "fuzzy" not in header["flags"]
    forms = nplurals(header["msgstr"][0])
    assert len(entries) > 350
    for entry in entries:
        name = entry["msgid"]
        assert not entry["obsolete"], name
        assert "fuzzy" not in entry["flags"], name
        assert all(entry["msgstr"]), f"untranslated: {name!r}"
        if entry["msgid_plural"] is not None:
            assert len(entry["msgstr"]) == forms, name


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_every_placeholder_and_tag(language):
    _, *entries = read_po(po_path(language))
    for entry in entries:
        source = sorted(PLACEHOLDER.findall(entry["msgid"]))
        for text in entry["msgstr"]:
            assert sorted(PLACEHOLDER.findall(text)) == source, (entry["msgid"], text)


def test_plural_forms_follow_ukrainian_and_russian_grammar():
    for language in LANGUAGES:
        header = read_po(po_path(language))[0]["msgstr"][0]
        assert nplurals(header) in (3, 4)
        catalogue = read_mo(language)
        # 1 and 21 share a form, 2–4 and 22 another, 5–20, 11–14 and 25 a third.
        picks = {
            n: catalogue.ngettext("%(counter)s comment", "%(counter)s comments", n)
            for n in (1, 21, 2, 4, 22, 5, 11, 14, 25)
        }
        assert picks[1] == picks[21]
        assert picks[2] == picks[4] == picks[22] != picks[1]
        assert picks[5] == picks[11] == picks[14] == picks[25] not in (picks[1], picks[2])


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_its_source(language):
    """The committed .mo holds exactly the .po's translations (compilemessages was run)."""
    mo = po_path(language).with_suffix(".mo")
    assert mo.exists(), f"run `broadsheet compilemessages` ({mo} is missing)"
    compiled = read_mo(language)
    _, *entries = read_po(po_path(language))
    catalog: dict[Any, str] = compiled._catalog  # type: ignore[attr-defined]
    expected: dict[Any, str] = {}
    for entry in entries:
        msgid = entry["msgid"]
        if entry["msgctxt"] is not None:
            msgid = f"{entry['msgctxt']}\x04{msgid}"
        if entry["msgid_plural"] is None:
            expected[msgid] = entry["msgstr"][0]
        else:
            for n, text in enumerate(entry["msgstr"]):
                expected[(msgid, n)] = text
    compiled_entries = {key: value for key, value in catalog.items() if key != ""}
    assert compiled_entries == expected


def test_catalogues_hold_every_string_of_the_source(tmp_path, settings, monkeypatch):
    """`makemessages` over a copy of the package finds nothing new to translate."""
    assert shutil.which("xgettext") and shutil.which("msgmerge"), "bin/test installs gettext"
    package = Path(__file__).resolve().parents[2] / "src" / "broadsheet"
    copy = tmp_path / "broadsheet"
    shutil.copytree(
        package,
        copy,
        ignore=shutil.ignore_patterns("__pycache__", "static", "*.mo", "demo", "benchdata"),
    )
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=list(LANGUAGES), verbosity=0)
    for language in LANGUAGES:
        fresh = read_po(copy / "locale" / language / "LC_MESSAGES" / "django.po")
        current = read_po(po_path(language))
        ids = {(e["msgctxt"], e["msgid"]) for e in current[1:]}
        new = [e["msgid"] for e in fresh[1:] if (e["msgctxt"], e["msgid"]) not in ids]
        assert not new, f"run makemessages and translate these ({language}): {new}"
        gone = [e["msgid"] for e in fresh[1:] if e["obsolete"]]
        assert not gone, f"run makemessages: no longer in the source ({language}): {gone}"
