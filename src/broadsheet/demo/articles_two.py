# ruff: noqa: E501
"""Sample articles, part two. Written for Broadsheet; all people and outlets are fictional."""

from typing import Any

ARTICLES_TWO: list[dict[str, Any]] = [
    {
        "slug": "kharkiv-attic-workshop-translating-poetry-twelve-languages",
        "headline": "Twelve languages, one attic: inside the Kharkiv workshop that translates poems written under sirens",
        "standfirst": "A volunteer foundation has carried 140 new Ukrainian poems into a dozen languages. Its translators say the hardest part is deciding what to lose.",
        "section": "culture",
        "authors": ["tom-aldridge"],
        "tags": ["Language", "Refugees"],
        "photo": "station-night.jpg",
        "sources": [
            (
                "kharkiv-kurier.example",
                "https://kharkiv-kurier.example/culture/attic-translators-twelve-languages",
            ),
            (
                "lvivska-hazeta.example",
                "https://lvivska-hazeta.example/kultura/pereklad-dim-anthology",
            ),
        ],
        "published": "2025-07-19 10:30",
        "status": "published",
        "language": "en",
        "corrections": [],
        "body": """<p>Every second Saturday since the spring of 2024, a dozen translators have climbed four flights of stairs to a converted attic above a former printing house in central Kharkiv. They bring laptops, dictionaries with broken spines and, in the colder months, their own heaters. What they take away is a poem — usually one written in the past two years, often by someone who has never been published outside a regional journal — carried into a new language.</p>

<p>The workshop, run by a small literary foundation called Pereklad Dim (“Translation House”), has so far produced versions of 140 Ukrainian poems in twelve languages, from Portuguese and Georgian to Finnish and Turkish, according to a report in the <a href="https://kharkiv-kurier.example/culture/attic-translators-twelve-languages">Kharkiv Kurier</a>. Most have appeared in small magazines abroad; a bilingual Polish–Ukrainian anthology is due out in the autumn.</p>

<h2>“A small, dangerous machine”</h2>

<p>The foundation’s director, Halyna Ostapchuk, a former schoolteacher who translated Scandinavian crime novels for a living until 2022, describes the project as a repair shop rather than a publishing house.</p>

<blockquote><p>“A poem is a small, dangerous machine. If you take it apart carelessly, it doesn’t work in the other language — it just lies there on the table. We spend four hours on twelve lines, and nobody here thinks that’s too long.”</p></blockquote>

<p>The sessions follow a fixed pattern. A poet reads the original aloud, twice. The group then produces a literal, word-by-word version before anyone is allowed to attempt a real translation. Ostapchuk said the Ukrainian term for that crib, <span lang="uk">«підрядник»</span> (“the line-by-line”), is the first word new volunteers learn, “and the first thing they are told to throw away”.</p>

<p>Many of the poems come from the city itself and from the towns to its east. Some were drafted in basements during air-raid alerts; one of the best known, by a nurse who asked to be identified only by her first name, Liudmyla, was written in a notebook on a night train to Lviv. Its Finnish version has since been read aloud at a festival in Tampere.</p>

<h2>Losing the rhyme, keeping the weight</h2>

<p>The most persistent argument in the attic is about rhyme. Much contemporary Ukrainian verse still rhymes, often intricately, while the poetry scenes in several of the target languages have largely abandoned it. Translators must choose between an English or Portuguese text that chimes — and may sound like a nursery rhyme — and one that keeps the sense but goes quiet.</p>

<p>Inês Vilaça, who translates into Portuguese from her home in Coimbra and joins most sessions by video link, said the group has settled on a rule of thumb rather than a policy. “If the rhyme is doing the work of a heartbeat, we keep something rhythmic. If it’s decoration, we let it go,” she said. “What we never let go of is the weight — the moment in the poem where the reader is supposed to stop breathing.”</p>

<p>Tamar Kvirikashvili, the workshop’s Georgian translator, put it more bluntly. “Ukrainian and Georgian are both languages that have had to insist they exist,” she said. “So I don’t translate politely. If a line is angry, it stays angry.”</p>

<p>Oksana Levchenko, who teaches comparative literature at a Kharkiv university and sits on the foundation’s board, said the texts also record a shift that statistics only hint at. A significant share of the poets submitting work grew up speaking mainly Russian at home and now write in Ukrainian, sometimes with visible effort.</p>

<p>“You can see the seams, and the translators have to decide whether to hide them,” Levchenko said. “My advice is don’t. A poet choosing every word in a language she’s still learning to live in — that is part of the meaning, not a defect in it.”</p>

<h2>Who pays, and who reads</h2>

<p>The economics are modest. Translators receive a flat fee of €40 a poem, funded by two small grants from European cultural programmes and a crowdfunding campaign that raised about 310,000 hryvnias last winter. The attic itself is lent free of charge by the printing house’s owner, whose presses were moved to western Ukraine in 2022 and have not returned.</p>

<p>Editors abroad say the workshop’s value lies partly in its filtering. Joana Serrão, who edits a Lisbon poetry quarterly that has published eleven of the Portuguese versions, said she receives more translated Ukrainian material than she can read. “What comes from Kharkiv has already been argued over by twelve people,” she said. “By the time it reaches me, it has stopped being a document and started being a poem. That’s rarer than you’d think.”</p>

<p>Not everyone is convinced that the effort is well directed. Writing in the <a href="https://lvivska-hazeta.example/kultura/pereklad-dim-anthology">Lvivska Hazeta</a>, the critic Bohdan Yaremchuk argued that small-magazine publication abroad reaches “a few hundred readers who already agree with us” and that the money would be better spent on translating Ukrainian prose for mass-market publishers. “A novel on a railway bookstall in Germany does more than a sonnet in a quarterly,” he wrote.</p>

<p>The <em>Kurier</em> took the opposite view in an editorial published alongside its report.</p>

<blockquote><p>“It is tempting to think of translation as a luxury to be funded once the roofs are fixed. But a city that is heard only through casualty figures is a city that can be forgotten between bulletins. The attic on our street is how the rest of Europe hears Kharkiv speak in its own voice — ‘not as a headline, but as a neighbour’, as one of the poets put it.”</p></blockquote>

<h2>The anthology, and the heaters</h2>

<p>The Polish–Ukrainian anthology, with a working title taken from one of its poems, will include 48 texts, each printed with the original on the facing page. Its Polish editor, Marta Żuławska, said the parallel-text format was a deliberate choice. “We want Polish readers to see the Ukrainian letters, even if they can’t read them — to notice that this is a language with its own shape, not a dialect of something else,” she said.</p>

<p>Ostapchuk is already planning for the winter. Last January the attic lost power mid-session, and the translators finished a Turkish version of a poem by the light of their phones. She says the foundation has bought a second-hand generator, and that she hopes not to need it.</p>

<p>“People ask me whether poetry matters now,” she said, packing away a stack of marked-up printouts. “I tell them to come up the stairs on a Saturday and watch a Finnish woman and a boy from Chuhuiv argue for forty minutes about one word for snow. Then they can ask me again.”</p>""",
    },
    {
        "slug": "odesa-puppet-theatre-basement-season-proverb-play",
        "headline": "Odesa puppet theatre takes its season underground — and sells out a play built on an old proverb",
        "standfirst": "A company that lost its main hall to blast damage now performs in a former wine cellar. Its new production turns a saying about indifference inside out.",
        "section": "culture",
        "authors": ["tom-aldridge"],
        "tags": ["Language", "Reconstruction"],
        "photo": "city-skyline-night.jpg",
        "sources": [
            (
                "odeskyi-vistnyk.example",
                "https://odeskyi-vistnyk.example/culture/puppet-theatre-cellar-season",
            ),
        ],
        "published": "2025-10-04 19:15",
        "status": "published",
        "language": "en",
        "corrections": [],
        "body": """<p>A puppet theatre in Odesa whose main auditorium was closed after blast damage last year has reopened in a former wine cellar two streets away, and every performance of its first production there has sold out, according to the city newspaper <a href="https://odeskyi-vistnyk.example/culture/puppet-theatre-cellar-season">Odeskyi Vistnyk</a>.</p>

<p>The cellar seats 90 people on benches, a third of the old hall’s capacity. It doubles as a shelter: when an air-raid alert sounds, the performance simply carries on, and audience members from the street outside are allowed in free of charge. “We are the only theatre in town where the alarm is good for ticket sales,” said the company’s artistic director, Artem Lysenko.</p>

<h2>A proverb turned inside out</h2>

<p>The production, aimed at children aged eight and over but attended mainly by adults, takes its title from a reworked Ukrainian saying. The original, <span lang="uk">«моя хата скраю»</span> (“my house is at the edge”), is shorthand for looking away from a neighbour’s trouble — roughly, “it’s none of my business”. Lysenko’s play is called <span lang="uk">«Моя хата не скраю»</span>, “My house is not at the edge”.</p>

<p>In it, a family of felt mice living in the end house of a village refuses, one by one, to ignore what is happening in the houses next door. There are no soldiers and no explosions on stage; the war is present only as weather and as a noise the mice argue about naming.</p>

<p>“Children understand proverbs better than adults think,” Lysenko said. “They know when a grown-up is saying something to avoid saying something else. We wanted to take a phrase their grandparents use as an excuse and hand it back to them as a question.”</p>

<h2>Puppets made from the old hall</h2>

<p>Several of the puppets were built from materials salvaged from the damaged auditorium, including velvet from its seats and wood from a broken stage flat. The theatre’s chief designer, Olha Marchenko, said the choice was practical before it was symbolic. “We had no budget for new fabric,” she said. “Then we realised the children were touching the old theatre every time they reached out to the mice after the show — and we stopped apologising for it.”</p>

<p>Critics have been largely warm. The <em>Vistnyk</em>’s reviewer, Svitlana Horobets, called the piece “the most precise thing on an Odesa stage this year”, though she questioned whether the final scene, in which the mice rebuild a neighbour’s roof, was “a little too tidy for a city still counting its broken windows”.</p>

<p>The company hopes to return to its main hall in 2027, once a reconstruction project funded partly by the city and partly by a foreign cultural foundation is completed. Lysenko is in no hurry. “The cellar taught us something,” he said. “When the walls are close, people listen differently. I’d like to take a little of that back upstairs with us.”</p>""",
    },
    {
        "slug": "interceptor-drone-crews-frost-batteries-north-east",
        "headline": "For interceptor drone crews in the north-east, frost has become the second enemy",
        "standfirst": "Crews defending towns near Kharkiv say cold weather is halving battery life and grounding drones on the nights they are most needed. Volunteers are improvising.",
        "section": "front-line",
        "authors": ["oleksii-bondar"],
        "tags": ["Drones", "Energy"],
        "photo": "snowy-street.jpg",
        "sources": [
            (
                "kharkiv-kurier.example",
                "https://kharkiv-kurier.example/front/interceptor-crews-frost",
            ),
            (
                "frontove-zvedennia.example",
                "https://frontove-zvedennia.example/analysis/winter-drone-batteries",
            ),
        ],
        "published": "2026-01-22 06:40",
        "status": "published",
        "language": "en",
        "corrections": [],
        "body": """<p>Mobile crews that use small interceptor drones to shoot down long-range attack drones over the Kharkiv region say a run of hard frosts this month has cut the flying time of their aircraft sharply, forcing them to rotate batteries through car heaters and improvised insulated boxes, according to reports in the <a href="https://kharkiv-kurier.example/front/interceptor-crews-frost">Kharkiv Kurier</a> and the defence news site <a href="https://frontove-zvedennia.example/analysis/winter-drone-batteries">Frontove Zvedennia</a>.</p>

<p>Night-time temperatures in parts of the region have fallen below minus 18C for much of January. Lithium-polymer batteries lose a large part of their usable capacity in such conditions, and crews described drones returning early or failing to reach altitude at all.</p>

<p>“In October a battery gave us one full sortie and something to spare. Now, if it has been sitting in the car for twenty minutes, we get half of that,” said the commander of one crew, a sergeant who gave only his first name, Denys, in line with military rules. “The attack drones don’t care about the weather. We have to.”</p>

<h2>Warm boxes and borrowed generators</h2>

<p>The workarounds are low-tech. Crews keep charged batteries inside their jackets or in foam-lined boxes warmed by hand-warmer packets, and several units have asked volunteer groups for heated cases of the kind used by winter sports photographers. Charging itself has become harder during power cuts caused by strikes on the energy system, with crews relying on generators lent by village councils.</p>

<p>Kateryna Shevel, who coordinates a Kharkiv volunteer network that supplies drone units, said requests had changed in a matter of weeks. “In autumn everyone asked for more drones. Since New Year, the first question is batteries, the second is heaters, and the third is thermal optics,” she said. “Nobody asks us for anything glamorous in January.”</p>

<h2>A problem of scale</h2>

<p>Yurii Melnychenko, an analyst at the Kyiv-based Centre for Army Studies, a research group, said the difficulty illustrated how quickly the interceptor approach had grown from an experiment into a core part of local air defence. “These crews were set up as a cheap supplement to missiles and guns,” he said. “Now towns rely on them every night, and any weakness — cold, power, spare parts — becomes a weakness in the defence of those towns.”</p>

<p>He said manufacturers had begun testing cold-tolerant battery chemistries but warned that “nothing that arrives in March will help this winter”.</p>

<p>The Kharkiv regional administration said in a statement that it had allocated additional funds for generators and heated storage for air-defence units, without giving figures. Crews interviewed by the <em>Kurier</em> said that help had begun to arrive in some districts but not yet in others.</p>

<p>For Denys, the measure of a night is simple. “If the town sleeps through it, we did our job,” he said. “If the battery died, we didn’t. Nobody in the town knows which one it was, and that is how it should be.”</p>""",
    },
    {
        "slug": "black-sea-grain-ships-war-risk-insurance-premiums-ease",
        "headline": "War-risk insurance for Black Sea grain ships eases to a one-year low, Odesa brokers say",
        "standfirst": "Cheaper cover is trimming the cost of each cargo of wheat and maize leaving Ukraine’s ports. Economists warn that one bad week could undo it.",
        "section": "economy",
        "authors": ["iryna-savchenko", "daniel-harwood"],
        "tags": ["Grain", "Black Sea"],
        "photo": "harbour-cranes.jpg",
        "sources": [
            (
                "kyivskyi-ekonomist.example",
                "https://kyivskyi-ekonomist.example/markets/war-risk-premiums-march",
            ),
            (
                "odeskyi-vistnyk.example",
                "https://odeskyi-vistnyk.example/port/brokers-insurance-rates",
            ),
            (
                "delovoy-kurs.example",
                "https://delovoy-kurs.example/rynki/strakhovanie-chernoe-more",
            ),
        ],
        "published": "2026-03-11 09:20",
        "status": "published",
        "language": "en",
        "corrections": [],
        "body": """<p>The cost of war-risk insurance for bulk carriers loading grain at Ukraine’s Black Sea ports has fallen to its lowest level in twelve months, according to Odesa shipbrokers quoted by the business weekly <a href="https://kyivskyi-ekonomist.example/markets/war-risk-premiums-march">Kyivskyi Ekonomist</a>.</p>

<p>Brokers said typical additional premiums for a single voyage had eased to around 0.6% of a vessel’s hull value, down from roughly 1% last spring. For a mid-sized ship carrying 50,000 tonnes of wheat, the saving works out at several dollars per tonne — a meaningful sum in a market where exporters compete on margins of a few dollars.</p>

<p>“Underwriters are pricing in a full winter of ships sailing and arriving,” said Maksym Tkachuk, a partner at an Odesa brokerage. “They don’t forget the risk. They just stop charging for the worst case every single time.”</p>

<h2>Where the saving goes</h2>

<p>Larysa Hordiienko, an economist at the Kyiv Institute for Agrarian Markets, a research group, said lower premiums feed through to farmers only partly and slowly. “The first beneficiary is the shipowner, the second is the trader, and the farmer in Kirovohrad region is somewhere near the back of the queue,” she said. Still, she estimated that sustained lower insurance and freight costs could add between 2% and 4% to the farm-gate price of export wheat this season.</p>

<p>The port operators themselves were more cautious. A spokeswoman for one terminal in the Odesa area told the <a href="https://odeskyi-vistnyk.example/port/brokers-insurance-rates">Odeskyi Vistnyk</a> that a single strike on port infrastructure “would put the rates back where they were within a day”.</p>

<h2>A different reading in Moscow</h2>

<p>Russian-language business coverage has treated the same figures with scepticism. The Moscow daily <a href="https://delovoy-kurs.example/rynki/strakhovanie-chernoe-more">Delovoy Kurs</a> described the lower premiums as <span lang="ru">«временное затишье»</span> (“a temporary lull”) and argued that Western insurers were underwriting Ukrainian exports “for political rather than commercial reasons” — a claim the Odesa brokers rejected. “If it were politics, the rates would never have been high in the first place,” Tkachuk said.</p>

<p>The <em>Kyivskyi Ekonomist</em> struck a note of restraint in an editorial.</p>

<blockquote><p>“A falling premium is a vote of confidence, not a guarantee. The corridor works because ships keep sailing through it, and ships keep sailing because someone is willing to insure them. That circle can turn the wrong way as fast as it has turned the right one.”</p></blockquote>

<p>Brokers expect rates to hold through the spring, when shipments of the remaining old-crop maize usually peak — provided, as Tkachuk put it, “nothing happens that we’d all rather not imagine”.</p>""",
    },
    {
        "slug": "kherson-displaced-cooperative-sunflower-oil-press-poltava",
        "headline": "Displaced from the south, a family cooperative reopens a sunflower-oil press in a Poltava-region village",
        "standfirst": "Eleven families from the Kherson region have restarted a Soviet-era press that had stood idle for fifteen years. The village that took them in is now counting on it too.",
        "section": "society",
        "authors": ["mariia-kovalchuk"],
        "tags": ["Refugees", "Reconstruction"],
        "photo": "sunflower-field.jpg",
        "sources": [
            (
                "poltavske-pole.example",
                "https://poltavske-pole.example/society/kherson-cooperative-oil-press",
            ),
        ],
        "published": "2026-03-27 16:45",
        "status": "published",
        "language": "en",
        "corrections": [],
        "body": """<p>Eleven families displaced from villages on the left bank of the Dnipro in the Kherson region have restarted a sunflower-oil press in a village in the Poltava region, turning a building that had been used to store hay into a small business that now employs 23 people, the regional newspaper <a href="https://poltavske-pole.example/society/kherson-cooperative-oil-press">Poltavske Pole</a> reports.</p>

<p>The press, built in the 1970s for a collective farm, closed in 2011. The families, most of whom had worked in agriculture before they fled, registered as a cooperative last spring, repaired the equipment with a grant from an international aid programme and a loan from a state bank, and pressed their first oil in November.</p>

<p>“At home we had land, tractors, a house my grandfather built. Here we had our hands and a lot of opinions,” said Nadiia Kravets, who chairs the cooperative. “It turned out the opinions were useful too. Everybody knew something about seeds, or engines, or how to sell at a market.”</p>

<h2>A village that was shrinking</h2>

<p>For the host village, the arrival has been a mixed but mostly welcome shock. Its population had fallen to about 600 before 2022, its school was down to two classes per year group, and the local shop opened only in the mornings. The head of the village council, Petro Savytskyi, said the newcomers had changed the arithmetic.</p>

<p>“For ten years, every meeting I went to was about what to close next,” he said. “Now we argue about whether to open a second class in the first grade. That is a much better argument to have.”</p>

<p>There have been frictions, over rents, over places in the kindergarten and, at first, over accents. Kravets said some older residents had teased the newcomers’ southern speech, and that the teasing had faded “once they tasted the oil”.</p>

<h2>Staying, or going back</h2>

<p>The question that hangs over the cooperative is whether its members will stay. Several said they intend to return to the Kherson region when it is safe, and the cooperative’s charter includes a clause on how the business would be divided if most members leave.</p>

<p>Viktor Osadchyi, a sociologist who studies internal displacement at a Kyiv research institute, said projects like this one tend to make people more, not less, likely to remain. “When displaced people start a business, they put down roots whether they intend to or not,” he said. “Children go to school, loans have to be repaid, the customers expect you on Thursday. The honest answer for most families is ‘we will go back — and also stay’.”</p>

<p>Kravets did not disagree. “My heart is in Kherson region,” she said. “My press is here. For now, I drive between them in my head.”</p>""",
    },
    {
        "slug": "kyiv-moscow-press-read-eu-farm-import-quota-quarrel",
        "headline": "Two presses, one wheat field: how Kyiv and Moscow papers read Europe’s farm-import quarrel",
        "standfirst": "As EU governments argue over duty-free quotas for Ukrainian produce, Ukrainian outlets see a negotiation and Russian ones see a rift. Both are selective.",
        "section": "world",
        "authors": ["daniel-harwood"],
        "tags": ["EU", "Grain", "Diplomacy"],
        "photo": "wheat-field.jpg",
        "sources": [
            (
                "lvivska-hazeta.example",
                "https://lvivska-hazeta.example/svit/eu-quota-talks-farmers",
            ),
            (
                "moskovsky-vestnik.example",
                "https://moskovsky-vestnik.example/mir/evropa-fermery-kvoty",
            ),
        ],
        "published": "2026-06-08 13:10",
        "status": "published",
        "language": "en",
        "corrections": [],
        "body": """<p>Farmers’ protests in several EU member states over imports of Ukrainian grain, sugar and poultry have become a fixture of spring, and this year’s round — ahead of a review of the bloc’s duty-free quotas for Ukrainian produce — has been covered heavily in both Ukrainian- and Russian-language media. Reading the two side by side suggests two different stories about the same tractors.</p>

<h2>In Kyiv and Lviv: a hard bargain among partners</h2>

<p>Ukrainian outlets have largely framed the dispute as a tough but normal trade negotiation. The <a href="https://lvivska-hazeta.example/svit/eu-quota-talks-farmers">Lvivska Hazeta</a> ran a two-page explainer on quota volumes and transit rules, and interviewed farmers on both sides of the border about their costs.</p>

<p>“Polish and Ukrainian farmers have more in common with each other than with anyone in Brussels,” Andrii Zhuravel, a political scientist at a Lviv university, told the paper. “They are both squeezed by fuel prices, by fertiliser prices, by traders. The danger is that they end up blaming each other instead.”</p>

<p>Ukrainian commentary has not been uncritical of Kyiv. Several columnists argued that the government had been slow to offer voluntary export licensing for sensitive products, which might have defused some of the anger earlier.</p>

<h2>In Moscow: proof of ‘fatigue’</h2>

<p>Russian state-aligned outlets have told a different story. A front page of the <a href="https://moskovsky-vestnik.example/mir/evropa-fermery-kvoty">Moskovsky Vestnik</a> carried a photograph of tractors blocking a motorway under the headline <span lang="ru">«Европа устала»</span> (“Europe is tired”), and its coverage presented the protests as evidence that public support for Ukraine across the EU was collapsing.</p>

<p>That coverage rarely mentioned that the same farmers’ unions have protested against EU environmental rules, retail prices and trade deals with South America, or that opinion polls in most member states show continued majority support for helping Ukraine.</p>

<p>“Every large democracy has farmers who block roads. Russian television presents each blockade as a referendum,” said Olena Yarmak, a Kyiv-based analyst who monitors Russian-language media. “But Ukrainian media should be careful too. ‘It is all Russian propaganda’ is not an answer to a farmer whose wheat price has fallen.”</p>

<h2>What is actually on the table</h2>

<p>Behind the headlines, the review concerns fairly technical questions: the size of duty-free quotas for a handful of products, safeguard mechanisms that let individual states act if their markets are disrupted, and how grain in transit is checked at the border. Diplomats quoted in both Ukrainian and European outlets expect a compromise that lowers some quotas while leaving grain transit untouched.</p>

<p>Zhuravel expects the quarrel to outlast any deal. “Trade disputes between neighbours are a sign of integration, not its failure,” he said. “France and Spain have been arguing about fruit for forty years. If we are arguing with Poland about sugar, it means we are already in the same kitchen.”</p>""",
    },
    {
        "slug": "preview-parliament-vote-reconstruction-audit-bill",
        "headline": "What to watch as parliament votes on the reconstruction audit bill",
        "standfirst": "A second-reading vote on who checks the spending of reconstruction money is due this week. Donors are watching the amendments more closely than the headline.",
        "section": "policy",
        "authors": ["mariia-kovalchuk", "daniel-harwood"],
        "tags": ["Parliament", "Reconstruction", "Budget", "EU"],
        "photo": "map-pattern.jpg",
        "sources": [
            (
                "dzerkalo-polityky.example",
                "https://dzerkalo-polityky.example/parliament/reconstruction-audit-bill-second-reading",
            ),
            (
                "kyivskyi-ekonomist.example",
                "https://kyivskyi-ekonomist.example/policy/audit-bill-donors",
            ),
        ],
        "published": None,
        "schedule_in_hours": 48,
        "status": "scheduled",
        "language": "en",
        "corrections": [],
        "body": """<p>Parliament is expected to hold its second-reading vote this week on a bill that would create an independent audit office for reconstruction spending, a measure that foreign donors and the European Commission have described as a condition for the next tranches of support. The text has changed considerably since the first reading, and the fight is now over the details, according to the political weekly <a href="https://dzerkalo-polityky.example/parliament/reconstruction-audit-bill-second-reading">Dzerkalo Polityky</a>.</p>

<h2>Three questions for the vote</h2>

<p><strong>Who appoints the auditors.</strong> The first-reading draft gave international experts a casting vote on the selection panel for the office’s board. Several amendments would reduce them to an advisory role. Serhii Dovhan, a deputy who leads the budget committee’s working group on the bill, defended the change. “Foreign experts are welcome at the table,” he said. “But a Ukrainian institution must be chosen by Ukrainians, or it will never be trusted here, whatever Brussels thinks of it.”</p>

<p><strong>What the office can see.</strong> Anti-corruption groups want the auditors to have direct access to the electronic procurement system and to the accounts of regional administrations. A competing amendment would route requests through the finance ministry. “That is the difference between an auditor and a pen pal,” said Iryna Tarasiuk of a Kyiv transparency watchdog.</p>

<p><strong>When it starts.</strong> The government wants the office running by the start of the next budget year; some deputies have proposed a six-month delay to allow for staff hiring.</p>

<h2>What donors are saying</h2>

<p>Diplomats from several donor countries, speaking on condition of anonymity, told the <a href="https://kyivskyi-ekonomist.example/policy/audit-bill-donors">Kyivskyi Ekonomist</a> that they would judge the law by the appointment procedure above all. One described the casting-vote clause as “the part we actually read”.</p>

<p>Olena Yarmak, a political scientist, said the vote would test whether the coalition could hold together on a measure that is unpopular with some regional officials. “Nobody votes against transparency in public,” she said. “They vote for amendments that make it slower, narrower and later. Watch the amendments, not the final tally.”</p>

<p>The <em>Dzerkalo Polityky</em> put it more sharply in an editorial on Monday.</p>

<blockquote><p>“The country is asking its partners to trust it with the largest rebuilding effort in Europe since the 1940s. The least it can offer in return is an auditor who does not need permission to open a drawer.”</p></blockquote>

<p>If the bill passes, it will go to the president for signature. If it fails, or passes in a heavily amended form, the government will have to explain to donors ahead of a reconstruction conference next month why a condition it agreed to has not been met.</p>""",
    },
]
