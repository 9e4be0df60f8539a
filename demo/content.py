"""The demo organisation's newsroom: invented people, photos and publications.

Every sentence here is written for the demo; the organisation "Lumen Rights" and its staff
are fictional. Countries are real so that the regional facets look like a real newsroom.
"""

ORGANISATION = {
    "name": "Lumen Rights",
    "email": "press@lumenrights.example",
    "phone": "+44 20 7946 0321",
}

REGIONS = {
    "europe-central-asia": "Europe and Central Asia",
    "americas": "Americas",
    "middle-east-north-africa": "Middle East and North Africa",
    "asia-pacific": "Asia-Pacific",
    "africa": "Africa",
}

COUNTRIES = {
    "belarus": ("Belarus", "europe-central-asia"),
    "poland": ("Poland", "europe-central-asia"),
    "lithuania": ("Lithuania", "europe-central-asia"),
    "georgia": ("Georgia", "europe-central-asia"),
    "mexico": ("Mexico", "americas"),
    "colombia": ("Colombia", "americas"),
    "egypt": ("Egypt", "middle-east-north-africa"),
    "tunisia": ("Tunisia", "middle-east-north-africa"),
    "myanmar": ("Myanmar", "asia-pacific"),
    "philippines": ("Philippines", "asia-pacific"),
    "nigeria": ("Nigeria", "africa"),
    "kenya": ("Kenya", "africa"),
}

TOPICS = {
    "freedom-of-expression": "Freedom of expression",
    "refugee-and-migrant-rights": "Refugee and migrant rights",
    "torture-prevention": "Torture prevention",
    "digital-rights": "Digital rights",
    "climate-justice": "Climate justice",
    "womens-rights": "Women's rights",
}

SPOKESPEOPLE = {
    "vasik": ("Irena Vasik", "Director for Eastern Europe and Central Asia", "Lumen Rights"),
    "arevalo": ("Tomás Arévalo", "Americas Researcher", "Lumen Rights"),
    "mansour": ("Leila Mansour", "Deputy Director, Middle East and North Africa", "Lumen Rights"),
    "okafor": ("Grace Okafor", "Head of Campaigns", "Lumen Rights"),
    "ferreira": ("Daniel Ferreira", "Lead on Technology and Human Rights", "Lumen Rights"),
    "tan": ("Mei Lin Tan", "Director for Asia-Pacific", "Lumen Rights"),
}

PRESS_CONTACTS = {
    "press-office": (
        "Press Office",
        "24-hour media line",
        "press@lumenrights.example",
        "+44 20 7946 0321",
    ),
    "hughes": (
        "Sam Hughes",
        "Senior Media Officer",
        "s.hughes@lumenrights.example",
        "+44 20 7946 0388",
    ),
}

# (slug, title, colour, credit, caption)
PHOTOS = [
    (
        "courthouse",
        "Supporters outside a courthouse",
        (92, 38, 48),
        "Photo by Kasia Nowak/Northlight Photo Agency",
        "Supporters wait outside the court as the verdict is read.",
    ),
    (
        "border-fence",
        "A border fence at dusk",
        (48, 62, 86),
        "Photo by Andrius Petrauskas via Baltic Images",
        "Razor wire along the border, photographed at dusk.",
    ),
    (
        "vigil",
        "Candlelight vigil",
        (110, 70, 20),
        "Photo by Ana Ruiz for Lumen Rights",
        "A vigil for detained journalists.",
    ),
    (
        "newsroom",
        "Journalists at work",
        (40, 80, 70),
        "Photo by Omar Haddad/Cedar Press via Getty Images",
        "",
    ),
    (
        "protest-march",
        "A peaceful march",
        (120, 40, 30),
        "Photo by Tomasz Wrona/Northlight Photo Agency",
        "Thousands marched through the city centre.",
    ),
    (
        "floodplain",
        "A flooded village",
        (30, 70, 110),
        "Photo by Amina Bello for Lumen Rights",
        "Homes cut off by floodwater.",
    ),
    (
        "phone-screen",
        "A phone showing spyware warning",
        (60, 60, 70),
        "Photo by Daniel Ferreira/Lumen Rights",
        "",
    ),
    (
        "handcuffs",
        "Handcuffs on a table",
        (70, 50, 50),
        "Photo by Studio Kanso via Getty Images",
        "Restraints of the kind documented in the report.",
    ),
    (
        "camp",
        "Tents at a reception centre",
        (90, 90, 60),
        "Photo by Leila Mansour/Lumen Rights",
        "A makeshift reception centre near the border.",
    ),
    (
        "petition",
        "Petition boxes handed in",
        (100, 30, 80),
        "Photo by Ana Ruiz for Lumen Rights",
        "Volunteers deliver 240,000 signatures.",
    ),
]


