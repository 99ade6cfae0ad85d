"""Demo content for the guide and the good-practice library, written only from the source
documents in ``../shared/seeds/`` (Partnerforum, Synergia, Partnerstvo za spremembe, the
note on communities of practice, and the Lithuanian social-clustering project). Figures
appear only where a source gives them; where a source reports no measurement, the case
says so instead of inventing one.

``seed_guidebook(stdout=None)`` is idempotent: pages are looked up by slug under their
index, organisations by name, the demo moderator by username; only what is missing is
created, and nothing that exists is changed. ``manage.py seed_demo`` calls it.
"""

from __future__ import annotations

from datetime import date
from html import escape

from django.contrib.auth.hashers import make_password
from django.db import transaction

DEMO_PASSWORD = "praxis-demo"  # noqa: S105 - documented demo password, demo data only


def p(*texts: str) -> str:
    return "".join(f"<p>{escape(text, quote=False)}</p>" for text in texts)


def ul(*items: str) -> str:
    return "<ul>" + "".join(f"<li>{escape(item, quote=False)}</li>" for item in items) + "</ul>"


GUIDE_INDEX = {
    "title": "Running a community of practice",
    "slug": "guide",
    "intro": p(
        "A short user manual for people in public administration who want to start or run "
        "a community of practice: a group that regularly discusses one clearly defined "
        "topic, that people join voluntarily, and that brings together colleagues who do "
        "similar work but rarely work together day to day.",
        "The note on communities of practice that this guide starts from says what makes "
        "adoption easier: a concise, attractive guide, with examples of good practice. "
        "Each chapter therefore links to real cases in the good-practice library.",
    ),
}

PRACTICE_INDEX = {
    "title": "Good-practice library",
    "slug": "practices",
    "intro": p(
        "Cases from public administrations that learned across units, organisations, "
        "sectors and borders: peer-learning sessions, partner forums, challenge rounds, "
        "staff exchanges and study visits. Each case follows the same structure, so you "
        "can compare them: the problem, what was done, what is new, results and how they "
        "were measured, challenges, conditions for transfer and lessons."
    ),
}

ORGANISATIONS = [
    # Only those the demo organisations in communities.demo_content do not have yet.
    {
        "name": "AmCham Slovenia",
        "short_name": "AmCham",
        "country": "SI",
        "type": "ngo",
        "level_of_government": "n/a",
        "website": "https://www.amcham.si",
    },
    {
        "name": "Lithuanian University of Educational Sciences",
        "short_name": "LEU",
        "country": "LT",
        "type": "university",
        "level_of_government": "n/a",
        "website": "http://www.leu.lt",
    },
    {
        "name": "Prienai District Municipality",
        "country": "LT",
        "type": "municipality",
        "level_of_government": "local",
        "website": "http://www.prienai.lt",
    },
    {
        "name": "Druskininkai Municipality",
        "country": "LT",
        "type": "municipality",
        "level_of_government": "local",
        "website": "http://www.druskininkai.lt",
    },
    {
        "name": "Utena District Municipality Administration",
        "country": "LT",
        "type": "municipality",
        "level_of_government": "local",
        "website": "http://www.utena.lt",
    },
    {
        "name": "Vilnius College of Design",
        "country": "LT",
        "type": "university",
        "level_of_government": "n/a",
        "website": "http://www.dizainokolegija.lt",
    },
    {
        "name": "e-Factor",
        "country": "NO",
        "type": "company",
        "level_of_government": "n/a",
        "website": "https://www.efaktor.no",
    },
    {
        "name": "Norwegian Association of Local and Regional Authorities",
        "short_name": "KS",
        "country": "NO",
        "type": "ngo",
        "level_of_government": "local",
        "website": "https://www.ks.no",
    },
]

# Practice cases ------------------------------------------------------------------------
# "community": slug of a demo community; "thread": title of a demo thread it grew from.

