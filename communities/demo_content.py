"""Demo content for ``manage.py seed_demo``: organisations, people, communities, their
discussions, and prose.

Pure data, no database access. The facts come from the five source documents in
``../shared/seeds/``: Partnerforum (Norway), Synergia (Poland with Bulgaria, Latvia and
Hungary), Partnership for Change (Slovenia), communities of practice (Poland) and social
clustering (Lithuania). Organisations named there keep their real names; the people are
invented, and so are the discussions, which follow the situations the documents describe.
"""

from __future__ import annotations

from html import escape

DEMO_PASSWORD = "praxis-demo"  # noqa: S105 - documented demo password, demo data only

DEMO_LOGINS = [
    {
        "username": "editor",
        "password": DEMO_PASSWORD,
        "role": "Editor and superuser: the Wagtail admin at /admin/, the guide and the "
        "practice library; can read and facilitate every community.",
    },
    {
        "username": "facilitator",
        "password": DEMO_PASSWORD,
        "role": "Marta Kowalska (Chancellery of the Prime Minister, Poland): facilitates "
        "Monitoring programme implementation, Working with external experts (two join "
        "requests waiting) and Peer learning for managers (Synergia).",
    },
    {
        "username": "jonas",
        "password": DEMO_PASSWORD,
        "role": "Jonas Petrauskas (Biržai District Municipality, Lithuania): practitioner, "
        "member of three communities; can join open ones or ask to join the rest.",
    },
    {
        "username": "ingrid",
        "password": DEMO_PASSWORD,
        "role": "Ingrid Haugland (Norwegian Digitalisation Agency): practitioner, member of "
        "four communities including the invitation-only Partnerforum programme group.",
    },
    {
        "username": "moderator",
        "password": DEMO_PASSWORD,
        "role": "Zofia Nowicka (Moderators group): approves or rejects practice cases in "
        'the Wagtail admin\'s "Practice review" workflow.',
    },
]


def paragraphs(*texts: str) -> str:
    """Rich-text HTML: one ``<p>`` per paragraph, text escaped."""
    return "".join(f"<p>{escape(text, quote=False)}</p>" for text in texts)


# Wagtail tree ------------------------------------------------------------------------

HOME_PAGE = {
    "title": "Praxis",
    "slug": "home",
    "intro": (
        "Praxis connects people in public administration who do the same kind of work in "
        "different ministries, agencies, municipalities and countries, so that they can "
        "learn from each other."
    ),
    "body": paragraphs(
        "A community of practice is a group of people who regularly discuss one clearly "
        "defined topic. Taking part is voluntary. Members do the same or similar work, or "
        "care about the same questions (working with external experts, including "
        "colleagues with disabilities, organising conferences, monitoring how programmes "
        "are implemented), but they rarely work together day to day.",
        "What a community does is simple: its members exchange information, learn from "
        "and inspire each other, and spread good practices, standards and ways of "
        "working. Communities are most valuable when their members come from different "
        "units or different organisations. Then information and cooperation flow across "
        "the lines that usually separate them, and the silos of public administration "
        "become a little less tight.",
        "An organisation can, and should, have many communities, each with a clear topic "
        "of its own. They are not only for managers: specialists, team leads and "
        "directors all bring something. The method is cheap to start and cheap to keep "
        "going. What helps most is a short, readable guide to running a community, with "
        "examples of good practice, and Praxis keeps one next to the communities "
        "themselves.",
        "The communities here build on programmes that already work this way: "
        "Partnerforum, where the University of Oslo and BI Norwegian Business School "
        "bring officials from different ministries together around topics they choose; "
        "Synergia, the peer-learning sessions for managers from Poland, Bulgaria, Latvia "
        "and Hungary; Slovenia's Partnership for Change, where public bodies and "
        "companies solve challenges together and exchange staff; and the Lithuanian "
        "social-clustering network of municipalities, colleges and NGOs.",
    ),
}

COMMUNITY_INDEX_PAGE = {
    "title": "Communities",
    "slug": "communities",
    "intro": (
        "Each community discusses one clearly defined topic. Join the ones that match "
        "your work, see who takes part from other organisations, and bring your own "
        "questions to the next meeting."
    ),
}


# Organisations -----------------------------------------------------------------------
# "key" is only used inside this file to attach people to organisations.
# Websites only where they are certain (several are given by the source documents).

ORGANISATIONS = [
    # Poland
    {
        "key": "kprm",
        "name": "Chancellery of the Prime Minister",
        "short_name": "KPRM",
        "country": "PL",
        "type": "ministry",
        "level_of_government": "central",
        "website": "https://www.gov.pl/web/premier",
    },
    {
        "key": "mfipr",
        "name": "Ministry of Development Funds and Regional Policy",
        "short_name": "MFiPR",
        "country": "PL",
        "type": "ministry",
        "level_of_government": "central",
        "website": "https://www.gov.pl/web/fundusze-regiony",
    },
    {
        "key": "ksap",
        "name": "National School of Public Administration",
        "short_name": "KSAP",
        "country": "PL",
        "type": "central_agency",
        "level_of_government": "central",
        "website": "https://www.ksap.gov.pl",
    },
    # Norway
    {
        "key": "uio",
        "name": "University of Oslo",
        "short_name": "UiO",
        "country": "NO",
        "type": "university",
        "level_of_government": "n/a",
        "website": "https://www.uio.no",
    },
    {
        "key": "bi",
        "name": "BI Norwegian Business School",
        "short_name": "BI",
        "country": "NO",
        "type": "university",
        "level_of_government": "n/a",
        "website": "https://www.bi.no",
    },
    {
        "key": "digdir",
        "name": "Norwegian Digitalisation Agency",
        "short_name": "Digdir",
        "country": "NO",
        "type": "central_agency",
        "level_of_government": "central",
        "website": "https://www.digdir.no",
    },
    {
        "key": "miljodir",
        "name": "Norwegian Environment Agency",
        "short_name": "Miljødirektoratet",
        "country": "NO",
        "type": "central_agency",
        "level_of_government": "central",
        "website": "https://www.miljodirektoratet.no",
    },
    {
        "key": "fun",
        "name": "Flexible Education Norway",
        "short_name": "Fleksibel utdanning Norge",
        "country": "NO",
        "type": "ngo",
        "level_of_government": "n/a",
        "website": "http://fleksibelutdanning.no/",
    },
    # Slovenia
    {
        "key": "mju",
        "name": "Ministry of Public Administration of the Republic of Slovenia",
        "short_name": "MJU",
        "country": "SI",
        "type": "ministry",
        "level_of_government": "central",
        "website": "",
    },
    {
        "key": "ajpes",
        "name": "Agency of the Republic of Slovenia for Public Legal Records and Related Services",
        "short_name": "AJPES",
        "country": "SI",
        "type": "central_agency",
        "level_of_government": "central",
        "website": "https://www.ajpes.si",
    },
    {
        "key": "ue_smarje",
        "name": "Šmarje pri Jelšah Administrative Unit",
        "short_name": "UE Šmarje pri Jelšah",
        "country": "SI",
        "type": "regional_office",
        "level_of_government": "regional",
        "website": "",
    },
    {
        "key": "languagesitter",
        "name": "LanguageSitter",
        "short_name": "",
        "country": "SI",
        "type": "company",
        "level_of_government": "n/a",
        "website": "",
    },
    # Lithuania
    {
        "key": "birzai",
        "name": "Biržai District Municipality",
        "short_name": "Biržai",
        "country": "LT",
        "type": "municipality",
        "level_of_government": "local",
        "website": "http://www.birzai.lt/",
    },
    {
        "key": "lduk",
        "name": "Lithuanian College of Democracy",
        "short_name": "LDUK",
        "country": "LT",
        "type": "university",
        "level_of_government": "n/a",
        "website": "http://www.lduk.lt/",
    },
    {
        "key": "gintarine",
        "name": "Gintarinė akademija",
        "short_name": "Amber Academy",
        "country": "LT",
        "type": "ngo",
        "level_of_government": "n/a",
        "website": "http://www.gintarineakademija.lt/",
    },
    # Bulgaria, Latvia, Hungary (Synergia partners)
    {
        "key": "ipa",
        "name": "Institute of Public Administration",
        "short_name": "IPA",
        "country": "BG",
        "type": "central_agency",
        "level_of_government": "central",
        "website": "https://www.ipa.government.bg",
    },
    {
        "key": "lspa",
        "name": "Latvian School of Public Administration",
        "short_name": "LSPA",
        "country": "LV",
        "type": "central_agency",
        "level_of_government": "central",
        "website": "https://www.vas.gov.lv",
    },
    {
        "key": "nups",
        "name": "National University of Public Service",
        "short_name": "NUPS",
        "country": "HU",
        "type": "university",
        "level_of_government": "n/a",
        "website": "https://www.uni-nke.hu",
    },
]


# People ------------------------------------------------------------------------------
# All invented. E-mail is username@example.org unless "email" is given.

