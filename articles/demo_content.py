# ruff: noqa: E501 -- prose reads better unwrapped than split mid-sentence
"""Demo content for ``seed_demo``: sections, reporters and stories written for the demo.

Apart from the seed article (the project's brief, with its duplicated
paragraphs removed), every story, person and quote here is invented for the
demo; real public figures are not quoted. Hours are "hours before now" so the
front page always looks current.
"""

SECTIONS = [
    (
        "Kurdistan",
        "kurdistan",
        "News from Erbil, Sulaimani, Duhok, Halabja and the whole Kurdistan Region.",
    ),
    ("Iraq", "iraq", "Politics, economy and daily life across Iraq."),
    ("Middle East", "middle-east", "Syria, Iran, Turkey and the wider region."),
    ("World", "world", "International news and the Kurdish diaspora."),
    ("Business", "business", "Trade, energy, markets and the people who build companies."),
    ("Opinion", "opinion", "Columns and analysis. The views are the writers' own."),
]

AUTHORS = [
    ("Avin Hasan", "avin-hasan", "Avin Hasan covers politics and public services from Erbil."),
    (
        "Rebwar Kareem",
        "rebwar-kareem",
        "Rebwar Kareem reports on Iraq's economy and energy from Baghdad.",
    ),
    (
        "Nasrin Qadir",
        "nasrin-qadir",
        "Nasrin Qadir writes about culture, education and society in Sulaimani.",
    ),
    (
        "Daniel Fraser",
        "daniel-fraser",
        "Daniel Fraser is the regional correspondent, based in Erbil.",
    ),
    ("Sara Yousif", "sara-yousif", "Sara Yousif edits the Opinion section and writes about media."),
    ("Newsroom staff", "newsroom-staff", "Reporting by the Newsroom desk."),
]

TAGS = [
    ("Erbil", "erbil"),
    ("Sulaimani", "sulaimani"),
    ("Duhok", "duhok"),
    ("Baghdad", "baghdad"),
    ("Syria", "syria"),
    ("Water", "water"),
    ("Economy", "economy"),
    ("Culture", "culture"),
    ("Diplomacy", "diplomacy"),
    ("Media", "media"),
    ("Health", "health"),
    ("Energy", "energy"),
]


def _p(*paragraphs: str) -> str:
    return "".join(f"<p>{text}</p>" for text in paragraphs)


# The seed article, its four repeated paragraphs removed (the defect the
# repeated-paragraph check now refuses).
SEED_ARTICLE = {
    "slug": "russia-ready-to-coordinate-with-us-led-coalition-on-raqqa",
    "headline": "Russia ready to coordinate with US-led coalition on Raqqa, Lavrov says",
    "standfirst": (
        "Moscow says it could work with the American-led coalition to drive ISIS out of its "
        "Raqqa stronghold, while its own air force concentrates on Palmyra."
    ),
    "dateline": "ERBIL, Kurdistan Region",
    "section": "middle-east",
    "authors": ["daniel-fraser"],
    "tags": ["syria", "diplomacy"],
    "hours_ago": 2,
    "body": _p(
        "Russia's Foreign Minister Sergei Lavrov has said that the Kremlin is ready to "
        "coordinate with the American-led coalition in an operation to force Islamic State "
        "(ISIS) from its Raqqa stronghold in Syria.",
        "\u201cWe are ready to coordinate our actions with the Americans, because Raqqa is in "
        "the eastern part of Syria, and the American coalition is mainly ... acting there,\u201d "
        "he told a Russian broadcaster according to Interfax news on Monday.",
        "\u201cPerhaps, this is no secret, if I say at some stage the Americans suggested "
        "performing a \u2018division of labour\u2019: the Russian Air Forces should concentrate on the "
        "liberation of Palmyra, and the American coalition with Russian support will focus on "
        "the liberation of Raqqa,\u201d he added.",
        "While both the Americans and the Russians have their air forces operating in Syria "
        "they have not coordinated operations, primarily because the Americans are opposed to "
        "working with the regime of President Bashar al-Assad, Russia's ally in the country. "
        "They have also accused Russia of not targeting ISIS but focusing the brunt of its "
        "firepower against other armed groups opposing Assad.",
        "Russia stepped up its bombings of the ancient ISIS-occupied city of Palmyra last week "
        "leading to renewed speculation that they may be clearing the way for a Syrian ground "
        "offensive aimed at retaking that city.",
    ),
}