PRACTICES = [
    {
        "slug": "partnerforum-oslo",
        "title": "Partnerforum: a meeting place for officials and academics",
        "summary": (
            "Two Norwegian universities, the University of Oslo and BI Norwegian Business "
            "School, run a voluntary forum where officials from different ministries, "
            "agencies and departments meet academics regularly to share knowledge and "
            "experience. 20 partners from public administration and academia take "
            "part; the officials shape the programme."
        ),
        "problem": p(
            "Officials in different ministries, agencies and departments of central "
            "government rarely meet, and new academic and professional knowledge that "
            "matters to their work does not travel easily between sectors."
        ),
        "what_was_done": p(
            "The University of Oslo and BI Norwegian Business School created Partnerforum, "
            "a platform for sharing knowledge that brings together officials from "
            "different ministries, government agencies and departments. It holds regular "
            "meetings with a planned structure. Topics are chosen by the officials and "
            "fall into thematic blocks such as democracy, efficiency, ethics, government "
            "policy, HR, competence development, innovation, international affairs, "
            "justice, climate policy, communication, state and local government, "
            "governance and the economy.",
            "Meetings take the form of breakfast meetings (09:00-11:00), full-day "
            "conferences and seminars. The academics who lead them focus on practical "
            "questions and a workshop model.",
        ),
        "what_is_new": p(
            "A standing, voluntary meeting place between academia and officials from many "
            "ministries at once, in which the participants, not the organisers, decide "
            "what is discussed and how."
        ),
        "results": p(
            "According to the source, 20 partners from public administration and "
            "academia take part. It names the strengths as bringing officials together "
            "around learning and competence development, building horizontal ties across "
            "departments and ministries, and involving staff in developing their knowledge "
            "and skills."
        ),
        "measurement": p(
            "The source reports the number of partners; it reports no other measurement."
        ),
        "challenges": p(
            "The main challenge named in the source is making cooperation between the "
            "academic community and officials work effectively."
        ),
        "conditions": p(
            "The source recommends that a similar solution be run by several departments, "
            "ideally by departments in different ministries. It could be used in Poland if "
            "effective cooperation between academia and the civil service is set up."
        ),
        "lessons": p(
            "Success rests on how the forum works: it is voluntary, and participants have a "
            "large say in the programme, the topics and how meetings run."
        ),
        "status": "implementation",
        "country": "NO",
        "level_of_government": "central",
        "sector": "public_administration",
        "themes": ["Peer learning", "Academia and government", "Competence development"],
        "organisations": ["University of Oslo", "BI Norwegian Business School"],
        "community": "partnerforum-programme-group",
        "thread": "Academics and officials in one workshop: what we learned from Partnerforum",
    },
    {
        "slug": "partnerforum-breakfast-meetings",
        "title": "Breakfast meetings from 09:00 to 11:00 with a planned structure",
        "summary": (
            "Partnerforum's most recognisable format: a two-hour breakfast meeting, held "
            "regularly and with a planned structure, on a topic the officials chose. It "
            "sits beside seminars and full-day conferences."
        ),
        "problem": p(
            "Busy officials find it hard to leave their desks for whole days, yet learning "
            "across ministries needs regular contact, not a one-off event."
        ),
        "what_was_done": p(
            "Partnerforum holds breakfast meetings from 09:00 to 11:00 with a planned "
            "structure, alongside seminars and full-day conferences. The topics come from "
            "the officials themselves, grouped into thematic blocks. Academics lead the "
            "meetings with a practical, workshop-style approach."
        ),
        "what_is_new": p(
            "A short, fixed format at the start of the working day, combined with topics "
            "proposed by the participants."
        ),
        "results": p("The source does not report separate results for this format."),
        "measurement": p("Not reported in the source."),
        "conditions": p(
            "A clear structure, a topic the participants asked for, and a host who keeps "
            "the discussion practical."
        ),
        "lessons": p(
            "Offering several formats (short breakfast meetings, seminars and full-day "
            "conferences) lets people take part at the depth they can afford."
        ),
        "status": "implementation",
        "country": "NO",
        "level_of_government": "central",
        "sector": "public_administration",
        "themes": ["Meeting formats", "Peer learning"],
        "organisations": ["University of Oslo", "BI Norwegian Business School"],
        "community": "partnerforum-programme-group",
    },
    {
        "slug": "partnerforum-partner-fee",
        "title": "A yearly partner fee so institutions take part seriously",
        "summary": (
            "Partnerforum charges each participating institution 95,000 NOK a year. "
            "According to the organisers, paying makes institutions treat the programme "
            "seriously rather than as something compulsory and unnecessary."
        ),
        "problem": p(
            "Free, voluntary programmes risk being treated as optional extras that nobody "
            "commits to."
        ),
        "what_was_done": p(
            "Participation in Partnerforum is paid: 95,000 NOK a year per partner. The "
            "programme remains voluntary, and the partners shape its content."
        ),
        "what_is_new": p("The fee is used as a signal of commitment, not only as funding."),
        "results": p(
            "The organisers say the fee makes participating institutions take the "
            "programme seriously, and not as something compulsory and unnecessary."
        ),
        "measurement": p("The source gives the organisers' view; it reports no measurement."),
        "challenges": p(
            "A fee can keep out institutions with small budgets; the source does not "
            "discuss how Partnerforum handles this."
        ),
        "conditions": p(
            "Partners must see enough value in the programme to pay for it, which is "
            "easier when they shape its topics."
        ),
        "lessons": p("Voluntary and paid are not opposites: both signal real interest."),
        "status": "implementation",
        "country": "NO",
        "level_of_government": "central",
        "sector": "public_administration",
        "themes": ["Financing", "Cross-organisation programmes"],
        "organisations": ["University of Oslo", "BI Norwegian Business School"],
        "community": "partnerforum-programme-group",
    },
    {
        "slug": "synergia-peer-learning-sessions",
        "title": "Synergia: three-day peer-learning sessions for managers",
        "summary": (
            "In the Synergia project, managers from public administration institutions in "
            "Poland, Bulgaria, Latvia and Hungary work for three days in task groups: day "
            "one analyses practices presented earlier, day two works on management "
            "challenges the institutions submitted, day three is an Open Space."
        ),
        "problem": p(
            "Good management practices presented in training rarely make it into the "
            "participants' own institutions without a structured way to discuss how to "
            "implement them."
        ),
        "what_was_done": p(
            "Synergia's peer-learning sessions let participants exchange experience on how "
            "the good practices presented during the training could be implemented, and "
            "work out recommendations for implementing them in public administration "
            "institutions.",
            "For three days, participants work in task groups. The first day is devoted to "
            "analysing the practices presented earlier in the education and cooperation "
            "programme. On the second day they work on the management challenges that the "
            "institutions submitted when they were recruited to the project. On the third "
            "day they exchange experience on the programme's topics in an Open Space.",
            "Because of the epidemic situation, the fifth session was held online, on an "
            "e-learning platform in MS Teams.",
        ),
        "what_is_new": p(
            "The sessions mix three methods in one sequence (analysis of practices, real "
            "challenges from the participants' institutions, and Open Space) and bring "
            "managers from four countries together."
        ),
        "results": p(
            "The source describes the fifth session as under way; it does not report "
            "results of the sessions."
        ),
        "measurement": p("Not reported in the source."),
        "conditions": p(
            "Participants are managers or team coordinators at central or field level, "
            "nominated by their institutions, and the challenges come from the institutions "
            "themselves."
        ),
        "lessons": p(
            "Asking institutions for their management challenges at recruitment gives the "
            "second day real material to work on."
        ),
        "status": "implementation",
        "country": "PL",
        "level_of_government": "central",
        "sector": "public_administration",
        "themes": ["Peer learning", "Meeting formats", "Management"],
        "organisations": [
            "National School of Public Administration",
            "Institute of Public Administration",
            "Latvian School of Public Administration",
            "National University of Public Service",
        ],
        "community": "synergia-peer-learning",
        "thread": "Running an Open Space online: tools and pitfalls",
    },
    {
        "slug": "synergia-implementing-a-good-practice",
        "title": "Synergia: every institution prepares and implements a good practice",
        "summary": (
            "Each Synergia edition has two parts: an education and cooperation programme "
            "with 19 days of classes in Poland, Bulgaria, Latvia and Hungary, and an "
            "implementation part in which the participating institution prepares and "
            "implements a good management practice."
        ),
        "problem": p(
            "Training for managers often ends with the course; the recommendations are "
            "never tried in the institutions that sent them."
        ),
        "what_was_done": p(
            "The Synergia project, run in four editions, builds a new education and "
            "cooperation programme on a network of managers from public administration in "
            "Central and Eastern Europe, and puts the solutions worked out in the programme "
            "into practice.",
            "Every edition has two parts: the education and cooperation programme (19 days "
            "of classes in Poland, Bulgaria, Latvia and Hungary) and the implementation "
            "part, in which the institution prepares an implementation project and "
            "implements a good management practice. Polish institutions also implement the "
            "recommendations they helped to work out.",
        ),
        "what_is_new": p(
            "Implementation is part of the programme itself, not left to the participants "
            "after it ends."
        ),
        "results": p("The source does not report results of the implementations."),
        "measurement": p("Not reported in the source."),
        "conditions": p(
            "Institutions commit at the start to take part in working out, and (for Polish "
            "institutions) implementing, the recommendations. The project is run by a "
            "transnational partnership: the National School of Public Administration "
            "(KSAP) in Poland, the Institute of Public Administration in Bulgaria, the "
            "National University of Public Service in Hungary and the Latvian School of "
            "Public Administration."
        ),
        "lessons": p(
            "Making the institution, not only the participant, the member of the programme "
            "ties learning to change at work."
        ),
        "status": "implementation",
        "country": "PL",
        "level_of_government": "central",
        "sector": "public_administration",
        "themes": ["Peer learning", "Management", "Cross-organisation programmes"],
        "organisations": [
            "National School of Public Administration",
            "Institute of Public Administration",
            "Latvian School of Public Administration",
            "National University of Public Service",
        ],
        "community": "synergia-peer-learning",
        "thread": "Implementation reports: where is your institution's good practice now?",
    },
    {
        "slug": "partnership-for-change",
        "title": "Partnership for Change: public and private sector solve challenges together",
        "summary": (
            "Slovenia's Partnerstvo za spremembe is a national platform for cooperation "
            "between employees of the public and private sectors, coordinated by the "
            "Ministry of Public Administration and AmCham Slovenia. It runs in rounds: "
            "organisations submit challenges, a commission selects at most five, and staff "
            "are exchanged between public bodies and companies."
        ),
        "problem": p(
            "The gap between the public and the private sector often seems too wide; good "
            "ideas, practices and solutions do not move between them."
        ),
        "what_was_done": p(
            "The Ministry of Public Administration and AmCham Slovenia started a programme "
            "of cooperation between employees in the Slovenian public and private sectors, "
            "to transfer and use good ideas, practices and useful solutions. It works in "
            "rounds. In each round, organisations (business associations, municipalities, "
            "NGOs, public and private institutes, foundations, public bodies, educational "
            "and scientific institutions) are invited to submit challenges. A commission "
            "selects at most five whose solution would improve the quality of life and the "
            "business environment in Slovenia; each selected challenge gets a mentor, and "
            "the organisation that submitted it leads the work. The round ends with a "
            "final event. Staff exchanges between public bodies and companies have been a "
            "constant part of the programme from the start."
        ),
        "what_is_new": p(
            "A standing programme, led jointly by a ministry and a chamber of commerce, in "
            "which public and private employees co-create solutions and swap places."
        ),
        "results": p(
            "In 2016 the programme received the Creative Network Award for best practice "
            "from the AmChams in Europe network of 44 AmChams from Europe and Eurasia. In "
            "July 2016 it was entered for the OECD's call for public sector innovations; "
            "out of more than 150 entries it was shortlisted and presented at a large "
            "annual government conference in Dubai in February 2017. Round five had three "
            "challenges and 58 employees exchanged."
        ),
        "measurement": p(
            "The programme counts the scale of co-creation: how many people connected to "
            "solve a challenge and how many people it had a positive effect on. Exchanges "
            "are counted by public bodies, companies and employees taking part."
        ),
        "challenges": p(
            "The programme is adjusted a little every year; some exchanges in round five "
            "were still being arranged when the round's final event took place."
        ),
        "conditions": p(
            "Coordination on both sides (the ministry for the public administration, "
            "AmCham Slovenia for business), a selection commission, and a mentor for every "
            "selected challenge."
        ),
        "lessons": p(
            "Participants in round five agreed that cooperation had brought important "
            "improvements. Through the exchanges, the organisers say, people learn from "
            "each other, understand each other better and build trust."
        ),
        "status": "implementation",
        "country": "SI",
        "level_of_government": "central",
        "sector": "public_administration",
        "themes": ["Public-private cooperation", "Challenge rounds", "Staff exchanges"],
        "organisations": [
            "Ministry of Public Administration of the Republic of Slovenia",
            "AmCham Slovenia",
        ],
        "community": "innovation-in-public-services",
        "thread": "Writing a challenge statement the commission will select",
    },
    {
        "slug": "partnership-for-change-staff-exchanges",
        "title": "Staff exchanges between public bodies and companies",
        "summary": (
            "In round five of Slovenia's Partnership for Change, 15 public bodies with 37 "
            "employees and 32 companies with 21 employees took part in exchanges lasting "
            "about a week each: 58 people exchanged, the most so far."
        ),
        "problem": p(
            "Stereotypes about the other sector persist when public servants and company "
            "employees never see each other's work from the inside."
        ),
        "what_was_done": p(
            "Employees of public bodies spend time in companies and company employees in "
            "public bodies. In round five the exchanges began on 15 April and were to end "
            "by the end of September; on average an exchange lasts one week."
        ),
        "what_is_new": p(
            "Short, reciprocal placements across the public-private line, organised as a "
            "permanent part of a national programme."
        ),
        "results": p(
            "By the round's final event, 15 public administration bodies with 37 employees "
            "and 32 companies with 21 employees had taken part: 58 employees exchanged, "
            "the most so far, with more exchanges still to come before the end of "
            "September."
        ),
        "measurement": p(
            "Counts of participating bodies, companies and employees, as reported at the "
            "final event of round five."
        ),
        "challenges": p("Arranging every exchange takes time; some were still being set up."),
        "conditions": p("Coordinators on both sides who match people and organisations."),
        "lessons": p(
            "The organisers report that exchanges strengthen cooperation and trust and "
            "bring many good experiences and ideas."
        ),
        "status": "implementation",
        "country": "SI",
        "level_of_government": "central",
        "sector": "public_administration",
        "themes": ["Staff exchanges", "Public-private cooperation"],
        "organisations": [
            "Ministry of Public Administration of the Republic of Slovenia",
            "AmCham Slovenia",
        ],
        "community": "staff-exchanges",
        "thread": "Matching 58 people: how we paired public bodies and companies in round five",
    },
    {
        "slug": "i-am-a-teacher",
        "title": "“I am a teacher”: a collection of primary-school teachers' good practice",
        "summary": (
            "A round-five challenge of the Partnership for Change, initiated by Deana "
            "Jezeršek of LanguageSitter: finding teachers who see their profession as a "
            "mission and do something extra for their pupils. More than 80 teachers were "
            "involved."
        ),
        "problem": p("The teaching profession needs its reputation restored."),
        "what_was_done": p(
            "The challenge “Učitelj sem/Učiteljica sem - Primeri dobrih praks učiteljev v "
            "osnovnih šolah” (I am a teacher: examples of good practice of teachers in "
            "primary schools) looks for teachers who see their profession as a mission and "
            "who do “that little bit more” for their pupils, and collects their examples."
        ),
        "what_is_new": p(
            "A company-initiated challenge, worked on inside a public-private programme, "
            "that makes teachers' own good practice visible."
        ),
        "results": p(
            "More than 80 teachers had been involved by the round's final event. According "
            "to its initiator, the project restores the reputation of the teaching "
            "profession."
        ),
        "measurement": p("The number of teachers involved, as given at the final event."),
        "conditions": p("Selection as a challenge in the programme, and a mentor."),
        "lessons": p(
            "Good practice can be collected from the people doing the work, not only from "
            "institutions."
        ),
        "status": "implementation",
        "country": "SI",
        "level_of_government": "n/a",
        "sector": "education",
        "themes": ["Challenge rounds", "Collecting good practice", "Education"],
        "organisations": ["LanguageSitter", "AmCham Slovenia"],
        "contact_name": "Deana Jezeršek (LanguageSitter), initiator",
        "community": "innovation-in-public-services",
        "thread": "Counting impact: the teachers' good-practice collection",
    },
    {
        "slug": "building-permit-applications-by-designers",
        "title": "Building-permit applications prepared by designers",
        "summary": (
            "The Šmarje pri Jelšah Administrative Unit submitted the challenge “Filling "
            "in an application for a building permit: a simple task anyone can do”. "
            "Working with the STOPbirokraciji.si project and business, it led to a change "
            "in the law: designers now fill in building-permit applications."
        ),
        "problem": p(
            "Filling in an application for a building permit was meant to be a simple task "
            "anyone could do, yet it was not."
        ),
        "what_was_done": p(
            "The Šmarje pri Jelšah Administrative Unit entered the challenge in round five "
            "of the Partnership for Change. It was presented at the final event by the "
            "unit's head, Jasna Junkar, and the head of its main office, Andreja Krumpak. "
            "In cooperation with the public administration (through the "
            "STOPbirokraciji.si project) and business, a change in building-permit "
            "legislation was achieved."
        ),
        "what_is_new": p(
            "A local administrative unit used a public-private challenge round to change "
            "national legislation."
        ),
        "results": p(
            "Under the amended legislation, applications for a building permit are from "
            "now on prepared by designers, among others."
        ),
        "measurement": p(
            "The outcome is the legislative change; no other measurement is reported."
        ),
        "conditions": p(
            "Cooperation with the national red-tape reduction project STOPbirokraciji.si "
            "and with business."
        ),
        "lessons": p(
            "A problem seen at the counter can reach the law-maker when the right partners "
            "work on it together."
        ),
        "status": "implementation",
        "country": "SI",
        "level_of_government": "regional",
        "sector": "economy",
        "themes": ["Challenge rounds", "Cutting red tape", "Public-private cooperation"],
        "organisations": ["Šmarje pri Jelšah Administrative Unit", "AmCham Slovenia"],
        "contact_name": "Jasna Junkar, head of the administrative unit",
        "community": "innovation-in-public-services",
        "thread": "Building-permit applications prepared by designers: what changed at the counter",
    },
    {
        "slug": "raising-uptake-of-e-services-ajpes",
        "title": "Raising the uptake of public e-services (AJPES)",
        "summary": (
            "AJPES, the Slovenian Agency for Public Legal Records and Related Services, "
            "submitted the challenge “Increasing the reach and use of public "
            "administration e-services”. During the project it raised awareness of its "
            "services in various ways, connected with stakeholders and increased their "
            "use."
        ),
        "problem": p("Public administration e-services did not reach as many users as they could."),
        "what_was_done": p(
            "In round five of the Partnership for Change, AJPES worked on its challenge of "
            "increasing the reach and use of public administration e-services. It raised "
            "public awareness of its services in various ways and connected with different "
            "stakeholders. Its director, Mojca Kunšek, presented the challenge at the final "
            "event."
        ),
        "what_is_new": p(
            "An agency used a public-private programme, with a mentor, to work on the "
            "uptake of its own digital services."
        ),
        "results": p(
            "According to the presentation at the final event, the use of e-services "
            "actually increased. AJPES continues the work it started."
        ),
        "measurement": p("The source does not say how the increase was measured."),
        "conditions": p("Working with stakeholders outside the agency."),
        "lessons": p("Uptake grows when people know the services exist."),
        "status": "implementation",
        "country": "SI",
        "level_of_government": "central",
        "sector": "digital",
        "themes": ["Digital services", "Challenge rounds"],
        "organisations": [
            "Agency of the Republic of Slovenia for Public Legal Records and Related Services",
            "AmCham Slovenia",
        ],
        "contact_name": "Mojca Kunšek, director of AJPES",
        "community": "e-services-uptake",
        "thread": "What raised the use of AJPES e-services: notes from the Partnership for Change",
    },
    {
        "slug": "challenge-commission-and-mentors",
        "title": "A commission selects at most five challenges, each with a mentor",
        "summary": (
            "How the Partnership for Change chooses what to work on: organisations submit "
            "challenges; a commission reviews every application and selects at most five "
            "whose solution would improve the quality of life and the business environment; "
            "each gets a mentor who follows and guides the work."
        ),
        "problem": p(
            "An open call for challenges can attract more proposals than a programme can "
            "support well."
        ),
        "what_was_done": p(
            "A commission reviews all applications and selects at most five challenges. "
            "The organisations whose challenges are selected lead the work; the programme "
            "provides each selected challenge with a mentor who follows and guides it."
        ),
        "what_is_new": p("A small number of selected challenges, each with its own mentor."),
        "results": p("Round five worked on three challenges, presented at its final event."),
        "measurement": p(
            "Impact is judged by the scale of co-creation: how many people connected to "
            "solve the challenge and how many people it affected positively."
        ),
        "conditions": p("Clear selection criteria and enough mentors for the challenges selected."),
        "lessons": p("Selecting few challenges keeps mentoring possible."),
        "status": "implementation",
        "country": "SI",
        "level_of_government": "central",
        "sector": "public_administration",
        "themes": ["Challenge rounds", "Mentoring"],
        "organisations": [
            "Ministry of Public Administration of the Republic of Slovenia",
            "AmCham Slovenia",
        ],
        "community": "innovation-in-public-services",
    },
    {
        "slug": "communities-of-practice-central-administration",
        "title": "Communities of practice in central administration",
        "summary": (
            "A proposal from Poland: use communities of practice (groups that regularly "
            "discuss one defined topic, joined voluntarily) in central public "
            "administration to break silos between organisations and their units. The "
            "method is cheap to start and to run."
        ),
        "problem": p(
            "Organisations in Polish central public administration, and their units, work "
            "in silos: little cooperation and little exchange of information."
        ),
        "what_was_done": p(
            "The note proposes communities of practice: groups of people who regularly "
            "discuss a defined topic, join voluntarily, and do the same or similar work, "
            "or are interested in similar questions, but usually do not work together day "
            "to day. Topics can be as different as working with experts, the problems of "
            "people with disabilities in the organisation, organising conferences or "
            "monitoring programme implementation."
        ),
        "what_is_new": p(
            "Many thematic communities in one organisation, each with a clearly defined "
            "topic, not limited to managers."
        ),
        "results": p(
            "This is a proposal; the source reports no results yet. It sees great "
            "potential for the method in Polish organisations, including public "
            "administration."
        ),
        "measurement": p("Not applicable yet."),
        "challenges": p("Communities must not be general: each needs a clearly defined topic."),
        "conditions": p(
            "Communities are most valuable when their members come from different parts of "
            "an organisation, or from different organisations. A concise, attractive guide "
            "(a user manual for the method) with examples of good practice would make "
            "adoption much easier."
        ),
        "lessons": p(
            "The method is relatively easy to use and needs no large initial or running costs."
        ),
        "status": "idea",
        "country": "PL",
        "level_of_government": "central",
        "sector": "public_administration",
        "themes": ["Communities of practice", "Breaking silos"],
        "organisations": [],
        "community": "working-with-external-experts",
    },
    {
        "slug": "social-clustering-lithuania",
        "title": "Social clustering: a partner network of municipalities, NGOs and colleges",
        "summary": (
            "The Lithuanian project “Promoting sustainable development by strengthening "
            "the social clustering of the public sector”, run by the Lithuanian University "
            "of Educational Sciences with a Norwegian partner, municipalities, public "
            "institutions and colleges, developed a competence model for social clustering."
        ),
        "problem": p(
            "Municipalities and other public sector organisations need ways to cooperate "
            "and build networks with different structures, and competences for doing so."
        ),
        "what_was_done": p(
            "The Lithuanian University of Educational Sciences runs the project (no. "
            "NOR-LT10-VRM-01-K-02-006) with Fleksibel utdanning Norge, Biržai District "
            "Municipality and its public health bureau, Prienai District Municipality, "
            "Prienai care home, Druskininkai Municipality and its education centre, Utena "
            "District Municipality Administration, the Utena A. and M. Miškiniai public "
            "library, Vilnius College of Design, Gintarinė akademija and the Lithuanian "
            "College of Democracy.",
            "As the result of activity indicator 1.1.1, the project developed a competence "
            "model for social clustering, presented during a visit of the partners to "
            "Norway.",
        ),
        "what_is_new": p(
            "Municipalities, a library, a care home, colleges and NGOs learn together, with "
            "a foreign partner, and turn what they learn into a competence model."
        ),
        "results": p("The competence model for social clustering, the result of indicator 1.1.1."),
        "measurement": p(
            "Progress is tracked against the project's activity indicators; the competence "
            "model is reported as the result of indicator 1.1.1."
        ),
        "conditions": p("A partner network spanning levels and sectors, and a foreign partner."),
        "lessons": p(
            "A tangible product (the competence model) gives a network something to share "
            "and to present."
        ),
        "status": "implementation",
        "country": "LT",
        "level_of_government": "local",
        "sector": "social",
        "year_started": None,
        "themes": ["Social clustering", "Municipal partnerships", "Competence development"],
        "organisations": [
            "Lithuanian University of Educational Sciences",
            "Flexible Education Norway",
            "Biržai District Municipality",
            "Prienai District Municipality",
            "Druskininkai Municipality",
            "Utena District Municipality Administration",
            "Vilnius College of Design",
            "Gintarinė akademija",
            "Lithuanian College of Democracy",
        ],
        "community": "social-clustering-municipalities",
        "thread": "Competence model built with municipalities: the social-clustering experience",
    },
    {
        "slug": "study-visit-oslo-2017",
        "title": "A study visit to Oslo to learn from Norwegian municipalities and NGOs",
        "summary": (
            "From 3 to 6 April 2017, representatives of the Lithuanian social-clustering "
            "project's partners visited Norway: meetings with Norwegian partners, NGOs, an "
            "organiser of virtual training for municipalities, and the association of "
            "Norwegian municipalities and regions."
        ),
        "problem": p(
            "Lithuanian partners wanted to see, not only hear about, how Norwegian public "
            "sector organisations cooperate and develop social clustering."
        ),
        "what_was_done": p(
            "During the partners' second visit to Norway, on 3-6 April 2017 in Oslo, the "
            "project presented its competence model and discussed it with its partners and "
            "with Norwegian public sector organisations. Participants shared experience of "
            "ways to raise staff qualifications and of training and learning methods, and "
            "learned from Norwegian NGOs' good practice in cooperation and social "
            "clustering in municipalities and regions.",
            "Planned meetings included the secretary general of the Association of NGOs in "
            "Norway, on the importance of social clustering for organisations and on "
            "anti-corruption measures; the head of e-Factor, which organises virtual "
            "training for municipalities in Norway and Denmark; and a special adviser of "
            "the Norwegian Association of Local and Regional Authorities, on strengthening "
            "social clustering and administrative capacity in all of Norway's 430 "
            "municipalities. Practical meetings in municipalities and other public sector "
            "organisations were organised for the Lithuanian participants.",
        ),
        "what_is_new": p(
            "The visit combined presenting the project's own result with practical "
            "meetings on site."
        ),
        "results": p("The source describes the programme of the visit; it reports no results."),
        "measurement": p("The visit was part of the project's activity indicator 1.1.1."),
        "conditions": p("A foreign partner able to open doors to municipalities and associations."),
        "lessons": p(
            "Seeing examples of success in other organisations is the main aim of such meetings."
        ),
        "status": "implementation",
        "country": "NO",
        "level_of_government": "local",
        "sector": "social",
        "year_started": 2017,
        "themes": ["Study visits", "Social clustering", "Municipal partnerships"],
        "organisations": [
            "Lithuanian University of Educational Sciences",
            "Flexible Education Norway",
            "Norwegian Association of Local and Regional Authorities",
        ],
        "community": "social-clustering-municipalities",
        "thread": "What we took home from the study visit to Oslo",
    },
    {
        "slug": "remote-training-for-municipalities",
        "title": "Remote training for municipal staff",
        "summary": (
            "e-Factor organises virtual training for municipalities in Norway and Denmark. "
            "The Lithuanian social-clustering partners met its head, Jonna Vienola, to "
            "share good practice, current challenges and new opportunities in remote "
            "learning for municipalities."
        ),
        "problem": p(
            "Municipal staff need training, and bringing them together in one place is not "
            "always possible."
        ),
        "what_was_done": p(
            "e-Factor runs virtual training for municipalities both in Norway and in "
            "Denmark. During the Oslo visit the Lithuanian partners discussed with it good "
            "practice, existing challenges and new opportunities in the remote learning "
            "used in municipalities."
        ),
        "what_is_new": p("Training for municipalities delivered remotely, across two countries."),
        "results": p("The source does not report results."),
        "measurement": p("Not reported in the source."),
        "conditions": p("Municipalities ready to learn online."),
        "lessons": p(
            "Remote learning has its own challenges; sharing them across countries helps."
        ),
        "status": "spreading",
        "country": "NO",
        "level_of_government": "local",
        "sector": "education",
        "themes": ["Remote training", "Municipal partnerships", "Competence development"],
        "organisations": ["e-Factor"],
        "community": "social-clustering-municipalities",
        "thread": "Remote training for municipal staff: lessons from virtual courses",
    },
]