def p(text):
    return {"type": "paragraph", "value": f"<p>{text}</p>"}


def quote(text, spokesperson):
    return {
        "type": "quote",
        "value": {"quote": text, "spokesperson": spokesperson, "attribution": ""},
    }


def facts(title, items):
    return {"type": "fact_box", "value": {"title": title, "facts": items}}


# Each: slug, title, date, teaser, dateline, topics, countries, spokespeople, photo, body
PRESS_RELEASES = [
    {
        "slug": "belarus-rights-defenders-sentenced",
        "title": "Belarus: Prison terms for rights defenders punish years of documenting abuse",
        "date": "2026-03-03",
        "teaser": "Three human rights defenders were handed long prison terms after a closed trial. Their only offence was recording what happened to detained protesters.",
        "dateline": "VILNIUS",
        "topics": ["freedom-of-expression"],
        "countries": ["belarus"],
        "spokespeople": ["vasik"],
        "photo": "courthouse",
        "body": [
            p(
                "A court in Minsk today sentenced three members of a volunteer monitoring group to between seven and ten years in prison, following a trial held behind closed doors. The group had spent four years collecting testimony from people detained during peaceful protests."
            ),
            quote(
                "These sentences are not about any crime. They are about silencing the people who kept a record when no one else could. The international community must not let this pass without consequence.",
                "vasik",
            ),
            p(
                "Lawyers for the defendants were barred from sharing case files with their families, and independent observers were refused entry to the courtroom."
            ),
            facts(
                "Key facts",
                [
                    "Three defenders sentenced to a combined 26 years",
                    "The trial lasted nine days and was closed to the public",
                    "More than 1,400 people remain imprisoned on politically motivated charges",
                ],
            ),
        ],
    },
    {
        "slug": "student-jailed-for-reposting",
        "title": "Student jailed for six years for sharing a post criticising the war",
        "date": "2025-07-06",
        "teaser": "A 21-year-old student was sentenced for reposting a message online. We call for her immediate and unconditional release.",
        "dateline": "LONDON",
        "topics": ["freedom-of-expression", "digital-rights"],
        "countries": ["belarus"],
        "spokespeople": ["vasik"],
        "photo": "vigil",
        "body": [
            p(
                "The student, who studied languages at a regional university, was arrested at her dormitory after police examined her social media history. She was convicted of 'discrediting the state' for sharing a single post."
            ),
            quote(
                "Nobody should spend a day in prison, let alone six years, for sharing an opinion. She must be released now, and the law used against her must be repealed.",
                "vasik",
            ),
        ],
    },
    {
        "slug": "asylum-seekers-detained-at-border",
        "title": "Nearly two thousand asylum-seekers arbitrarily detained, new testimony shows",
        "date": "2025-04-10",
        "teaser": "People who crossed the border seeking protection describe strip searches, overcrowded cells and being held for months without a decision on their claims.",
        "dateline": "WARSAW",
        "topics": ["refugee-and-migrant-rights"],
        "countries": ["poland", "belarus"],
        "spokespeople": ["okafor"],
        "photo": "camp",
        "body": [
            p(
                "Researchers interviewed 64 people held in guarded centres over the past year. Most had been detained automatically on arrival, without any individual assessment of whether detention was necessary."
            ),
            quote(
                "Seeking asylum is a right, not a crime. Locking people up by default, including families with children, breaks the authorities' own commitments.",
                "okafor",
            ),
            p(
                "Several interviewees said they were not told why they were held or how to appeal, and that interpreters were rarely available."
            ),
        ],
    },
    {
        "slug": "violence-against-people-pushed-back",
        "title": "Border guards beat and robbed people forced back across the frontier",
        "date": "2024-12-20",
        "teaser": "Testimony gathered over six months describes beatings, extortion and people left in freezing forests after being pushed back.",
        "dateline": "VILNIUS",
        "topics": ["refugee-and-migrant-rights", "torture-prevention"],
        "countries": ["belarus", "lithuania", "poland"],
        "spokespeople": ["vasik", "okafor"],
        "photo": "border-fence",
        "body": [
            p(
                "People described being driven to the border at night, beaten with batons and made to hand over phones and money before being forced across. Some said they were pushed back and forth several times in a single week."
            ),
            quote(
                "What people told us amounts to torture and other ill-treatment. Every government along this border has a duty to stop pushbacks and investigate these abuses.",
                "vasik",
            ),
        ],
    },
    {
        "slug": "exceptional-measures-asylum",
        "title": "Emergency border rules would strip asylum-seekers of basic safeguards",
        "date": "2024-12-01",
        "teaser": "Proposals to hold asylum-seekers at the border for up to 16 weeks would undermine the right to seek protection across the region.",
        "dateline": "BRUSSELS",
        "topics": ["refugee-and-migrant-rights"],
        "countries": ["lithuania", "poland"],
        "spokespeople": ["okafor"],
        "photo": "camp",
        "body": [
            p(
                "The proposed rules would let states process claims at the border with minimal access to lawyers, and detain people, including children, while they do so."
            ),
            quote(
                "The numbers arriving are manageable under the rules that already exist. Tearing up safeguards will punish people in need and weaken protection everywhere.",
                "okafor",
            ),
        ],
    },
    {
        "slug": "regulate-tools-of-torture",
        "title": "World must ban the trade in tools designed to inflict pain",
        "date": "2024-12-10",
        "teaser": "Spiked batons, weighted leg irons and electric-shock equipment are still traded openly. A global treaty would end it.",
        "dateline": "GENEVA",
        "topics": ["torture-prevention"],
        "countries": ["egypt", "nigeria"],
        "spokespeople": ["mansour"],
        "photo": "handcuffs",
        "body": [
            p(
                "Ahead of a UN meeting on the trade in law-enforcement equipment, we are calling for a binding treaty that bans goods with no use other than torture and controls the export of ordinary policing equipment."
            ),
            quote(
                "Equipment built to cause pain has no legitimate purpose. Governments must stop it being made and sold, and make sure that ordinary policing tools never reach forces that abuse them.",
                "mansour",
            ),
        ],
    },
    {
        "slug": "mass-arrests-peaceful-protest",
        "title": "More than 1,000 arrested in a single day of peaceful protest",
        "date": "2025-11-09",
        "teaser": "Riot police beat unarmed demonstrators and detained elderly people as the crackdown on dissent reached a new level.",
        "dateline": "TBILISI",
        "topics": ["freedom-of-expression"],
        "countries": ["georgia"],
        "spokespeople": ["vasik"],
        "photo": "protest-march",
        "body": [
            p(
                "Footage verified by our evidence team shows officers striking people who were already on the ground and dragging protesters into unmarked vans."
            ),
            quote(
                "Peaceful protest is a right. The authorities must release everyone detained for exercising it and hold to account the officers responsible for this violence.",
                "vasik",
            ),
        ],
    },
    {
        "slug": "journalists-attacked-covering-protests",
        "title": "Journalists shot with rubber bullets while covering protests",
        "date": "2025-08-12",
        "teaser": "Reporters have been beaten, detained and had their equipment destroyed. The attacks must stop and those responsible must be held to account.",
        "dateline": "MEXICO CITY",
        "topics": ["freedom-of-expression"],
        "countries": ["mexico"],
        "spokespeople": ["arevalo"],
        "photo": "newsroom",
        "body": [
            p(
                "At least 40 media workers were attacked in the first week of demonstrations. Several said police deliberately targeted people wearing press vests."
            ),
            quote(
                "Journalists are the public's eyes when the authorities would rather nobody watched. Targeting them is an attack on everyone's right to know.",
                "arevalo",
            ),
        ],
    },
    {
        "slug": "land-defenders-killed",
        "title": "Killings of land and environmental defenders rise for a third year",
        "date": "2026-02-18",
        "teaser": "Community leaders defending rivers and forests face threats, attacks and killings while most cases go unpunished.",
        "dateline": "BOGOTÁ",
        "topics": ["climate-justice"],
        "countries": ["colombia"],
        "spokespeople": ["arevalo"],
        "photo": "floodplain",
        "body": [
            p(
                "Our monitoring recorded 61 killings of defenders last year. In fewer than one in ten cases has anyone been charged."
            ),
            quote(
                "These are people protecting the land their communities depend on. The state must protect them, and investigate every threat before it becomes a killing.",
                "arevalo",
            ),
        ],
    },
    {
        "slug": "spyware-used-against-activists",
        "title": "Spyware found on phones of activists and lawyers",
        "date": "2026-05-27",
        "teaser": "Forensic analysis confirms that at least nine activists' phones were infected with commercial spyware. We call for a moratorium on its sale.",
        "dateline": "LONDON",
        "topics": ["digital-rights", "freedom-of-expression"],
        "countries": ["egypt", "tunisia"],
        "spokespeople": ["ferreira", "mansour"],
        "photo": "phone-screen",
        "body": [
            p(
                "Our technology team examined 31 devices and found traces of infection on nine, including phones belonging to two lawyers representing detained protesters."
            ),
            quote(
                "Spyware turns a phone into a tool for surveillance of everything a person says and does. Its sale must stop until there are real safeguards.",
                "ferreira",
            ),
            {
                "type": "table",
                "value": {
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "table_caption": "Devices examined",
                    "data": [
                        ["Group", "Devices examined", "Infections found"],
                        ["Lawyers", "8", "2"],
                        ["Activists", "17", "6"],
                        ["Journalists", "6", "1"],
                    ],
                },
            },
        ],
    },
    {
        "slug": "women-human-rights-defenders-threatened",
        "title": "Women defenders face online abuse designed to drive them offline",
        "date": "2026-08-08",
        "teaser": "Coordinated harassment campaigns target women who speak out. Platforms and governments are failing to act.",
        "dateline": "NAIROBI",
        "topics": ["womens-rights", "digital-rights"],
        "countries": ["kenya", "nigeria"],
        "spokespeople": ["okafor"],
        "photo": "vigil",
        "body": [
            p(
                "We spoke to 45 women activists who had faced threats of violence, doxxing and fake sexual images. Almost all said reports to platforms had gone unanswered."
            ),
            quote(
                "The goal of this abuse is simple: to make women stop speaking. Platforms must respond to reports quickly and governments must investigate threats.",
                "okafor",
            ),
        ],
    },
    {
        "slug": "flood-relief-discrimination",
        "title": "Flood relief left out the communities hit hardest",
        "date": "2026-10-14",
        "teaser": "Families in informal settlements received little or no aid after record floods. Climate adaptation must reach the people most at risk.",
        "dateline": "MANILA",
        "topics": ["climate-justice"],
        "countries": ["philippines"],
        "spokespeople": ["tan"],
        "photo": "floodplain",
        "body": [
            p(
                "Residents of riverside settlements told us that aid distribution lists excluded anyone without a formal address, leaving thousands without food or shelter for weeks."
            ),
            quote(
                "Climate change is already here and it hits hardest those with the least. Relief and adaptation plans must be designed with them, not without them.",
                "tan",
            ),
        ],
    },
]

