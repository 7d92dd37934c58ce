"""Word lists the generated site is written from, in English, Ukrainian and Russian.

The frequent words come first in each list: the corpus weighs words by 1/rank, so a
search for `government` meets a large share of the articles and a made-up rare word a
handful, as on a real news site. Lists are kept as one readable string each.
"""

# ruff: noqa: SIM905

from __future__ import annotations

LANGUAGES = ("en", "uk", "ru")
# Share of articles and of comments per language.
LANGUAGE_WEIGHTS = (0.5, 0.3, 0.2)

WORDS = {
    "en": (
        "the of and to in a is that for on with as was by said it at from be have has are "
        "not this they were but after their more will about which new also been who over "
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
        "teachers history memory monument church language book writer poet music concert "
        "residents officials spokesman statement ministry committee commission decision "
        "million billion percent year week month morning evening night district capital "
        "province neighbours families support security defence soldiers veterans missile "
        "system network internet digital company business industry investment growth "
        "supply shortage queue transport bus tram metro ticket fare housing rent repairs"
    ).split(),
    "uk": (
        "і в на з що до не як за про від це але у для по його вже також які було буде "
        "після більше нові року ще де коли їх має тому може під час "
        "уряд міністр президент місто війна перемир'я переговори мир енергетика зерно порт "
        "вибори парламент бюджет суд поліція армія фронт область село міст електростанція "
        "вода газ нафта ціна ринок банк гривня інфляція школа лікарня лікарі діти біженці "
        "кордон дрон атака обстріл ремонт зима опалення електроенергія реформа закон "
        "голосування депутати коаліція опозиція протест угода санкції експорт урожай "
        "пшениця фермери залізниця вокзал аеропорт мер рада звіт розслідування корупція "
        "прокурор суддя вирок вʼязниця журналіст газета телебачення культура музей театр "
        "фестиваль футбол матч команда тренер сезон погода буря повінь сніг температура "
        "дорога аварія пожежа рятувальники волонтери допомога Київ Львів Харків Одеса "
        "Дніпро Запоріжжя пенсія зарплата податок завод шахта вугілля реактор інспекція "
        "мешканці посадовці заява міністерство комітет комісія рішення мільйон мільярд "
        "відсотків тиждень місяць ранок вечір ніч район столиця громада сусіди родини "
        "підтримка безпека оборона військові ветерани ракета система мережа компанія "
        "бізнес промисловість інвестиції зростання постачання черга транспорт автобус "
        "трамвай метро квиток житло оренда університет студенти вчителі історія пам'ять"
    ).split(),
    "ru": (
        "и в на с что не как за о от это но у для по его уже также которые было будет "
        "после более новые года ещё где когда их может тем во время "
        "правительство министр президент город война перемирие переговоры мир энергетика "
        "зерно порт выборы парламент бюджет суд полиция армия фронт область деревня мост "
        "электростанция вода газ нефть цена рынок банк валюта инфляция школа больница "
        "врачи дети беженцы граница дрон атака обстрел ремонт зима отопление "
        "электроэнергия реформа закон голосование депутаты коалиция оппозиция протест "
        "соглашение санкции экспорт урожай пшеница фермеры железная дорога вокзал "
        "аэропорт мэр совет отчёт расследование коррупция прокурор судья приговор тюрьма "
        "журналист газета телевидение культура музей театр фестиваль футбол матч "
        "команда тренер сезон погода буря наводнение снег температура авария пожар "
        "спасатели волонтёры помощь Минск Киев Рига Вильнюс пенсия зарплата налог завод "
        "шахта жители чиновники заявление министерство комитет комиссия решение миллион "
        "миллиард процентов неделя месяц утро вечер ночь район столица соседи семьи "
        "поддержка безопасность оборона военные ветераны ракета система сеть компания "
        "бизнес промышленность инвестиции рост поставки очередь транспорт автобус трамвай "
        "метро билет жильё аренда университет студенты учителя история память"
    ).split(),
}

# Syllables for made-up rare words (place names, surnames, jargon): the long tail.
SYLLABLES = {
    "en": "ka ro mi ten sor val bri ston lek mar dun pel tor vin gra sul ash wick ford ham".split(),
    "uk": "ко ри ва ло не ти ма ше ду пі гор сла вин мир бу ре їв щи ць ка".split(),
    "ru": "ка ро ми те со ва бри сто ле ма ду пе то ви гра су ще ры ль ск".split(),
}