# The guide -----------------------------------------------------------------------------


def heading(text):
    return {"type": "heading", "value": {"text": text}}


def text(html):
    return {"type": "text", "value": html}


def callout(kind, title, html):
    return {"type": "callout", "value": {"kind": kind, "title": title, "body": html}}


def checklist(title, *items):
    return {"type": "checklist", "value": {"title": title, "items": list(items)}}


def steps(title, *items):
    return {
        "type": "steps",
        "value": {"title": title, "steps": [{"title": t, "text": d} for t, d in items]},
    }


def example(slug, note=""):
    return {"type": "practice_example", "value": {"practice": slug, "note": note}}


def quote(words, attribution):
    return {"type": "quote", "value": {"quote": words, "attribution": attribution}}


def faq(title, *items):
    return {
        "type": "faq",
        "value": {"title": title, "items": [{"question": q, "answer": a} for q, a in items]},
    }


CHAPTERS = [
    {
        "slug": "what-is-a-community-of-practice",
        "title": "What a community of practice is",
        "summary": (
            "A group that regularly discusses one defined topic, joined voluntarily by "
            "people who do similar work but rarely work together."
        ),
        "body": [
            heading("A definition you can use"),
            text(
                p(
                    "A community of practice is a group of people who regularly discuss a "
                    "defined topic. Taking part is voluntary. Its members do the same or "
                    "similar work, or are interested in similar questions, and usually do "
                    "not work together day to day.",
                    "What happens in it is exchange of information, learning from and "
                    "inspiring each other, and spreading good practices, standards and ways "
                    "of working.",
                )
            ),
            quote(
                "The essence of a community of practice is the exchange of information, "
                "mutual learning and inspiration, and the spreading of good practices, "
                "standards and ways of working.",
                "Note on communities of practice (Poland), translated",
            ),
            heading("What it is not"),
            text(
                ul(
                    "Not a project team: nobody is assigned, and there is no deliverable "
                    "to hand in.",
                    "Not a general discussion club: every community needs a clearly defined topic.",
                    "Not only for managers: specialists and experts belong in it as much as "
                    "heads of unit.",
                )
            ),
            heading("Why public administration needs them"),
            text(
                p(
                    "The note on communities of practice sees a particular value for "
                    "central public administration: a way to break the silos, the little "
                    "cooperation and exchange of information between organisations and "
                    "their units. An organisation can, and should, have many thematic "
                    "communities at once.",
                    "Examples of topics from the note: working with external experts, the "
                    "problems of people with disabilities in the organisation, organising "
                    "conferences, monitoring programme implementation.",
                )
            ),
            example(
                "communities-of-practice-central-administration",
                "The proposal this guide starts from: communities of practice in central "
                "administration, to break silos.",
            ),
            callout(
                "tip",
                "Start with one",
                p(
                    "You do not need a programme to begin. One clear topic, a handful of "
                    "people from different units and a regular time are enough."
                ),
            ),
        ],
    },
    {
        "slug": "choosing-a-clear-topic",
        "title": "Choosing a clear topic",
        "summary": (
            "A community lives or dies by its topic: specific, shared and chosen by its members."
        ),
        "body": [
            heading("Specific, not general"),
            text(
                p(
                    "A community of practice cannot be general: each one should have a "
                    "clearly defined topic. “Innovation” is a theme; “how we brief and "
                    "learn from external experts” is a topic a group can discuss every "
                    "month.",
                    "In Praxis, a community cannot be published without a topic statement "
                    "of one specific sentence that says more than its name.",
                )
            ),
            checklist(
                "A good topic statement",
                "Says in one sentence what members regularly discuss.",
                "Names work that people in several units or organisations actually do.",
                "Is narrow enough that a newcomer knows whether it concerns them.",
                "Leaves room for many meetings, not one.",
            ),
            heading("Let the members choose"),
            text(
                p(
                    "In Partnerforum, the officials themselves choose the topics of the "
                    "meetings, in thematic blocks: democracy, efficiency, ethics, "
                    "government policy, HR, competence development, innovation, "
                    "international affairs, justice, climate policy, communication, state "
                    "and local government, governance and the economy. According to the "
                    "source, the participants' large influence on the programme, topics and "
                    "course of meetings is what its success rests on."
                )
            ),
            example("partnerforum-oslo"),
            callout(
                "example",
                "Topics from real challenges",
                p(
                    "Synergia asks institutions for their management challenges when they "
                    "join; the second day of each peer-learning session works on them."
                ),
            ),
            example("synergia-peer-learning-sessions"),
        ],
    },
    {
        "slug": "breaking-silos",
        "title": "Bringing in people from other units and organisations",
        "summary": (
            "Communities are most valuable when their members come from different units "
            "or organisations, and from every staff level."
        ),
        "body": [
            heading("Cross the boundaries on purpose"),
            text(
                p(
                    "Communities of practice have a particularly large potential when people "
                    "from different parts of an organisation, or from different "
                    "organisations, take part: then they ease the flow of information and "
                    "cooperation between units or organisations.",
                    "Praxis shows this on every community page: how many organisations, "
                    "departments and countries its members come from.",
                )
            ),
            heading("Beyond management"),
            text(
                p(
                    "Communities of practice should not be limited to managers. The people "
                    "who know how a process really works are often specialists; invite "
                    "them by their work, not by their rank."
                )
            ),
            steps(
                "Recruiting across silos",
                ("Map who does this work", "List units and organisations that handle the topic."),
                ("Invite by name", "Ask one person per unit, at any staff level."),
                ("Go outside", "Add a university, an NGO or a company where they hold know-how."),
                ("Show the mix", "Tell members who else is in the room, and from where."),
            ),
            example(
                "partnerforum-oslo",
                "Officials from different ministries, agencies and departments meet academics.",
            ),
            example(
                "partnership-for-change",
                "Public bodies and companies work on the same challenges.",
            ),
            example(
                "social-clustering-lithuania",
                "Municipalities, a library, a care home, colleges and NGOs in one network.",
            ),
        ],
    },
    {
        "slug": "the-facilitators-role",
        "title": "The facilitator's role",
        "summary": (
            "Facilitators keep the topic clear, welcome members, run meetings and turn "
            "good discussions into shared practice."
        ),
        "body": [
            heading("What facilitators do"),
            text(
                ul(
                    "Keep the community's topic clear and up to date.",
                    "Welcome new members and approve join requests.",
                    "Plan meetings with a structure, and let members propose topics.",
                    "Moderate: pin what matters, lock what is finished, handle reports.",
                    "Turn a good discussion into a practice case for the library.",
                )
            ),
            heading("Practical, not academic"),
            text(
                p(
                    "In Partnerforum the academics who lead the meetings focus on practical "
                    "questions and a workshop model. In the Partnership for Change, every "
                    "selected challenge gets a mentor who follows and guides the work."
                )
            ),
            example("challenge-commission-and-mentors"),
            callout(
                "tip",
                "Share the role",
                p(
                    "Appoint a co-facilitator early. In Praxis the last facilitator cannot "
                    "leave without handing over, so the community never ends up orphaned."
                ),
            ),
            heading("From discussion to good practice"),
            text(
                p(
                    "When a thread produces something others could reuse, mark the post as "
                    "the answer or good practice and choose “Propose as good practice”. "
                    "Praxis creates a draft case, prefilled from the discussion and linked "
                    "to it, and sends it to the editors' review."
                )
            ),
        ],
    },
    {
        "slug": "meeting-formats",
        "title": "Meeting formats",
        "summary": (
            "Breakfast meetings, seminars, full-day conferences, workshops and three-day "
            "peer-learning sessions: choose the format that fits the question."
        ),
        "body": [
            heading("Breakfast meeting, 09:00-11:00"),
            text(
                p(
                    "Partnerforum's breakfast meetings last two hours, from 09:00 to 11:00, "
                    "and have a planned structure. They fit into a working day."
                )
            ),
            example("partnerforum-breakfast-meetings"),
            heading("Seminar and full-day conference"),
            text(
                p(
                    "For a topic that needs more time, Partnerforum also holds seminars and "
                    "full-day conferences. Its academics lead them with a workshop model."
                )
            ),
            heading("The peer-learning session"),
            steps(
                "Synergia's three days in task groups",
                (
                    "Day 1: analysis of practices",
                    "Participants analyse the practices presented earlier in the programme.",
                ),
                (
                    "Day 2: management challenges",
                    "They work on challenges the institutions submitted when they joined.",
                ),
                (
                    "Day 3: Open Space",
                    "Participants exchange experience on the programme's topics in an Open Space.",
                ),
            ),
            example("synergia-peer-learning-sessions"),
            callout(
                "warning",
                "Online works, with preparation",
                p(
                    "Synergia's fifth session ran online, on an e-learning platform in MS "
                    "Teams, because of the epidemic. Plan the tools for group work before "
                    "the day."
                ),
            ),
            faq(
                "Questions facilitators ask",
                (
                    "How often should we meet?",
                    p(
                        "Regularly: the definition of a community of practice is regular "
                        "discussion. Choose a rhythm members can keep and publish it on the "
                        "community page."
                    ),
                ),
                (
                    "Who chooses the topic of a meeting?",
                    p(
                        "The members. In Praxis they can propose meeting topics; in "
                        "Partnerforum the officials choose them."
                    ),
                ),
            ),
        ],
    },
    {
        "slug": "programmes-across-organisations",
        "title": "Programmes across organisations",
        "summary": (
            "Partner fees, challenge rounds with a commission and mentors, staff exchanges "
            "and study visits: structures for learning between institutions."
        ),
        "body": [
            heading("Partner forums"),
            text(
                p(
                    "Partnerforum has 20 partners from public administration and "
                    "academia. Each pays 95,000 NOK a year; the organisers say this makes "
                    "institutions treat the programme seriously."
                )
            ),
            example("partnerforum-partner-fee"),
            heading("Challenge rounds"),
            text(
                p(
                    "In the Partnership for Change, organisations submit challenges, a "
                    "commission selects at most five, each selected challenge gets a mentor, "
                    "and the round ends with a final event where the challenges are "
                    "presented."
                )
            ),
            example("partnership-for-change"),
            example("building-permit-applications-by-designers"),
            example("raising-uptake-of-e-services-ajpes"),
            example("i-am-a-teacher"),
            heading("Staff exchanges"),
            text(
                p(
                    "Exchanges between public bodies and companies last about a week. In "
                    "round five, 15 public bodies with 37 employees and 32 companies with "
                    "21 employees took part: 58 people exchanged."
                )
            ),
            example("partnership-for-change-staff-exchanges"),
            heading("Study visits and partner networks"),
            text(
                p(
                    "The Lithuanian social-clustering project brought municipalities, NGOs "
                    "and colleges together with a Norwegian partner, and organised study "
                    "visits to Norway with practical meetings in municipalities."
                )
            ),
            example("study-visit-oslo-2017"),
            example("synergia-implementing-a-good-practice"),
        ],
    },
    {
        "slug": "keeping-it-cheap-and-sustainable",
        "title": "Keeping it cheap and sustainable",
        "summary": (
            "Communities of practice need no large initial or running costs; what keeps "
            "them alive is voluntary interest and regularity."
        ),
        "body": [
            heading("Low cost by design"),
            text(
                p(
                    "The note on communities of practice calls the method relatively easy "
                    "to use and, importantly, one that needs no large initial or running "
                    "costs. A room, a regular time and a facilitator are the essentials; "
                    "Praxis adds the place to talk in between."
                )
            ),
            checklist(
                "What sustains a community",
                "A topic members care about and chose themselves.",
                "A predictable rhythm.",
                "More than one facilitator.",
                "Visible results: cases in the library, changes at work.",
                "Members from several units, so it does not depend on one team.",
            ),
            heading("When money is involved"),
            text(
                p(
                    "Larger programmes have costs. Partnerforum charges partners a yearly "
                    "fee; Synergia is co-financed by the state budget and European funds. "
                    "Voluntary participation and commitment can go together."
                )
            ),
            example("partnerforum-partner-fee"),
            example("remote-training-for-municipalities", "Remote training saves travel."),
        ],
    },
    {
        "slug": "measuring-success",
        "title": "Measuring success",
        "summary": (
            "Count who takes part and whom it affects, and follow what is implemented. "
            "Report only what you measured."
        ),
        "body": [
            heading("Participation and reach"),
            text(
                p(
                    "The Partnership for Change judges a challenge by the scale of "
                    "co-creation: how many people connected to solve it and how many people "
                    "it had a positive effect on. Its exchanges are counted by bodies, "
                    "companies and employees."
                )
            ),
            heading("What changed at work"),
            text(
                p(
                    "Synergia makes implementation part of the programme: each institution "
                    "prepares and implements a good management practice. The Lithuanian "
                    "project reports a competence model as the result of one of its "
                    "activity indicators."
                )
            ),
            example("synergia-implementing-a-good-practice"),
            example("social-clustering-lithuania"),
            callout(
                "warning",
                "No invented figures",
                p(
                    "Every case in the library says how its results were measured, or that "
                    "they were not. An honest “not measured” is more useful to the next "
                    "community than an estimate."
                ),
            ),
            heading("Signals in Praxis"),
            text(
                ul(
                    "How many organisations, departments and countries members come from.",
                    "Threads with an answer or good practice marked.",
                    "Cases proposed from discussions and published in the library.",
                )
            ),
        ],
    },
    {
        "slug": "sharing-good-practice",
        "title": "Sharing good practice through the library",
        "summary": (
            "How a practice becomes a case: submit it or propose a discussion, editors "
            "complete it, moderators approve it."
        ),
        "body": [
            heading("Two ways in"),
            steps(
                "From idea to published case",
                (
                    "Submit or propose",
                    "Any member can submit a practice with the form; facilitators and "
                    "editors can propose a discussion or its marked answer.",
                ),
                (
                    "Review",
                    "The draft goes to the “Practice review” workflow. Moderators approve "
                    "or reject it, with comments.",
                ),
                (
                    "Publish",
                    "Approved cases appear in the library, its feeds and its open-data API. "
                    "Drafts never do.",
                ),
            ),
            text(
                p(
                    "The structure follows the OECD OPSI case-study format: the problem, "
                    "what was done, what makes it new, results and how they were measured, "
                    "challenges and failures, conditions for transfer, and lessons."
                )
            ),
            callout(
                "tip",
                "Write for the next community",
                p(
                    "Say what you would tell a colleague in another organisation who wants "
                    "to try it: what it needed, what went wrong, and what you would do "
                    "differently."
                ),
            ),
            example(
                "i-am-a-teacher",
                "A collection of good practice built from the people doing the work.",
            ),
        ],
    },
]


