"""The route triage proposes, on texts written for these tests from what the Ombudsman's decision
statements say the council should have done (tests/route_corpus/README.md gives the rules): each
not-logged reason and the complaint beside it that must stay a complaint, the corporate route,
who is writing, the time limit, and when triage must say it is unsure rather than guess."""

from __future__ import annotations

import re
from datetime import date

import pytest

from cases.enums import NotLoggedReason, RecordKind, Route
from triage.engine import Contact, Decision, triage
from triage.rulebook import Rulebook
from triage.time_limit import HISTORIC_DOUBT, IN_TIME_DOUBT, OUT_OF_TIME_DOUBT, YEAR_DOUBT

RECEIVED = date(2025, 6, 2)
STATUTORY, CORPORATE = Route.STATUTORY, Route.CORPORATE
COURT = NotLoggedReason.COURT_RELATED
OTHER_PROCESS = NotLoggedReason.ALTERNATIVE_PROCESS
ELSEWHERE = NotLoggedReason.OUT_OF_JURISDICTION
CONFERENCE = NotLoggedReason.S47_CHILD_PROTECTION
NO_STANDING = NotLoggedReason.INSUFFICIENT_INTEREST
NO_CONSENT = NotLoggedReason.CONSENT_NOT_GAINED


def decide(
    rulebook: Rulebook, body: str, *, subject: str = "Complaint", event_on: date | None = None
) -> Decision:
    contact = Contact(
        subject=subject,
        body=body,
        mailbox_kind=RecordKind.COMPLAINT,
        received_on=RECEIVED,
        event_on=event_on,
    )
    return triage(contact, rulebook, today=RECEIVED)


def proposed(decision: Decision) -> Route | NotLoggedReason:
    return decision.not_logged_reason or decision.route


def routes(
    topic: str, rows: list[tuple[str, Route | NotLoggedReason]], *, sure: bool = False
) -> list[object]:
    """A table of texts and the route triage must propose for each, as test cases named by the
    topic, the route and the text's first words, so a failure says which text without opening
    the file (`sure`: triage must also not say it is unsure of the route)."""
    return [
        pytest.param(body, expected, sure, id=f"{topic}/{expected}/{opening(body)}")
        for body, expected in rows
    ]


def opening(body: str) -> str:
    return "-".join(re.findall(r"\w+", body.lower())[:7])