SECTIONS = [
    ("politics", "Politics"),
    ("economy", "Economy"),
    ("war", "War"),
    ("society", "Society"),
    ("culture", "Culture"),
    ("sport", "Sport"),
    ("world", "World"),
    ("science", "Science and technology"),
    ("opinion", "Opinion"),
    ("regions", "Regions"),
]

FIRST_NAMES = {
    "en": (
        "James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William "
        "Barbara Richard Susan Joseph Jessica Thomas Sarah Charles Karen Daniel Emily "
        "Matthew Hannah Anthony Olivia Mark Grace Paul Chloe Steven Amelia Andrew Sophie"
    ).split(),
    "uk": (
        "Олександр Олена Андрій Наталія Сергій Ірина Володимир Оксана Дмитро Тетяна "
        "Михайло Юлія Тарас Марія Богдан Анна Іван Катерина Василь Ольга Юрій Світлана "
        "Остап Соломія Петро Галина Назар Христина Ярослав Людмила Микола Дарина"
    ).split(),
    "ru": (
        "Александр Елена Андрей Наталья Сергей Ирина Владимир Оксана Дмитрий Татьяна "
        "Михаил Юлия Алексей Мария Николай Анна Иван Екатерина Павел Ольга Юрий "
        "Светлана Виктор Галина Игорь Людмила Борис Дарья Григорий Вера Константин Нина"
    ).split(),
}
LAST_NAMES = {
    "en": (
        "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas "
        "Moore Martin Jackson Thompson White Harris Clark Lewis Walker Hall Young Allen "
        "Wright Scott Green Baker Adams Nelson Hill Campbell Mitchell Roberts Carter"
    ).split(),
    "uk": (
        "Шевченко Коваленко Бондаренко Ткаченко Кравченко Олійник Шевчук Поліщук "
        "Бойко Ткачук Мельник Савченко Руденко Мороз Лисенко Марченко Петренко Гнатюк "
        "Кравчук Левченко Павленко Гончаренко Литвиненко Клименко Зінченко Рибак"
    ).split(),
    "ru": (
        "Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров "
        "Морозов Волков Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев "
        "Орлов Андреев Макаров Никитин Захаров Зайцев Соловьёв Борисов Яковлев Григорьев"
    ).split(),
}
# Commenters often post under a nickname.
NICKNAMES = (
    "reader42 kyivcat old_sailor Lviv_rain bookworm nightowl quietvoice sunflower "
    "grumpy_uncle Odesa_sea dnipro_dan marta_k ivan_from_kharkiv truthseeker alex77 "
    "green_tea zorya lastword morning_coffee northwind"
).split()

OUTLETS = [
    ("Reuters", "https://www.reuters.com/"),
    ("Associated Press", "https://apnews.com/"),
    ("Ukrinform", "https://www.ukrinform.net/"),
    ("Suspilne", "https://suspilne.media/"),
    ("BBC News", "https://www.bbc.com/news/"),
    ("Kyiv Independent", "https://kyivindependent.com/"),
    ("Meduza", "https://meduza.io/"),
    ("Ukrainska Pravda", "https://www.pravda.com.ua/"),
    ("Deutsche Welle", "https://www.dw.com/"),
    ("Agence France-Presse", "https://www.afp.com/"),
]

# How comments open and close, per language: the discussion's own register.
COMMENT_OPENERS = {
    "en": [
        "Thank you for this article.",
        "I don't agree with the author.",
        "Good point.",
        "Exactly what I was thinking.",
        "Does anyone know more about this?",
        "This is important.",
        "Finally someone writes about it.",
        "Sad news.",
        "I was there yesterday.",
        "Very interesting, thanks.",
    ],
    "uk": [
        "Дякую за статтю.",
        "Не погоджуюся з автором.",
        "Слушна думка.",
        "Саме про це я й думав.",
        "Хтось знає більше про це?",
        "Це важливо.",
        "Нарешті хтось про це пише.",
        "Сумна новина.",
        "Я був там учора.",
        "Дуже цікаво, дякую.",
    ],
    "ru": [
        "Спасибо за статью.",
        "Не согласен с автором.",
        "Верное замечание.",
        "Именно об этом я и думал.",
        "Кто-нибудь знает подробности?",
        "Это важно.",
        "Наконец-то кто-то об этом пишет.",
        "Грустная новость.",
        "Я был там вчера.",
        "Очень интересно, спасибо.",
    ],
}
