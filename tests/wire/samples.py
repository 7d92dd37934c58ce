"""Short texts (50+ characters) in English, Ukrainian and Russian, written for the tests
and bench/wire_language.py. Ukrainian and Russian ones say nearly the same thing, on
purpose: the two must still be told apart."""

from __future__ import annotations

UK = [
    "Уряд ухвалив рішення про підвищення мінімальної зарплати з наступного року.",
    "Міністр закордонних справ зустрівся з колегами у Брюсселі щодо нових санкцій.",
    "У Києві відкрили новий міст через Дніпро, рух буде обмежено до весни.",
    "Депутати не підтримали законопроєкт про реформу податкової служби.",
    "Синоптики попереджають про сильний вітер і мокрий сніг у західних областях.",
    "Він сказав, що переговори тривають, але домовленості поки немає.",
    "Ціни на пальне зросли вже третій тиждень поспіль, кажуть аналітики.",
    "Мешканці скаржаться, що автобус до лікарні ходить лише двічі на день.",
    "Команда перемогла в останньому матчі сезону і вийшла до фіналу кубка.",
    "Політолог вважає, що вибори можуть перенести на осінь через безпеку.",
    "Школи міста переходять на дистанційне навчання до кінця тижня.",
    "За словами мера, ремонт даху театру завершать у березні.",
]
RU = [
    "Правительство приняло решение о повышении минимальной зарплаты со следующего года.",
    "Министр иностранных дел встретился с коллегами в Брюсселе по поводу новых санкций.",
    "В Киеве открыли новый мост через Днепр, движение будет ограничено до весны.",
    "Депутаты не поддержали законопроект о реформе налоговой службы.",
    "Синоптики предупреждают о сильном ветре и мокром снеге в западных областях.",
    "Он сказал, что переговоры продолжаются, но договорённости пока нет.",
    "Цены на топливо выросли уже третью неделю подряд, говорят аналитики.",
    "Жители жалуются, что автобус до больницы ходит только дважды в день.",
    "Команда победила в последнем матче сезона и вышла в финал кубка.",
    "Политолог считает, что выборы могут перенести на осень из-за безопасности.",
    "Школы города переходят на дистанционное обучение до конца недели.",
    "По словам мэра, ремонт крыши театра завершат в марте.",
]
EN = [
    "The government decided to raise the minimum wage from the beginning of next year.",
    "The foreign minister met colleagues in Brussels to discuss a new round of sanctions.",
    "A new bridge over the river opened in the capital; traffic is limited until spring.",
    "Members of parliament did not support the bill reforming the tax service.",
    "Forecasters warn of strong wind and wet snow in the western regions tonight.",
    "He said that the talks were continuing but that there was no agreement yet.",
    "Fuel prices have risen for the third week in a row, according to analysts.",
    "Residents complain that the bus to the hospital runs only twice a day.",
    "The team won the last match of the season and reached the cup final.",
    "A political scientist believes the elections could be moved to the autumn.",
    "The city's schools are switching to remote learning until the end of the week.",
    "According to the mayor, repairs to the theatre roof will be finished in March.",
]
LABELLED = (
    [(text, "uk") for text in UK] + [(text, "ru") for text in RU] + [(text, "en") for text in EN]
)