ARTICLES = [
    SEED_ARTICLE,
    {
        "slug": "erbil-citadel-reopens-western-gate-after-restoration",
        "headline": "Erbil citadel reopens its western gate after three years of restoration",
        "standfirst": (
            "Masons rebuilt the gate with bricks fired to the old recipe; visitors can walk the "
            "full circuit of the mound for the first time since 2021."
        ),
        "dateline": "ERBIL, Kurdistan Region",
        "section": "kurdistan",
        "authors": ["avin-hasan"],
        "tags": ["erbil", "culture"],
        "hours_ago": 1,
        "body": _p(
            "The western gate of Erbil's citadel opened to visitors on Saturday morning after "
            "a restoration that took three years and, by the reckoning of the site's engineers, "
            "a little over forty thousand hand-made bricks.",
            "The bricks were fired in a kiln outside the city to a recipe reconstructed from "
            "fragments of the original wall, so that the new work weathers at the same pace as "
            "the old. \u201cIf you can tell which brick is ours in ten years, we have failed,\u201d "
            "said Hozan Rasul, the conservation architect who led the work.",
            "With the gate open, visitors can walk the full circuit of the mound for the first "
            "time since 2021. Shopkeepers in the bazaar below said they hoped the longer route "
            "would keep tourists in the old city into the evening.",
        )
        + "<h2>What comes next</h2>"
        + _p(
            "The next phase covers the houses along the northern edge, several of which lost "
            "their roofs in the winter storms. Work is expected to begin after the summer.",
        ),
    },
    {
        "slug": "duhok-farmers-turn-to-drip-irrigation",
        "headline": "Duhok farmers turn to drip irrigation as spring rains fall short",
        "standfirst": (
            "A cooperative in the Sapna valley shares pipes and pumps between forty families; "
            "the agriculture directorate says demand for the scheme has tripled."
        ),
        "dateline": "DUHOK, Kurdistan Region",
        "section": "kurdistan",
        "authors": ["avin-hasan", "newsroom-staff"],
        "tags": ["duhok", "water"],
        "hours_ago": 5,
        "body": _p(
            "For the third spring running, the rains in the hills north of Duhok came late and "
            "left early. In the Sapna valley, forty farming families have answered by pooling "
            "their savings for black plastic pipe.",
            "The cooperative's drip lines now water orchards that used to be flooded from an "
            "open channel twice a week. Members say they use about half the water for the same "
            "harvest of pomegranates and walnuts.",
            "The local agriculture directorate says requests to join its support scheme, which "
            "pays for a third of the equipment, have tripled since January. Officials warn that "
            "the budget covers fewer than half of the applicants.",
            "\u201cThe pipes are the easy part,\u201d said Berivan Ahmed, who keeps the "
            "cooperative's accounts. \u201cThe hard part is agreeing whose turn it is.\u201d",
        ),
    },
    {
        "slug": "sulaimani-book-fair-draws-record-crowds",
        "headline": "Sulaimani book fair draws record crowds, with poetry outselling novels",
        "standfirst": (
            "Organisers counted more than 60,000 visitors over six days; publishers say young "
            "readers drove demand for new Kurdish poetry."
        ),
        "dateline": "SULAIMANI, Kurdistan Region",
        "section": "kurdistan",
        "authors": ["nasrin-qadir"],
        "tags": ["sulaimani", "culture"],
        "hours_ago": 9,
        "body": _p(
            "The book fair in Sulaimani closed on Friday with more than 60,000 visitors, the "
            "most since it began, according to its organisers.",
            "Publishers said the surprise of the week was poetry. Several slim collections by "
            "young Kurdish poets sold out by the fourth day and were reprinted overnight by a "
            "print shop across the road.",
            "<blockquote>\u201cThey come in groups, they read aloud to each other at the stand, "
            "and then every one of them buys a copy,\u201d said one publisher.</blockquote>",
            "Translations remained strong too, with Kurdish editions of classic Russian and "
            "Latin American novels among the best sellers.",
        ),
    },
    {
        "slug": "baghdad-erbil-resume-talks-on-salaries",
        "headline": "Baghdad and Erbil resume talks on public-sector salaries",
        "standfirst": (
            "Negotiators from the federal finance ministry and the Kurdistan Regional Government "
            "meet again after a month's pause; teachers and health workers wait for the outcome."
        ),
        "dateline": "BAGHDAD",
        "section": "iraq",
        "authors": ["rebwar-kareem"],
        "tags": ["baghdad", "erbil", "economy"],
        "hours_ago": 3,
        "body": _p(
            "Delegations from the federal finance ministry and the Kurdistan Regional "
            "Government met in Baghdad on Sunday, resuming talks on the transfer of funds for "
            "public-sector salaries after a pause of more than a month.",
            "Neither side gave details after the first session. A person familiar with the "
            "talks said the discussion focused on how revenue from the region is counted "
            "before each monthly transfer.",
            "Teachers in several cities have staged short strikes over late pay this year. "
            "Their union said it would wait for the result of this round before deciding on "
            "further action.",
        ),
    },
    {
        "slug": "basra-port-opens-second-container-terminal",
        "headline": "Basra port opens a second container terminal",
        "standfirst": (
            "The new berths double the port's capacity for container ships; importers hope "
            "waiting times at sea will fall from days to hours."
        ),
        "dateline": "BASRA",
        "section": "business",
        "authors": ["rebwar-kareem"],
        "tags": ["economy"],
        "hours_ago": 14,
        "body": _p(
            "A second container terminal opened at the port of Basra on Tuesday, adding four "
            "berths and, according to the port authority, doubling the number of containers it "
            "can handle each year.",
            "Shipping agents say vessels have at times waited offshore for several days for a "
            "berth. \u201cEvery day at anchor is a cost that ends up on the shelf price,\u201d said "
            "one importer of household goods.",
            "The authority said customs inspection, not berth space, is now the main cause of "
            "delay, and that a new scanning system will be installed by the end of the year.",
        ),
    },
    {
        "slug": "mosul-old-city-families-return",
        "headline": "First families return to rebuilt homes in Mosul's old city",
        "standfirst": (
            "Twenty-two houses near the river have been rebuilt with original stone; their "
            "owners received the keys on Thursday."
        ),
        "dateline": "MOSUL",
        "section": "iraq",
        "authors": ["daniel-fraser"],
        "tags": ["culture"],
        "hours_ago": 20,
        "body": _p(
            "Twenty-two families received the keys to their rebuilt homes in Mosul's old city "
            "on Thursday, in streets that were reduced to rubble during the battle for the city.",
            "The houses were rebuilt with the original carved stone where it could be "
            "recovered, numbered piece by piece by students from the university's engineering "
            "faculty.",
            "\u201cThe door is new, the step is old,\u201d said Umm Yasir, standing in her "
            "courtyard. \u201cMy children will sit on the same step I sat on.\u201d",
        ),
    },
    {
        "slug": "euphrates-record-low-water-officials-warn",
        "headline": "Euphrates falls to a record low, water officials warn",
        "standfirst": (
            "Gauges in western Iraq show the lowest spring flow since records began; farmers "
            "downstream are told to plant less rice this year."
        ),
        "dateline": "RAMADI",
        "section": "middle-east",
        "authors": ["newsroom-staff"],
        "tags": ["water"],
        "hours_ago": 26,
        "body": _p(
            "Water officials in western Iraq say the Euphrates is running at its lowest spring "
            "level since measurements began, after a dry winter across the river's upper basin.",
            "Farmers in the southern provinces have been advised to reduce the area planted "
            "with rice, which needs standing water for months.",
            "Engineers say lining irrigation canals could save a large share of the water now "
            "lost to seepage, but the work would take years.",
        ),
    },
    {
        "slug": "wheat-prices-ease-as-shipments-pick-up",
        "headline": "Wheat prices ease as Black Sea shipments pick up",
        "standfirst": (
            "Bakers in Erbil say flour costs have fallen for the first time in a year, but "
            "bread prices are unlikely to follow quickly."
        ),
        "dateline": "ERBIL, Kurdistan Region",
        "section": "world",
        "authors": ["rebwar-kareem", "avin-hasan"],
        "tags": ["economy", "erbil"],
        "hours_ago": 31,
        "body": _p(
            "International wheat prices have fallen for a third consecutive week as shipments "
            "from Black Sea ports increased, according to traders.",
            "In Erbil, bakers said the price of a sack of flour had dropped slightly for the "
            "first time in a year. Most said it was too early to lower the price of bread.",
            "\u201cWhen flour went up, we held our prices for months,\u201d said Karzan Omar, who "
            "runs a bakery near the Qaysari bazaar. \u201cNow we are catching our breath.\u201d",
        ),
    },
    {
        "slug": "diaspora-voters-queue-at-consulates",
        "headline": "Diaspora voters queue at consulates across Europe",
        "standfirst": (
            "Long lines formed in Berlin, Stockholm and London as Iraqis abroad cast early "
            "votes; some waited more than four hours."
        ),
        "dateline": "LONDON",
        "section": "world",
        "authors": ["daniel-fraser"],
        "tags": ["diplomacy"],
        "hours_ago": 44,
        "body": _p(
            "Iraqis living in Europe queued for hours outside consulates and polling centres "
            "on Saturday as early voting for citizens abroad opened.",
            "In Berlin, some voters said they had travelled overnight from other cities. "
            "Volunteers handed out tea and water along the line.",
            "Electoral officials said turnout abroad was higher than at the last election and "
            "that polling centres would stay open until everyone in line had voted.",
        ),
    },
    {
        "slug": "erbil-start-ups-bet-on-digital-payments",
        "headline": "Erbil start-ups bet on digital payments in a cash economy",
        "standfirst": (
            "A handful of young companies are persuading shops to accept phone payments; the "
            "obstacle, founders say, is trust rather than technology."
        ),
        "dateline": "ERBIL, Kurdistan Region",
        "section": "business",
        "authors": ["nasrin-qadir"],
        "tags": ["erbil", "economy"],
        "hours_ago": 52,
        "body": _p(
            "In a shared office above a car showroom, a dozen developers are trying to persuade "
            "the shops of Erbil that cash is not the only way to be paid.",
            "Their app lets a customer pay by scanning a code at the till. Around three hundred "
            "shops have signed up, most of them in the past six months.",
            "\u201cThe phone part works,\u201d said Shvan Aziz, one of the founders. \u201cWhat we "
            "are really selling is the promise that the money arrives the same day.\u201d",
        )
        + "<h2>Banks watch closely</h2>"
        + _p(
            "Banks in the region, which have long struggled to attract deposits, are watching "
            "closely. Two have started pilot projects with local payment companies.",
        ),
    },
    {
        "slug": "tourism-operators-expect-busy-newroz",
        "headline": "Tourism operators expect their busiest Newroz in years",
        "standfirst": (
            "Hotels in the mountain resorts report bookings well ahead of last year, with "
            "visitors from central and southern Iraq leading the rise."
        ),
        "dateline": "SHAQLAWA, Kurdistan Region",
        "section": "business",
        "authors": ["avin-hasan"],
        "tags": ["economy", "culture"],
        "hours_ago": 70,
        "body": _p(
            "Hotels and guesthouses in the resorts north of Erbil say bookings for the Newroz "
            "holiday are well ahead of last year.",
            "Operators said most of the increase came from families travelling from Baghdad, "
            "Najaf and Basra, many of them on their first visit to the region.",
            "The tourism board said it would add extra staff at checkpoints on the main roads "
            "to shorten waiting times over the holiday.",
        ),
    },
    {
        "slug": "local-newsrooms-must-show-their-corrections",
        "headline": "Why local newsrooms must show their corrections",
        "standfirst": (
            "Readers forgive mistakes; they do not forgive mistakes that quietly disappear. A "
            "visible correction is a promise kept."
        ),
        "dateline": "",
        "section": "opinion",
        "authors": ["sara-yousif"],
        "tags": ["media"],
        "hours_ago": 30,
        "body": _p(
            "Every newsroom makes mistakes. The question is what it does next.",
            "Too often the answer is to fix the sentence and move on, as if the error had never "
            "been published. Readers who saw the first version are left wondering which one to "
            "believe.",
            "A short, dated note at the foot of the story costs nothing and says a great deal: "
            "we checked, we were wrong, here is what changed.",
            "The same goes for the paragraph pasted twice, the caption on the wrong photograph "
            "and the misspelled name. <em>Small errors are where trust is won or lost.</em>",
        ),
    },
    {
        "slug": "comment-sections-are-worth-keeping",
        "headline": "Comment sections are worth keeping \u2014 if someone reads them",
        "standfirst": (
            "Many outlets closed their comments. Those that kept them, and moderated every one, "
            "found readers who correct, add and ask."
        ),
        "dateline": "",
        "section": "opinion",
        "authors": ["sara-yousif"],
        "tags": ["media"],
        "hours_ago": 60,
        "body": _p(
            "It became fashionable a decade ago to close the comments. The argument was simple: "
            "they were full of abuse, and nobody had the time to read them.",
            "Both halves of that argument can be fixed. A clear set of guidelines, applied to "
            "every comment before it appears, changes who bothers to write.",
            "Readers who know a person will read their comment write for that person. They "
            "point out the wrong date, add what they saw themselves, ask the question the "
            "reporter did not.",
        ),
    },
    {
        "slug": "halabja-hospital-opens-dialysis-unit",
        "headline": "Halabja hospital opens a dialysis unit, ending long trips for patients",
        "standfirst": (
            "Patients who travelled to Sulaimani three times a week can now be treated at home; "
            "the unit has twelve machines."
        ),
        "dateline": "HALABJA, Kurdistan Region",
        "section": "kurdistan",
        "authors": ["nasrin-qadir"],
        "tags": ["health", "sulaimani"],
        "hours_ago": 96,
        "comments_open": False,
        "body": _p(
            "The general hospital in Halabja has opened a dialysis unit with twelve machines, "
            "sparing patients a round trip of several hours to Sulaimani three times a week.",
            "Nurses for the unit trained for six months in Sulaimani. The hospital said it "
            "could treat about sixty patients a week once all shifts are staffed.",
            "\u201cMy father spent more time on the road than on the machine,\u201d said one "
            "patient's son. \u201cNow he is home for lunch.\u201d",
        ),
    },
]