OMBUDSMAN_EXPECTS = routes(
    "ombudsman",
    [
        # Reports and evidence for the court, and proceedings under way, are for the court...
        (
            "I want to complain about the section 7 report. The social worker only spoke to my ex.",
            COURT,
        ),
        (
            "The parenting assessment your social worker filed with the court left out every good thing.",
            COURT,
        ),
        (
            "We are in private law proceedings and the final hearing is in September. The social worker is biased.",
            COURT,
        ),
        (
            "The council has issued care proceedings for my baby and the first hearing is next month.",
            COURT,
        ),
        # ...but the council not doing what an order says, or services after it, are complaints.
        (
            "The foster carers keep cancelling the contact the child arrangements order gives me, and the social worker does nothing.",
            STATUTORY,
        ),
        (
            "After the proceedings ended the council promised us support as special guardians and we have had nothing.",
            STATUTORY,
        ),
        # A conference's decision goes to its chair; how social workers did the enquiries does not.
        (
            "I want to appeal against the decision of the initial child protection conference to put my son on a plan.",
            CONFERENCE,
        ),
        (
            "The social worker who did the section 47 enquiries was rude and wrote things I never said.",
            STATUTORY,
        ),
        (
            "My son has been on a child protection plan for a year and the core group meetings keep being cancelled.",
            STATUTORY,
        ),
        # A police investigation of the same matters comes first.
        (
            "The police are still investigating the allegation, but the social worker has already stopped my contact.",
            ELSEWHERE,
        ),
        (
            "The police came round after the school's referral and then children's services did nothing for months.",
            STATUTORY,
        ),
        # Other processes: the IRM, the SEND Tribunal, admissions and transport appeals, data protection.
        (
            "The council has decided to deregister us as foster carers. We want the decision reversed.",
            OTHER_PROCESS,
        ),
        (
            "The fostering panel recommended that our approval be terminated and the council agreed.",
            OTHER_PROCESS,
        ),
        (
            "My son's final EHCP names a mainstream school that cannot meet his needs.",
            OTHER_PROCESS,
        ),
        (
            "The council refused to carry out an EHC needs assessment for my daughter.",
            OTHER_PROCESS,
        ),
        (
            "You have said my son is not eligible for free school transport. The route is not safe.",
            OTHER_PROCESS,
        ),
        # Data protection complaints and subject access requests are records of their own, with
        # their own clocks (issue 27): no complaints procedure, the council's data protection one.
        (
            "The social worker shared my personal information with my ex's family. That is a data breach.",
            Route.NONE,
        ),
        (
            "The minutes of the child protection conference say I admitted things I never said.",
            OTHER_PROCESS,
        ),
        ("I was refused a copy of the records you hold about me and my children.", Route.NONE),
        # Another body is responsible.
        (
            "My son has been bullied at his primary school for a year and the head teacher does nothing.",
            ELSEWHERE,
        ),
        (
            "We moved out of the area last year and since then nobody has supported my nephew.",
            ELSEWHERE,
        ),
        (
            "I'm 17 and in your care but my placement is in another council area, and you are cutting my support.",
            STATUTORY,
        ),
        # Corporate: education delivery, early years, housing, an adult's own treatment by the LADO.
        (
            "My daughter's EHCP annual review was never finished and she has had no suitable education since October.",
            CORPORATE,
        ),
        ("The nursery charges me every month on top of my 30 free hours.", CORPORATE),
        (
            "We have been in temporary accommodation for seven months and the housing officer never calls back.",
            CORPORATE,
        ),
        (
            "I was 16 when I became homeless and children's services would not accommodate me under section 20.",
            STATUTORY,
        ),
        (
            "An allegation was made against me at work and the LADO told my employer I was a risk.",
            CORPORATE,
        ),
        (
            "My disabled son's EHCP and child in need plan both say he should have short breaks, and they stopped.",
            STATUTORY,
        ),
        # Said in other words: a welfare report the court went with, an order on where a child
        # lives, records asked for, school transport applied for, the parts of an EHC plan.
        (
            "The welfare report your social worker wrote for my contact case was one-sided and the magistrates went with it.",
            COURT,
        ),
        (
            "The court made a child arrangements order that my granddaughter lives with her dad, and now I never see her.",
            COURT,
        ),
        (
            "I asked for copies of my care records in the spring and now you tell me you cannot find my file.",
            OTHER_PROCESS,
        ),
        (
            "I applied for transport for my son to his special school and it was refused.",
            OTHER_PROCESS,
        ),
        (
            "I applied for school transport in May and I still have no decision.",
            CORPORATE,
        ),
        (
            "I'm a care leaver. I applied for a bus pass through my personal adviser in September and nothing has happened.",
            STATUTORY,
        ),
        (
            "The speech therapy in section F has not been provided since September.",
            CORPORATE,
        ),
        (
            "The council deregistered me as a foster carer after the allegation, and my subject access request has still not been answered.",
            OTHER_PROCESS,
        ),
        (
            "The report you wrote for the proceedings between me and my ex played down everything I said.",
            COURT,
        ),
        # The school's acts are the school's, unless the complaint is the council's own duty.
        (
            "My son was bullied and the school did nothing, so I took him out.",
            ELSEWHERE,
        ),
        (
            "I took my son out of school because the school did nothing about bullying, and since then the council has not reviewed his EHC plan or found him any education.",
            CORPORATE,
        ),
        # An adult's own career after the LADO's decision, said without "against me at work".
        (
            "The LADO substantiated a concern against me and told the school to refer me to the Teacher Regulation Agency.",
            CORPORATE,
        ),
        (
            "A pupil at my school made allegations. The allegations against me were substantiated at the council's final meeting although the police took no further action.",
            CORPORATE,
        ),
        # A conference's decision, and an order the council was told to carry out.
        (
            "I disagree with the conference decision to keep my children on child protection plans.",
            CONFERENCE,
        ),
        (
            "The judge ordered the council to arrange contact twice a week and it has only arranged it once a month.",
            STATUTORY,
        ),
        (
            "My complaint is about CAMHS, who discharged my daughter after one appointment.",
            ELSEWHERE,
        ),
        # Written afresh in other words (issue 23 item 4): proceedings begun, a report the court
        # was given, an expert's report in "our" case; an order's contact the council does not
        # keep stays a complaint.
        (
            "The council has started proceedings to take my son into care and I do not think they have any grounds.",
            COURT,
        ),
        (
            "The report the social worker gave the judge got my daughter moved to her dad's.",
            COURT,
        ),
        (
            "The expert report the council asked for in our court case was wrong about my mental health.",
            COURT,
        ),
        (
            "The court ordered that I have contact with my son every Saturday but the social worker has cancelled it four weeks running.",
            STATUTORY,
        ),
        # A school place refused (in year too) and attendance orders have their own appeal or court.
        (
            "I applied for my son to move to the school near us in the middle of the year and was told the year group is full.",
            OTHER_PROCESS,
        ),
        (
            "You have served a school attendance order on me although I home educate and sent you everything.",
            OTHER_PROCESS,
        ),
        # What a subject access request showed is a complaint; a conference's change of
        # category goes to its chair.
        (
            "Through a subject access request I have now seen how badly the social workers did the assessment of my family and I want to complain about it.",
            STATUTORY,
        ),
        (
            "At the review the conference changed the category on my son's plan from neglect to emotional abuse.",
            CONFERENCE,
        ),
        (
            "My daughter has been out of school since she was excluded in September and the council has arranged no education for her.",
            CORPORATE,
        ),
        # A permanent exclusion has its own review panel; the education the council must then
        # arrange is its own (corporate).
        (
            "My son was permanently excluded in October and I want the exclusion overturned: the governors never heard his side.",
            OTHER_PROCESS,
        ),
        (
            "My son was permanently excluded in October and the council has not arranged any education for him since.",
            CORPORATE,
        ),
        # What a school does (a part-time timetable, a pupil who hurt another) is the school's.
        (
            "The primary school put my daughter on a part time timetable in January and promised to build her back up, but it has not happened.",
            ELSEWHERE,
        ),
        # A conference's chair and the plans it made go to the conference's own process.
        (
            "The chair at my son's child protection conference talked over me and I want a different chair next time.",
            CONFERENCE,
        ),
        # An assessment the court relied on; a case going through the court.
        (
            "The assessment of my parenting was wrong and it was used in the court case about my daughter.",
            COURT,
        ),
        (
            "While our case is going through the court the social worker has stopped my phone calls with my son.",
            COURT,
        ),
        # What a court granted that the council now refuses to pay is the council's own act, and
        # a refusal to backdate made now is in time however old the request.
        (
            "The court granted an adoption allowance for our son and the council now refuses to pay it.",
            STATUTORY,
        ),
        (
            "We first asked for the adoption allowance over a year ago; it has been agreed, but the council will not backdate it.",
            STATUTORY,
        ),
        # Nursery fees promised to a special guardian are part of special guardianship support.
        (
            "I am a special guardian for my two grandsons and the nursery fees the council promised to pay for the youngest have never been paid.",
            STATUTORY,
        ),
        # Said in other words again: an order the magistrates made, evidence at a hearing, an
        # approval reduced, a school to be named in the plan, a conference's decision with the
        # core group named beside it, the police's and a school nurse's own acts.
        (
            "The interim order the magistrates made last week means I can only see my kids twice a week.",
            COURT,
        ),
        (
            "My solicitor says the council's evidence at the hearing was one sided.",
            COURT,
        ),
        (
            "Our fostering approval was reviewed and they have reduced us to one child.",
            OTHER_PROCESS,
        ),
        (
            "We want the council to name the specialist school in my son's plan.",
            OTHER_PROCESS,
        ),
        (
            "At the review conference they decided to keep my daughter on a plan even though the core group said she was doing well.",
            CONFERENCE,
        ),
        (
            "The school nurse weighed my daughter in front of the class and told her she was obese.",
            ELSEWHERE,
        ),
        (
            "When my son went missing the officer who came out was very rude to me.",
            ELSEWHERE,
        ),
        (
            "I lived with my ex and her two kids for five years and the social worker will not let me see them any more.",
            NO_STANDING,
        ),
        # A foster carer's or adopter's annual review is not an EHC plan's.
        (
            "At our annual review as foster carers the supervising social worker said we would get respite and we never have.",
            STATUTORY,
        ),
        (
            "We adopted our daughter in 2019 and the council has refused our application to the adoption support fund.",
            STATUTORY,
        ),
        # Refusing an assessment is the SEND Tribunal's only when it is an EHC needs assessment.
        ("Children's services refused to assess my son as a child in need.", STATUTORY),
        (
            "The council's adult social care team refused to assess my father for a care package.",
            CORPORATE,
        ),
        (
            "I am complaining about the council's decision to close our children's centre.",
            CORPORATE,
        ),
        # What an EHC plan says is the SEND Tribunal's, however it is put.
        (
            "I am not happy with what my son's EHCP says about his needs. I want the plan changed.",
            OTHER_PROCESS,
        ),
        (
            "The final EHCP does not match what was agreed at the meeting.",
            OTHER_PROCESS,
        ),
        # Time: the year a story began is background; a decision made now runs from now.
        (
            "I left care two years ago and my personal adviser has not answered my calls since the summer.",
            STATUTORY,
        ),
        (
            "I have looked after my nephew under a special guardianship order since 2021 and his allowance has now been cut without warning.",
            STATUTORY,
        ),
        (
            "The council's assessment calls my husband a risk because of a police caution from twelve years ago. Nobody asked us about it.",
            STATUTORY,
        ),
        # An order already made is background to a complaint about support promised with it.
        (
            "After the family court made the special guardianship order the council promised therapy for my grandson, and none has come.",
            STATUTORY,
        ),
        # Said in a resident's own words rather than the processes' names.
        (
            "The panel has turned down our appeal for a year 3 place at the school by our house.",
            OTHER_PROCESS,
        ),
        ("Both applications for school transport for my twins were rejected.", OTHER_PROCESS),
        ("I have now appealed the amended plan, but the review was a shambles.", OTHER_PROCESS),
        (
            "What the social worker wrote about me for my son's custody case was one-sided.",
            COURT,
        ),
        (
            "The professionals at the initial conference still voted to make a plan when the chair said it was not needed.",
            CONFERENCE,
        ),
        ("A duty social worker gave out my new address to my ex-partner's mother.", OTHER_PROCESS),
        (
            "The school nursing service passed wrong information into the child protection process.",
            ELSEWHERE,
        ),
    ],
)