REPORTS = [
    {
        "slug": "ending-the-torture-trade",
        "title": "Ending the torture trade: the path to global controls",
        "date": "2024-12-10",
        "teaser": "Our research traces the makers and sellers of torture equipment across 24 countries, and sets out how a treaty could stop them.",
        "topics": ["torture-prevention"],
        "countries": ["egypt", "nigeria", "myanmar"],
        "spokespeople": ["mansour"],
        "photo": "handcuffs",
        "reference": "LR 41/2024",
        "pages": 68,
        "findings": [
            "Companies in 24 countries advertised equipment with no use other than torture.",
            "Only a minority of states control the export of spiked batons and electric-shock devices.",
            "Ordinary riot-control equipment reached forces with records of serious abuse.",
        ],
        "body": [
            p(
                "This report draws on trade fair catalogues, export data and interviews with survivors to show how equipment designed to cause pain continues to be sold."
            ),
            quote(
                "A treaty is within reach. States that already ban this trade at home should lead the way to a global ban.",
                "mansour",
            ),
        ],
    },
    {
        "slug": "locked-up-at-the-border",
        "title": "Locked up at the border: detention of asylum-seekers",
        "date": "2025-04-10",
        "teaser": "Sixty-four people describe automatic detention, strip searches and months without information about their claims.",
        "topics": ["refugee-and-migrant-rights"],
        "countries": ["poland", "lithuania"],
        "spokespeople": ["okafor"],
        "photo": "border-fence",
        "reference": "LR 12/2025",
        "pages": 52,
        "findings": [
            "Detention was automatic for almost everyone interviewed.",
            "Families with children were held for up to seven months.",
            "Most people were never told how to challenge their detention.",
        ],
        "body": [
            p(
                "Between May and December, our researchers visited three guarded centres and interviewed people held there, their lawyers and the staff of aid organisations."
            ),
        ],
    },
    {
        "slug": "surveillance-for-sale",
        "title": "Surveillance for sale: spyware and the people it targets",
        "date": "2026-05-27",
        "teaser": "A forensic investigation into commercial spyware used against activists, lawyers and journalists, and the companies that sell it.",
        "topics": ["digital-rights"],
        "countries": ["egypt", "tunisia", "mexico"],
        "spokespeople": ["ferreira"],
        "photo": "phone-screen",
        "reference": "LR 20/2026",
        "pages": 84,
        "findings": [
            "Nine of 31 examined devices showed traces of commercial spyware.",
            "Infections clustered around dates of court hearings and protests.",
            "Export licences were granted despite known risks of misuse.",
        ],
        "body": [
            p(
                "The report sets out our forensic method so that others can reproduce it, and names the export controls that failed."
            ),
        ],
    },
]

