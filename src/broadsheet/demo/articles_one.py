# ruff: noqa: E501
"""Sample articles, part one. Written for Broadsheet; all people and outlets are fictional."""

from typing import Any

ARTICLES_ONE: list[dict[str, Any]] = [
    {
        "slug": "will-eu-aid-package-survive-its-reform-conditions",
        "headline": "Will Europe’s aid package survive the reforms it asks for?",
        "standfirst": "The next tranche of European support depends on three laws parliament has yet to pass. Commentators in Kyiv are divided over whether the bargain will hold.",
        "section": "policy",
        "authors": ["mariia-kovalchuk", "daniel-harwood"],
        "tags": ["Diplomacy", "EU", "Budget", "Parliament"],
        "photo": "parliament-columns.jpg",
        "sources": [
            (
                "dnipro-vestnik.example",
                "https://dnipro-vestnik.example/politics/2025/01/08/tranche-conditions-tally",
            ),
            (
                "kyiv-observer.example",
                "https://kyiv-observer.example/news/budget-committee-audit-bill",
            ),
        ],
        "published": "2025-01-08 23:41",
        "status": "published",
        "language": "en",
        "corrections": [],
        "body": """<p>When the European Union agreed its four-year support package for Ukraine, the arithmetic looked like the easy part: quarterly tranches, each released once Kyiv met a short list of conditions — most of them laws to be passed by parliament. As the deadline for the next payment approaches, the arithmetic is still simple. The politics are not.</p>

<p>Three of the seven conditions attached to the next tranche remain unmet, according to a tally published on Wednesday by <a href="https://dnipro-vestnik.example/politics/2025/01/08/tranche-conditions-tally">Dnipro Vestnik</a>. The most contentious is a bill that would move the audit of regional reconstruction spending from regional administrations to an independent national body — a change that regional officials of every political stripe have quietly resisted.</p>

<h2>A deadline at the end of March</h2>

<p>Under the schedule agreed with the European Commission, the conditions must be met by the end of March for the money to be paid in the second quarter. “We have the votes for two of the three bills, and we will have them for the third,” Oksana Lytvyn, a member of parliament’s budget committee, told <a href="https://kyiv-observer.example/news/budget-committee-audit-bill">Kyiv Observer</a>. “Nobody in this building wants to be the person who explains to a teacher in Sumy why her salary is late.”</p>

<p>Others are less sure. Halyna Dovzhenko, a political scientist who studies parliamentary voting, notes that the audit bill has been sent back to committee twice since the autumn. “Every time it comes to the floor, a new amendment appears that would exempt one more category of spending,” she said. “By the time it passes — if it passes — the question is whether it still does what Brussels asked.” She put the risk more bluntly:</p>

<blockquote><p>“The danger isn’t that parliament says no. The danger is that it says yes to something that only looks like the thing that was promised.”</p></blockquote>

<h2>‘A contract, not a gift’</h2>

<p>Brussels has avoided public ultimatums. Pieter Vanhoutte, a researcher at a Brussels think-tank who follows the package, said the Commission had “some flexibility on timing, and very little on substance”. He added: “The phrase you hear in the corridors is ‘a contract, not a gift’. If a condition is met late, the money can be paid late. If it is met on paper only, that is a much harder conversation.”</p>

<p>That distinction now dominates the Ukrainian press. In an editorial on Tuesday, Dnipro Vestnik argued that the government had “treated the conditions as a checklist rather than a programme”, and that the audit bill in particular had been “negotiated down to the point where its own authors no longer defend it in public”. It called for the bill to be redrafted, even at the cost of a delay. “Better a late tranche than a hollow reform,” the editorial concluded.</p>

<p>Kyiv Observer’s columnist Andrii Sereda took the opposite view. “A delay is not free,” he wrote. “The budget for the first half of the year already assumes this money. If it arrives in July rather than April, something else — road repairs, heating subsidies, the reserve fund — will have to give.”</p>

<h2>Resistance from the regions</h2>

<p>Much of the opposition to the audit bill comes not from parliament’s factions but from the regions. Several regional administrations argue that an outside auditor would slow projects already under way. Roman Tkachuk, deputy head of one central region’s administration, told Kyiv Observer that “every week a school roof waits for a signature in Kyiv is a week it leaks”. He said his administration supported independent oversight “in principle”, but wanted smaller projects exempt.</p>

<p>Dovzhenko said such exemptions were precisely the problem. “Most of the money goes on small projects,” she said. “Exempt them, and you have exempted most of the money.”</p>

<h2>What happens next</h2>

<p>The budget committee is due to consider the latest draft of the audit bill next week; a first-reading vote is possible this month. The two less controversial bills, on customs procedures and on publishing state companies’ accounts, are expected to pass in February.</p>

<p>Lytvyn said she was confident the committee would “hold the line” on the key provisions. Asked whether the package would survive, she replied: “What is the alternative? There isn’t one, and everyone in the chamber knows it.”</p>

<p>For Sereda, that may be exactly why the bargain holds. “Everyone complains about the conditions,” he wrote. “Nobody has yet proposed giving up the money.”</p>""",
    },
    {
        "slug": "language-monitors-find-ukrainian-default-in-city-shops",
        "headline": "Volunteer monitors find Ukrainian is now the default behind most city counters",
        "standfirst": "A civic group’s annual survey of cafés, pharmacies and shops suggests a steady shift in the language of everyday service, but uneven enforcement of the rules that require it.",
        "section": "policy",
        "authors": ["mariia-kovalchuk"],
        "tags": ["Language", "Parliament"],
        "photo": "city-skyline-night.jpg",
        "sources": [
            (
                "movnyi-monitor.example",
                "https://movnyi-monitor.example/reports/2024-service-sector-survey",
            ),
            (
                "kyiv-observer.example",
                "https://kyiv-observer.example/society/language-survey-counters",
            ),
        ],
        "published": "2024-11-14 14:20",
        "status": "published",
        "language": "en",
        "corrections": [],
        "body": """<p>Walk into a pharmacy in almost any large Ukrainian city and the first words you hear are now very likely to be <span lang="uk">«Добрий день, чим можу допомогти?»</span> — “Good afternoon, how can I help?” That, at least, is the finding of the annual survey by <a href="https://movnyi-monitor.example/reports/2024-service-sector-survey">Movnyi Monitor</a>, a volunteer group that sends observers into shops, cafés and service counters to record which language staff use first.</p>

<p>This year’s survey, published on Thursday, covered just over 1,200 visits in eight cities. Staff greeted customers in Ukrainian in 84 per cent of cases, up from 73 per cent a year earlier. The gap between cities has narrowed, the group said, but not closed: the lowest figures were again recorded in the south and east.</p>

<h2>‘Habit, not ideology’</h2>

<p>The group’s coordinator, Nataliia Horobets, said the change owed less to fines than to a shift in what customers expect. “Five years ago a waiter would wait to hear which language you spoke. Now they start in Ukrainian and switch only if you ask,” she said. “It has become habit, not ideology.”</p>

<p>Yurii Pavlenko, a sociologist who has studied language use in eastern cities, cautioned against reading too much into a single greeting. “The first sentence is the most public one,” he told <a href="https://kyiv-observer.example/society/language-survey-counters">Kyiv Observer</a>. “What happens after that — between colleagues, in the kitchen, on the phone — is another matter, and surveys like this cannot see it.”</p>

<p>The monitors also recorded how staff responded when customers asked to be served in another language. In most cases, the report says, staff simply obliged. Observers logged only a handful of disputes, most of them “short and polite”.</p>

<blockquote><p>“We are not inspectors, and we don’t want to be. We count, we publish, and we let people draw their own conclusions.”</p></blockquote>

<p>That was how Horobets described the group’s role when asked whether its findings were passed to the state language authorities. They are not, she said, although the full data set is published online.</p>

<h2>A debate in parliament</h2>

<p>The survey arrives as parliament’s humanitarian policy committee considers amendments that would change how complaints about service language are handled. One draft would replace fines for first offences with written warnings; another would give local councils a role in handling complaints.</p>

<p>Vasyl Kordun, a committee member who supports the warnings amendment, said the survey showed that “persuasion has done more than penalties”. He added: “If a café owner in Odesa gets a fine for something a new waiter said on her first day, we haven’t won a single new speaker. We have made an enemy.”</p>

<p>Opponents of the amendment argue that weaker enforcement would send the wrong signal. “The law is working precisely because people know it is there,” said Larysa Onyshchenko, a deputy from another faction. “You don’t take the speed camera down because drivers have started to slow down.”</p>

<p>The committee is expected to return to the drafts before the end of the year.</p>""",
    },
    {
        "slug": "volunteer-drone-workshops-adapt-to-winter",
        "headline": "Volunteer drone workshops race to adapt as winter sets in",
        "standfirst": "Cold weather shortens battery life and grounds cheaper models. Small workshops near the front say they are redesigning faster than donations can keep up.",
        "section": "front-line",
        "authors": ["oleksii-bondar"],
        "tags": ["Drones", "Budget"],
        "photo": "steppe-hills-sunset.jpg",
        "sources": [
            (
                "pivden-daily.example",
                "https://pivden-daily.example/front/2024/12/01/workshops-winter-batteries",
            ),
        ],
        "published": "2024-12-02 08:10",
        "status": "published",
        "language": "en",
        "corrections": [],
        "body": """<p>In a converted garage a few dozen kilometres from the front line in the south-east, Serhii Ostapenko holds up two battery packs that look identical. One has been wrapped in a thin heating film and a layer of foam. “This one flies for twenty-two minutes at minus ten,” he says. “The other one flies for twelve, if you are lucky.”</p>

<p>Ostapenko, a former car mechanic, runs one of several volunteer workshops in the region that build and repair small reconnaissance and strike drones for units nearby. Speaking to <a href="https://pivden-daily.example/front/2024/12/01/workshops-winter-batteries">Pivden Daily</a>, he and other workshop organisers described a familiar winter problem: cold drains lithium batteries, ices propellers and fogs camera lenses, and the cheapest commercial parts are the first to fail.</p>

<h2>Redesigning on the fly</h2>

<p>The workshops’ answer has been to redesign in small steps — insulated battery bays, heated lenses, sturdier frames — and to share the results. A messaging channel used by around forty workshops now carries daily test reports. “Someone in Kharkiv region finds a fix on Monday, and by Wednesday we’re trying it here,” Ostapenko said. “Nobody patents anything. There isn’t time.”</p>

<p>An officer in a drone unit supplied by the workshop, who asked to be identified only by his call sign, “Hrim”, said the changes had made a practical difference. “Last winter we lost a lot of aircraft to the weather, not to the enemy,” he said. “This year the losses from cold are much lower. The losses from jamming are another story.”</p>

<blockquote><p>“The front line is now partly a laboratory. The side that learns faster — about batteries, about frequencies, about the weather — has the advantage, and that advantage never lasts long.”</p></blockquote>

<p>That is how Maksym Rudenko, an analyst at a Kyiv defence research centre, describes the pace of change. He said volunteer workshops had been important because they could test ideas “in days rather than months”, but warned that the model had limits. “A garage can build fifty drones a week. An army needs tens of thousands a month,” he said. “The volunteers are the test bench. The factories have to be the production line.”</p>

<h2>Money and fatigue</h2>

<p>The more immediate worry for the workshops is money. Most rely on small online donations, and several organisers said contributions had fallen since the summer. Ostapenko estimates that heating film and better batteries add about a fifth to the cost of each drone.</p>

<p>State procurement of drones has grown sharply, and units can now order some models through official channels. But organisers say that official contracts rarely cover the small, fast modifications that they specialise in. “The state buys the aircraft. We make it work in December,” said Kateryna Melnyk, who coordinates fundraising for two workshops. “Nobody writes a tender for a piece of foam.”</p>

<p>Ostapenko says he will keep going as long as the donations do. He puts the wrapped battery back on the shelf. “In spring we will have a different problem,” he said. “Mud, probably. We will solve that too.”</p>""",
    },
    {
        "slug": "reconstruction-audit-bill-clears-first-reading",
        "headline": "Reconstruction audit bill clears first reading after months of delay",
        "standfirst": "Parliament backed a bill creating independent audits of regional reconstruction spending, one of the conditions for the next tranche of European support. The hardest arguments are still to come.",
        "section": "policy",
        "authors": ["mariia-kovalchuk"],
        "tags": ["Parliament", "Reconstruction", "EU", "Budget"],
        "photo": "map-pattern.jpg",
        "sources": [
            (
                "rada-monitor.example",
                "https://rada-monitor.example/votes/2025/01/23/reconstruction-audit-first-reading",
            ),
            (
                "dnipro-vestnik.example",
                "https://dnipro-vestnik.example/politics/2025/01/24/audit-bill-what-changed",
            ),
        ],
        "published": "2025-01-24 10:12",
        "status": "published",
        "language": "en",
        "corrections": [
            (
                "2025-01-24 15:40",
                "An earlier version of this article gave the wrong date for the parliamentary vote. It took place on Thursday, not Wednesday.",
            ),
        ],
        "body": """<p>Parliament on Thursday approved at first reading a bill that would hand the audit of regional reconstruction spending to an independent national body, ending a stand-off that had delayed one of the conditions attached to the next tranche of European support.</p>

<p>The bill passed with 251 votes, comfortably above the 226 required, according to the voting record compiled by <a href="https://rada-monitor.example/votes/2025/01/23/reconstruction-audit-first-reading">Rada Monitor</a>. It had been sent back to committee twice since the autumn amid resistance from regional administrations, which argued that outside audits would slow work on schools, hospitals and water systems.</p>

<h2>What the bill does</h2>

<p>In its current form, the bill requires every reconstruction project financed from the state budget or from international funds to be listed on a public register, and gives the new audit body the right to inspect any project above a threshold to be set by the government. Earlier drafts exempted projects below a fixed value; that exemption was removed in committee last week.</p>

<p>Oksana Lytvyn, a member of the budget committee who steered the bill through the chamber, called the vote “the end of the beginning”. She said: “We had to show that parliament can pass this without hollowing it out. Today we showed it. The second reading is where people will try again.”</p>

<p>Halyna Dovzhenko, a political scientist who has followed the bill since it was drafted, agreed that the real test lay ahead. “At first reading you vote for an idea,” she said. “At second reading you vote for the details, and the details are where the exemptions come back.” She said she expected “dozens, possibly hundreds” of amendments before the final vote.</p>

<h2>A reaction from Brussels</h2>

<p>There was no formal comment from the European Commission, which has avoided public statements on individual bills. Pieter Vanhoutte, a researcher at a Brussels think-tank, said the vote would be “noted with relief”, but added a caution:</p>

<blockquote><p>“Nobody in Brussels pays out on a first reading. What they will read very carefully is the text that comes back in March — and whether the word ‘independent’ still means what it meant in January.”</p></blockquote>

<p>In the regions, the reaction was muted. Roman Tkachuk, deputy head of one central region’s administration and a prominent critic of earlier drafts, said his office would “comply with whatever the law finally says”, while continuing to press for simpler procedures for small projects.</p>

<p><a href="https://dnipro-vestnik.example/politics/2025/01/24/audit-bill-what-changed">Dnipro Vestnik</a>, which earlier this month urged the government to withdraw and redraft the bill, welcomed the removal of the exemption. “Parliament has done something rare: it has made a bill stronger between committee and floor,” the paper wrote in an editorial on Friday. “Now it needs to do something rarer still, and keep it that way.”</p>

<p>The second reading is expected in March, shortly before the deadline for the conditions attached to the next tranche.</p>""",
    },
    {
        "slug": "black-sea-ports-winter-grain-volumes-insurance",
        "headline": "Black Sea ports end winter with higher grain volumes as insurance costs ease",
        "standfirst": "Port operators report their busiest winter since shipping resumed along the coastal corridor. Traders say cheaper cover matters as much as the cargo figures.",
        "section": "economy",
        "authors": ["iryna-savchenko"],
        "tags": ["Grain", "Black Sea"],
        "photo": "harbour-cranes.jpg",
        "sources": [
            (
                "portovyi-visnyk.example",
                "https://portovyi-visnyk.example/ports/2025/03/10/winter-throughput",
            ),
            ("agro-rynok.example", "https://agro-rynok.example/analytics/war-risk-premiums-march"),
        ],
        "published": "2025-03-11 12:05",
        "status": "published",
        "language": "en",
        "corrections": [],
        "body": """<p>Ukraine’s deep-water ports on the Black Sea handled more grain this winter than in any comparable period since shipping resumed along the coastal corridor, according to figures from port operators reported by <a href="https://portovyi-visnyk.example/ports/2025/03/10/winter-throughput">Portovyi Visnyk</a>, a trade publication.</p>

<p>Between December and February the three main ports near Odesa loaded about 14.6 million tonnes of grain and oilseeds, the paper said, roughly a tenth more than a year earlier. Maize made up more than half of the total, followed by wheat and sunflower meal.</p>

<h2>Cheaper cover</h2>

<p>For traders, the more striking change has been in the cost of insurance. War-risk premiums for a typical bulk carrier calling at the ports have fallen by around a third since the autumn, according to brokers quoted by the agricultural news site <a href="https://agro-rynok.example/analytics/war-risk-premiums-march">Agro-Rynok</a>, helped by a state-backed reinsurance scheme and a longer record of ships completing voyages without incident.</p>

<p>“Insurance used to be the line in the calculation that killed the deal,” said Olena Marchenko, head of analysis at a grain trading house in Odesa. “Now it is just one cost among others. That is what ‘normal’ looks like in this business — boring.”</p>

<p>Lars Hedegaard, a marine insurance broker in Copenhagen who places cover for ships calling at Ukrainian ports, said underwriters remained cautious. “Prices have come down because the record has improved, not because anyone thinks the risk has gone,” he said. “One serious incident and the market would reprice within a day.”</p>

<blockquote><p>“The corridor has become predictable, and in shipping predictability is worth more than almost anything else. But it is a predictability that depends on air defence, not on a treaty.”</p></blockquote>

<p>That assessment came from Bohdan Kravets, an economist at a Kyiv research institute who studies export logistics. He said that lower freight and insurance costs had narrowed the gap between the price farmers receive and the price on world markets — a gap that, at its widest, had made some crops barely worth planting.</p>

<h2>Farmers still squeezed</h2>

<p>Farmers, however, say the benefits have been only partly passed on. Ihor Demchenko, who grows wheat and maize on about 3,000 hectares in the Mykolaiv region, said the price he was offered had risen “a little, not a lot”, while fuel and fertiliser costs continued to climb. “The ships are moving, and that is good,” he said. “But a farmer does not eat tonnes through a port. He eats the difference between what he spends and what he is paid.”</p>

<p>Port operators also point to the strain on power supply. Damage to the energy system has forced terminals to rely on generators during outages, adding to costs. An operator quoted by Portovyi Visnyk said that one terminal had spent more on diesel in January than in the whole of the previous summer.</p>

<p>Traders expect volumes to slow in the spring, as the old crop runs down, before picking up again after the summer harvest.</p>""",
    },
    {
        "slug": "kharkiv-dormitory-displaced-families-last-cold-weeks",
        "headline": "In a Kharkiv dormitory, displaced families count down the last cold weeks",
        "standfirst": "A former student hostel has housed families from the front-line districts for almost three years. Its residents say the heating is better this winter; the waiting is not.",
        "section": "society",
        "authors": ["daniel-harwood"],
        "tags": ["Refugees", "Energy"],
        "photo": "snowy-street.jpg",
        "sources": [
            (
                "kharkiv-chas.example",
                "https://kharkiv-chas.example/city/2025/01/28/dormitory-winter",
            ),
        ],
        "published": "2025-01-29 18:30",
        "status": "published",
        "language": "en",
        "corrections": [],
        "body": """<p>On the fourth floor of a former student hostel in Kharkiv, a hand-written sign on the kitchen door reads <span lang="uk">«Тримаємося»</span> — “We’re holding on.” Someone has added a date underneath, and then another, and then a third. The most recent is from this month.</p>

<p>The building, which once housed students from a technical college, has been home since 2022 to about 140 people displaced from villages and towns closer to the front line. Its residents spoke to the local newspaper <a href="https://kharkiv-chas.example/city/2025/01/28/dormitory-winter">Kharkiv Chas</a> about the third winter most of them have spent here.</p>

<h2>Warmer rooms, longer waits</h2>

<p>The heating, residents agree, is better than it was. After repeated power cuts last winter, the city installed a gas boiler and a backup generator in the basement in the autumn. “Last year we slept in our coats,” said Valentyna Hrytsenko, 71, who came from a village east of the city with her husband. “This year I sleep in a nightdress, like a person. You would be surprised how much that matters.”</p>

<p>What has not changed is the sense of waiting. Few residents have homes to return to, and the city’s programme of permanent housing for displaced people is moving slowly. According to the city’s social services department, about 2,300 families are on the waiting list for a flat; just over 400 were housed last year.</p>

<p>“We are building, but we are building in a city that is still being shelled,” said Oleh Rybalko, a deputy head of the department. “Every time we finish a block, another one somewhere is damaged. It is not a queue that gets shorter in a straight line.”</p>

<blockquote><p>“People ask me when they will leave. I tell them the truth: I don’t know. The only promise I can make is that nobody will be put out on the street in February.”</p></blockquote>

<p>That is how the dormitory’s manager, Svitlana Yaremchuk, describes her conversations with residents. She has run the building since the first families arrived, and keeps a folder on every household — documents, medical needs, the names of children’s schools.</p>

<h2>Small routines</h2>

<p>Life in the building has settled into routines. Volunteers from a church group bring hot meals twice a week; a retired teacher on the second floor runs homework sessions for the dozen or so school-age children. The children call the shared kitchen “the canteen”, a word Yaremchuk says they brought with them from their old schools.</p>

<p>For some residents, the routines are part of the problem. “It has started to feel permanent, and it is not supposed to be permanent,” said Andrii Pylypenko, 38, who works nights at a bakery. “My son has lived here longer than he lived in our house. He says ‘home’ and he means this room.”</p>

<p>Hrytsenko, for her part, has planted tomato seedlings in yoghurt pots on the windowsill. Asked whether she expects to plant them out here or somewhere else, she shrugged. “Somewhere,” she said. “They will grow somewhere.”</p>""",
    },
    {
        "slug": "moscow-business-press-reads-eu-sanctions-round",
        "headline": "Moscow’s business papers weigh the cost of Europe’s latest sanctions round",
        "standfirst": "Russian-language financial outlets have greeted the EU’s newest package with a mixture of shrugs and careful arithmetic. Analysts in Kyiv read the same coverage differently.",
        "section": "world",
        "authors": ["daniel-harwood"],
        "tags": ["Sanctions", "EU", "Black Sea"],
        "photo": "river-dawn.jpg",
        "sources": [
            (
                "delovoy-kurier.example",
                "https://delovoy-kurier.example/economy/2025/05/20/new-package-old-schemes",
            ),
            (
                "stolichnye-vedomosti.example",
                "https://stolichnye-vedomosti.example/markets/sanctions-shipping-costs",
            ),
        ],
        "published": "2025-05-21 16:47",
        "status": "published",
        "language": "en",
        "corrections": [],
        "body": """<p>“New package, old schemes” — <span lang="ru">«Новый пакет, старые схемы»</span> — was the headline chosen by <a href="https://delovoy-kurier.example/economy/2025/05/20/new-package-old-schemes">Delovoy Kurier</a>, a Moscow business daily, for its first analysis of the European Union’s latest round of sanctions. The tone of the piece was typical of much of the Russian-language financial press this week: unimpressed in public, and rather more anxious in the detail.</p>

<p>The new measures, agreed by EU governments earlier this week, extend restrictions on ships suspected of carrying Russian oil above the price cap, add further banks to the list of those cut off from European payment systems, and tighten rules on the re-export of dual-use goods through third countries.</p>

<h2>‘We have learned to live with it’</h2>

<p>Delovoy Kurier’s columnist Gennady Sokolov argued that Russian exporters had “long since priced in” each new round. “The market has learned to live with sanctions the way a city learns to live with traffic,” he wrote. “It complains, it finds side streets, and it keeps moving.”</p>

<p>Yet the same newspaper devoted two pages to the cost of those side streets. Citing unnamed shipping agents, it reported that freight rates for tankers outside the main Western insurance system had risen again, and that payments for imported machinery were taking “weeks rather than days” to clear through intermediary banks.</p>

<p>A more sober note was struck by <a href="https://stolichnye-vedomosti.example/markets/sanctions-shipping-costs">Stolichnye Vedomosti</a>, whose markets editor, Irina Belova, described the package as “not a blow, but a tax”. She wrote: “Each round adds a percentage point here and a week of delay there. Individually they are survivable. Together they are the reason why investment plans keep being postponed.”</p>

<blockquote><p>“The question for the Russian economy is not whether it can survive the next package. It plainly can. The question is what it gives up, year after year, in order to do so.”</p></blockquote>

<p>That line, from an editorial in Stolichnye Vedomosti, was widely quoted by Ukrainian commentators, who saw in it an admission that the cumulative effect of sanctions was being felt.</p>

<h2>A different reading in Kyiv</h2>

<p>Analysts in Kyiv were less inclined to take the Moscow coverage at face value. Dmytro Khomenko, who studies the Russian economy at a Kyiv research centre, said the pattern of public indifference and private complaint was familiar. “When the headlines say ‘nothing has changed’ and the inside pages are full of freight rates, you learn to read the inside pages,” he said.</p>

<p>Khomenko was, however, sceptical about the shipping measures in particular. “Listing ships is useful, but ships can be renamed and reflagged faster than lists can be updated,” he said. “Enforcement at sea, including in the Black Sea, is what will decide whether this works.”</p>

<p>Ukrainian officials have called for the next package to target the intermediaries that help move goods and payments through third countries. EU diplomats say preliminary discussions on further measures have already begun, though no timetable has been set.</p>""",
    },
]
