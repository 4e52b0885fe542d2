"""Writes corpus.jsonl: short texts written for heard (no real cases), each labelled as an
experienced complaints manager would decide it. Run: uv run python -m tests.triage_corpus.generate

Each scenario is a few hand-written texts with slots (names, ages, teams, openings and
closings) filled from small lists, so wording varies the way residents' mail does. Every
fifth text (by position) is the held-aside test split: see README.md.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

OUT = Path(__file__).with_name("corpus.jsonl")
R = random.Random(20261125)

CHILD = ["son", "daughter", "boy", "girl", "eldest", "youngest"]
KID = ["Jayden", "Amelia", "Kacper", "Aisha", "Tyler", "Mia", "Ollie", "Zara", "Leo", "Ruby"]
SW = ["Sarah", "Mr Patel", "the new social worker", "Kerry", "Mark from the team", "Joanne"]
WEEKS = ["two", "three", "four", "six", "eight", "several"]
OPEN = [
    "",
    "Hi,\n",
    "Dear Sir or Madam,\n",
    "To whom it may concern,\n",
    "Hello\n",
    "Good morning,\n",
]
CLOSE = [
    "",
    "\nThanks",
    "\nRegards, Dawn",
    "\nKind regards\nMichelle Hart",
    "\nPlease sort this out.",
    "\nI look forward to your reply.",
]


def pick(options: list[str]) -> str:
    return R.choice(options)


def fill(text: str) -> str:
    return (
        text.replace("{child}", pick(CHILD))
        .replace("{kid}", pick(KID))
        .replace("{sw}", pick(SW))
        .replace("{weeks}", pick(WEEKS))
        .replace("{age}", str(R.randint(11, 17)))
    )


def item(
    text: str,
    *,
    sg: bool = False,
    kind: str = "complaint",
    route: str = "statutory",
    reason: str | None = None,
    who: str = "parent",
    advocacy: bool = False,
    categories: tuple[str, ...] = (),
    section: str = "",
    hard: bool = False,
    wrap: bool = True,
) -> dict[str, object]:
    body = fill(text)
    if wrap:
        body = pick(OPEN) + body + pick(CLOSE)
    return {
        "text": body.strip(),
        "safeguarding": sg,
        "record_kind": kind,
        "route": route,
        "not_logged_reason": reason,
        "complainant_type": who,
        "advocacy": advocacy,
        "categories": sorted(categories),
        "section": section,
        "hard": hard,
    }


def nl(reason: str, **kwargs: object) -> dict[str, object]:
    return {"route": "not_logged", "reason": reason, **kwargs}


SCENARIOS: list[tuple[list[str], dict[str, object]]] = [
    # --- ordinary complaints, by who writes ---------------------------------------------
    (
        [
            "My {child}'s social worker {sw} has not returned my calls for {weeks} weeks.",
            "I have left five voicemails for my {child}'s social worker and nobody has called me back.",
            "Nobody told me that my {child}'s review meeting had been moved. I found out from the school.",
            "I am {kid}'s mum and I have had no response to my emails since the assessment started.",
        ],
        {"categories": ("communication",), "section": "categories"},
    ),
    (
        [
            "The social worker was rude to me in front of my children and spoke to me like I was nothing.",
            "I want to complain about {sw}, who shouted at me on the phone and then hung up on me. I'm {kid}'s dad.",
            "At the meeting about my {child} the manager was patronising and laughed at me when I cried.",
        ],
        {"categories": ("staff_conduct",), "section": "categories"},
    ),
    (
        [
            "My {child} was promised a new assessment in March and it still has not been done. We are still waiting.",
            "It has taken months for the child in need plan for my {child} to be done, there have been delays at every step.",
        ],
        {"categories": ("delayed_or_failed_service",), "section": "categories"},
    ),
    (
        [
            "The council stopped the short breaks for my disabled {child} without any warning.",
            "You have withdrawn the respite we get for our autistic son and refused to say why.",
        ],
        {"categories": ("denial_or_withdrawal_of_service",), "section": "categories"},
    ),
    (
        [
            "{sw} promised to visit my {child} on Friday and did not turn up, again.",
            "The contact session with my {child} was cancelled at the last minute after I had travelled two hours.",
        ],
        {"categories": ("broken_promise",), "section": "categories"},
    ),
    (
        [
            "I disagree with the assessment of my family. It says I cannot keep my {child} safe and that is not fair.",
            "I do not agree with the decision to close our case, my {child} still needs help.",
        ],
        {"categories": ("decision_disputed",), "section": "categories"},
    ),
    (
        [
            "The parenting assessment about my {child} contains mistakes in almost every paragraph and I want the records corrected.",
            "The report says my children witnessed domestic violence, which is factually incorrect, and I want it removed from my file.",
        ],
        {"categories": ("incorrect_records",), "section": "hard negatives", "hard": True},
    ),
    (
        [
            "My {child}'s social worker gave my new address to my ex-partner without my consent.",
            "You sent the minutes of the meeting about my {child} to the wrong address and a neighbour opened them.",
        ],
        {"categories": ("data_protection",), "section": "categories"},
    ),
    (
        [
            "My {child} has had five different social workers in a year, every time we have to start again.",
            "This is the fourth social worker my {child} has had since January. The social worker keeps changing.",
        ],
        {"categories": ("change_of_social_worker",), "section": "categories"},
    ),
    (
        [
            "We asked for help with my {child}'s behaviour in the summer and got no support at all, we are left to cope on our own.",
            "I have been begging for support with my {child} for months and nobody is helping us.",
        ],
        {"categories": ("lack_of_support",), "section": "categories"},
    ),
    (
        [
            "My {child}'s placement was changed without asking me or my {child} what we wanted.",
            "Nobody asked us before the plan was changed and I was not invited to the review.",
        ],
        {"categories": ("lack_of_consultation",), "section": "categories"},
    ),
    # --- several matters in one complaint: one issue each --------------------------------
    (
        [
            "My {child}'s social worker never returns my calls. Separately, the fostering allowance for my {child}'s foster carer has not been paid. And the manager was rude to me when I complained.",
            "Three things. The assessment is wrong about our family. The social worker lied to me about the meeting. Nobody told me the contact sessions had been cancelled.",
        ],
        {
            "categories": ("communication", "financial", "staff_conduct"),
            "section": "per-sentence issues",
        },
    ),
    # --- other writers --------------------------------------------------------------------
    (
        [
            "I am a foster carer and my fostering allowance for the child placed with us has been late for {weeks} weeks.",
            "As foster carers we have not been paid the mileage we are owed for the contact journeys.",
        ],
        {"who": "foster_carer", "categories": ("financial",), "section": "complainant types"},
    ),
    (
        [
            "im {age} and in care and my social worker keeps changing, this is my 4th social worker this year.",
            "I'm {age} and I live in a children's home. Nobody listens to me about moving placement and the staff were rude to me.",
        ],
        {
            "who": "looked_after_child",
            "advocacy": True,
            "categories": ("change_of_social_worker",),
            "section": "children's own words",
        },
    ),
    (
        [
            "I'm {age} and my social worker never comes to see me even though she said she would.",
            "im {age} and nobody at childrens services has called me back about my plan",
        ],
        {
            "who": "child_in_need",
            "advocacy": True,
            "categories": ("communication",),
            "section": "children's own words",
        },
    ),
    (
        [
            "I am a care leaver and my personal adviser has not helped me with my setting up home allowance.",
            "I'm a care leaver and my pathway plan has not been reviewed for a year, I have been waiting ages.",
        ],
        {
            "who": "care_leaver",
            "advocacy": True,
            "categories": ("financial",),
            "section": "care leavers",
        },
    ),
    (
        [
            "I look after my daughter's children and nobody told me about the meeting about them.",
            "I'm their nan and I have had my grandchildren for a year. The social worker has not returned my calls.",
        ],
        {
            "who": "grandparent",
            "categories": ("communication",),
            "section": "who writes about whom",
            "hard": True,
        },
    ),
    (
        [
            "I am a kinship carer for my niece and the viability assessment has been delayed for months.",
            "We are connected carers for my sister's boy and our allowance has still not been paid.",
        ],
        {
            "who": "kinship_carer",
            "categories": ("delayed_or_failed_service",),
            "section": "complainant types",
        },
    ),
    (
        [
            "As a special guardian I was refused support with my granddaughter's therapy costs.",
            "We have a special guardianship order and the support plan we were promised never happened.",
        ],
        {
            "who": "special_guardian",
            "categories": ("denial_or_withdrawal_of_service",),
            "section": "complainant types",
        },
    ),
    (
        [
            "We adopted our son three years ago and the adoption support we were promised has not happened.",
            "As adoptive parents we asked for an assessment of support needs and nobody has replied.",
        ],
        {
            "who": "adoptive_parent",
            "categories": ("delayed_or_failed_service",),
            "section": "complainant types",
        },
    ),
    (
        [
            "We are prospective adopters and our adoption assessment has been delayed for six months.",
            "Our application to adopt has been delayed again and nobody explains why.",
        ],
        {
            "who": "adoption_applicant",
            "categories": ("delayed_or_failed_service",),
            "section": "complainant types",
        },
    ),
    (
        [
            "I was adopted as a baby and my request for birth records counselling has been delayed for months.",
            "I was adopted in 2001 and want to find my birth mother; the service has not replied to my emails.",
        ],
        {
            "who": "adopted_person",
            "categories": ("delayed_or_failed_service",),
            "section": "complainant types",
        },
    ),
    (
        [
            "I am an advocate from NYAS writing for a young person who was moved placement without being consulted.",
            "I'm her advocate. The young person I support was not asked her views before her care plan was changed.",
        ],
        {
            "who": "advocate",
            "categories": ("lack_of_consultation",),
            "section": "complainant types",
        },
    ),
    (
        [
            "We act for Ms Green. Our client's complaint is that the council failed to arrange the agreed contact with her son.",
            "We are instructed by Mr Khan. Our client has not received the assessment the council promised.",
        ],
        {"who": "solicitor", "categories": ("broken_promise",), "section": "complainant types"},
    ),
    (
        [
            "I am writing to complain about my nephew's social worker, who is rude to my sister. I am his aunt.",
            "As his uncle I want to complain that my nephew's placement keeps changing.",
        ],
        {"who": "relative", "categories": ("staff_conduct",), "section": "complainant types"},
    ),
    (
        [
            "When I was in care in the 1990s nobody told me I had a brother, and my records show they knew.",
            "I grew up in care and I want to complain about how I was treated by my social workers at the time. I have read my file.",
        ],
        {
            "who": "adult_previously_looked_after",
            "categories": ("communication",),
            "section": "historic",
            "hard": True,
        },
    ),
    # --- professionals: complaint, compliment, and parents mentioning one ----------------
    (
        [
            "I am the headteacher at Oak Lane Primary. The referral we made about a pupil three weeks ago has not been actioned.",
            "I am writing as the health visitor for a family on my caseload; the social worker has not responded to my emails for weeks.",
        ],
        {
            "kind": "professional_complaint",
            "route": "corporate",
            "who": "professional",
            "categories": ("delayed_or_failed_service",),
            "section": "professionals",
        },
    ),
    (
        [
            "Our health visitor told me the social worker would call and she never did.",
            "A police officer came to my house and said children's services would be in touch, nobody has contacted us since.",
        ],
        {"categories": ("communication",), "section": "hard negatives", "hard": True},
    ),
    (
        [
            "As the school's designated safeguarding lead I want to thank {sw} for her brilliant support for one of our families.",
            "I would like to thank the children in care team, they went above and beyond for the young people I work with as their teacher.",
        ],
        {
            "kind": "compliment",
            "route": "none",
            "who": "professional",
            "section": "compliments",
            "hard": True,
        },
    ),
    (
        [
            "I just wanted to say thank you to {sw} for all the help with my {child}, she has made a real difference.",
            "Thank you so much to the fostering team for everything this year, we are so grateful.",
        ],
        {"kind": "compliment", "route": "none", "who": "unknown", "section": "compliments"},
    ),
    (
        [
            "On behalf of my constituent Ms Ahmed, I would be grateful for an update on the support for her son.",
            "I am the ward councillor for Eastfield and a resident has asked me to raise the delay in her son's assessment.",
        ],
        {
            "kind": "enquiry",
            "route": "none",
            "who": "mp_or_councillor",
            "section": "MP and councillors",
            "hard": True,
        },
    ),
    (
        [
            "Could you tell me how to apply for short breaks for my disabled {child}?",
            "How do I find out who my {child}'s new social worker is?",
        ],
        {"kind": "enquiry", "route": "none", "section": "enquiries"},
    ),
    (
        [
            "It would be helpful if letters about meetings were sent by email as well as post.",
            "Just a suggestion: the contact centre could have a few toys for older children.",
        ],
        {"kind": "comment", "route": "none", "who": "unknown", "section": "comments"},
    ),
    (
        [
            "Please can someone call me back about my {child}'s visit this week.",
            "I have not had a call back about changing the time of the contact session, could someone ring me?",
        ],
        {"kind": "pre_complaint", "section": "pre-complaints", "categories": ("communication",)},
    ),
    (
        [
            "The Ombudsman has asked us to send our file. LGSCO reference 24 001 234 concerns the complaint of Mr Jones.",
            "This is an enquiry from the investigator at the Ombudsman about a complaint you answered at stage 2.",
        ],
        {"kind": "lgsco_enquiry", "route": "none", "who": "unknown", "section": "LGSCO"},
    ),
    (
        [
            "My {child}'s EHCP has been delayed for months and the SEND team will not reply.",
            "The school transport for my {child} was cancelled and nobody told us.",
        ],
        {
            "route": "corporate",
            "categories": ("delayed_or_failed_service",),
            "section": "corporate",
        },
    ),
    # --- not logged, each reason, and the hard cases around each -----------------------------
    (
        [
            "My {child} is subject to care proceedings and I think the judge got it wrong at the last hearing.",
            "The family court decided my {child} should live with her father. I want that changed.",
        ],
        {**nl("court_related"), "section": "not logged: court"},
    ),
    (
        [
            "The council cancelled my court-ordered contact with my {child} without telling me.",
            "The social worker has not followed the court order about my contact, sessions keep being cancelled.",
        ],
        {"categories": ("broken_promise",), "section": "hard negatives: court", "hard": True},
    ),
    # A child protection conference's decision goes to the conference chair; how social workers
    # carried out child protection enquiries is a complaint like any other (the Ombudsman's
    # child protection fact sheet, and its decisions in tests/route_corpus).
    (
        [
            "The child protection conference decided to put my children on a plan and I want that decision overturned.",
            "The review conference voted to leave both my girls registered under neglect for another six months and I dispute it.",
        ],
        {**nl("s47_child_protection"), "section": "not logged: s47"},
    ),
    (
        [
            "I want to complain that I was not invited to my {child}'s child protection conference.",
            "My {child} has been on a child protection plan for a year and the core group meetings keep being cancelled.",
        ],
        {
            "categories": ("lack_of_consultation",),
            "section": "hard negatives: child protection",
            "hard": True,
        },
    ),
    (
        [
            "I would like a copy of my records under a subject access request.",
            "Please send me copies of all the files you hold about my {child}, under GDPR.",
        ],
        {**nl("alternative_process"), "section": "not logged: alternative process"},
    ),
    (
        [
            "I want to complain about Birmingham City Council social services who dealt with my {child} before.",
            "My complaint is about the NHS trust and the hospital, who discharged my {child} too early.",
        ],
        {**nl("out_of_jurisdiction"), "section": "not logged: jurisdiction"},
    ),
    (
        [
            "We moved here from another council in May and nobody has picked up my {child}'s case since.",
            "Our case was transferred from another council and your team has not contacted us once.",
        ],
        {"categories": ("communication",), "section": "hard negatives: jurisdiction", "hard": True},
    ),
    (
        [
            "In 2019 my {child}'s social worker lied in a report about me.",
            "This happened more than a year ago but I want to complain about the way the assessment was done.",
        ],
        {**nl("out_of_time"), "section": "not logged: out of time"},
    ),
    (
        [
            "Since 2024 I have been asking for my {child}'s assessment and I am still waiting.",
            "The visits stopped in 2023 and we are still waiting for someone to come.",
        ],
        {
            "categories": ("delayed_or_failed_service",),
            "section": "hard negatives: time",
            "hard": True,
        },
    ),
    (
        [
            "I'm writing about my nephew without his knowledge, his placement is awful.",
            "My sister doesn't know I'm writing but her children's social worker is useless.",
        ],
        {**nl("consent_not_gained"), "who": "relative", "section": "not logged: consent"},
    ),
    (
        [
            "I wish to remain anonymous but the social workers in your team are rude.",
            "I don't want to give my name but the children's home on Park Road is badly run.",
        ],
        {**nl("general_enquiry"), "who": "unknown", "section": "not logged: general enquiry"},
    ),
    (
        [
            "My neighbour's kids have a social worker who never visits, it is a disgrace.",
            "I live next door to a family and their social worker is useless.",
        ],
        {
            **nl("insufficient_interest"),
            "who": "other",
            "section": "not logged: insufficient interest",
        },
    ),
    (
        [
            "I am a family friend and I think the social worker is rude to my friend.",
            "I'm a friend of the family and the support they get is poor.",
        ],
        {
            **nl("insufficient_interest"),
            "who": "friend",
            "section": "not logged: insufficient interest",
        },
    ),
    (
        [
            "I no longer want to pursue my complaint, please close it.",
            "I want to withdraw my complaint, thanks for your time.",
        ],
        {**nl("other"), "who": "unknown", "section": "not logged: other"},
    ),
]

# --- safeguarding: pure disclosures (not logged, referred) -----------------------------------
DISCLOSURES: list[tuple[str, str, bool]] = [
    # (text, complainant type, advocacy)
    ("my stepdad locks me in my room when mum goes out and im scared to go home", "unknown", False),
    (
        "I took a load of my mums pills last night and I don't want to be here anymore",
        "unknown",
        False,
    ),
    (
        "I heard the dad next door hit the little boy last night. The kids are left alone every night.",
        "other",
        False,
    ),
    (
        "They are sending my sister to Pakistan to get married to a man she has never met, she is 15.",
        "unknown",
        False,
    ),
    (
        "My son has been going missing and coming back with new trainers and cash he can't explain, I think it is county lines.",
        "parent",
        False,
    ),
    ("i self harmed again last night and my arms are really bad", "unknown", False),
    ("my mums boyfriend batters her and the police were called again last night", "unknown", False),
    (
        "She is 14 and has an older boyfriend who picks her up in his car and buys her vapes and drink.",
        "unknown",
        False,
    ),
    (
        "A man online keeps asking me for pics and says he will share the ones I sent",
        "unknown",
        False,
    ),
    (
        "Staff at the children's home restrained my son and he has bruises on his arms.",
        "parent",
        False,
    ),
    ("my foster carer hits me when nobody is looking", "looked_after_child", True),
    (
        "My granddaughter says her mum's partner touches her and she is frightened of him.",
        "grandparent",
        False,
    ),
    (
        "Our neighbour leaves her baby alone in the flat all night and there is no food in the house.",
        "other",
        False,
    ),
    ("im 13 and my dad hits me with his belt", "child_in_need", True),
    ("I'm 15. I want to kill myself. Nobody at home cares.", "child_in_need", True),
    ("My cousin told me she is going to be cut when they go abroad this summer.", "unknown", False),
    ("my step dad smacks me about and says he'll kill me if i tell", "unknown", False),
    (
        "There is screaming and shouting next door every night and I think the children are being hurt.",
        "other",
        False,
    ),
    ("My daughter is 12 and she is being groomed by a man she met on snapchat.", "parent", False),
    (
        "my brother makes me hold drugs for him and his mates and says he will stab me if i dont",
        "unknown",
        False,
    ),
    (
        "mum is always drunk and passes out and i have to look after my little sister, there's nothing to eat",
        "unknown",
        False,
    ),
    (
        "I'm worried about the girl downstairs, she has bruises on her face and is scared to go home.",
        "other",
        False,
    ),
    ("I want to die. I cant take it anymore.", "unknown", False),
    ("He strangled my mum in front of us on Saturday.", "unknown", False),
    ("i got kicked out and i have nowhere to sleep tonight im 16", "child_in_need", True),
    (
        "The carer at my placement grabbed me by the neck and pushed me against the wall",
        "unknown",
        False,
    ),
    ("people online are sending me threats saying they know where i live", "unknown", False),
    ("my parents are forcing me to marry my cousin", "unknown", False),
    ("my friend said her uncle raped her and she doesn't know what to do", "unknown", False),
    (
        "i've started cutting myself again and my foster mum doesn't know",
        "looked_after_child",
        True,
    ),
]

# --- a disclosure and a complaint in one message: both kept ---------------------------------
MIXED: list[tuple[str, str, bool, tuple[str, ...]]] = [
    (
        "im 14 and my social worker never comes to see me. my stepdad hits me and i told her and she did nothing.",
        "child_in_need",
        True,
        ("delayed_or_failed_service",),
    ),
    (
        "I want to complain that nobody returned my calls for a month. Meanwhile my ex keeps threatening to kill me and the kids.",
        "unknown",
        False,
        ("communication",),
    ),
    (
        "My daughter's social worker was rude to me. Also my daughter has been self-harming and CAMHS won't see her.",
        "parent",
        False,
        ("staff_conduct",),
    ),
    (
        "I am a foster carer and my allowance has not been paid. The young person told me her brother is making her carry drugs.",
        "foster_carer",
        False,
        ("financial",),
    ),
    (
        "I'm 16 and in care. My placement was changed without asking me. My key worker at the home slapped me last week.",
        "looked_after_child",
        True,
        ("lack_of_consultation",),
    ),
    (
        "The assessment is wrong about us and I disagree with it. Last night my partner hit me in front of the children.",
        "unknown",
        False,
        ("decision_disputed",),
    ),
    (
        "Nobody told me the contact was cancelled. My son came back from his dad's with bruises on his back.",
        "parent",
        False,
        ("communication",),
    ),
    (
        "The children's home is badly run and the staff are rude. One of the staff pushed my son down the stairs.",
        "parent",
        False,
        ("staff_conduct",),
    ),
]

# --- hard negatives for safeguarding: complaint words that look like a disclosure ---------------
NEAR_MISSES: list[tuple[str, str, tuple[str, ...]]] = [
    (
        "It really hurt me when the social worker said I was a bad mother in front of my kids.",
        "parent",
        ("staff_conduct",),
    ),
    (
        "I am a survivor of domestic abuse and I disagree with the assessment of my parenting.",
        "unknown",
        ("decision_disputed",),
    ),
    (
        "The report says my children witnessed domestic violence, which is factually incorrect.",
        "parent",
        ("incorrect_records",),
    ),
    (
        "I feel abused by the system and nobody at the council listens to me.",
        "unknown",
        ("staff_conduct",),
    ),
    (
        "This stress is killing me, I have been waiting six weeks for a reply about my son.",
        "parent",
        ("delayed_or_failed_service",),
    ),
    (
        "The cut to our short breaks hit us hard and was never explained to us.",
        "unknown",
        ("denial_or_withdrawal_of_service",),
    ),
    (
        "The social worker accused me of being drunk at contact, which is a lie, and I want an apology.",
        "unknown",
        ("staff_conduct",),
    ),
    (
        "It is an abuse of power the way the team manager made the decision about my son.",
        "parent",
        ("decision_disputed",),
    ),
    (
        "My ex-partner was abusive years ago and the assessment still treats me like I'm the problem.",
        "unknown",
        ("decision_disputed",),
    ),
    (
        "I was left alone in the meeting room for an hour while they decided about my daughter.",
        "parent",
        ("staff_conduct",),
    ),
    (
        "Your letter went missing and nobody told me the meeting had moved.",
        "unknown",
        ("communication",),
    ),
    (
        "The social worker's report about my son has so many mistakes it is frightening.",
        "parent",
        ("incorrect_records",),
    ),
    (
        "The social worker said she would kill two birds with one stone and visit us both on Friday, then never came.",
        "unknown",
        ("broken_promise",),
    ),
    (
        "My son is at risk of exclusion and the social worker has not helped with the school at all.",
        "parent",
        ("lack_of_support",),
    ),
    (
        "I was accused of neglect which is untrue and it is on my record.",
        "unknown",
        ("incorrect_records",),
    ),
]


# Texts that do not say who is writing: a complaints manager would ask, so "unknown".
NO_STANDING_SAID = {
    "Our case was transferred from another council and your team has not contacted us once.",
    "The visits stopped in 2023 and we are still waiting for someone to come.",
    "This happened more than a year ago but I want to complain about the way the assessment was done.",
    "A police officer came to my house and said children's services would be in touch, nobody has contacted us since.",
    "The social worker has not followed the court order about my contact, sessions keep being cancelled.",
    "Nobody asked us before the plan was changed and I was not invited to the review.",
    "Three things. The assessment is wrong about our family. The social worker lied to me about the meeting. Nobody told me the contact sessions had been cancelled.",
}


def build() -> list[dict[str, object]]:
    items: list[dict[str, object]] = []
    for texts, labels in SCENARIOS:
        for text in texts:
            who = "unknown" if text in NO_STANDING_SAID else labels.get("who", "parent")
            for _ in range(4):
                items.append(item(text, **{**labels, "who": who}))  # type: ignore[arg-type]
    for text, who, advocacy in DISCLOSURES:
        for _ in range(3):
            items.append(
                item(
                    text,
                    sg=True,
                    route="not_logged",
                    reason="safeguarding_referral",
                    who=who,
                    advocacy=advocacy,
                    section="safeguarding",
                )
            )
    for text, who, advocacy, categories in MIXED:
        for _ in range(5):
            items.append(
                item(
                    text,
                    sg=True,
                    who=who,
                    advocacy=advocacy,
                    categories=categories,
                    section="mixed",
                    hard=True,
                )
            )
    for text, who, categories in NEAR_MISSES:
        for _ in range(7):
            items.append(
                item(
                    text,
                    who=who,
                    categories=categories,
                    section="hard negatives: safeguarding",
                    hard=True,
                )
            )
    R.shuffle(items)
    seen: set[str] = set()
    unique = []
    for entry in items:
        if entry["text"] not in seen:
            seen.add(str(entry["text"]))
            unique.append(entry)
    for position, entry in enumerate(unique):
        entry["split"] = "test" if position % 5 == 0 else "train"
    return unique


if __name__ == "__main__":
    corpus = build()
    OUT.write_text("".join(json.dumps(entry) + "\n" for entry in corpus), encoding="utf-8")
    print(f"{len(corpus)} texts written to {OUT}")