PEOPLE = [
    # Poland
    {
        "username": "editor",
        "first_name": "Ewa",
        "last_name": "Zawadzka",
        "organisation": "kprm",
        "department": "Civil Service Department",
        "job_title": "Knowledge management coordinator, Praxis editor",
        "staff_level": "senior_specialist",
        "country": "PL",
        "languages": ["pl", "en", "de"],
        "bio": "Edits the Praxis guide and the good-practice library. Before that she spent "
        "eight years organising training for the civil service.",
        "superuser": True,
    },
    {
        "username": "facilitator",
        "first_name": "Marta",
        "last_name": "Kowalska",
        "organisation": "kprm",
        "department": "Government Work Programming Department",
        "job_title": "Head of the Government Programmes Monitoring Unit",
        "staff_level": "manager",
        "country": "PL",
        "languages": ["pl", "en", "fr"],
        "bio": "Runs the unit that follows how government programmes are implemented across "
        "ministries. Started the monitoring community after noticing that every ministry was "
        "building the same dashboards on its own.",
    },
    {
        "username": "agnieszka.dabrowska",
        "first_name": "Agnieszka",
        "last_name": "Dąbrowska",
        "organisation": "mfipr",
        "department": "Department of EU Funds Implementation Coordination",
        "job_title": "Monitoring and evaluation specialist",
        "staff_level": "specialist",
        "country": "PL",
        "languages": ["pl", "en"],
        "bio": "Prepares the reports for the monitoring committee and looks after the "
        "indicator catalogue. Interested in measuring results that are hard to count.",
    },
    {
        "username": "pawel.wojcik",
        "first_name": "Paweł",
        "last_name": "Wójcik",
        "organisation": "mfipr",
        "department": "Technical Assistance Department",
        "job_title": "Senior specialist, expert contracts",
        "staff_level": "senior_specialist",
        "country": "PL",
        "languages": ["pl", "en", "ru"],
        "bio": "Contracts the experts who assess project applications and keeps the "
        "ministry's register of evaluators up to date.",
    },
    {
        "username": "joanna.mazur",
        "first_name": "Joanna",
        "last_name": "Mazur",
        "organisation": "mfipr",
        "department": "Human Resources Office",
        "job_title": "Team lead, training and development",
        "staff_level": "team_lead",
        "country": "PL",
        "languages": ["pl", "en"],
        "bio": "Leads the team that plans training for the whole ministry. Currently "
        "rebuilding the induction programme for new staff.",
    },
    {
        "username": "beata.sikora",
        "first_name": "Beata",
        "last_name": "Sikora",
        "organisation": "mfipr",
        "department": "Administrative Office",
        "job_title": "Accessibility coordinator",
        "staff_level": "senior_specialist",
        "country": "PL",
        "languages": ["pl", "en"],
        "bio": "Coordinates the ministry's accessibility plan, from the entrance ramp to "
        "accessible documents. A wheelchair user, happy to talk about what really helps.",
    },
    {
        "username": "katarzyna.szymanska",
        "first_name": "Katarzyna",
        "last_name": "Szymańska",
        "organisation": "ksap",
        "department": "International Cooperation Unit",
        "job_title": "Synergia programme coordinator",
        "staff_level": "manager",
        "country": "PL",
        "languages": ["pl", "en", "hu"],
        "bio": "Coordinated three editions of Synergia with partners in Bulgaria, Latvia and "
        "Hungary. Trained as an organisational psychologist.",
    },
    {
        "username": "michal.grabowski",
        "first_name": "Michał",
        "last_name": "Grabowski",
        "organisation": "ksap",
        "department": "Training and Events Unit",
        "job_title": "Events specialist",
        "staff_level": "specialist",
        "country": "PL",
        "languages": ["pl", "en"],
        "bio": "Has run more than sixty conferences, seminars and study visits, on site and "
        "online. Keeps a checklist for everything.",
    },
    {
        "username": "aleksandra.pawlak",
        "first_name": "Aleksandra",
        "last_name": "Pawlak",
        "organisation": "kprm",
        "department": "Civil Service Department",
        "job_title": "Senior expert, competence development",
        "staff_level": "senior_specialist",
        "country": "PL",
        "languages": ["pl", "en", "de"],
        "bio": "Works on the civil service training framework and the competence model for "
        "managers. A sociologist by training.",
    },
    {
        "username": "krzysztof.lewandowski",
        "first_name": "Krzysztof",
        "last_name": "Lewandowski",
        "organisation": "kprm",
        "department": "Strategic Planning Department",
        "job_title": "Deputy Director",
        "staff_level": "director",
        "country": "PL",
        "languages": ["pl", "en"],
        "bio": "Responsible for the government's planning cycle. Took part in the second "
        "edition of Synergia and has stayed in the peer group since.",
    },
    {
        "username": "lukasz.jankowski",
        "first_name": "Łukasz",
        "last_name": "Jankowski",
        "organisation": "kprm",
        "department": "Digital Affairs Department",
        "job_title": "Product owner, citizen services",
        "staff_level": "team_lead",
        "country": "PL",
        "languages": ["pl", "en"],
        "bio": "Product owner for a group of online citizen services. Looks at the usage "
        "figures every week and wants to know what actually moves them.",
    },
    # Norway
    {
        "username": "ingrid",
        "first_name": "Ingrid",
        "last_name": "Haugland",
        "organisation": "digdir",
        "department": "Division for Public Services",
        "job_title": "Senior adviser, service design",
        "staff_level": "senior_specialist",
        "country": "NO",
        "languages": ["nb", "en", "sv"],
        "bio": "Service designer working on joined-up services for life events such as "
        "starting a business. Represents her agency in Partnerforum.",
    },
    {
        "username": "ole.berg",
        "first_name": "Ole Martin",
        "last_name": "Berg",
        "organisation": "digdir",
        "department": "Division for Common Solutions",
        "job_title": "Team lead, usage analytics",
        "staff_level": "team_lead",
        "country": "NO",
        "languages": ["nb", "en"],
        "bio": "Leads the team that measures how national common solutions are used by "
        "agencies and municipalities.",
    },
    {
        "username": "lars.eide",
        "first_name": "Lars",
        "last_name": "Eide",
        "organisation": "digdir",
        "department": "Authority for Universal Design of ICT",
        "job_title": "Senior adviser",
        "staff_level": "senior_specialist",
        "country": "NO",
        "languages": ["nb", "en", "da"],
        "bio": "Checks that public websites and apps meet the universal-design rules, and "
        "advises employers on accessible internal systems.",
    },
    {
        "username": "sigrid.aas",
        "first_name": "Sigrid",
        "last_name": "Aas",
        "organisation": "digdir",
        "department": "Communication Department",
        "job_title": "Communications adviser",
        "staff_level": "specialist",
        "country": "NO",
        "languages": ["nb", "en"],
        "bio": "Writes the campaigns and guidance that help municipalities explain digital "
        "services to their residents.",
    },
    {
        "username": "kari.nordby",
        "first_name": "Kari",
        "last_name": "Nordby",
        "organisation": "uio",
        "department": "Department of Political Science",
        "job_title": "Associate professor, academic lead of Partnerforum",
        "staff_level": "other",
        "country": "NO",
        "languages": ["nb", "en", "de"],
        "bio": "Researches public administration and climate governance. Insists that every "
        "Partnerforum meeting ends with something participants can use on Monday.",
    },
    {
        "username": "erik.lunde",
        "first_name": "Erik",
        "last_name": "Lunde",
        "organisation": "bi",
        "department": "Department of Leadership and Organizational Behaviour",
        "job_title": "Associate professor",
        "staff_level": "other",
        "country": "NO",
        "languages": ["nb", "en"],
        "bio": "Teaches public-sector leadership and co-organises the Partnerforum seminars "
        "on HR and competence development.",
    },
    {
        "username": "hanne.strand",
        "first_name": "Hanne",
        "last_name": "Strand",
        "organisation": "fun",
        "department": "",
        "job_title": "Senior adviser, online learning",
        "staff_level": "senior_specialist",
        "country": "NO",
        "languages": ["nb", "en", "lt"],
        "bio": "Helps municipalities and colleges set up remote training. Worked with the "
        "Lithuanian partners of the social-clustering project and picked up some "
        "Lithuanian on the way.",
    },
    {
        "username": "knut.haugen",
        "first_name": "Knut",
        "last_name": "Haugen",
        "organisation": "miljodir",
        "department": "Climate Department",
        "job_title": "Senior adviser, municipal climate planning",
        "staff_level": "senior_specialist",
        "country": "NO",
        "languages": ["nb", "en"],
        "bio": "Advises municipalities on climate budgets and on planning for climate and energy.",
    },
    # Slovenia
    {
        "username": "maja.novak",
        "first_name": "Maja",
        "last_name": "Novak",
        "organisation": "mju",
        "department": "Directorate for Public Sector Organisation and Development",
        "job_title": "Head of the Partnership for Change programme",
        "staff_level": "manager",
        "country": "SI",
        "languages": ["sl", "en", "hr"],
        "bio": "Coordinates Partnership for Change on the public-administration side, "
        "together with AmCham Slovenia.",
    },
    {
        "username": "luka.kranjc",
        "first_name": "Luka",
        "last_name": "Kranjc",
        "organisation": "mju",
        "department": "Human Resources Service",
        "job_title": "Coordinator of staff exchanges",
        "staff_level": "senior_specialist",
        "country": "SI",
        "languages": ["sl", "en", "de"],
        "bio": "Matches civil servants with host companies for week-long exchanges and "
        "collects what they bring back.",
    },
    {
        "username": "nina.zupancic",
        "first_name": "Nina",
        "last_name": "Zupančič",
        "organisation": "mju",
        "department": "Public Procurement Directorate",
        "job_title": "Green public procurement specialist",
        "staff_level": "specialist",
        "country": "SI",
        "languages": ["sl", "en", "it"],
        "bio": "Drafts the environmental criteria for central purchases of vehicles, IT "
        "equipment and catering.",
    },
    {
        "username": "tadej.kovac",
        "first_name": "Tadej",
        "last_name": "Kovač",
        "organisation": "mju",
        "department": "Office of the Minister",
        "job_title": "State Secretary",
        "staff_level": "senior_executive",
        "country": "SI",
        "languages": ["sl", "en", "de"],
        "bio": "State secretary responsible for developing public administration. Joins "
        "meetings when he can, and mostly listens.",
    },
    {
        "username": "petra.horvat",
        "first_name": "Petra",
        "last_name": "Horvat",
        "organisation": "ajpes",
        "department": "Communication and Customer Relations",
        "job_title": "Head of communication",
        "staff_level": "manager",
        "country": "SI",
        "languages": ["sl", "en"],
        "bio": "Led the agency's e-services challenge in the fifth round of Partnership for "
        "Change and still tracks uptake month by month.",
    },
    {
        "username": "andrej.golob",
        "first_name": "Andrej",
        "last_name": "Golob",
        "organisation": "ajpes",
        "department": "IT Department",
        "job_title": "Developer, e-services portal",
        "staff_level": "specialist",
        "country": "SI",
        "languages": ["sl", "en"],
        "bio": "Builds and maintains e-services for businesses. Spent a week at a software "
        "company on a Partnership for Change exchange.",
    },
    {
        "username": "mateja.krajnc",
        "first_name": "Mateja",
        "last_name": "Krajnc",
        "organisation": "ue_smarje",
        "department": "Main Office",
        "job_title": "Head of the main office",
        "staff_level": "manager",
        "country": "SI",
        "languages": ["sl", "en", "hr"],
        "bio": "Runs the front office where citizens file their applications. Worked on the "
        "building-permit challenge in Partnership for Change.",
    },
    {
        "username": "simon.vidmar",
        "first_name": "Simon",
        "last_name": "Vidmar",
        "organisation": "ue_smarje",
        "department": "Environment and Spatial Planning Department",
        "job_title": "Senior administrator, construction permits",
        "staff_level": "senior_specialist",
        "country": "SI",
        "languages": ["sl", "de"],
        "bio": "Handles building-permit procedures and rewrote the guidance for applicants "
        "after the law changed.",
    },
    {
        "username": "tina.mlakar",
        "first_name": "Tina",
        "last_name": "Mlakar",
        "organisation": "languagesitter",
        "department": "",
        "job_title": "Project manager",
        "staff_level": "manager",
        "country": "SI",
        "languages": ["sl", "en", "es"],
        "bio": "Runs projects with schools and teachers at an education company, and has "
        "hosted two civil servants on Partnership for Change exchanges.",
    },
    # Lithuania
    {
        "username": "jonas",
        "first_name": "Jonas",
        "last_name": "Petrauskas",
        "organisation": "birzai",
        "department": "Social Support Division",
        "job_title": "Senior specialist, social services",
        "staff_level": "senior_specialist",
        "country": "LT",
        "languages": ["lt", "en", "ru"],
        "bio": "Plans social services for older and disabled residents of the district and "
        "coordinates the work of local NGOs that provide them.",
    },
    {
        "username": "rasa.kazlauskiene",
        "first_name": "Rasa",
        "last_name": "Kazlauskienė",
        "organisation": "birzai",
        "department": "Municipal Administration",
        "job_title": "Director of the Municipal Administration",
        "staff_level": "director",
        "country": "LT",
        "languages": ["lt", "en", "ru"],
        "bio": "Heads the municipal administration. Took the municipality into the "
        "social-clustering partnership and wants the network to outlive the project.",
    },
    {
        "username": "vaida.zukauskaite",
        "first_name": "Vaida",
        "last_name": "Žukauskaitė",
        "organisation": "birzai",
        "department": "Education Division",
        "job_title": "Specialist",
        "staff_level": "specialist",
        "country": "LT",
        "languages": ["lt", "en"],
        "bio": "Organises training for teachers and municipal staff, most of it now online.",
    },
    {
        "username": "audrone.jankauskiene",
        "first_name": "Audronė",
        "last_name": "Jankauskienė",
        "organisation": "lduk",
        "department": "Department of Social Sciences",
        "job_title": "Lecturer",
        "staff_level": "senior_specialist",
        "country": "LT",
        "languages": ["lt", "en", "pl"],
        "bio": "Co-author of the social-clustering competence model for public-sector staff. "
        "Teaches community work and adult learning.",
    },
    {
        "username": "tomas.stankevicius",
        "first_name": "Tomas",
        "last_name": "Stankevičius",
        "organisation": "lduk",
        "department": "Continuing Education Centre",
        "job_title": "Head of Continuing Education",
        "staff_level": "manager",
        "country": "LT",
        "languages": ["lt", "en", "ru"],
        "bio": "Runs courses for municipal employees and reported the project's results to "
        "its funders.",
    },
    {
        "username": "dalia.vaitkiene",
        "first_name": "Dalia",
        "last_name": "Vaitkienė",
        "organisation": "gintarine",
        "department": "",
        "job_title": "Director",
        "staff_level": "director",
        "country": "LT",
        "languages": ["lt", "en", "nb"],
        "bio": "Directs an NGO that trains and supports volunteers in social services. "
        "Organised two study visits to Oslo for the Lithuanian partners.",
    },
    {
        "username": "mantas.paulauskas",
        "first_name": "Mantas",
        "last_name": "Paulauskas",
        "organisation": "gintarine",
        "department": "",
        "job_title": "Project coordinator",
        "staff_level": "specialist",
        "country": "LT",
        "languages": ["lt", "en"],
        "bio": "Coordinates partner meetings, study visits and remote training sessions.",
    },
    # Bulgaria
    {
        "username": "maria.georgieva",
        "first_name": "Maria",
        "last_name": "Georgieva",
        "organisation": "ipa",
        "department": "Training Programmes Directorate",
        "job_title": "Head of Department",
        "staff_level": "manager",
        "country": "BG",
        "languages": ["bg", "en", "ru"],
        "bio": "Designs training programmes for managers in the Bulgarian state "
        "administration. Bulgarian partner coordinator in Synergia.",
    },
    {
        "username": "dimitar.petrov",
        "first_name": "Dimitar",
        "last_name": "Petrov",
        "organisation": "ipa",
        "department": "Training Programmes Directorate",
        "job_title": "Chief expert",
        "staff_level": "senior_specialist",
        "country": "BG",
        "languages": ["bg", "en", "de"],
        "bio": "Puts together the reviewer panels for new training curricula and evaluates "
        "courses once they have run.",
    },
    {
        "username": "elena.ivanova",
        "first_name": "Elena",
        "last_name": "Ivanova",
        "organisation": "ipa",
        "department": "Regional Training Unit",
        "job_title": "Expert, training for municipalities",
        "staff_level": "specialist",
        "country": "BG",
        "languages": ["bg", "en"],
        "bio": "Organises courses for municipal staff across Bulgaria, on site and online.",
    },
    # Latvia
    {
        "username": "ilze.berzina",
        "first_name": "Ilze",
        "last_name": "Bērziņa",
        "organisation": "lspa",
        "department": "Programme Development",
        "job_title": "Head of Programme Development",
        "staff_level": "manager",
        "country": "LV",
        "languages": ["lv", "en", "ru"],
        "bio": "Builds the school's programmes for senior civil servants. Latvian partner "
        "coordinator in Synergia.",
    },
    {
        "username": "janis.ozols",
        "first_name": "Jānis",
        "last_name": "Ozols",
        "organisation": "lspa",
        "department": "Training Department",
        "job_title": "Team lead, trainers",
        "staff_level": "team_lead",
        "country": "LV",
        "languages": ["lv", "en"],
        "bio": "Leads a team of trainers and moderates online workshops and Open Space sessions.",
    },
    # Hungary
    {
        "username": "zsofia.nagy",
        "first_name": "Zsófia",
        "last_name": "Nagy",
        "organisation": "nups",
        "department": "Faculty of Public Governance and International Studies",
        "job_title": "Research fellow",
        "staff_level": "senior_specialist",
        "country": "HU",
        "languages": ["hu", "en", "de"],
        "bio": "Researches policy evaluation and climate governance in Central and Eastern Europe.",
    },
    {
        "username": "gabor.kovacs",
        "first_name": "Gábor",
        "last_name": "Kovács",
        "organisation": "nups",
        "department": "Institute for Continuing Education",
        "job_title": "Head of Continuing Education",
        "staff_level": "manager",
        "country": "HU",
        "languages": ["hu", "en"],
        "bio": "Runs in-service training for Hungarian civil servants. Hungarian partner "
        "coordinator in Synergia.",
    },
]


# Communities -------------------------------------------------------------------------
# founded_days_ago: when the community started (facilitators joined then); members
# joined at stable pseudo-random dates after that. last_activity_hours_ago: how long ago
# something last happened. pending: (username, request message).