CAMPAIGNS = [
    {
        "slug": "free-the-journalists",
        "title": "Free the journalists",
        "intro": "Reporters are in prison for doing their job. Help us bring them home.",
        "goal": "The release of every journalist imprisoned for their reporting, and the repeal of laws used to jail them.",
        "status": "active",
        "photo": "vigil",
        "topics": ["freedom-of-expression"],
        "cta": (
            "Add your name",
            "Sign the petition calling for their release.",
            "https://lumenrights.example/act/free-the-journalists",
        ),
        "updates": [
            {
                "slug": "petition-reaches-240000",
                "title": "240,000 signatures delivered to the justice ministry",
                "date": "2026-09-15",
                "teaser": "Volunteers in six cities handed in our petition for the release of imprisoned journalists.",
                "countries": ["belarus", "georgia"],
                "spokespeople": ["okafor"],
                "photo": "petition",
                "body": [
                    p(
                        "Thank you to everyone who signed. Officials accepted the boxes and agreed to a meeting next month."
                    ),
                    quote(
                        "Every signature is a message that these journalists are not forgotten.",
                        "okafor",
                    ),
                ],
            },
            {
                "slug": "two-reporters-released",
                "title": "Two reporters released after 18 months",
                "date": "2026-06-02",
                "teaser": "Two of the journalists at the heart of our campaign are home with their families.",
                "countries": ["georgia"],
                "spokespeople": ["vasik"],
                "photo": "courthouse",
                "body": [
                    p(
                        "Both were released on the same day, without explanation. Others remain in prison and the campaign continues."
                    )
                ],
            },
            {
                "slug": "campaign-launch",
                "title": "Why we are launching 'Free the journalists'",
                "date": "2026-01-20",
                "teaser": "More journalists are in prison than at any time in the past decade.",
                "countries": ["belarus"],
                "spokespeople": ["okafor"],
                "photo": "newsroom",
                "body": [
                    p(
                        "Today we begin a campaign for the release of imprisoned reporters, starting with twelve cases we have documented in depth."
                    )
                ],
            },
        ],
    },
    {
        "slug": "stop-pushbacks",
        "title": "Stop pushbacks at Europe's borders",
        "intro": "People seeking safety are being forced back across borders, often violently.",
        "goal": "An end to pushbacks and independent monitoring at every border crossing.",
        "status": "won",
        "photo": "border-fence",
        "topics": ["refugee-and-migrant-rights"],
        "cta": (
            "Read what changed",
            "The monitoring law passed. See what it means.",
            "https://lumenrights.example/stop-pushbacks/result",
        ),
        "updates": [
            {
                "slug": "monitoring-law-passed",
                "title": "Independent border monitoring becomes law",
                "date": "2026-07-30",
                "teaser": "Parliament voted for independent monitors at every border crossing: a victory for everyone who campaigned.",
                "countries": ["lithuania"],
                "spokespeople": ["okafor"],
                "photo": "protest-march",
                "body": [
                    p(
                        "The new law gives independent monitors unannounced access to border areas and detention facilities."
                    )
                ],
            },
            {
                "slug": "testimony-to-parliament",
                "title": "Survivors give evidence to parliament",
                "date": "2026-03-12",
                "teaser": "Three people who were pushed back told lawmakers what happened to them.",
                "countries": ["lithuania", "poland"],
                "spokespeople": ["vasik"],
                "photo": "camp",
                "body": [
                    p(
                        "Their testimony was heard by the human rights committee, which later recommended independent monitoring."
                    )
                ],
            },
        ],
    },
]