def _story(slug, headline, standfirst, dateline, section, authors, tags, hours_ago, *paragraphs):
    return {
        "slug": slug,
        "headline": headline,
        "standfirst": standfirst,
        "dateline": dateline,
        "section": section,
        "authors": authors,
        "tags": tags,
        "hours_ago": hours_ago,
        "body": _p(*paragraphs),
    }


ARTICLES += [
    _story(
        "erbil-metro-bus-line-opens",
        "Erbil's first rapid bus line carries 12,000 passengers in its opening week",
        "The dedicated lane along 60 Metre Road cut the trip from the airport to the city centre to twenty minutes, the transport directorate says.",
        "ERBIL, Kurdistan Region",
        "kurdistan",
        ["avin-hasan"],
        ["erbil"],
        36,
        "Erbil's first rapid bus line carried about 12,000 passengers in its first week, according to the city's transport directorate.",
        "The buses run every ten minutes in a lane of their own along 60 Metre Road. Commuters said the trip from the airport to the city centre now takes about twenty minutes at rush hour.",
        "The directorate said two more lines are being designed, one of them towards Ainkawa, and that fares would stay at their current level until the end of the year.",
    ),
    _story(
        "duhok-university-opens-water-research-centre",
        "Duhok University opens a water research centre with help from alumni abroad",
        "The centre will map springs and wells across the governorate; its first project is a public database of groundwater levels.",
        "DUHOK, Kurdistan Region",
        "kurdistan",
        ["nasrin-qadir"],
        ["duhok", "water"],
        80,
        "Duhok University has opened a research centre dedicated to water, paid for in part by graduates now working in Europe and North America.",
        "Its first project is a public database of groundwater levels, built from readings that farmers and village heads will send by phone each month.",
        "Researchers said the data would help officials decide where new wells can be drilled without drying out existing springs.",
    ),
    _story(
        "kirkuk-schools-add-second-shift",
        "Kirkuk schools add a second shift as enrolment climbs",
        "Education officials say forty schools will teach in morning and afternoon shifts until new buildings are finished.",
        "KIRKUK",
        "iraq",
        ["rebwar-kareem"],
        [],
        40,
        "Forty schools in Kirkuk will teach in two shifts from next term as enrolment rises faster than new classrooms can be built.",
        "Parents said the afternoon shift, which ends after dark in winter, worried them. Officials said school buses would run for the later classes.",
        "The provincial education directorate said twelve new school buildings are under construction and the first should open in the autumn.",
    ),
    _story(
        "najaf-airport-adds-routes",
        "Najaf airport adds routes ahead of the pilgrimage season",
        "Three new routes from the Gulf and Central Asia start next month; the airport is extending its terminal to cope.",
        "NAJAF",
        "iraq",
        ["newsroom-staff"],
        ["economy"],
        90,
        "Najaf's airport will add three international routes next month, ahead of the busiest weeks of the pilgrimage season.",
        "The airport is extending its terminal with a temporary hall for arrivals, which managers said would halve queues at passport control.",
        "Hotels in the city said they were already close to full for the peak days.",
    ),
    _story(
        "syrian-returnees-face-housing-shortage",
        "Syrians returning home face a shortage of housing and paperwork",
        "Aid groups say many returning families cannot prove they own the homes they left; temporary shelters are filling up.",
        "QAMISHLI",
        "middle-east",
        ["daniel-fraser"],
        ["syria"],
        28,
        "Families returning to north-east Syria are finding their homes damaged, occupied or impossible to claim, aid groups working in the area say.",
        "Many left without their property deeds. Local councils have opened offices where neighbours can testify to who lived where, but the queues are long.",
        "Temporary shelters on the edge of the city are close to capacity, and aid workers expect more arrivals before winter.",
    ),
    _story(
        "turkey-iraq-trade-crossing-hours-extended",
        "Ibrahim Khalil crossing extends its hours as truck queues grow",
        "The main crossing between Turkey and the Kurdistan Region will open around the clock for cargo; drivers report waits of up to three days.",
        "ZAKHO, Kurdistan Region",
        "middle-east",
        ["avin-hasan", "rebwar-kareem"],
        ["economy", "duhok"],
        48,
        "The Ibrahim Khalil border crossing will open around the clock for cargo from next week, officials on the Kurdistan Region's side said.",
        "Truck drivers have reported waiting up to three days to cross, with queues stretching for kilometres along the road to Zakho.",
        "Traders said the longer hours would help, but that the slowest step was inspection, not opening times.",
    ),
    _story(
        "iran-currency-slide-hits-border-markets",
        "Currency slide in Iran is felt in border markets",
        "Traders in Penjwen and Haji Omaran say shoppers from across the border are buying less and bargaining harder.",
        "PENJWEN, Kurdistan Region",
        "middle-east",
        ["nasrin-qadir"],
        ["economy"],
        100,
        "Shopkeepers in the border town of Penjwen say fewer customers are crossing from Iran, and those who do are spending less.",
        "The fall in the value of the rial has made goods priced in dinars and dollars more expensive for Iranian shoppers.",
        "Some traders said they had begun accepting rials again, at a discount, to keep their regular customers.",
    ),
    _story(
        "kurdish-film-wins-festival-prize",
        "Kurdish short film wins a festival prize in Rotterdam",
        "The fifteen-minute film follows a shepherd boy and his grandfather over one winter in the mountains.",
        "ROTTERDAM",
        "world",
        ["nasrin-qadir"],
        ["culture"],
        55,
        "A short film by a young director from Sulaimani has won a jury prize at a film festival in Rotterdam.",
        "The fifteen-minute film, shot over one winter, follows a shepherd boy and his grandfather as they move their flock through the snow.",
        "The director said the cast were all people from the village where it was filmed, and that the prize money would pay for a screening there.",
    ),
    _story(
        "climate-talks-water-sharing",
        "Climate talks turn to water sharing in shared river basins",
        "Delegates from downstream countries ask for binding rules on dam releases; upstream states prefer voluntary data sharing.",
        "GENEVA",
        "world",
        ["daniel-fraser"],
        ["water", "diplomacy"],
        75,
        "Water sharing between countries on the same river became one of the most contested subjects at climate talks this week.",
        "Downstream countries asked for binding rules on how much water dams must release in dry years. Upstream states said they preferred to share data voluntarily.",
        "Observers said no agreement was expected this year, but that the subject was on the agenda for the first time.",
    ),
    _story(
        "honey-producers-seek-export-label",
        "Mountain honey producers seek a protected label for exports",
        "Beekeepers in Balakayati want their honey recognised by origin, as olive oil and cheese are in Europe.",
        "SORAN, Kurdistan Region",
        "business",
        ["avin-hasan"],
        ["economy"],
        65,
        "Beekeepers in the Balakayati valley are asking for a protected label that would tie their honey to the mountains where it is made.",
        "They say cheaper honey from elsewhere is sold under the valley's name in markets across the region.",
        "The agriculture ministry said it was studying how such labels work in Europe and would consult producers this summer.",
    ),
    _story(
        "readers-can-check-our-numbers",
        "Readers should be able to check our numbers",
        "When a story rests on a figure, we should say where it comes from and link to it. Here is how we will do that.",
        "",
        "opinion",
        ["sara-yousif"],
        ["media"],
        84,
        "A number in a headline is a claim. Readers deserve to know who made it and how.",
        "From now on, when one of our stories rests on a figure, the story will say where it comes from, and link to the source when there is one.",
        "When the figure is our own estimate, we will say so, and explain how we reached it. If we get it wrong, the correction will say that too.",
    ),
]