COMMUNITIES = [
    {
        "slug": "monitoring-programme-implementation",
        "title": "Monitoring programme implementation",
        "topic": "Indicators, reporting systems and monitoring committees, and how we use "
        "monitoring data to correct programmes that are under way.",
        "description": paragraphs(
            "Whether the money comes from the EU funds, the Norway Grants or a national "
            "budget line, someone has to follow how a programme is actually being "
            "implemented: set sensible indicators, collect data from beneficiaries, "
            "prepare reports for the monitoring committee and raise the alarm when a "
            "measure falls behind. This community is for the people who do that work: in "
            "the centre of government, in ministries and managing authorities, and on the "
            "beneficiary side.",
            "Typical discussions: output versus result indicators, and how to avoid "
            "counting what is easy instead of what matters; how to keep the reporting "
            "burden on beneficiaries low; dashboards that committee members actually read; "
            "and what to do when the data show that a measure is not working. The "
            "Lithuanian social-clustering project, for example, had to report its "
            "competence model as a formal result indicator, and members compared how such "
            "soft results can be measured honestly.",
            "We meet online once a month and hold one longer seminar a year, timed before "
            "the annual implementation reports are due.",
        ),
        "themes": ["Governance", "Government policy", "Efficiency", "Economy"],
        "visibility": "public",
        "listed_in_index": True,
        "join_policy": "open",
        "meeting_rhythm": "Online meeting, last Thursday of the month, 10:00-11:30 CET; "
        "annual seminar in March",
        "founded_days_ago": 540,
        "last_activity_hours_ago": 5,
        "facilitators": ["facilitator", "agnieszka.dabrowska"],
        "members": [
            "pawel.wojcik",
            "krzysztof.lewandowski",
            "rasa.kazlauskiene",
            "tomas.stankevicius",
            "ilze.berzina",
            "zsofia.nagy",
            "maria.georgieva",
            "maja.novak",
        ],
        "pending": [],
    },
    {
        "slug": "working-with-external-experts",
        "title": "Working with external experts",
        "topic": "How we find, contract, brief and evaluate external experts for analyses, "
        "evaluations and the appraisal of project applications.",
        "description": paragraphs(
            "Most of us commission outside expertise several times a year: an evaluation, "
            "a legal opinion, a panel of reviewers for grant applications, an academic to "
            "run a workshop. Each time the same questions come back. Where do we find "
            "people who know the subject and have no conflict of interest? How do we write "
            "terms of reference that produce an answer we can use? What is a fair rate, "
            "and what do the procurement rules allow below and above the thresholds?",
            "This community brings together people who commission, manage and use expert "
            "work in ministries, agencies, universities and schools of public "
            "administration. Members share anonymised terms of reference, expert "
            "registers and impartiality declarations, and talk honestly about the "
            "commissions that went wrong and why.",
            "Partnerforum in Norway has shown that academics and officials work best "
            "together on practical questions in a workshop format, and we try to keep our "
            "meetings just as practical. Joining is on request: tell us in a sentence or "
            "two what kind of expert work you commission, so that the facilitators can "
            "introduce you to members who do the same.",
        ),
        "themes": ["Governance", "Efficiency", "Ethics"],
        "visibility": "public",
        "listed_in_index": True,
        "join_policy": "request",
        "meeting_rhythm": "Online meeting, second Wednesday of the month, 10:00-11:30 CET",
        "founded_days_ago": 470,
        "last_activity_hours_ago": 28,
        "facilitators": ["facilitator", "pawel.wojcik"],
        "members": [
            "agnieszka.dabrowska",
            "katarzyna.szymanska",
            "kari.nordby",
            "erik.lunde",
            "maria.georgieva",
            "zsofia.nagy",
            "maja.novak",
        ],
        "pending": [
            (
                "dimitar.petrov",
                "At the Institute I put together reviewer panels for new training curricula "
                "twice a year, and we keep running into conflicts of interest. I would like "
                "to learn how others handle declarations and the rotation of reviewers.",
            ),
            (
                "mateja.krajnc",
                "Our administrative unit is about to hire an outside consultant to review "
                "our building-permit procedures, for the first time. I would be grateful "
                "for advice on writing the terms of reference.",
            ),
        ],
    },
    {
        "slug": "disability-inclusion",
        "title": "Disability inclusion in the workplace",
        "topic": "What our organisations do so that colleagues with disabilities are "
        "recruited, work and develop on equal terms.",
        "description": paragraphs(
            "Public employers are expected to lead by example in employing people with "
            "disabilities, yet in many offices the responsibility rests with one HR "
            "specialist or one accessibility coordinator who works largely alone. This "
            "community connects those people across ministries, agencies and "
            "municipalities.",
            "We follow the whole path of an employee: accessible job advertisements and "
            "recruitment tests, adjustments at the workplace, assistive technology and "
            "accessible internal systems, induction, career development, and what "
            "managers need to know. Members from the Norwegian Authority for Universal "
            "Design of ICT bring experience with accessibility requirements for digital "
            "tools; members from Polish and Slovenian ministries bring experience with "
            "accessibility coordinators and plans.",
            "Colleagues who live with a disability themselves are especially welcome. The "
            "most useful discussions so far started from a member describing what "
            "actually helped at work, and what did not.",
        ),
        "themes": ["HR", "Ethics", "State and local government"],
        "visibility": "public",
        "listed_in_index": True,
        "join_policy": "open",
        "meeting_rhythm": "Online meeting every six weeks, Thursday 13:00-14:30 CET, with "
        "live captions",
        "founded_days_ago": 430,
        "last_activity_hours_ago": 52,
        "facilitators": ["beata.sikora", "lars.eide"],
        "members": [
            "aleksandra.pawlak",
            "joanna.mazur",
            "ingrid",
            "luka.kranjc",
            "vaida.zukauskaite",
            "hanne.strand",
            "elena.ivanova",
            "simon.vidmar",
        ],
        "pending": [],
    },
    {
        "slug": "organising-conferences",
        "title": "Organising conferences and events",
        "topic": "Planning, running and evaluating conferences, seminars and study visits, "
        "on site, online and hybrid.",
        "description": paragraphs(
            "Behind every conference, seminar or study visit there is someone who books "
            "the venue, agrees the programme with speakers, arranges interpretation, "
            "accessibility and travel, and afterwards writes the report. This community "
            "is for the people who do that work in central administration, schools of "
            "public administration, municipalities and NGOs.",
            "We compare formats that work: Partnerforum's two-hour breakfast meetings, "
            "full-day conferences and seminars; the three-day Synergia peer-learning "
            "sessions, with a different method each day, which moved to an online "
            "platform when travel was impossible; and study visits such as the week of "
            "meetings the Lithuanian social-clustering partners held in Oslo. Members "
            "share checklists, invitation templates, feedback forms and notes on the "
            "online platforms they have tested.",
            "At every second meeting one member walks us through an event they have just "
            "run, with the budget, the attendance and what they would do differently.",
        ),
        "themes": ["Communication", "International affairs", "Efficiency"],
        "visibility": "public",
        "listed_in_index": True,
        "join_policy": "open",
        "meeting_rhythm": "Breakfast meeting 09:00-11:00, first Tuesday of the month",
        "founded_days_ago": 480,
        "last_activity_hours_ago": 75,
        "facilitators": ["michal.grabowski"],
        "members": [
            "facilitator",
            "katarzyna.szymanska",
            "elena.ivanova",
            "janis.ozols",
            "hanne.strand",
            "mantas.paulauskas",
            "tina.mlakar",
            "sigrid.aas",
            "dalia.vaitkiene",
        ],
        "pending": [],
    },
    {
        "slug": "hr-competence-development",
        "title": "HR and competence development",
        "topic": "How HR units plan training, build competence models and exchanges, and "
        "find out what people actually learned.",
        "description": paragraphs(
            "Training budgets in public administration are rarely large, and the question "
            "is always the same: what really helps people get better at their work? This "
            "community brings together HR specialists, training coordinators, managers "
            "and the schools of public administration that design programmes for them.",
            "Recurring topics include competence models (the Lithuanian social-clustering "
            "partners built one for public-sector staff who work with NGOs and presented "
            "it to their Norwegian partners in Oslo), remote training for municipalities, "
            "learning from peers rather than from lecturers, and staff exchanges between "
            "public bodies and companies as a way to develop people. We also talk about "
            "evaluation: how to find out, months later, whether a course changed anything.",
            "In Partnerforum, Norwegian institutions pay a yearly fee to take part and in "
            "return shape the programme themselves; the organisers say that paying makes "
            "institutions take it seriously. We ask members for the same seriousness: "
            "come with a real question from your own organisation.",
        ),
        "themes": ["HR", "Competence development"],
        "visibility": "public",
        "listed_in_index": True,
        "join_policy": "open",
        "meeting_rhythm": "Breakfast meeting 09:00-11:00 (online), third Wednesday of the month",
        "founded_days_ago": 500,
        "last_activity_hours_ago": 9,
        "facilitators": ["aleksandra.pawlak", "audrone.jankauskiene"],
        "members": [
            "jonas",
            "facilitator",
            "editor",
            "joanna.mazur",
            "ilze.berzina",
            "gabor.kovacs",
            "maria.georgieva",
            "tomas.stankevicius",
            "vaida.zukauskaite",
            "janis.ozols",
            "katarzyna.szymanska",
        ],
        "pending": [],
    },
    {
        "slug": "e-services-uptake",
        "title": "E-services uptake",
        "topic": "What actually raises the use of public e-services: outreach, simpler "
        "forms, partners who promote them, and measuring uptake.",
        "description": paragraphs(
            "Building an e-service is only half the job; the other half is getting people "
            "and businesses to use it. In the fifth round of Slovenia's Partnership for "
            "Change, the Agency for Public Legal Records and Related Services (AJPES) took "
            "on exactly this challenge. It raised awareness of its services in many "
            "different ways, worked with partners who reach its users, and measurably "
            "increased the use of its e-services, and it kept going after the round "
            "ended.",
            "This community continues that conversation across countries. Members compare "
            "campaigns, usability fixes, assisted channels for people who cannot or will "
            "not go online, and the statistics they use to show whether uptake is growing. "
            "Members from the Norwegian Digitalisation Agency bring experience with "
            "national common solutions; municipal members bring the view from the front "
            "desk.",
            "Bring your numbers: the most useful meetings start from a chart of real "
            "usage, good or bad.",
        ),
        "themes": ["Innovation", "Communication", "Efficiency"],
        "visibility": "public",
        "listed_in_index": True,
        "join_policy": "open",
        "meeting_rhythm": "Online meeting, first Thursday of the month, 14:00-15:30 CET",
        "founded_days_ago": 400,
        "last_activity_hours_ago": 2,
        "facilitators": ["petra.horvat", "ole.berg"],
        "members": [
            "ingrid",
            "jonas",
            "andrej.golob",
            "lukasz.jankowski",
            "simon.vidmar",
            "sigrid.aas",
            "dimitar.petrov",
            "mateja.krajnc",
            "vaida.zukauskaite",
            "tadej.kovac",
        ],
        "pending": [],
    },
    {
        "slug": "climate-policy-in-practice",
        "title": "Climate policy in practice",
        "topic": "How ministries, agencies and municipalities turn climate targets into "
        "everyday decisions on procurement, buildings and transport.",
        "description": paragraphs(
            "National climate targets are set in strategies and laws, but they are met or "
            "missed in thousands of ordinary administrative decisions: which cars a "
            "ministry leases, how a municipality heats its schools, what a tender asks of "
            "suppliers, whether a meeting is worth flying to. This community is for the "
            "people who make or prepare those decisions, and for the researchers who "
            "study them.",
            "Climate policy is one of the thematic blocks that Norwegian civil servants "
            "chose for Partnerforum, next to democracy, efficiency and governance. Our "
            "members come from ministries, agencies, municipalities, universities and "
            "NGOs in several countries and compare instruments that have worked: green "
            "public procurement criteria, municipal climate and energy plans, climate "
            "budgets, and climate checks in regulatory impact assessment.",
            "Meetings alternate between a short case presented by a member and a seminar "
            "with a researcher.",
        ),
        "themes": ["Climate policy", "Government policy", "State and local government"],
        "visibility": "public",
        "listed_in_index": True,
        "join_policy": "open",
        "meeting_rhythm": "Seminar every second month, Thursday 13:00-15:00, online",
        "founded_days_ago": 300,
        "last_activity_hours_ago": 130,
        "facilitators": ["nina.zupancic", "knut.haugen"],
        "members": [
            "kari.nordby",
            "zsofia.nagy",
            "rasa.kazlauskiene",
            "tadej.kovac",
            "erik.lunde",
            "janis.ozols",
            "agnieszka.dabrowska",
        ],
        "pending": [],
    },
    {
        "slug": "innovation-in-public-services",
        "title": "Innovation in public services",
        "topic": "Redesigning a public service together with its users and with companies, "
        "from the first challenge statement to a tested change.",
        "description": paragraphs(
            "Slovenia's Partnership for Change, run by the Ministry of Public "
            "Administration with AmCham Slovenia, has shown that public bodies and "
            "companies can solve real problems together. In each round organisations "
            "submit challenges, a selection commission picks at most five, and each gets "
            "a mentor. In the fifth round the Šmarje pri Jelšah Administrative Unit took "
            "on the building-permit application. Working with the STOPbirokraciji.si "
            "initiative and with businesses, it helped change the law so that designers, "
            "not citizens, now fill in the application.",
            "This community is for people who want to make that kind of change in their "
            "own service. We work through challenges that members bring: how to write a "
            "challenge statement that a commission will choose, how to involve users and "
            "companies, how to find a mentor, and how to count impact honestly, as the "
            "Partnership does: how many people took part in solving a challenge and how "
            "many are affected by the result.",
            "Twice a year we hold a showcase where members present what changed, in the "
            "spirit of the Partnership's closing event. The programme won the Creative "
            "Network Award of AmChams in Europe and was shortlisted by the OECD among more "
            "than 150 public-sector innovations; we would like our members' work to travel "
            "as far.",
        ),
        "themes": ["Innovation", "Governance", "Economy"],
        "visibility": "public",
        "listed_in_index": True,
        "join_policy": "open",
        "meeting_rhythm": "Online workshop, second Tuesday of the month, 09:00-11:00; "
        "showcase in June and December",
        "founded_days_ago": 360,
        "last_activity_hours_ago": 20,
        "facilitators": ["maja.novak", "tina.mlakar"],
        "members": [
            "ingrid",
            "mateja.krajnc",
            "simon.vidmar",
            "petra.horvat",
            "ole.berg",
            "lukasz.jankowski",
            "gabor.kovacs",
            "krzysztof.lewandowski",
            "tadej.kovac",
            "andrej.golob",
        ],
        "pending": [],
    },
    {
        "slug": "staff-exchanges",
        "title": "Public-private staff exchanges",
        "topic": "Organising week-long exchanges of employees between public bodies and "
        "companies, and using what people bring back.",
        "description": paragraphs(
            "Exchanges of employees have been at the heart of Slovenia's Partnership for "
            "Change from the very start. An exchange usually lasts about a week: a civil "
            "servant spends it in a company, or an employee of a company spends it in a "
            "ministry or an administrative unit. In the fifth round 15 public bodies sent "
            "37 employees and 32 companies sent 21: 58 people in all, the most so far.",
            "Participants report the same benefits again and again: a better "
            "understanding of the other side, more trust, better relations and a stock of "
            "ideas to take home. The work behind that is less visible: finding host "
            "organisations, matching people with the right hosts, agreeing on "
            "confidentiality and insurance, and making sure that what people learned does "
            "not evaporate once they are back at their desks.",
            "This community is for coordinators who organise exchanges and for people who "
            "have taken part in one. We share agreements and checklists, and ask returning "
            "participants what changed in their own work.",
        ),
        "themes": ["HR", "Competence development", "Economy"],
        "visibility": "public",
        "listed_in_index": True,
        "join_policy": "open",
        "meeting_rhythm": "Online meeting, last Wednesday of the month, 12:00-13:00 CET",
        "founded_days_ago": 250,
        "last_activity_hours_ago": 44,
        "facilitators": ["luka.kranjc"],
        "members": [
            "tina.mlakar",
            "andrej.golob",
            "simon.vidmar",
            "maja.novak",
            "petra.horvat",
            "joanna.mazur",
            "dimitar.petrov",
            "erik.lunde",
        ],
        "pending": [],
    },
    {
        "slug": "social-clustering-municipalities",
        "title": "Social clustering in municipalities",
        "topic": "Municipalities, colleges and NGOs share how they build partner networks "
        "that deliver social services together.",
        "description": paragraphs(
            "Small municipalities rarely have the staff to run every social service on "
            "their own. Social clustering is the answer a group of Lithuanian partners has "
            "been working on: municipal administrations, a public-health bureau, a care "
            "home, an education centre, a library, colleges and NGOs, led by the "
            "Lithuanian University of Educational Sciences with Flexible Education Norway "
            "as the Norwegian partner, and funded by the Norway Grants.",
            "The partners developed a competence model for public-sector staff who build "
            "such networks, ran remote training for municipal employees, and went on "
            "study visits to Oslo. There they met the Association of NGOs in Norway, a "
            "provider of virtual training for municipalities in Norway and Denmark, and "
            "the Norwegian Association of Local and Regional Authorities, which works on "
            "these capacities with every Norwegian municipality (some 430 at the time).",
            "This community keeps that exchange going beyond the project. Members share "
            "how they agree roles with NGOs, how they train staff remotely, which "
            "anti-corruption safeguards suit such partnerships, and which results they can "
            "show to their councils.",
        ),
        "themes": ["State and local government", "Competence development", "Governance"],
        "visibility": "public",
        "listed_in_index": True,
        "join_policy": "open",
        "meeting_rhythm": "Online meeting, first Monday of the month, 10:00-11:30 EET; "
        "study visit once a year",
        "founded_days_ago": 460,
        "last_activity_hours_ago": 200,
        "facilitators": ["dalia.vaitkiene", "tomas.stankevicius"],
        "members": [
            "jonas",
            "rasa.kazlauskiene",
            "vaida.zukauskaite",
            "mantas.paulauskas",
            "audrone.jankauskiene",
            "hanne.strand",
            "elena.ivanova",
            "beata.sikora",
        ],
        "pending": [],
    },
    {
        "slug": "synergia-peer-learning",
        "title": "Peer learning for managers (Synergia)",
        "topic": "Managers from Polish, Bulgarian, Latvian and Hungarian administrations "
        "work through each other's management practices and challenges.",
        "description": paragraphs(
            "This community continues the peer-learning sessions of Synergia, a programme "
            "of the National School of Public Administration (KSAP) with the Institute of "
            "Public Administration in Bulgaria, the National University of Public Service "
            "in Hungary and the Latvian School of Public Administration. Its members are "
            "managers and team coordinators from central and field administration who "
            "took part in one of the programme's editions.",
            "Sessions follow the Synergia pattern over three days. On the first day task "
            "groups analyse practices presented during the programme; on the second they "
            "work on management challenges that institutions submitted when they joined; "
            "the third day is an Open Space where participants raise the questions they "
            "care about. Between sessions members report on the good practice each "
            "institution committed to prepare and implement.",
            "The community is members-only so that managers can speak openly about "
            "problems in their own institutions. Managers and team coordinators in public "
            "administration in the region may ask to join.",
        ),
        "themes": ["Governance", "International affairs", "Competence development"],
        "visibility": "members",
        "listed_in_index": True,
        "join_policy": "request",
        "meeting_rhythm": "Three-day online session each quarter; check-in call on the "
        "first Monday of the month, 15:00-16:00 CET",
        "founded_days_ago": 545,
        "last_activity_hours_ago": 96,
        "facilitators": ["katarzyna.szymanska", "facilitator"],
        "members": [
            "maria.georgieva",
            "ilze.berzina",
            "gabor.kovacs",
            "krzysztof.lewandowski",
            "joanna.mazur",
            "aleksandra.pawlak",
            "zsofia.nagy",
        ],
        "pending": [
            (
                "janis.ozols",
                "I lead the trainers' team at the Latvian School of Public Administration "
                "and moderated the Open Space day of the last session. I would like to "
                "follow the management challenges between sessions too.",
            ),
        ],
    },
    {
        "slug": "partnerforum-programme-group",
        "title": "Partnerforum programme group",
        "topic": "Partner representatives choose the topics, speakers and formats of the "
        "next semester's Partnerforum meetings.",
        "description": paragraphs(
            "Partnerforum, run by the University of Oslo and BI Norwegian Business School, "
            "brings together about twenty partners from public administration and "
            "academia. Its strength is that the officials themselves decide what it "
            "covers: topics are proposed by participants and fall into thematic blocks "
            "such as democracy, efficiency, ethics, HR, innovation, climate policy and "
            "governance.",
            "This closed group is where partner representatives do that work. Each "
            "semester we collect topic proposals, agree on the mix of breakfast meetings "
            "(09:00-11:00), full-day conferences and seminars, suggest speakers, and go "
            "through the feedback from the last events. The academic organisers keep the "
            "meetings practical and run them as workshops.",
            "Membership is by invitation: each partner institution nominates one or two "
            "representatives.",
        ),
        "themes": ["Competence development", "Governance", "Democracy"],
        "visibility": "members",
        "listed_in_index": False,
        "join_policy": "invitation",
        "meeting_rhythm": "Planning meeting twice a semester, Friday 09:00-11:00, in Oslo "
        "and online",
        "founded_days_ago": 510,
        "last_activity_hours_ago": 330,
        "facilitators": ["kari.nordby", "erik.lunde"],
        "members": [
            "ingrid",
            "ole.berg",
            "sigrid.aas",
            "lars.eide",
            "hanne.strand",
            "knut.haugen",
        ],
        "pending": [],
    },
]


