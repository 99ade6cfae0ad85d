"""Demo content for ``manage.py seed_demo``: organisations, people, communities and prose.

Pure data, no database access. The facts come from the five source documents in
``../shared/seeds/``: Partnerforum (Norway), Synergia (Poland with Bulgaria, Latvia and
Hungary), Partnership for Change (Slovenia), communities of practice (Poland) and social
clustering (Lithuania). Organisations named there keep their real names; the people are
invented.
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