DRAFT_ARTICLE = {
    "slug": "budget-vote-expected-next-week",
    "headline": "Budget vote expected next week as committees finish their review",
    "standfirst": "Draft: waiting for confirmation of the session date from parliament.",
    "dateline": "BAGHDAD",
    "section": "iraq",
    "authors": ["rebwar-kareem"],
    "tags": ["baghdad", "economy"],
    "body": _p(
        "Parliament's finance committee is expected to finish its review of the budget this "
        "week, clearing the way for a vote.",
        "TO CHECK: session date, and whether the energy chapter is still disputed.",
    ),
}

# A second draft, still being written: drafts are plural in any newsroom.
SECOND_DRAFT_ARTICLE = {
    "slug": "duhok-dam-levels-explainer",
    "headline": "Explainer: why Duhok dam levels matter for the summer",
    "standfirst": "Draft: figures from the water directorate still to come.",
    "dateline": "DUHOK, Kurdistan Region",
    "section": "kurdistan",
    "authors": ["avin-hasan"],
    "tags": ["erbil"],
    "body": _p(
        "The reservoir behind the Duhok dam supplies drinking water to most of the city.",
        "TO CHECK: this year's level against the ten-year average.",
    ),
}

SCHEDULED_ARTICLE = {
    "slug": "election-law-draft-to-be-published",
    "headline": "Parliament committee to publish its draft election law",
    "standfirst": "The committee's text will be open for public comment for thirty days.",
    "dateline": "ERBIL, Kurdistan Region",
    "section": "kurdistan",
    "authors": ["avin-hasan"],
    "tags": ["erbil"],
    "body": _p(
        "A parliamentary committee will publish its draft of the new election law today, "
        "opening thirty days of public comment.",
        "The draft covers the number of seats, the districts and the rules for campaign spending.",
    ),
}

# Notes under published articles (articles.Correction): slug, kind, minutes ago, text.
CORRECTIONS = [
    (
        SEED_ARTICLE["slug"],
        "correction",
        70,
        "An earlier version of this article said the Russian air force was concentrating on "
        "Raqqa. Moscow said it was concentrating on Palmyra.",
    ),
    (
        SEED_ARTICLE["slug"],
        "update",
        25,
        "This article was updated with the coalition's response, which came after publication.",
    ),
    (
        "erbil-citadel-reopens-western-gate-after-restoration",
        "correction",
        20,
        "An earlier version of this article said the restoration took two years. It took three.",
    ),
]