# Seeding -------------------------------------------------------------------------------


class _Seeder:
    def __init__(self, stdout=None):
        self.stdout = stdout
        self.created: dict[str, int] = {}

    def count(self, label: str, n: int = 1) -> None:
        self.created[label] = self.created.get(label, 0) + n

    def write(self, line: str) -> None:
        if self.stdout is not None:
            self.stdout.write(line)

    def publish(self, page, author) -> None:
        revision = page.save_revision(user=author, log_action=False)
        revision.publish(user=author, log_action=False)

    def editor(self):
        from communities.models import User

        return (
            User.objects.filter(username="editor").first()
            or User.objects.filter(is_superuser=True).order_by("pk").first()
        )

    def home(self):
        from communities.models import HomePage

        home = HomePage.objects.first()
        if home is None:
            raise RuntimeError("seed_guidebook needs the home page (run seed_demo).")
        return home

    def organisations(self) -> dict:
        from communities.models import Organisation

        for data in ORGANISATIONS:
            _organisation, created = Organisation.objects.get_or_create(
                name=data["name"], defaults={k: v for k, v in data.items() if k != "name"}
            )
            if created:
                self.count("organisations")
        return {o.name: o for o in Organisation.objects.all()}

    def moderator(self) -> None:
        """A demo moderator: approves or rejects practice cases in the Wagtail admin."""
        from allauth.account.models import EmailAddress
        from django.contrib.auth.models import Group

        from communities.models import Organisation, User

        user = User.objects.filter(username="moderator").first()
        if user is None:
            user = User.objects.create(
                username="moderator",
                email="moderator@example.org",
                password=make_password(DEMO_PASSWORD),
                first_name="Zofia",
                last_name="Nowicka",
                display_name="Zofia Nowicka",
                organisation=Organisation.objects.filter(
                    name="National School of Public Administration"
                ).first(),
                department="Good-practice library",
                job_title="Library moderator",
                country="PL",
                languages=["pl", "en"],
                bio="Reviews practice cases for the Praxis library.",
            )
            self.count("demo moderator")
        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        group = Group.objects.filter(name="Moderators").first()
        if group is not None:
            user.groups.add(group)

    def index(self, model, data, author):
        home = self.home()
        page = model.objects.child_of(home).filter(slug=data["slug"]).first()
        if page is None:
            page = model.objects.first()
        if page is None:
            page = home.add_child(
                instance=model(title=data["title"], slug=data["slug"], intro=data["intro"])
            )
            self.publish(page, author)
            self.count("library and guide index pages")
        return page

    def practices(self, index, organisations, author) -> dict:
        from communities.models import CommunityPage
        from discussions.models import Thread
        from guidebook.models import PracticePage

        pages = {}
        for data in PRACTICES:
            page = PracticePage.objects.child_of(index).filter(slug=data["slug"]).first()
            if page is None:
                fields = {
                    key: value
                    for key, value in data.items()
                    if key not in {"themes", "organisations", "community", "thread"}
                }
                page = PracticePage(**fields)
                page.related_community = CommunityPage.objects.filter(
                    slug=data.get("community", "")
                ).first()
                thread_title = data.get("thread")
                if thread_title:
                    page.source_thread = Thread.objects.filter(title=thread_title).first()
                page.themes.add(*data["themes"])
                page.organisations.set(
                    [organisations[name] for name in data["organisations"] if name in organisations]
                )
                page.owner = author
                index.add_child(instance=page)
                self.publish(page, author)
                self.count("practice cases")
            pages[data["slug"]] = page
        return pages

    def resolve(self, blocks: list, practices: dict) -> list:
        resolved = []
        for block in blocks:
            if block["type"] == "practice_example":
                page = practices.get(block["value"]["practice"])
                if page is None:
                    continue
                block = {
                    "type": "practice_example",
                    "value": {**block["value"], "practice": page.pk},
                }
            resolved.append(block)
        return resolved

    def chapters(self, guide, practices, author) -> None:
        from guidebook.models import GuidePage

        for data in CHAPTERS:
            if GuidePage.objects.child_of(guide).filter(slug=data["slug"]).exists():
                continue
            page = GuidePage(
                title=data["title"],
                slug=data["slug"],
                summary=data["summary"],
                body=self.resolve(data["body"], practices),
                last_reviewed=date(2026, 11, 2),
                reviewer=author,
                owner=author,
            )
            guide.add_child(instance=page)
            self.publish(page, author)
            self.count("guide chapters")

    def run(self) -> dict:
        from guidebook.models import GuideIndexPage, PracticeIndexPage
        from guidebook.services import assign_review_workflow

        author = self.editor()
        organisations = self.organisations()
        self.moderator()
        library = self.index(PracticeIndexPage, PRACTICE_INDEX, author)
        assign_review_workflow(library)
        practices = self.practices(library, organisations, author)
        guide = self.index(GuideIndexPage, GUIDE_INDEX, author)
        self.chapters(guide, practices, author)
        return self.created


def seed_guidebook(stdout=None) -> dict:
    """Create the guide and the library's demo cases if they are missing (idempotent)."""
    with transaction.atomic():
        created = _Seeder(stdout).run()
    if stdout is not None:
        if created:
            stdout.write("Guide and good-practice library:")
            for label, n in created.items():
                stdout.write(f"  {label}: {n}")
        stdout.write(
            "  moderator  password: praxis-demo\n"
            "             Zofia Nowicka: approves or rejects practice cases in the "
            "Wagtail admin (Moderators group)."
        )
    return created