WHO_IS_WRITING = routes(
    "who-writes",
    [
        # Who is writing decides the route, and triage is sure of it: no standing, no consent.
        (
            "I'm a friend of the family and the social worker's assessment of them was wrong.",
            NO_STANDING,
        ),
        (
            "I'm writing as a concerned neighbour: the children across the road are out at midnight.",
            NO_STANDING,
        ),
        (
            "I am writing as a close friend of the mother. The social worker has been rude to her for months.",
            NO_STANDING,
        ),
        (
            "I'm the children's football coach and I am unhappy with how your team handled my concerns about a boy.",
            NO_STANDING,
        ),
        # Carers and children in care who say what they do rather than what they are.
        (
            "My nephew came to live with me when his mum went into hospital and the council promised fostering fees it never paid.",
            STATUTORY,
        ),
        (
            "You put me in a hotel with adults when I came to the UK alone, and nobody assessed me.",
            STATUTORY,
        ),
        (
            "I'm the mother's new partner. I don't have PR for her kids but the social worker won't speak to me.",
            NO_STANDING,
        ),
        # A child placed with the writer does not make them a foster carer when they say they
        # have no parental responsibility for their partner's child.
        (
            "My girlfriend's daughter was placed with us by the council in May. I do not have parental responsibility but I am the one complaining: we have had no support.",
            NO_STANDING,
        ),
        (
            "My daughter is 17 and in care. She doesn't know I'm contacting you, but her placement is failing.",
            NO_CONSENT,
        ),
        (
            "I am a non-instructed advocate raising concerns about a young person's placement.",
            NO_CONSENT,
        ),
        (
            "My foster son turned 18 last year. He has told me he does not want a complaint made, but his pathway plan is being ignored.",
            NO_CONSENT,
        ),
        # A friend writing without the person's knowledge has no standing: consent is not the
        # question for someone who could not complain for them anyway.
        (
            "I am writing about my friend Mrs Amin, who looks after her niece. She doesn't know I am writing, but the council has stopped her allowance.",
            NO_STANDING,
        ),
        (
            "I'm Leo's dad's partner. Leo is meant to live with us and social services ignore us.",
            NO_STANDING,
        ),
        (
            "I am writing as independent advocate for M, 17, who is looked after and asked me to complain.",
            STATUTORY,
        ),
        (
            "We act for Ms Grey, mother of K, who is looked after. K's plan has not been reviewed for months.",
            STATUTORY,
        ),
    ],
    sure=True,
)