# Discussions -------------------------------------------------------------------------
# Threads in each community, written from the situations in the source documents. Each
# thread starts ``days_ago`` days before the seed runs; each post is ``at`` hours after
# the thread started (in the order written, so ids follow time). ``reply_to`` and
# ``answer`` are indexes into the thread's posts; the answer is marked by the thread's
# author unless ``answer_by`` names a facilitator. Reactions come from other members.


def post(
    by: str,
    at: float,
    text: str,
    *,
    reply_to: int | None = None,
    helpful: tuple[str, ...] = (),
    thanks: tuple[str, ...] = (),
) -> dict:
    return {
        "by": by,
        "at": at,
        "text": text,
        "reply_to": reply_to,
        "helpful": list(helpful),
        "thanks": list(thanks),
    }


THREADS = [
    # Monitoring programme implementation -------------------------------------------------
    {
        "community": "monitoring-programme-implementation",
        "title": "Reporting burden on beneficiaries: what have you stopped asking for?",
        "tags": ["reporting", "beneficiaries"],
        "days_ago": 95,
        "answer": 2,
        "posts": [
            post(
                "agnieszka.dabrowska",
                0,
                "Our half-yearly report form for beneficiaries has grown to 14 pages. Every "
                "unit added a question after some audit finding, and nobody ever removed "
                "one. Before the next call we want to cut it to what the monitoring "
                "committee really uses.\n\n"
                "Has anyone done this exercise? What did you drop, and did anyone miss it "
                "afterwards?",
            ),
            post(
                "maja.novak",
                4,
                "We did it two years ago at the ministry. The trick was to ask each unit "
                "to name the report or decision in which a question had been used in the "
                "last two years. About a third of the questions had no answer to that, and "
                "they went.",
                reply_to=0,
            ),
            post(
                "facilitator",
                24,
                "We cut the reports for the government programmes we monitor last year. "
                "What worked, in order:\n\n"
                "1. **Stop asking for data we already hold.** Payments, procurement notices "
                "and staff figures were all in our own systems; we now pre-fill them.\n"
                "2. **One indicator, one definition.** We publish the definitions once and "
                "link to them instead of repeating guidance in the form.\n"
                "3. **Narrative only by exception.** Beneficiaries explain deviations above "
                "10% from plan; everyone else just confirms the figures.\n\n"
                "The form went from 11 pages to 4. Nobody asked for the old questions back, "
                "and the reports arrive on time more often.",
                helpful=("agnieszka.dabrowska", "maria.georgieva", "ilze.berzina"),
                thanks=("pawel.wojcik",),
            ),
            post(
                "rasa.kazlauskiene",
                29,
                "Seen from the beneficiary side: the pre-filled data matters most. In our "
                "municipality the same person fills in reports for three programmes, and "
                "copying payment data between systems took her two days each time.",
                reply_to=2,
            ),
            post(
                "agnieszka.dabrowska",
                50,
                "Thank you all. We will test Marta's three rules on the next report round "
                "and I will bring the before-and-after form to the March seminar.",
            ),
        ],
    },
    {
        "community": "monitoring-programme-implementation",
        "title": "A competence model as a result indicator: how can we report it honestly?",
        "tags": ["indicators", "soft results", "Norway Grants"],
        "days_ago": 34,
        "answer": 4,
        "posts": [
            post(
                "tomas.stankevicius",
                0,
                "In the social-clustering project our activity indicator 1.1.1 was "
                'literally "a competence model for social clustering presented". We '
                "presented it to the partners in Oslo, so on paper the indicator is met. "
                "But the funder now asks what changed because of it, and the honest "
                "answer is that we do not know yet.\n\n"
                "How do you report results like a model, a guide or a network, where the "
                "output is easy to count but the effect is not?",
            ),
            post(
                "zsofia.nagy",
                5,
                "This is the classic gap between output and result. I would separate "
                "three levels: the model exists (output), people use it (for example in "
                "job descriptions or training plans), and their work changes. Only the "
                "first is in your indicator, but the second can be counted cheaply.",
                reply_to=0,
                helpful=("tomas.stankevicius", "agnieszka.dabrowska"),
            ),
            post(
                "rasa.kazlauskiene",
                22,
                "In Biržai we used the model when we rewrote the descriptions of two "
                "social-work posts and planned next year's training. That is exactly the "
                "kind of use Zsófia means, and we could document it in a page.",
            ),
            post(
                "ilze.berzina",
                27,
                "A warning from our school: once use becomes an indicator, people start "
                '"using" the model on paper. We ask for one concrete example per '
                "institution instead of a count.",
            ),
            post(
                "agnieszka.dabrowska",
                49,
                "What our managing authority accepts for soft results:\n\n"
                "- the output indicator as agreed (the model was presented);\n"
                "- a short **use log**: which institution used it, for what, with a "
                "document to show for it;\n"
                "- two or three **case descriptions** a year after the project, written "
                "with the people who used it.\n\n"
                "It is not a number, but evaluators trust it more than a number, and it "
                "costs little to collect if you start while the project is still running.",
                helpful=("tomas.stankevicius", "zsofia.nagy", "maja.novak", "facilitator"),
            ),
            post(
                "tomas.stankevicius",
                75,
                "Thank you, this is what we will propose to the funder: the use log from "
                "the partner municipalities, and two cases from Biržai and Utena.",
                thanks=("agnieszka.dabrowska",),
            ),
        ],
    },
    {
        "community": "monitoring-programme-implementation",
        "title": "Dashboards the monitoring committee actually reads",
        "tags": ["dashboards", "monitoring committee"],
        "days_ago": 6,
        "answer": 1,
        "posts": [
            post(
                "krzysztof.lewandowski",
                0,
                "We send the committee a 60-page implementation report before each "
                "meeting. From the questions they ask, I suspect most members read the "
                "summary and page 3. Has anyone found a format that committee members "
                "really read, and that still satisfies the regulation?",
            ),
            post(
                "facilitator",
                3,
                "In our unit we moved to **one page per priority**: a traffic light for "
                "each measure (on track, at risk, off track), the two numbers that "
                "explain the colour, and one sentence on what we propose to do. The full "
                "report is still published, as an annex.\n\n"
                "The discussion in the committee changed within two meetings: members now "
                "ask about the red measures instead of reading out statistics.",
                reply_to=0,
                helpful=("krzysztof.lewandowski", "maria.georgieva", "zsofia.nagy"),
            ),
            post(
                "maria.georgieva",
                19,
                "Who decides the colour, in your case? When we tried traffic lights, every "
                "measure owner wanted green.",
                reply_to=1,
            ),
            post(
                "facilitator",
                26,
                "The rules are fixed in advance and written on the page: red if spending "
                "or the main indicator is more than 20% behind plan. Measure owners can "
                "add a comment, not change the colour.",
                reply_to=2,
                thanks=("maria.georgieva",),
            ),
            post(
                "maja.novak",
                51,
                "We did something similar for the Partnership for Change rounds: one page "
                "per challenge with the number of people who took part and the number "
                "affected by the result. Short pages get read.",
            ),
            post(
                "krzysztof.lewandowski",
                139,
                "We tried the one-page format at yesterday's committee. Two members asked "
                "for it to become the standard. @facilitator, could you share your "
                "template before the annual seminar?",
            ),
        ],
    },
    # Working with external experts -------------------------------------------------------
    {
        "community": "working-with-external-experts",
        "title": "Conflict-of-interest declarations for reviewer panels: what works?",
        "tags": ["impartiality", "reviewers"],
        "days_ago": 75,
        "answer": 2,
        "posts": [
            post(
                "pawel.wojcik",
                0,
                "Every expert who assesses applications for us signs a declaration of "
                "impartiality. In practice it is a form people sign without reading. Last "
                "month we found out, after the panel, that a reviewer had co-authored a "
                "study with one of the applicants.\n\n"
                "How do you make declarations mean something without turning every panel "
                "into an investigation?",
            ),
            post(
                "zsofia.nagy",
                4,
                "At the university we ask reviewers to list their joint publications and "
                "projects of the last three years with anyone on the applicant list, "
                "instead of asking them to judge whether they have a conflict. Listing "
                "facts is easier than judging yourself.",
                reply_to=0,
                helpful=("pawel.wojcik",),
            ),
            post(
                "maria.georgieva",
                26,
                "What we do at the Institute for curriculum reviewers:\n\n"
                "- reviewers see the **list of applicants before** they accept the task, "
                "and declare per applicant, not once for the whole call;\n"
                "- a secretary checks the declarations against the applicants' partner "
                "lists, which takes about an hour per panel;\n"
                "- no reviewer sits on the panel for the same programme more than two "
                "calls in a row, so panels rotate naturally.\n\n"
                "Since we started, we have had to replace a reviewer twice, both times "
                "before the assessment began rather than after.",
                helpful=("pawel.wojcik", "facilitator", "katarzyna.szymanska"),
                thanks=("zsofia.nagy",),
            ),
            post(
                "katarzyna.szymanska",
                30,
                "The per-applicant declaration is a good idea. The rotation rule worries "
                "me for narrow fields, though: in some topics there are only five people "
                "in the country who can judge an application.",
                reply_to=2,
            ),
            post(
                "maria.georgieva",
                53,
                "For narrow fields we invite reviewers from the other countries of our "
                "network. It costs some interpretation, but the conflicts disappear.",
                reply_to=3,
            ),
        ],
    },
    {
        "community": "working-with-external-experts",
        "title": "Academics and officials in one workshop: what we learned from Partnerforum",
        "tags": ["Partnerforum", "workshops", "academia"],
        "days_ago": 41,
        "posts": [
            post(
                "kari.nordby",
                0,
                "Several of you asked how Partnerforum keeps academics and civil servants "
                "in one room without it becoming either a lecture or a complaints session. "
                "A few things we have learned over the years:\n\n"
                "- The officials choose the topics. We propose nothing they have not asked "
                "for.\n"
                "- Every meeting starts from a practical problem one partner brings, and "
                "the research comes in as an answer to that problem.\n"
                "- Breakfast meetings last two hours, 09:00-11:00, so people come before "
                "their working day fills up.\n"
                "- Partners pay a yearly fee. It sounds odd, but institutions that pay "
                "send people and take the meetings seriously.",
                helpful=("erik.lunde", "maja.novak", "katarzyna.szymanska", "pawel.wojcik"),
            ),
            post(
                "maja.novak",
                6,
                "How large is the fee, and who pays it in the ministries? In Slovenia "
                "this would be the first question from our finance department.",
                reply_to=0,
            ),
            post(
                "kari.nordby",
                24,
                "95,000 NOK a year per partner institution. It comes from the "
                "institution's competence-development budget, so it competes with courses. "
                "That is healthy: if Partnerforum were not worth more than a course, "
                "partners would leave.",
                reply_to=1,
                thanks=("maja.novak",),
            ),
            post(
                "erik.lunde",
                29,
                "From the academic side: preparing a workshop for practitioners is more "
                "work than giving a lecture, and universities do not reward it much. We "
                "keep the academic leads who enjoy it, and we let the others present "
                "their research once a year at the full-day conference.",
            ),
            post(
                "katarzyna.szymanska",
                70,
                "This matches our experience with Synergia: the sessions built on "
                "challenges submitted by the institutions were rated far higher than the "
                "ones built on a trainer's favourite topic. We will try the "
                '"officials choose" rule in the next edition.',
            ),
        ],
    },
    {
        "community": "working-with-external-experts",
        "title": "Terms of reference that produce an evaluation we can use",
        "tags": ["evaluation", "terms of reference", "procurement"],
        "days_ago": 9,
        "answer": 2,
        "posts": [
            post(
                "agnieszka.dabrowska",
                0,
                "We are commissioning a mid-term evaluation of a regional programme. The "
                "last one cost a lot, was delivered on time and told us nothing we did "
                "not know. I am rewriting the terms of reference and would welcome "
                "examples of evaluation questions that worked.",
            ),
            post(
                "zsofia.nagy",
                2,
                "Fewer questions. The last ToR I reviewed for a ministry had 23 "
                "evaluation questions for a budget that allowed serious work on maybe "
                "four. Ask which decisions the evaluation should inform, and write one "
                "question per decision.",
                reply_to=0,
                helpful=("agnieszka.dabrowska", "pawel.wojcik"),
            ),
            post(
                "pawel.wojcik",
                20,
                "A structure that has worked for us in three evaluations:\n\n"
                "1. **Background in one page**, with links to the monitoring data the "
                "evaluator will receive on day one.\n"
                "2. **Three to five questions**, each tied to a decision and its date "
                '("Should measure 2.3 be continued in the next programme? Decision in '
                'June").\n'
                "3. **An inception report** after six weeks, in which the evaluator may "
                "propose to drop a question. We pay for this step separately.\n"
                "4. **A workshop with the people who will use the results** before the "
                "final report, not after.\n\n"
                "Point 3 is the one procurement lawyers dislike at first, so we wrote the "
                "possible changes into the contract from the start.",
                helpful=("agnieszka.dabrowska", "facilitator", "maria.georgieva"),
                thanks=("zsofia.nagy",),
            ),
            post(
                "maria.georgieva",
                44,
                "We added one more rule: the evaluator must talk to people on the "
                "beneficiary side, not only read our reports. It sounds obvious, but it "
                "was missing from our last two contracts.",
            ),
            post(
                "agnieszka.dabrowska",
                92,
                "Very useful, thank you. I have rewritten the ToR with four questions and "
                "an inception step. @pawel.wojcik, may I send you the draft before it "
                "goes to the procurement office?",
            ),
            post(
                "pawel.wojcik",
                188,
                "Of course. I have read it: the questions are clear. I would only add the "
                "dates of the decisions and the list of data sets the evaluator gets on "
                "day one.",
                reply_to=4,
                thanks=("agnieszka.dabrowska",),
            ),
        ],
    },
    # Disability inclusion in the workplace -----------------------------------------------
    {
        "community": "disability-inclusion",
        "title": "Accessible recruitment tests: which adjustments do you offer?",
        "tags": ["recruitment", "reasonable adjustments"],
        "days_ago": 88,
        "answer": 2,
        "posts": [
            post(
                "joanna.mazur",
                0,
                "Our recruitment for specialist posts includes a timed written test in a "
                "room on the second floor. This year a candidate who is blind asked for "
                "the test in electronic form with a screen reader, and we improvised. "
                "I would like us to have a standard offer instead of improvising. What do "
                "your organisations offer, and how do candidates ask for it?",
            ),
            post(
                "elena.ivanova",
                3,
                "At the Institute the invitation to the test says which adjustments are "
                "available (extra time, an accessible room, an electronic version, a sign "
                "language interpreter) and gives one contact person. We do not ask "
                "candidates to prove anything.",
                reply_to=0,
            ),
            post(
                "beata.sikora",
                22,
                "What has worked at our ministry since last year:\n\n"
                "- **Every invitation** asks every candidate whether they need an "
                "adjustment, so nobody has to raise the subject alone.\n"
                "- A fixed list: 25 to 50% extra time, the test as an accessible Word "
                "file on a laptop with NVDA and JAWS, a ground-floor room, breaks, and an "
                "interpreter on request.\n"
                "- The request goes to the accessibility coordinator, **not to the "
                "selection panel**, so it cannot influence the assessment.\n\n"
                "Requests went up from one or two a year to about one per recruitment, "
                "which I read as people finally trusting us to ask.",
                helpful=("joanna.mazur", "aleksandra.pawlak", "lars.eide", "luka.kranjc"),
                thanks=("elena.ivanova",),
            ),
            post(
                "lars.eide",
                27,
                "One addition from the ICT side: test the electronic version with a "
                "screen reader before the day. Tables and scanned pages are the usual "
                "traps, and the candidate should not be the one who finds them.",
                reply_to=2,
                helpful=("beata.sikora",),
            ),
            post(
                "joanna.mazur",
                50,
                "We will adopt Beata's list and the rule about the coordinator. Lars, "
                "we will add the screen-reader check to our checklist too.",
            ),
        ],
    },
    {
        "community": "disability-inclusion",
        "title": "Our internal systems fail screen-reader users. Where do we start?",
        "tags": ["accessibility", "internal systems", "assistive technology"],
        "days_ago": 47,
        "answer": 1,
        "posts": [
            post(
                "vaida.zukauskaite",
                0,
                "A colleague who uses a screen reader joined the education division. The "
                "public website is fine, but the document management system, the "
                "timesheet and the training platform are close to unusable for her. The "
                'vendors say they are "compliant". Where would you start?',
            ),
            post(
                "lars.eide",
                5,
                "Start with the tasks she has to do every day, not with the systems. List "
                "the five most frequent tasks, and have someone test each one with her "
                "and a screen reader for an hour. You get a short, concrete list of "
                'blockers, and something precise to send the vendor: "the Save button '
                'in the timesheet has no name" gets fixed, "make it accessible" does '
                "not.\n\n"
                "Then write accessibility requirements (EN 301 549) into every renewal "
                "of those contracts. That is where the real leverage is.",
                reply_to=0,
                helpful=("vaida.zukauskaite", "beata.sikora", "ingrid", "hanne.strand"),
            ),
            post(
                "hanne.strand",
                25,
                "On training platforms: we tested four for municipalities. The "
                "differences were large, especially in quizzes and video players. Ask "
                "the vendor for a recorded demo of a screen-reader user completing a "
                "course. If they cannot produce one, that tells you something.",
            ),
            post(
                "ingrid",
                49,
                "In the meantime, agree a workaround with her manager for each blocker "
                "and write it down. Otherwise she spends her first months explaining why "
                "her timesheets are late.",
                thanks=("vaida.zukauskaite",),
            ),
            post(
                "vaida.zukauskaite",
                73,
                "We did the task testing last week: 11 blockers, 7 of them in the "
                "timesheet. The vendor has promised fixes for four of them in the next "
                "release. Thank you, Lars.",
                helpful=("lars.eide",),
            ),
        ],
    },
    {
        "community": "disability-inclusion",
        "title": "Live captions in online meetings: automatic or human?",
        "tags": ["captions", "meetings", "hearing"],
        "days_ago": 12,
        "posts": [
            post(
                "luka.kranjc",
                0,
                "We hold most team meetings online, and a colleague with a hearing "
                "impairment relies on captions. The automatic captions work well in "
                "English and badly in Slovenian, especially with names and legal terms. "
                "Do you pay for human captioners, and for which meetings?",
            ),
            post(
                "simon.vidmar",
                4,
                "Same problem at our administrative unit with technical terms from "
                "building law. We share the agenda and a list of terms with the "
                "colleague in advance, which helps a little.",
                reply_to=0,
            ),
            post(
                "beata.sikora",
                23,
                "We use automatic captions for everyday meetings and a human captioner "
                "(speech-to-text reporter) for anything with decisions: management "
                "meetings, appraisals, training. The colleague decides which meetings "
                "are which, not the organiser.",
                helpful=("luka.kranjc", "elena.ivanova"),
            ),
            post(
                "elena.ivanova",
                94,
                "Bulgarian has the same problem as Slovenian. One practical tip: ask "
                "speakers to say their name before they speak. It helps the captions, "
                "the captioner and everyone who joins by phone.",
                thanks=("luka.kranjc", "simon.vidmar"),
            ),
            post(
                "luka.kranjc",
                236,
                "Our HR service has agreed to pay for a captioner for decision meetings, "
                "on Beata's rule that the colleague chooses. We will review the cost "
                "after six months and I will report back here.",
                thanks=("beata.sikora",),
            ),
        ],
    },
    # Organising conferences and events ---------------------------------------------------
    {
        "community": "organising-conferences",
        "title": "Breakfast meetings from 09:00 to 11:00: how do you keep them to two hours?",
        "tags": ["breakfast meetings", "formats"],
        "days_ago": 101,
        "answer": 2,
        "posts": [
            post(
                "michal.grabowski",
                0,
                "We copied the Partnerforum breakfast format, 09:00-11:00, for our "
                "monthly meetings. The first three all ran until 11:45 and half the room "
                "left before the conclusions. How do you structure the two hours?",
            ),
            post(
                "tina.mlakar",
                2,
                "The coffee is the problem. If breakfast is served at 09:00, the meeting "
                "starts at 09:25. We now open the doors at 08:40.",
                reply_to=0,
            ),
            post(
                "sigrid.aas",
                21,
                "The structure Partnerforum uses, which I have since copied at work:\n\n"
                "- 08:45 doors open, food on the tables;\n"
                "- 09:00 sharp: the problem, presented by the partner who brought it "
                "(10 minutes);\n"
                "- 09:10 the researcher's input (20 minutes, strictly);\n"
                "- 09:30 table discussions with a question printed on each table;\n"
                "- 10:15 each table gives one sentence, the chair collects them;\n"
                "- 10:45 what happens next, and who does it;\n"
                "- 11:00 out.\n\n"
                "The printed question and the one-sentence rule do most of the work.",
                helpful=("michal.grabowski", "janis.ozols", "tina.mlakar", "facilitator"),
                thanks=("michal.grabowski",),
            ),
            post(
                "janis.ozols",
                25,
                "We also give the chair a visible clock, and the chair's job description "
                "says in so many words that ending on time matters more than the last "
                "question.",
                reply_to=2,
            ),
            post(
                "michal.grabowski",
                46,
                "Tried Sigrid's structure yesterday: we finished at 11:02, and the "
                "feedback forms were the best we have had. Marking it as the answer.",
                thanks=("sigrid.aas",),
            ),
        ],
    },
    {
        "community": "organising-conferences",
        "title": "Running an Open Space online: tools and pitfalls",
        "tags": ["Open Space", "online", "Synergia"],
        "days_ago": 60,
        "answer": 1,
        "posts": [
            post(
                "katarzyna.szymanska",
                0,
                "The third day of each Synergia session is an Open Space, and since the "
                "sessions moved online we run it on MS Teams. It works, but the energy of "
                "the room is hard to reproduce. @janis.ozols moderated the last one; "
                "Jānis, could you share what you set up?",
            ),
            post(
                "janis.ozols",
                6,
                "Happy to. What made the difference:\n\n"
                "- **Topics collected the day before** in a shared board, so the morning "
                "starts with a market, not with silence.\n"
                "- One Teams channel per topic, created in advance, each with a host who "
                "keeps the notes in the channel itself.\n"
                "- **The law of two feet still applies**: we say it out loud and show how "
                "to switch channels.\n"
                "- A 10-minute closing circle in the main room, each host with one slide.\n\n"
                "The biggest pitfall was breakout rooms: people could not move between "
                "them freely, which kills the Open Space idea. Channels solved that.",
                reply_to=0,
                helpful=("katarzyna.szymanska", "elena.ivanova", "hanne.strand"),
            ),
            post(
                "elena.ivanova",
                27,
                "Did people really move between channels? In our online sessions people "
                "tend to stay where they start.",
                reply_to=1,
            ),
            post(
                "janis.ozols",
                31,
                "About a third moved at least once, fewer than on site. Hosts who said "
                '"we have covered X, the Y group could use you" helped.',
                reply_to=2,
            ),
            post(
                "hanne.strand",
                55,
                "For municipal training we also send a one-page guide with screenshots "
                'the day before. It saves the first 15 minutes of "where do I click".',
                thanks=("janis.ozols",),
            ),
        ],
    },
    {
        "community": "organising-conferences",
        "title": "Checklist for a study visit abroad: a week of meetings in Oslo",
        "tags": ["study visits", "checklists"],
        "days_ago": 15,
        "answer": 2,
        "answer_by": "michal.grabowski",
        "posts": [
            post(
                "mantas.paulauskas",
                0,
                "I am preparing the next study visit of our Lithuanian partners to Oslo: "
                "four days, meetings with Norwegian municipalities, the association of "
                "local authorities and NGOs. Last time the programme was excellent, but "
                "the logistics were not: two meetings were in the same hour on opposite "
                "sides of the city. Does anyone have a checklist for visits like this?",
            ),
            post(
                "dalia.vaitkiene",
                3,
                "And budget for an interpreter for the municipal visits. Not everyone in "
                "our group is comfortable discussing details in English, and those "
                "meetings are where the detail is.",
                reply_to=0,
            ),
            post(
                "michal.grabowski",
                26,
                "Our checklist, in short:\n\n"
                "1. **Purpose per meeting**: one sentence each on what the group wants to "
                "learn. Send it to the hosts, who then prepare the right people.\n"
                "2. **Travel time** between meetings from a map, plus 30 minutes; never "
                "more than three meetings a day.\n"
                "3. **A host briefing** with the participants' names, organisations and "
                "questions, a week before.\n"
                "4. **A daily debrief** of 30 minutes in the evening, with one note-taker "
                "in turn.\n"
                "5. **The report within two weeks**, while people still remember.\n\n"
                "Point 4 is the one that turns a trip into learning.",
                helpful=("mantas.paulauskas", "dalia.vaitkiene", "hanne.strand"),
                thanks=("mantas.paulauskas",),
            ),
            post(
                "hanne.strand",
                50,
                "From the Norwegian side: Norwegian hosts appreciate the questions in "
                "advance very much, and they will often bring a colleague from the "
                "service itself instead of the communications person. I can help with "
                "contacts at Fleksibel utdanning Norge.",
                reply_to=2,
            ),
            post(
                "mantas.paulauskas",
                285,
                "The programme is ready with at most three meetings a day and an evening "
                "debrief. Thank you all, and Hanne for the two introductions.",
                thanks=("michal.grabowski", "hanne.strand"),
            ),
        ],
    },
    # HR and competence development -------------------------------------------------------
    {
        "community": "hr-competence-development",
        "title": "Breakfast meeting topics for the spring: propose and vote here",
        "tags": ["breakfast meetings", "programme"],
        "days_ago": 30,
        "pinned": True,
        "posts": [
            post(
                "aleksandra.pawlak",
                0,
                "As in Partnerforum, the members choose what our breakfast meetings "
                "(09:00-11:00, online, third Wednesday of the month) are about. Please "
                "propose a topic in a reply: one sentence on the question and, if you "
                'can, who could bring a real case. Vote with "Helpful" on the proposals '
                "you would attend. We will take the four with the most votes.",
            ),
            post(
                "joanna.mazur",
                4,
                "**Induction that works for people who start remotely.** We are "
                "rebuilding our induction programme and half of the new staff start "
                "with two days a week at home. I can bring our draft.",
                helpful=("aleksandra.pawlak", "ilze.berzina", "vaida.zukauskaite", "jonas"),
            ),
            post(
                "gabor.kovacs",
                8,
                "**Measuring whether training changed anything, six months later.** We "
                "have a pilot with follow-up interviews at our institute and would "
                "welcome critical friends.",
                helpful=("maria.georgieva", "tomas.stankevicius", "janis.ozols", "editor"),
            ),
            post(
                "jonas",
                25,
                "**Learning from colleagues in other municipalities.** In small "
                "municipalities there is often one person per field. How do we make "
                "time for peer learning, and how do we convince managers it is work, "
                "not a day out?",
                helpful=("audrone.jankauskiene", "vaida.zukauskaite", "katarzyna.szymanska"),
            ),
            post(
                "ilze.berzina",
                31,
                "**Staff exchanges as development.** The Slovenian public-private "
                "exchanges of about a week interest us a lot. Could we invite someone "
                "from the staff-exchanges community to present them?",
                helpful=("joanna.mazur", "gabor.kovacs"),
            ),
            post(
                "audrone.jankauskiene",
                52,
                "**The competence model for social clustering, one year on.** I can "
                "present how municipalities have used it, and where it did not fit.",
                helpful=("jonas", "aleksandra.pawlak", "tomas.stankevicius"),
            ),
            post(
                "aleksandra.pawlak",
                100,
                "Thank you. Voting stays open until the end of the month; then I will "
                "publish the four dates here. Ilze, I have asked Luka Kranjc from the "
                "staff-exchanges community whether he could present.",
            ),
        ],
    },
    {
        "community": "hr-competence-development",
        "title": "Competence model built with municipalities: the social-clustering experience",
        "tags": ["competence models", "municipalities", "Lithuania"],
        "days_ago": 70,
        "answer": 3,
        "posts": [
            post(
                "audrone.jankauskiene",
                0,
                "Several of you asked how we built the competence model for public-sector "
                "staff who work in social-clustering networks. Briefly: we started from "
                "interviews in the partner municipalities, the public-health bureau, a "
                "care home and a library, drafted 12 competences, and cut them to seven "
                "after testing. We presented the model to our Norwegian partners in Oslo, "
                "and it is now used in training and in some job descriptions.\n\n"
                "Happy to answer questions, and to hear where you think such models go "
                "wrong.",
            ),
            post(
                "joanna.mazur",
                5,
                "How did you validate it? Our ministry's model was written by a "
                "consultancy and nobody recognises their own work in it.",
                reply_to=0,
            ),
            post(
                "gabor.kovacs",
                22,
                "Seven is a good number. Ours has 24 competences with four levels each, "
                "and managers fill in the assessment forms in ten minutes by ticking the "
                "middle column.",
            ),
            post(
                "audrone.jankauskiene",
                28,
                "Validation was the most useful part. We asked practitioners in each "
                "partner organisation to describe two real situations from the last "
                "month: one that went well and one that did not. Then we checked that "
                "every situation could be described with the competences, and that every "
                "competence appeared in some situation. Competences nobody needed went; "
                "situations we could not describe gave us two new ones.\n\n"
                "It took about 40 interviews, and it is why people recognise their work "
                "in the model.",
                reply_to=1,
                helpful=("joanna.mazur", "aleksandra.pawlak", "ilze.berzina", "editor"),
                thanks=("joanna.mazur",),
            ),
            post(
                "jonas",
                46,
                "I was one of the interviewees in Biržai. The model describes what I do "
                "when I coordinate NGOs better than my job description did. We have "
                "since used it to plan which training I take.",
                thanks=("audrone.jankauskiene",),
            ),
            post(
                "tomas.stankevicius",
                71,
                "For reporting we are now collecting a use log from the municipalities; "
                "there is a thread about that in the monitoring community.",
            ),
        ],
    },
    {
        "community": "hr-competence-development",
        "title": "Did the course change anything? Evaluating training months later",
        "tags": ["evaluation", "training"],
        "days_ago": 4,
        "answer": 2,
        "posts": [
            post(
                "gabor.kovacs",
                0,
                "Our satisfaction forms say every course is excellent. Our directors ask "
                "what changed in people's work, and we have no answer. We are piloting "
                "follow-up interviews six months after a course. Has anyone done this at "
                "scale, and what did it cost?",
            ),
            post(
                "maria.georgieva",
                2,
                "We ask participants to write down, on the last day, one thing they will "
                "do differently. Three months later we send them their own sentence and "
                "ask whether they did it. Response rates are around 60%, much better than "
                "generic surveys.",
                reply_to=0,
                helpful=("gabor.kovacs", "ilze.berzina"),
            ),
            post(
                "ilze.berzina",
                20,
                "We combine Maria's method with a short conversation with the "
                "participant's manager, for a sample only:\n\n"
                "- on the last day each participant writes a commitment;\n"
                "- after three months an automatic e-mail asks whether it happened and "
                "what got in the way;\n"
                "- for one course in five, a 15-minute call with the manager;\n"
                '- the "what got in the way" answers go to the course designers.\n\n'
                "The last point turned out to be the most valuable: most obstacles are "
                "in the workplace, not in the course.",
                helpful=("gabor.kovacs", "maria.georgieva", "aleksandra.pawlak", "jonas"),
                thanks=("gabor.kovacs",),
            ),
            post(
                "janis.ozols",
                27,
                "A trainer's view: when the manager knows the commitment, it happens far "
                "more often. We now send it to the manager too, with the participant's "
                "agreement.",
                reply_to=2,
            ),
            post(
                "vaida.zukauskaite",
                50,
                "For online courses for municipal staff we can see in the platform "
                "whether people open the materials again after the course. It is a weak "
                "signal, but it costs nothing.",
            ),
            post(
                "gabor.kovacs",
                87,
                "Thank you. We will test Ilze's version on two courses this spring and "
                "bring the first results to the breakfast meeting, if it gets the votes.",
                thanks=("ilze.berzina", "maria.georgieva"),
            ),
        ],
    },
    # E-services uptake -------------------------------------------------------------------
    {
        "community": "e-services-uptake",
        "title": "What raised the use of AJPES e-services: notes from the Partnership for Change",
        "tags": ["AJPES", "Partnership for Change", "outreach"],
        "days_ago": 55,
        "answer": 2,
        "posts": [
            post(
                "petra.horvat",
                0,
                "In the fifth round of Partnership for Change our agency took on the "
                "challenge of raising the use of public e-services. Several of you asked "
                "what we actually did. In short: we stopped assuming that people who do "
                "not use our e-services know about them, and we went to the places "
                "where our users already are.\n\n"
                "I will post the details below; questions welcome.",
            ),
            post(
                "lukasz.jankowski",
                3,
                "Which channel brought the most new users? We have a budget for one "
                "campaign this year and I would rather not spend it on posters.",
                reply_to=0,
            ),
            post(
                "petra.horvat",
                21,
                "By far: **partners who reach our users**. Accountants and bookkeeping "
                "firms file for many companies at once, so we ran short sessions with "
                "their associations and chambers, with a demo and a contact person. "
                "Second: **messages at the moment of need**, such as a reminder of the "
                "annual report deadline with a direct link to the e-service. General "
                "awareness campaigns came a distant third.\n\n"
                "We also fixed the three most common errors in the forms, which we found "
                "by reading the questions to our call centre for one month.",
                reply_to=1,
                helpful=("lukasz.jankowski", "ole.berg", "ingrid", "tadej.kovac"),
                thanks=("lukasz.jankowski",),
            ),
            post(
                "andrej.golob",
                26,
                "On the form fixes: one of the three errors was a date field that "
                "accepted only one format. Fixing it took an afternoon and removed a "
                "tenth of the calls about that service.",
                reply_to=2,
                helpful=("ole.berg",),
            ),
            post(
                "ole.berg",
                48,
                "This matches what we see with national common solutions: usage grows "
                "when an intermediary (a municipality, an accountant, a software vendor) "
                "builds the service into their own routine.",
            ),
            post(
                "lukasz.jankowski",
                72,
                "Convinced. We will spend the budget on sessions with the associations of "
                "accountants and tax advisers, not posters.",
            ),
        ],
    },
    {
        "community": "e-services-uptake",
        "title": "Assisted digital at the front desk: do you help people file online?",
        "tags": ["assisted digital", "front office"],
        "days_ago": 23,
        "posts": [
            post(
                "mateja.krajnc",
                0,
                "At our administrative unit many older residents come to the counter to "
                "file on paper applications that exist as e-services. Should front-desk "
                "staff help them file online, on a terminal in the hall, or is that "
                "outside our role?",
            ),
            post(
                "jonas",
                4,
                "In Biržai we tried it with social-support applications: a staff member "
                "sits with the resident at a terminal. The first application takes "
                "longer than paper, but about half of them file the next one themselves "
                "from home.",
                reply_to=0,
                helpful=("mateja.krajnc", "sigrid.aas"),
            ),
            post(
                "ingrid",
                25,
                "Be careful that assisted filing does not become filing on someone's "
                "behalf with their login. In Norway we had to write clear rules about "
                'who presses "submit". The resident always does, even if we guide them '
                "click by click.",
                helpful=("mateja.krajnc", "petra.horvat", "simon.vidmar"),
            ),
            post(
                "sigrid.aas",
                30,
                "We give municipalities a one-page guide with screenshots that front-desk "
                "staff can hand out, in large print. It is in Norwegian, but the layout "
                "is easy to copy.",
                thanks=("mateja.krajnc",),
            ),
            post(
                "mateja.krajnc",
                53,
                "Thank you. We will start with one terminal and the rule that the "
                "resident submits, and count how many come back to the counter.",
            ),
        ],
    },
    {
        "community": "e-services-uptake",
        "title": "Which uptake figure do you report: users, transactions or channel share?",
        "tags": ["statistics", "indicators"],
        "days_ago": 5,
        "answer": 4,
        "posts": [
            post(
                "ole.berg",
                0,
                "I am preparing a comparison of uptake across our member countries for "
                "the next meeting, and already the definitions differ. Some of you count "
                "unique users, some count transactions, some report the share of "
                "applications that came in online. Which do you use, and why?",
            ),
            post(
                "lukasz.jankowski",
                1,
                "Transactions, because that is what our system logs easily. I know it is "
                "not ideal: one accountant filing 200 returns looks like 200 users.",
                reply_to=0,
            ),
            post(
                "dimitar.petrov",
                18,
                "In Bulgaria the ministries report unique users to the government, which "
                "makes services used once a year look weak next to services used weekly.",
            ),
            post(
                "andrej.golob",
                24,
                "We can produce all three from our logs, and the story they tell differs "
                "a lot. Channel share moved least, because paper users are the hardest "
                "to reach.",
            ),
            post(
                "petra.horvat",
                45,
                "My suggestion for the comparison: **channel share per service** as the "
                "headline (online applications divided by all applications, whatever "
                "the channel), with transactions and unique users as context. Channel "
                "share is the only figure that shows whether the e-service replaced "
                "something, and it is comparable between services of different sizes.",
                helpful=("ole.berg", "ingrid", "lukasz.jankowski", "jonas", "tadej.kovac"),
            ),
            post(
                "ole.berg",
                118,
                "Agreed. I have sent everyone a template with channel share per service "
                "for the last 12 months. @petra.horvat, thank you: marked as the answer.",
                thanks=("petra.horvat",),
            ),
        ],
    },
    # Climate policy in practice ----------------------------------------------------------
    {
        "community": "climate-policy-in-practice",
        "title": "Green procurement criteria for vehicles: what did suppliers push back on?",
        "tags": ["green public procurement", "vehicles"],
        "days_ago": 64,
        "answer": 1,
        "posts": [
            post(
                "nina.zupancic",
                0,
                "We are revising the environmental criteria for the central purchase of "
                "service vehicles. In the market consultation, suppliers objected mostly "
                "to the delivery times for electric vans and to our charging "
                "requirements. Before we decide, I would like to hear what others "
                "changed after their consultations, and what they held firm on.",
            ),
            post(
                "knut.haugen",
                5,
                "We held firm on zero-emission cars and relaxed the requirement for vans "
                "for two years, with a date written into the framework agreement when it "
                "tightens automatically. Suppliers accepted a known date much more "
                'easily than an open promise to "review the criteria".\n\n'
                "On charging: we moved it out of the vehicle tender into a separate one "
                "for the buildings. Mixing them made both worse.",
                reply_to=0,
                helpful=("nina.zupancic", "rasa.kazlauskiene", "tadej.kovac"),
                thanks=("nina.zupancic",),
            ),
            post(
                "rasa.kazlauskiene",
                23,
                "For a small municipality the problem is the opposite: suppliers barely "
                "bid at all. We joined a central purchase this year precisely to have "
                "green criteria that someone else defends.",
            ),
            post(
                "zsofia.nagy",
                47,
                "The automatic tightening date is a good design. In our research on "
                "Central European procurement, criteria announced with a date were met "
                'far more often than criteria "under review".',
                reply_to=1,
            ),
            post(
                "nina.zupancic",
                52,
                "We will propose the same: strict for cars, a fixed date for vans, and "
                "charging in a separate tender. Thank you, Knut.",
            ),
        ],
    },
    {
        "community": "climate-policy-in-practice",
        "title": "Municipal climate budgets: is anyone outside Norway trying them?",
        "tags": ["climate budgets", "municipalities"],
        "days_ago": 14,
        "posts": [
            post(
                "knut.haugen",
                0,
                "Many Norwegian municipalities now have a climate budget next to the "
                "financial one: emission cuts per measure, who is responsible, and a "
                "yearly report to the council. I advise municipalities on it and would "
                "love to compare with other countries. Is anyone trying something "
                "similar?",
            ),
            post(
                "rasa.kazlauskiene",
                4,
                "Not yet in Biržai, but our council asked this year for a climate section "
                "in the investment plan. A separate budget sounds like a lot for a "
                "municipality of our size. How many people does it take?",
                reply_to=0,
            ),
            post(
                "knut.haugen",
                26,
                "In a small municipality, a few weeks of one adviser's time a year once "
                "it is set up. The first year is heavier. The key is that each measure "
                "has an owner in the ordinary line organisation, not in a climate unit.",
                reply_to=1,
                helpful=("rasa.kazlauskiene", "nina.zupancic"),
            ),
            post(
                "kari.nordby",
                100,
                "We studied ten Norwegian climate budgets last year. Where the climate "
                "budget is discussed in the same council meeting as the financial "
                "budget, measures are followed up; where it is a separate report in "
                "another month, it fades. I can share the paper.",
                helpful=("knut.haugen", "zsofia.nagy", "agnieszka.dabrowska"),
                thanks=("rasa.kazlauskiene",),
            ),
            post(
                "zsofia.nagy",
                206,
                "Please do, Kari. Two Hungarian cities are interested, and the finding "
                "about the same council meeting is exactly the argument they need.",
            ),
        ],
    },
    # Innovation in public services -------------------------------------------------------
    {
        "community": "innovation-in-public-services",
        "title": "Building-permit applications prepared by designers: what changed at the counter",
        "tags": ["building permits", "Partnership for Change", "STOPbirokraciji"],
        "days_ago": 80,
        "answer": 2,
        "answer_by": "maja.novak",
        "posts": [
            post(
                "simon.vidmar",
                0,
                "Our administrative unit brought the building-permit application to the "
                'fifth round of Partnership for Change, with the title "a simple task '
                'anyone can do", which was only half a joke. Citizens filled in a form '
                "they did not understand, and we sent most applications back. Together "
                "with STOPbirokraciji.si and businesses, the challenge contributed to a "
                "change in the law: the designer who prepares the project documentation "
                "now also prepares the application.\n\n"
                "A few months on, here is what changed for us.",
            ),
            post(
                "ingrid",
                3,
                "Very interested. Did the number of incomplete applications fall, and did "
                "citizens lose anything when the designer took over?",
                reply_to=0,
            ),
            post(
                "mateja.krajnc",
                20,
                "From the counter:\n\n"
                "- Incomplete applications fell sharply. Designers know what the "
                "documentation must contain, and they file many applications, so they "
                "learn from each request we send back.\n"
                "- Citizens now come to us with questions about the procedure and the "
                "timeline instead of the form, which is a better use of our time.\n"
                "- We lost direct contact with some applicants. We now send the decision "
                "to both the applicant and the designer, and that solved most of it.\n\n"
                "The lesson for other challenges: move the task to whoever does it often, "
                "not to whoever has to do it once in a lifetime.",
                reply_to=1,
                helpful=("ingrid", "lukasz.jankowski", "krzysztof.lewandowski", "tina.mlakar"),
                thanks=("simon.vidmar",),
            ),
            post(
                "lukasz.jankowski",
                26,
                '"Move the task to whoever does it often" is a principle I will steal '
                "for our service redesign. Did the designers object to the extra work?",
                reply_to=2,
            ),
            post(
                "simon.vidmar",
                49,
                "Some did at first. Most already prepared the attachments, so the "
                "application itself was a small addition, and their chamber was involved "
                "in the challenge from the start. That mattered more than anything we "
                "said.",
                reply_to=3,
            ),
            post(
                "maja.novak",
                52,
                "Marking Mateja's summary as the good practice for this challenge; we "
                "will use it at the showcase in June.",
            ),
        ],
    },
    {
        "community": "innovation-in-public-services",
        "title": "Writing a challenge statement the commission will select",
        "tags": ["challenges", "Partnership for Change", "mentoring"],
        "days_ago": 36,
        "answer": 1,
        "posts": [
            post(
                "krzysztof.lewandowski",
                0,
                "We want to submit a challenge in the next round of a programme modelled "
                "on Partnership for Change. The commission chooses at most five "
                "challenges from many applications. What makes a challenge statement "
                "stand out?",
            ),
            post(
                "maja.novak",
                6,
                "Having read every application for several rounds, the ones that were "
                "selected usually had four things:\n\n"
                "1. **A problem people feel**, described from the point of view of the "
                "citizen or company, not of the institution.\n"
                "2. **A number**: how many people are affected today.\n"
                "3. **Partners named**: who from the private sector or civil society is "
                "already willing to work on it.\n"
                "4. **Room to move**: the statement does not prescribe the solution.\n\n"
                "The commission also asks how many people will take part in solving it "
                "and how many will feel the result. Think about both before you write.",
                reply_to=0,
                helpful=("krzysztof.lewandowski", "gabor.kovacs", "ole.berg", "petra.horvat"),
                thanks=("krzysztof.lewandowski",),
            ),
            post(
                "tina.mlakar",
                24,
                "From the company side: name a contact person who can decide things. "
                "Companies join challenges for the people they work with, and leave when "
                "every question goes up three levels.",
            ),
            post(
                "petra.horvat",
                28,
                "And take the mentor seriously. Ours asked uncomfortable questions in the "
                "first month, which saved us from a campaign nobody needed.",
            ),
            post(
                "krzysztof.lewandowski",
                72,
                "Thank you. Our draft now starts with the 4,000 entrepreneurs who wait "
                "for the same certificate each year, and we have a software company "
                "willing to join.",
            ),
        ],
    },
    {
        "community": "innovation-in-public-services",
        "title": "Counting impact: the teachers' good-practice collection",
        "tags": ["impact", "education", "Partnership for Change"],
        "days_ago": 8,
        "posts": [
            post(
                "tina.mlakar",
                0,
                'Our company brought the challenge "I am a teacher" to the fifth round: '
                "collecting examples of good practice from primary-school teachers who "
                "see their job as a vocation and do a little more for their pupils. More "
                "than 80 teachers have taken part so far.\n\n"
                "The Partnership counts impact as how many people took part in solving a "
                "challenge and how many are affected by the result. For a collection of "
                "stories, the second number is hard. How would you count it?",
            ),
            post(
                "gabor.kovacs",
                5,
                "You could count the teachers who used an example from the collection in "
                "their own class, and ask them to estimate how many pupils it reached. "
                "It is an estimate, but an honest one if you say so.",
                reply_to=0,
                helpful=("tina.mlakar",),
            ),
            post(
                "maja.novak",
                28,
                "For the showcase we accepted ranges with a method behind them, such as "
                '"80 teachers, who teach between 1,500 and 2,000 pupils". The commission '
                "cares more about the method than about precision.",
                helpful=("tina.mlakar", "gabor.kovacs", "andrej.golob"),
            ),
            post(
                "ingrid",
                51,
                "There is another kind of impact: teachers who have been asked about "
                "their work and feel respected. It does not fit in a number, but a few "
                "quotes in the report would show it.",
                thanks=("tina.mlakar",),
            ),
            post(
                "tina.mlakar",
                172,
                "We will report the 80 teachers, a range of pupils with the method, and "
                "five short quotes. Thank you all.",
            ),
        ],
    },
    # Public-private staff exchanges ------------------------------------------------------
    {
        "community": "staff-exchanges",
        "title": "A week at a software company: what I brought back",
        "tags": ["exchanges", "experience"],
        "days_ago": 95,
        "posts": [
            post(
                "andrej.golob",
                0,
                "I spent a week at a software company on a Partnership for Change "
                "exchange. What I brought back:\n\n"
                "- They release small changes every two weeks; we release large ones "
                "twice a year. Smaller releases would let us fix form errors faster.\n"
                "- Their developers listen to one support call a week. I now do the "
                "same with our call centre.\n"
                "- They were surprised by how much our legal framework constrains us, "
                "and how careful we are with data. Respect went both ways.",
                helpful=("luka.kranjc", "petra.horvat", "tina.mlakar", "joanna.mazur"),
            ),
            post(
                "luka.kranjc",
                4,
                "Thank you, Andrej. Did anything change in your team after you came "
                "back, or is it still in your head?",
                reply_to=0,
            ),
            post(
                "andrej.golob",
                22,
                "The support-call habit stuck, and two colleagues have joined me. The "
                "release rhythm needs decisions above my level; Petra is on it.",
                reply_to=1,
            ),
            post(
                "petra.horvat",
                27,
                "We have proposed a monthly release window for small fixes. Andrej's "
                "week made the case better than any memo I could have written.",
                thanks=("andrej.golob",),
            ),
            post(
                "tina.mlakar",
                49,
                "From the host side: our developers still talk about the week. They "
                "understand now why public forms ask for what they ask.",
            ),
        ],
    },
    {
        "community": "staff-exchanges",
        "title": "Confidentiality and insurance during an exchange week: your agreements?",
        "tags": ["agreements", "confidentiality", "insurance"],
        "days_ago": 33,
        "answer": 1,
        "posts": [
            post(
                "joanna.mazur",
                0,
                "We want to pilot short exchanges between our ministry and companies. "
                "Our legal office asks two questions: who insures the employee during the "
                "week, and how do we protect confidential information on both sides? "
                "How do the Slovenian exchanges handle this?",
            ),
            post(
                "luka.kranjc",
                3,
                "Our standard three-party agreement (employee, sending and host "
                "organisation) covers it in two pages:\n\n"
                "- **Employment and insurance stay with the sending organisation**; the "
                "week counts as work at another location, like a business trip.\n"
                "- **Confidentiality both ways**: the guest signs the host's usual "
                "declaration, and the host agrees not to ask about matters the guest "
                "works on.\n"
                "- **No decisions, no access to personal data**: guests observe and "
                "take part in work, but do not decide cases or see personal records.\n"
                "- A named **host mentor** for the week.\n\n"
                "I can send an anonymised copy.",
                reply_to=0,
                helpful=("joanna.mazur", "dimitar.petrov", "erik.lunde", "maja.novak"),
                thanks=("joanna.mazur",),
            ),
            post(
                "dimitar.petrov",
                21,
                'The "no personal data" rule is the one our lawyers would insist on. '
                "Has a host ever found the restriction too tight to make the week "
                "meaningful?",
                reply_to=1,
            ),
            post(
                "tina.mlakar",
                25,
                "Not for us. There is plenty to learn in how work is organised, planned "
                "and discussed, without seeing any records.",
                reply_to=2,
            ),
            post(
                "joanna.mazur",
                46,
                "Luka sent the agreement and our legal office accepted it with two small "
                "changes. The pilot starts in spring.",
                thanks=("luka.kranjc",),
            ),
        ],
    },
    {
        "community": "staff-exchanges",
        "title": "Matching 58 people: how we paired public bodies and companies in round five",
        "tags": ["matching", "Partnership for Change"],
        "days_ago": 7,
        "posts": [
            post(
                "luka.kranjc",
                0,
                "In the fifth round, 15 public bodies sent 37 employees and 32 companies "
                "sent 21, so 58 people took part, the most so far. A few of you asked how "
                "the matching works. We ask each participant for three things they want "
                "to learn, not for a host they want, and match on those. The host then "
                "gets the three things in advance.",
                helpful=("maja.novak", "erik.lunde", "joanna.mazur"),
            ),
            post(
                "erik.lunde",
                20,
                "Matching on learning goals rather than on prestige of the host is what "
                "the research on secondments recommends too. Do you follow up with "
                "participants afterwards?",
                reply_to=0,
            ),
            post(
                "luka.kranjc",
                28,
                "A short questionnaire after the week, and a meeting of all participants "
                "at the end of the round. Not yet anything later; that is the gap.",
                reply_to=1,
            ),
            post(
                "maja.novak",
                75,
                "The imbalance is worth noting too: public bodies send more people than "
                "companies do. Companies find it harder to spare someone for a week, so "
                "we now offer them shorter visits of two or three days.",
            ),
            post(
                "simon.vidmar",
                124,
                "As a participant: the three learning goals made my week. My host had "
                "prepared meetings for each of them, and I came back with notes I still "
                "use.",
                thanks=("luka.kranjc",),
            ),
        ],
    },
    # Social clustering in municipalities -------------------------------------------------
    {
        "community": "social-clustering-municipalities",
        "title": "What we took home from the study visit to Oslo",
        "tags": ["study visits", "Norway", "NGOs"],
        "days_ago": 110,
        "answer": 2,
        "posts": [
            post(
                "dalia.vaitkiene",
                0,
                "Back from four days in Oslo with the project partners. We met the "
                "Association of NGOs in Norway, a provider of virtual training for "
                "municipalities in Norway and Denmark, and the Norwegian Association of "
                "Local and Regional Authorities, which works with all of the country's "
                "municipalities (some 430). Please add what stayed with you; I will "
                "collect it for the project report.",
            ),
            post(
                "jonas",
                3,
                "For me it was how matter-of-factly Norwegian municipalities hand "
                "services to NGOs and still stay responsible for the result. They agree "
                "on outcomes and meet every quarter, instead of checking every invoice.",
                reply_to=0,
                helpful=("rasa.kazlauskiene", "dalia.vaitkiene"),
            ),
            post(
                "rasa.kazlauskiene",
                20,
                "Three things we will try in Biržai:\n\n"
                "1. **A yearly partnership agreement** with each NGO that provides "
                "services, with three or four outcomes instead of a list of activities.\n"
                "2. **Quarterly meetings** of all service providers together, so NGOs "
                "learn from each other and not only from us.\n"
                "3. **Anti-corruption safeguards written in from the start**: declared "
                "interests, open selection of partners, published results. The "
                "association's general secretary showed that these make partnerships "
                "stronger, not slower.",
                reply_to=0,
                helpful=("jonas", "tomas.stankevicius", "beata.sikora", "audrone.jankauskiene"),
                thanks=("dalia.vaitkiene",),
            ),
            post(
                "hanne.strand",
                28,
                "It was a pleasure to host you. From our side: the Norwegian colleagues "
                "were impressed by how the competence model ties training to the real "
                "tasks of people in the network. Several asked for the English version.",
                thanks=("audrone.jankauskiene",),
            ),
            post(
                "mantas.paulauskas",
                51,
                "Practical note for the next visit: the evening debriefs were the best "
                "hour of each day. Let us keep them.",
            ),
            post(
                "dalia.vaitkiene",
                74,
                "Thank you all. Rasa's three points go into the report as our main "
                "recommendation, and I have sent Hanne the English version of the model.",
            ),
        ],
    },
    {
        "community": "social-clustering-municipalities",
        "title": "Remote training for municipal staff: lessons from virtual courses",
        "tags": ["remote training", "municipalities"],
        "days_ago": 52,
        "answer": 2,
        "posts": [
            post(
                "vaida.zukauskaite",
                0,
                "Most of our training for municipal staff is now online. Attendance is "
                "good, but completion is poor: people join the first session and "
                "disappear. In Oslo we heard how virtual courses for municipalities are "
                "run in Norway and Denmark. What makes people finish?",
            ),
            post(
                "elena.ivanova",
                5,
                "Same pattern in Bulgaria. Our completion went up when we cut sessions "
                "from three hours to 90 minutes and moved them to the morning.",
                reply_to=0,
            ),
            post(
                "hanne.strand",
                24,
                "What we see in the Norwegian and Danish municipalities:\n\n"
                "- **Small groups from several municipalities**, the same group for the "
                "whole course, with names and faces on screen.\n"
                "- **A task from real work between sessions**, discussed at the next one. "
                "People come back to hear how the others did.\n"
                "- **The manager signs up with the employee** and agrees on the time in "
                'the calendar; training done "in between" does not happen.\n'
                "- A facilitator who calls people who missed a session, once.\n\n"
                "None of it is technical. The platform matters much less than the group.",
                reply_to=0,
                helpful=("vaida.zukauskaite", "elena.ivanova", "mantas.paulauskas", "jonas"),
                thanks=("vaida.zukauskaite",),
            ),
            post(
                "mantas.paulauskas",
                30,
                "The phone call works. We tried it in our last course and nine out of "
                "eleven people who had missed a session came back.",
                reply_to=2,
            ),
            post(
                "vaida.zukauskaite",
                49,
                "We will redesign the spring course with fixed groups from three "
                "municipalities and real tasks between sessions.",
            ),
        ],
    },
    {
        "community": "social-clustering-municipalities",
        "title": "Agreeing roles with NGOs in a service partnership",
        "tags": ["NGOs", "partnership agreements"],
        "days_ago": 18,
        "posts": [
            post(
                "jonas",
                0,
                "We are setting up a partnership with two NGOs for home help for older "
                "residents. The draft agreement is 20 pages about reporting and not one "
                "line about who does what when something goes wrong on a Saturday. How "
                "have others divided the roles?",
            ),
            post(
                "rasa.kazlauskiene",
                4,
                "Start from situations, not from clauses: list the ten situations that "
                "will certainly happen (a carer is ill, a resident is taken to hospital, "
                "a complaint) and write for each who acts and who is informed. The "
                "clauses follow from that.",
                reply_to=0,
                helpful=("jonas", "dalia.vaitkiene", "beata.sikora"),
            ),
            post(
                "dalia.vaitkiene",
                27,
                "From the NGO side: please agree on how volunteers may and may not be "
                "used. Our volunteers are a gift, but they cannot replace trained staff "
                "in personal care, and an agreement that blurs this puts everyone at "
                "risk.",
            ),
            post(
                "beata.sikora",
                52,
                "If any of the residents have disabilities, involve them or their "
                "organisations when you write the situations. They know the Saturday "
                "problems better than any of us.",
                thanks=("jonas",),
            ),
            post(
                "jonas",
                232,
                "We held a workshop with both NGOs and two residents' representatives "
                "and wrote twelve situations. The agreement is now 8 pages and much "
                "clearer. Thank you.",
                helpful=("rasa.kazlauskiene", "tomas.stankevicius"),
            ),
        ],
    },
    # Peer learning for managers (Synergia) -----------------------------------------------
    {
        "community": "synergia-peer-learning",
        "title": "Implementation reports: where is your institution's good practice now?",
        "tags": ["implementation", "good practice"],
        "days_ago": 90,
        "posts": [
            post(
                "katarzyna.szymanska",
                0,
                "Each Polish institution in Synergia committed to prepare and implement a "
                "good management practice. Before the next session, could each of you "
                "write two or three sentences on where yours stands, including what got "
                "stuck? Honest reports help the task groups more than polished ones.",
            ),
            post(
                "krzysztof.lewandowski",
                5,
                "Strategic Planning Department: our practice is quarterly planning "
                "reviews in which each unit presents one risk, not its achievements. "
                "Three reviews held. Stuck: units still send their risks at the last "
                "minute, so discussion is thin.",
                helpful=("katarzyna.szymanska", "gabor.kovacs"),
            ),
            post(
                "joanna.mazur",
                23,
                "Human Resources Office: the new induction programme with a buddy for "
                "each newcomer. Twelve newcomers so far, ten with a buddy. Stuck: finding "
                "buddies in units with high turnover.",
            ),
            post(
                "aleksandra.pawlak",
                27,
                "Civil Service Department: a peer-review pilot for training plans "
                "between two ministries. Agreement signed, first exchange of plans in "
                "two weeks. Nothing stuck yet, which probably means we have not started "
                "properly.",
                thanks=("katarzyna.szymanska",),
            ),
            post(
                "ilze.berzina",
                48,
                "Not a Polish institution, but we follow the same approach in Latvia: "
                "Krzysztof, we had the same problem with late risks and solved it by "
                "collecting them in the first ten minutes of the meeting itself.",
                reply_to=1,
                helpful=("krzysztof.lewandowski",),
            ),
        ],
    },
    {
        "community": "synergia-peer-learning",
        "title": "Day-two challenge: keeping experienced staff after a reorganisation",
        "tags": ["management challenges", "retention"],
        "days_ago": 42,
        "answer": 3,
        "posts": [
            post(
                "maria.georgieva",
                0,
                "For the second day of the next session, our Institute submits this "
                "challenge: after a reorganisation merged two directorates, four of our "
                "most experienced trainers left within six months. Exit interviews say "
                '"workload" and "no say in the new structure". How would your task '
                "group approach it?",
            ),
            post(
                "gabor.kovacs",
                4,
                '"No say in the new structure" is the part I would start with. In our '
                "reorganisation, the people who left were exactly those who learned "
                "about their new role from the organisation chart.",
                reply_to=0,
            ),
            post(
                "krzysztof.lewandowski",
                22,
                "Could you find out what the ones who stayed have in common? Sometimes "
                "the answer is in who did not leave.",
            ),
            post(
                "aleksandra.pawlak",
                26,
                "What helped us after a similar merger:\n\n"
                "1. **Stay interviews** with experienced staff in the first month, not "
                "exit interviews after they leave.\n"
                "2. **A role for each of them in designing how the merged unit works**: "
                "procedures, not the chart, which was already fixed.\n"
                "3. **Workload made visible**: a simple list of the tasks each person "
                "carried before and after, discussed with the director.\n\n"
                "We lost one person of eleven, against three in the merger before.",
                reply_to=0,
                helpful=("maria.georgieva", "gabor.kovacs", "joanna.mazur", "zsofia.nagy"),
                thanks=("maria.georgieva",),
            ),
            post(
                "maria.georgieva",
                50,
                "Thank you, Aleksandra. Stay interviews are new to us. I will propose "
                "them for our remaining directorates before the next step of the "
                "reorganisation, and bring the results to the task group.",
            ),
            post(
                "facilitator",
                55,
                "A good challenge for day two. I have put it on the session agenda, with "
                "Aleksandra's practice as the starting point for the task group.",
            ),
        ],
    },
    {
        "community": "synergia-peer-learning",
        "title": "Open Space topics for the next online session",
        "tags": ["Open Space", "sessions"],
        "days_ago": 11,
        "posts": [
            post(
                "katarzyna.szymanska",
                0,
                "The third day of the next session is again an Open Space on MS Teams. "
                "Please propose topics here in advance; on the day we will start from "
                "this list and add whatever comes up.",
            ),
            post(
                "zsofia.nagy",
                6,
                "How to use evaluation findings when the minister has already decided. "
                "I see this in every country we study, and managers rarely talk about it "
                "openly.",
                helpful=("krzysztof.lewandowski", "ilze.berzina", "gabor.kovacs"),
            ),
            post(
                "ilze.berzina",
                25,
                "Managing teams that work partly remotely: what to do about people who "
                "are never in the office on the same day.",
                helpful=("joanna.mazur", "maria.georgieva"),
            ),
            post(
                "joanna.mazur",
                50,
                "Induction for managers, not only for new staff. Newly promoted managers "
                "in our ministry get a laptop and a team, and nothing else.",
                helpful=("aleksandra.pawlak", "gabor.kovacs", "krzysztof.lewandowski"),
            ),
            post(
                "katarzyna.szymanska",
                168,
                "Thank you, three strong topics. I will open a Teams channel for each "
                "before the session.",
            ),
        ],
    },
    # Partnerforum programme group --------------------------------------------------------
    {
        "community": "partnerforum-programme-group",
        "title": "Autumn programme: topic proposals from the partners",
        "tags": ["programme", "topics"],
        "days_ago": 58,
        "answer": 3,
        "posts": [
            post(
                "kari.nordby",
                0,
                "Time to plan the autumn. As always, the partners decide. Please propose "
                "topics for breakfast meetings, the full-day conference and the seminars, "
                "ideally with the thematic block (democracy, efficiency, ethics, HR, "
                "innovation, climate policy, governance...) and a case your institution "
                "could bring.",
            ),
            post(
                "ingrid",
                3,
                "Innovation: joined-up services for life events, such as starting a "
                "business. We have a case where six agencies had to agree on one form, "
                "and I can bring the people who did it.",
                helpful=("ole.berg", "erik.lunde", "sigrid.aas"),
            ),
            post(
                "knut.haugen",
                21,
                "Climate policy: municipal climate budgets, two years on. What is "
                "followed up and what fades. Kari's own study would be the research "
                "input.",
                helpful=("kari.nordby", "hanne.strand"),
            ),
            post(
                "lars.eide",
                26,
                "Ethics, or HR: universal design of the tools we give our own employees. "
                "We audit public websites but rarely the internal systems people with "
                "disabilities use at work. I would propose a breakfast meeting with a "
                "short live test of an internal system.",
                helpful=("kari.nordby", "erik.lunde", "ingrid", "hanne.strand"),
                thanks=("ingrid",),
            ),
            post(
                "hanne.strand",
                45,
                "Competence development: remote training for municipalities, with our "
                "experience from Norway, Denmark and the Lithuanian partners.",
                helpful=("erik.lunde",),
            ),
            post(
                "kari.nordby",
                70,
                "Thank you all. Proposed programme: Ingrid's life-events case for the "
                "full-day conference, Lars's live test as the first breakfast meeting "
                "(marked: it got the most support), climate budgets and remote training "
                "as seminars. Final dates next week.",
            ),
        ],
    },
    {
        "community": "partnerforum-programme-group",
        "title": "Feedback on the breakfast meeting about climate governance",
        "tags": ["feedback", "climate policy"],
        "days_ago": 20,
        "posts": [
            post(
                "erik.lunde",
                0,
                "Thank you to everyone who came to Tuesday's breakfast meeting on climate "
                "governance. 34 participants from 14 partners. The feedback forms are "
                "good overall; the most common criticism is that the research input ran "
                "over and the table discussions were cut short. Anything else we should "
                "change before the next one?",
            ),
            post(
                "knut.haugen",
                5,
                "The case from the municipality was the highlight. More time for "
                "questions to the people who did the work, less for slides.",
                reply_to=0,
                helpful=("erik.lunde", "sigrid.aas"),
            ),
            post(
                "sigrid.aas",
                24,
                "Print the table question on a card again. This time it was only on the "
                "screen, and half the tables discussed something else.",
                helpful=("kari.nordby", "ole.berg"),
            ),
            post(
                "ole.berg",
                48,
                "Could we get the slides and a short summary the same day? I share them "
                "with colleagues who could not come, and by Friday nobody reads them.",
            ),
            post(
                "kari.nordby",
                150,
                "Agreed on all points: the research input is capped at 20 minutes with a "
                "visible clock, table questions go back on cards, and the summary goes "
                "out the same afternoon. Thank you for the honest feedback.",
                thanks=("knut.haugen", "sigrid.aas", "ole.berg"),
            ),
        ],
    },
]