COURT_IN_THE_BACKGROUND = routes(
    "court-behind",
    [
        # Courts, Cafcass, the police and old orders in the background of a complaint about what
        # the council itself did or did not do since: the statutory procedure answers it.
        (
            "The care proceedings for my daughter finished in April and she was placed with my "
            "sister. Since then the social worker has not visited and my sister has had no allowance.",
            STATUTORY,
        ),
        (
            "Cafcass recommended that the council do a child in need assessment for my son. The "
            "council never did it and closed his case.",
            STATUTORY,
        ),
        (
            "The police took my daughter to a place of safety in May and the council placed her "
            "with foster carers. Nobody has told me how she is or arranged any contact since.",
            STATUTORY,
        ),
        (
            "I have a child arrangements order that says my children live with me. Their mum's new "
            "partner is dangerous and I told the social worker three times but she has done nothing.",
            STATUTORY,
        ),
        (
            "The guardian's evidence at court praised us as foster carers, but since the final "
            "hearing the council has refused to pay us the higher allowance it promised.",
            STATUTORY,
        ),
        # The same words where the complaint is the court's business.
        (
            "The council's threshold document says I neglected my children. I dispute every point.",
            COURT,
        ),
        (
            "Why did your social worker recommend to the court that my daughter should live with her "
            "father? She never even came to my house.",
            COURT,
        ),
        (
            "The council got an emergency protection order and took my son from the hospital.",
            COURT,
        ),
        # Proceedings and the magistrates are the court's words however the sentence runs, and
        # what the council told the court is the court's to weigh.
        (
            "I write for my brother. The assessment of him is one-sided and the proceedings that are "
            "going on now could turn on it.",
            COURT,
        ),
        (
            "What your social worker told the magistrates about my drinking was untrue.",
            COURT,
        ),
        (
            "The council gave wrong information to the judge about our home and my health.",
            COURT,
        ),
        # A plan that says what the council must do is a child protection plan only when it says so.
        (
            "My son's EHC plan says the council must provide speech therapy every week and it has "
            "not provided any since January.",
            CORPORATE,
        ),
    ],
)


SAID_IN_OTHER_WORDS = routes(
    "other-words",
    [
        # Education the council arranges, said in other words: tuition hours, a plan's review.
        (
            "My son has been out of school since Easter because of his anxiety and the council has "
            "only offered two hours of online tuition a week.",
            CORPORATE,
        ),
        (
            "The annual review meeting for my son's plan was in March and we still have not had "
            "the amended plan.",
            CORPORATE,
        ),
        # An officer of the council is not the police: the NHS and police rule names their staff.
        (
            "I home educate my children and the elective home education officer has been rude and "
            "threatening in every visit.",
            CORPORATE,
        ),
        # Whoever the writer is, a neighbour has no standing of their own.
        (
            "I am the next-door neighbour. The children next door are out on the street at all "
            "hours and the council has done nothing.",
            NO_STANDING,
        ),
        # A referrer told their name would be kept confidential: the data protection route.
        (
            "I rang children's services about a child I know and was told my name would be kept "
            "confidential. Within a week the family knew it was me.",
            OTHER_PROCESS,
        ),
        # What the council has now done dates the complaint, whatever year the order was made.
        (
            "After the court gave me a special guardianship order for my granddaughter in 2022, "
            "the council agreed an allowance. It has now stopped paying it without telling me why.",
            STATUTORY,
        ),
    ],
)


SCHOOL_MATTERS = routes(
    "school",
    [
        # What the school itself did is for the school's own procedure.
        (
            "The school reported us for the children being off even though I had explained why in "
            "advance. The head did not even read my letter.",
            ELSEWHERE,
        ),
        # Taken off the school's roll, a term missed: education the council must secure.
        (
            "My daughter was taken off the roll at her school in September and she has missed a "
            "whole term of education since.",
            CORPORATE,
        ),
        # Penalty notices for absence go to the magistrates if unpaid, not to a complaint.
        (
            "We were sent penalty notices because the children were off for a family funeral. I "
            "want them withdrawn.",
            OTHER_PROCESS,
        ),
        # How the school transport the council arranges is run is the council's own service.
        (
            "The transport company you use for my son's school has changed drivers four times this "
            "term and they are late most mornings.",
            CORPORATE,
        ),
    ],
)


WHO_DECIDES = routes(
    "who-decides",
    [
        # The council's own education staff: the corporate procedure.
        (
            "The council's attendance officer came to our house and threatened me with court in "
            "front of my younger children. I want an apology.",
            CORPORATE,
        ),
        # A school place refused goes to the admission appeal.
        (
            "My son was refused a reception place at the school his sister goes to, and the "
            "appeal hearing gave us no reasons.",
            OTHER_PROCESS,
        ),
        # A school's ban from its premises is the school's own decision.
        (
            "The school has banned me from coming onto the premises after I raised my voice once "
            "at pick-up.",
            ELSEWHERE,
        ),
        # Parental responsibility given to the council is a care order: the court's.
        (
            "You took my baby into care and now the council has been given parental "
            "responsibility. I should have been allowed to keep her.",
            COURT,
        ),
        # Cafcass's name marks court business, but how its officer did their own work is for
        # Cafcass's own complaints procedure; the council's report for the court stays the court's.
        (
            "I want to complain about the Cafcass officer who wrote about my family without ever "
            "meeting my son.",
            ELSEWHERE,
        ),
        (
            "The Cafcass report said I was obstructive, and your social worker copied it into her own "
            "report for the hearing.",
            COURT,
        ),
    ],
)


CONTACT_BETWEEN_PARENTS = routes(
    "contact",
    [
        # A parent kept from a child who lives with the other parent: contact and residence
        # between parents are the court's to decide.
        (
            "The social worker has kept my daughter away from me since the spring. I have not "
            "done anything wrong and her mum just goes along with it.",
            COURT,
        ),
        # Contact with a child in the council's care is the council's to arrange.
        (
            "The council has stopped me seeing my son at his foster placement without telling me "
            "why.",
            STATUTORY,
        ),
        # The council's own advice to the other parent is the council's act.
        (
            "A social worker advised my ex that she could stop me seeing my son if she was "
            "worried, without checking anything I said.",
            STATUTORY,
        ),
    ],
)


DOMAIN_DEFAULTS = routes(
    "domain-default",
    [
        # Schooling with no social care service named is the council's education function, in
        # words no closer rule lists (the default was the statutory procedure).
        (
            "Since Easter the school has only let my son attend in the mornings and the council "
            "has done nothing to get him full days again.",
            CORPORATE,
        ),
        (
            "Nobody from the council's inclusion service has returned my calls about my "
            "daughter's reading support at her primary school.",
            CORPORATE,
        ),
        (
            "My son's teacher told the council he was disruptive and the council's officer "
            "repeated it in a letter without asking me.",
            CORPORATE,
        ),
        # A social care service named beside the school keeps the statutory procedure.
        (
            "My son is in foster care and his school says the social worker never sends his "
            "paperwork.",
            STATUTORY,
        ),
        (
            "The council stopped my son's overnight short breaks and his school has noticed how "
            "tired he is.",
            STATUTORY,
        ),
        # The court named, in words no closer rule lists, and not as background.
        (
            "Your social worker stood up in court and said I had missed visits, which is untrue.",
            COURT,
        ),
        (
            "The court was given a version of events by your team that left out everything I said.",
            COURT,
        ),
        # What the court set that the council does not deliver stays the council's.
        (
            "My daughter is in care and the court said how much contact I should have, but the "
            "council keeps cancelling it.",
            STATUTORY,
        ),
        # A decision with its own appeal, in words no closer rule lists; waiting on the appeal
        # is a complaint about delay.
        (
            "I was given no chance to appeal when the council decided my son could not keep his "
            "place at the unit.",
            OTHER_PROCESS,
        ),
        (
            "I appealed the decision to stop his travel pass weeks ago and the council still has "
            "not said when it will be heard.",
            STATUTORY,
        ),
    ],
)


REMOVAL = routes(
    "removal",
    [
        # A parent's child removed or taken into care against their will: a court decides it,
        # though the parent does not name the court.
        (
            "Social workers took my two boys away from me last spring and I want them home where "
            "they belong.",
            COURT,
        ),
        (
            "The council has decided to remove my baby and I think it is wrong, I have done "
            "everything asked of me.",
            COURT,
        ),
        (
            "My daughter was taken into care for no reason and I want the council to give her back.",
            COURT,
        ),
        # How the council did its own work around the removal, and contact since, are its own.
        (
            "My son was taken into care in March and the way it was done, in front of his school "
            "friends, was cruel.",
            STATUTORY,
        ),
        (
            "Since my children were removed, contact with them has been cancelled four times "
            "without warning.",
            STATUTORY,
        ),
    ],
)

# Whose matter it is and which service: a licence to perform or to chaperone is the council's
# licensing function; an adult the LADO process is about complains for themselves, whatever court
# cleared them; what an EHC plan says is the SEND Tribunal's. And a relative writing behind the parent's back.
WHOSE_MATTER = routes(
    "whose_matter",
    [
        (
            "We applied for a performance licence for our daughter to appear in a pantomime and "
            "the council took six weeks to issue it, so she nearly lost the part.",
            CORPORATE,
        ),
        (
            "My chaperone approval lapsed because nobody in your licensing team processed my "
            "renewal, and I have had to turn down work.",
            CORPORATE,
        ),
        (
            "The council refused my son a child employment permit for his paper round without "
            "giving a reason.",
            CORPORATE,
        ),
        (
            "I was the subject of a referral to the LADO by my employer. The court found me not "
            "guilty, but the LADO process is still stopping me from working with children.",
            CORPORATE,
        ),
        (
            "I do not agree with what the final plan says about my son's speech and language "
            "therapy, and it names a school that cannot meet his needs.",
            OTHER_PROCESS,
        ),
        (
            "My sister doesn't know I'm writing but her children's social worker has not visited "
            "them for two months.",
            NO_CONSENT,
        ),
        # A foster child's licence to perform is still arranged around their care: the service
        # to the child keeps it statutory.
        (
            "As a foster carer I asked my social worker to help with a performance licence for "
            "the child in my care and nobody from the fostering team ever replied.",
            STATUTORY,
        ),
        # The writer's son, not a relative behind the parent's back.
        (
            "My son doesn't know I'm writing but his social worker keeps cancelling his visits.",
            STATUTORY,
        ),
    ],
)


@pytest.mark.parametrize(
    ("body", "expected", "sure"),
    [
        *OMBUDSMAN_EXPECTS,
        *WHO_IS_WRITING,
        *COURT_IN_THE_BACKGROUND,
        *SAID_IN_OTHER_WORDS,
        *SCHOOL_MATTERS,
        *WHO_DECIDES,
        *CONTACT_BETWEEN_PARENTS,
        *DOMAIN_DEFAULTS,
        *REMOVAL,
        *WHOSE_MATTER,
    ],
)
def test_the_route_triage_proposes(
    rulebook: Rulebook, body: str, expected: Route | NotLoggedReason, sure: bool
) -> None:
    decision = decide(rulebook, body)
    assert proposed(decision) == expected, decision.fired
    assert not decision.out_of_time
    assert not (sure and decision.unsure_of_route), decision.unsure_of_route


@pytest.mark.parametrize(
    "body",
    [
        "I'm the children's paternal grandmother and I want to complain about the child protection investigation.",
        "My brother is 15 and in care, and his social worker never visits him. I'm 22.",
        "I want to complain about the way your department has handled things. Nobody listens.",
    ],
)
def test_standing_the_text_does_not_show_leaves_triage_unsure(
    rulebook: Rulebook, body: str
) -> None:
    decision = decide(rulebook, body)
    assert decision.route == STATUTORY
    assert decision.unsure_of_route
    assert set(decision.unsure_of_route) <= set(decision.uncertain), "staff see every doubt"


def test_an_mp_writing_a_complaint_for_a_constituent_is_a_complaint(rulebook: Rulebook) -> None:
    """Not an enquiry by that fact alone: the constituent's complaint follows the constituent's
    standing, which the letter may not show, so triage says it is unsure."""
    complaint = decide(
        rulebook,
        "I am the MP for Eastfield. My constituent Ms Patel wishes to make a formal complaint "
        "about the support for her disabled son, whose short breaks were withdrawn.",
    )
    assert (complaint.record_kind, complaint.route) == (RecordKind.COMPLAINT, STATUTORY)
    assert complaint.complainant_type == "mp_or_councillor" and complaint.unsure_of_route
    update = decide(
        rulebook,
        "On behalf of my constituent Ms Ahmed, I would be grateful for an update on her son.",
        subject="Ms Ahmed",
    )
    assert (update.record_kind, update.route) == (RecordKind.ENQUIRY, Route.NONE)


@pytest.mark.parametrize(
    "body",
    [
        # A parent disputing an old finding: the year dates the record, not the complaint.
        "The assessment in 2019 found I had neglected my daughter, which is untrue. I want it corrected.",
        "The assessment from 2022 still says I'm a risk to my kids and the social worker keeps using it.",
        # The year a story began, and what is complained of happened this year.
        "We adopted our son in 2018. We asked for post-adoption support in January and nothing has happened.",
        "I became my niece's special guardian in 2016. The council stopped her allowance last month.",
    ],
)
def test_a_past_year_mentioned_does_not_make_it_out_of_time(rulebook: Rulebook, body: str) -> None:
    decision = decide(rulebook, body)
    assert decision.route == STATUTORY and not decision.out_of_time
    assert not decision.discretion_may_apply
    assert not any(why.startswith("time limit") for why in decision.unsure_of_route)


def test_a_request_only_to_correct_a_record_leaves_the_route_to_staff(rulebook: Rulebook) -> None:
    """Rectifying a record is a data protection request as well as a possible complaint."""
    only = decide(
        rulebook,
        "I am special guardian of two children. The assessment is full of "
        "inaccuracies about me. I want every error corrected.",
    )
    assert only.route == STATUTORY and "unsure.records_only" in only.rule_ids
    assert only.unsure_of_route
    more = decide(
        rulebook,
        "I am the mother. The social worker never visited, the assessment "
        "took months and it is full of mistakes. I want the mistakes corrected.",
    )
    assert more.route == STATUTORY and not more.unsure_of_route


@pytest.mark.parametrize(
    ("body", "out_of_time", "doubt"),
    [
        ("In 2019 my daughter's social worker lied in a report about me.", True, OUT_OF_TIME_DOUBT),
        (
            "I'm 21 now. When I was 14 children's services did nothing to help me.",
            True,
            OUT_OF_TIME_DOUBT,
        ),
        # Old, and a reason for the delay: not refused, but the council weighs it.
        (
            "It is well over a year since my case closed. I have been in and out of hospital and "
            "could not face complaining until now.",
            False,
            IN_TIME_DOUBT,
        ),
        ("When I was in care in the 1980s nobody told me I had a brother.", False, HISTORIC_DOUBT),
        # Old events said without a year: a long time ago, months counted, children small then.
        (
            "This happened a long time ago but the social workers treated me terribly.",
            True,
            OUT_OF_TIME_DOUBT,
        ),
        ("Eighteen months ago the council stopped my son's short breaks.", True, OUT_OF_TIME_DOUBT),
        (
            "It was nearly two years ago but nobody explained why my daughter was moved from her foster placement.",
            True,
            OUT_OF_TIME_DOUBT,
        ),
        # A past year that dates nothing complained of: staff check, nothing is refused.
        (
            "We adopted two sisters in 2019. The therapy in their support plan has stopped.",
            False,
            YEAR_DOUBT,
        ),
    ],
)
def test_old_events_leave_the_time_limit_to_the_council(
    rulebook: Rulebook, body: str, out_of_time: bool, doubt: str
) -> None:
    decision = decide(rulebook, body)
    assert decision.out_of_time is out_of_time
    assert (decision.not_logged_reason == NotLoggedReason.OUT_OF_TIME) is out_of_time
    assert decision.discretion_may_apply and doubt in decision.unsure_of_route


def test_an_event_date_staff_recorded_decides_the_time_limit(rulebook: Rulebook) -> None:
    body = "In 2019 my daughter's social worker lied in a report about me."
    recent = decide(rulebook, body, event_on=date(2025, 1, 10))  # when she found out
    assert not recent.out_of_time and not recent.unsure_of_route
    assert "time.event_date" in recent.rule_ids
    old = decide(rulebook, "The social worker lied about me.", event_on=date(2024, 6, 1))
    assert old.out_of_time and OUT_OF_TIME_DOUBT in old.unsure_of_route
    on_the_day = decide(rulebook, "The social worker lied about me.", event_on=date(2024, 6, 2))
    assert not on_the_day.out_of_time, "12 months to the day is still in time"


def test_unsure_of_route_leaves_out_doubts_about_the_issues(rulebook: Rulebook) -> None:
    decision = decide(rulebook, "I am the children's mother. Please look into what happened.")
    assert decision.uncertain and not decision.unsure_of_route


def test_a_matter_named_beside_a_disclosure_keeps_its_route(rulebook: Rulebook) -> None:
    """A disclosure is referred whatever else the text says; a matter the complaint names (a
    court report, school transport) keeps its route, while a circumstance (police called,
    proceedings under way) does not turn a disclosure into a complaint."""
    beside = decide(
        rulebook,
        "im 14. the social worker wrote a report for court and didnt put in what my mums "
        "boyfriend does to me when hes drunk. he hits me.",
    )
    assert beside.safeguarding and proposed(beside) == COURT
    only = decide(rulebook, "my mums boyfriend batters her and the police were called again")
    assert only.safeguarding
    assert proposed(only) == NotLoggedReason.SAFEGUARDING_REFERRAL


def test_a_social_care_service_named_beside_a_corporate_matter_is_statutory(
    rulebook: Rulebook,
) -> None:
    """The statutory procedure answers the whole complaint; staff are told they may split off
    the corporate part."""
    mixed = decide(
        rulebook,
        "The disabled children's team never did my carer's assessment, and when my son's "
        "school transport stopped nobody looked at any alternative.",
    )
    assert mixed.route == STATUTORY and "social.child_services" in mixed.rule_ids
    assert any("corporate one" in why for why in mixed.uncertain)
    assert not mixed.unsure_of_route, "the route is proposed, not in doubt"
    education = decide(rulebook, "The annual review of my daughter's EHCP was never finished.")
    assert education.route == CORPORATE and "social.child_services" not in education.rule_ids


def test_a_decision_made_now_about_earlier_events_is_not_out_of_time(rulebook: Rulebook) -> None:
    decision = decide(
        rulebook,
        "I'm 19. When I was 16 you would not accommodate me, and now you say I am not a care leaver.",
    )
    assert decision.route == STATUTORY and not decision.out_of_time
    assert "time.decided_now" in decision.rule_ids and IN_TIME_DOUBT in decision.unsure_of_route


def test_a_young_person_saying_what_should_have_been_done_is_complaining(
    rulebook: Rulebook,
) -> None:
    """Words of harm beside it still go to the MASH; the complaint is logged as well."""
    decision = decide(
        rulebook,
        "i got kicked out at 16 and it wasnt safe at home. you should have accommodated me "
        "under section 20 and you didnt.",
    )
    assert decision.route == STATUTORY, decision.fired
    assert decision.not_logged_reason is None


def test_asking_for_information_to_be_taken_off_a_record_leaves_the_route_to_staff(
    rulebook: Rulebook,
) -> None:
    decision = decide(
        rulebook,
        "The assessment says things about me that are untrue. I want that information taken "
        "off my records.",
    )
    assert "unsure.records_only" in decision.rule_ids and decision.unsure_of_route


def test_a_worker_complaining_about_an_allegation_against_them_writes_for_themselves(
    rulebook: Rulebook,
) -> None:
    """Not a professional complaint for an agency: the adult's own complaint, corporate."""
    own = decide(
        rulebook,
        "I am a teacher. The LADO substantiated a concern against me and my career is ruined.",
    )
    assert (own.record_kind, own.route) == (RecordKind.COMPLAINT, CORPORATE)
    agency = decide(
        rulebook,
        "I am the designated safeguarding lead. Your team closed our referral about a pupil "
        "without telling us.",
    )
    assert agency.record_kind == RecordKind.PROFESSIONAL_COMPLAINT


def test_a_matter_whose_other_process_has_been_used_is_still_that_process(
    rulebook: Rulebook,
) -> None:
    """Not logged for the IRM, and the IRM has already been: the matter is still the IRM's,
    and triage is not unsure of it. (A rule that said it was, unsure.other_process_used, raised
    that doubt, held out, only on Ombudsman texts that said enough; it was removed.)"""
    used = decide(
        rulebook,
        "You de-registered us as foster carers. We applied to the IRM and the IRM agreed with "
        "you. We still dispute the evidence.",
    )
    assert used.not_logged_reason == OTHER_PROCESS and not used.unsure_of_route
    first = decide(rulebook, "You have decided to de-register us as foster carers. It is unfair.")
    assert first.not_logged_reason == OTHER_PROCESS and not first.unsure_of_route


def test_personal_details_said_to_have_been_disclosed_are_a_data_protection_complaint(
    rulebook: Rulebook,
) -> None:
    """Told in the passive ("my address was disclosed to"), it is still the data protection
    officer's to answer (the Ombudsman's "another process")."""
    decision = decide(
        rulebook,
        "I am a foster carer and my home address was disclosed to the birth parents in a "
        "letter from the council.",
    )
    assert decision.record_kind == RecordKind.DATA_PROTECTION_COMPLAINT


def test_personal_details_shared_beside_other_matters_leave_the_complaint_logged(
    rulebook: Rulebook,
) -> None:
    """A complaint about a social worker's manner, calls and delay that also says personal
    details were shared is the statutory complaint answered whole; staff may pass the data part
    on."""
    decision = decide(
        rulebook,
        "The social worker has been rude to me at every visit. She has never returned my "
        "calls. The assessment has been delayed for months. And my personal information was "
        "shared with my ex-partner's family without my consent.",
    )
    assert proposed(decision) == STATUTORY, decision.fired
    assert "nl.aside" in decision.rule_ids
    alone = decide(
        rulebook,
        "My personal information was shared with my ex-partner's family without my consent.",
    )
    assert alone.record_kind == RecordKind.DATA_PROTECTION_COMPLAINT, alone.fired


def test_a_complaint_about_a_service_beside_a_disclosure_is_still_a_complaint(
    rulebook: Rulebook,
) -> None:
    """Reported again and again, nothing fixed, things to be replaced: a complaint about the
    council's service, whatever the tripwire finds beside it (the referral still goes)."""
    decision = decide(
        rulebook,
        "The flat you put me in when I left care is full of mould and it has made me ill and "
        "really low. Someone from the block has been threatening me too. I reported the damp "
        "loads of times and nothing got fixed. I want my clothes replaced.",
    )
    assert decision.safeguarding, decision.fired
    assert proposed(decision) == STATUTORY, decision.fired


@pytest.mark.parametrize(
    "body",
    [
        # An aunt's "our family" does not make her the parent.
        "I am writing about how the council has dealt with my nephew since he went into foster "
        "care. Our family has not been kept informed at all.",
        # A writer who argues their own interest leaves their standing to the council.
        "I have supported this young man for years and I believe I have enough interest in his "
        "welfare to complain about how his leaving care support was handled.",
    ],
)
def test_a_writer_whose_standing_the_council_must_accept_leaves_triage_unsure(
    rulebook: Rulebook, body: str
) -> None:
    decision = decide(rulebook, body)
    assert proposed(decision) == STATUTORY, decision.fired
    assert decision.unsure_of_route, decision.fired


def test_a_relatives_standing_is_in_doubt_whatever_the_route(rulebook: Rulebook) -> None:
    """A grandparent's complaint proposed not logged still leaves their standing for the
    council to accept (the route is in doubt), as a statutory proposal does; an unsigned
    not-logged text is not put in doubt for want of a name."""
    grandparent = decide(
        rulebook,
        "My grandson is in care proceedings and the social worker will not tell me anything "
        "about the hearing.",
    )
    assert grandparent.complainant_type == "grandparent"
    assert proposed(grandparent) == COURT
    assert any("standing" in doubt for doubt in grandparent.unsure_of_route)
    unsigned = decide(
        rulebook, "The section 7 report the social worker wrote for the court is full of errors."
    )
    assert proposed(unsigned) == COURT
    assert unsigned.unsure_of_route == ()


# routedev15 (fourteenth session): the council written to, named in the greeting, is this one; a
# tribunal's order the council has not carried out, or an appeal right it did not tell of, is a
# complaint about its SEN service; a matter "since November 2021" still goes on.
@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Dear Norfolk County Council, my son's EHC plan review is months late and nobody "
            "answers my emails about it.",
            CORPORATE,
        ),
        (
            "The tribunal ordered the council to name a special school in my daughter's EHC plan "
            "and you still have not done it. She is missing her education.",
            CORPORATE,
        ),
        (
            "When you decided not to reassess my son's EHC plan you never told me I could appeal. "
            "He has had no suitable education since.",
            CORPORATE,
        ),
        (
            "My son has not been in school since November 2023 and the council has not provided "
            "an education. His EHC plan review has been delayed since December 2023.",
            CORPORATE,
        ),
    ],
    ids=lambda value: opening(value) if isinstance(value, str) else str(value),
)
def test_the_council_written_to_and_orders_not_carried_out_are_complaints(
    rulebook: Rulebook, body: str, expected: Route
) -> None:
    decision = decide(rulebook, body)
    assert proposed(decision) == expected, decision.fired
    assert not decision.out_of_time


def test_pre_proceedings_leave_the_route_to_staff(rulebook: Rulebook) -> None:
    decision = decide(
        rulebook,
        "The council has started the Public Law Outline with us and the social worker ignores "
        "everything I tell her about my children.",
    )
    assert any("Public Law Outline" in why for why in decision.unsure_of_route), decision.fired
