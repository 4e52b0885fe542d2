"""The safeguarding tripwire's figures on the dev part of tests/safeguarding_corpus, as a
regression test: the rules and the model were written and trained on this part, so these
figures are not evidence of how heard does on new mail (the sealed parts' aggregates, in the
corpus README, are). A change that loses a dev concern, or adds false alarms, fails here.
The sealed parts are never read by a test.

Dev items after FITTED_THROUGH were added later, aimed where the rules were weakest, and no
rule or weight has been fitted to them yet: they are held to the figures measured when they
were added (LATER_FLOOR), so they can only get better, until the rules are worked on them
and FITTED_THROUGH moves to the last dev item."""

from __future__ import annotations

import pytest

from bench.safeguarding import Scored, load_part, score, tally
from tests.safeguarding_corpus.check import Item, Kind, Part
from triage.rulebook import Rulebook

FITTED_THROUGH = 1854  # dev-1854: the last dev item the shipped rules were fitted on (the model
# is now fitted on every dev item, to dev-2574, and the spent sealed parts: see the notes after
# batches 32 and 36 below)
# Items added after it, as the shipped rules scored them when they were added (none yet:
# dev-0557 to dev-0584, written by `safeguard` after sealed2's first look showed a child's
# suicidal thoughts missed and children's, parents' and others' false alarms, scored 9/10
# concerns and 7/18 false alarms before the rules and model were fitted to them; dev-0585 to
# dev-0596, written after sealed2's second look, scored 6/8 and 0/4 before fitting).
# dev-0597 to dev-0756 (160 items in voices the dev part under-covered) scored 81/83 concerns,
# 27/77 false alarms and held 102/110 before the rules and model were fitted to them.
# dev-0757 to dev-0840 (84 items written after sealed3's first look) scored 27/30 concerns,
# 4/54 false alarms and held 39/42 before the rules and model were fitted to them.
# dev-0841 to dev-0896 (56 items: children's suicidal thoughts in slang and said indirectly,
# neglect seen by carers, teachers and neighbours, hard negatives) scored 27/28 concerns, 9/28
# false alarms and held 35/36 on main 14fc702 before anything was fitted to them.
# dev-0897 to dev-0978 (82 items by `sgwriter`, sealed4's author, written after sealed4 landed,
# in voices the part lacked: paramedics, firefighters, vets, opticians, postal and delivery
# workers, letting agents, a prison officer, a family court adviser, young carers, a young
# asylum seeker, a secure unit) scored 38/38 concerns, 13/44 false alarms and held 49/49 on
# main 45dedc0 before anything was fitted to them (and 38/38, 14/44, 49/49 by the model stopped
# early at 80 steps, trained to dev-0896, before dev-0897..0978 were fitted).
# dev-0979 to dev-1015 (37 items by `safeguard` after sealed4's first look, whose misses were
# two professionals' concerns of neglect, a child missing, domestic abuse and an address learnt:
# professionals' concerns of those kinds and hard negatives) scored 15/16 concerns, 6/21 false
# alarms and held 22/24 on main 7066b38 before anything was fitted to them.
# dev-1016 to dev-1045 (30 items by `safeguard` after sealed4's first look showed hard
# non-concerns referred 36/132: 26 hard negatives from parents, children, professionals, carers,
# relatives and others, and 4 concerns in the same voices) scored 4/4 concerns, 5/26 false
# alarms and held 10/12 on main 2ba70f5 before anything was fitted to them.
# dev-1046 to dev-1107 (62 items by `sgwriter5`, sealed5's author, written after sealed5 landed,
# in voices and situations sealed5 lacks: a travel agent, a dressmaker, a paralegal, a library
# assistant, a tattoo artist, a physiotherapist, a speech therapist, a lifeguard, a childminder,
# a school photographer, a mental health nurse, a young carer, a child on a roof; hard negatives
# in the same voices) scored 28/28 concerns, 11/34 false alarms and held 34/35 on main b2b57a4
# before anything was fitted to them.
# dev-1108 to dev-1179 (72 items by `sgdev6`, an author new to the corpus who read no rule,
# model or sealed part: children's text-speak, second-language English, voice-to-text, guarded
# professionals, relatives abroad, long complaints with one line of present risk, hard
# negatives) scored 33/34 concerns, 13/38 false alarms and held 40/42 on main 358464a before
# anything was fitted to them.
# dev-1180 to dev-1251 (72 items by `sgdev6`: web forms, call notes, disclaimers, postscripts,
# dictated children, taxi driver, imam, interpreter, dentist, midwife, MP's office, hard
# negatives) scored 34/34 concerns, 13/38 false alarms and held 42/44 on main fdc9a55 before
# anything was fitted to them.
# dev-1252 to dev-1323 (72 items by `sgdev6`: quoted replies, one-liners, voice-to-text, risk
# inside two long complaints, relatives in Ghana, Spain and Poland, hard negatives naming past
# years) scored 33/34 concerns, 9/38 false alarms and held 43/44 on main 8b0d4c8 before anything
# was fitted to them (and, by sgtuner's rules and model before they were fitted to them: the
# two batches together 67/68, 16/76 and held 84/88; main's 67/68, 22/76, 85/88).
# dev-1324 to dev-1375 (52 items by `sgtuner`: second-language English, dictated messages,
# professionals' guarded wording, one-liners, long letters with a buried concern, hard
# negatives with frightening words) scored 23/24 concerns, 9/28 false alarms and held 27/29 on
# main 8623080 before anything was fitted to them; dev-1376 to dev-1425 (50 more by `sgtuner`:
# an interpreter's call note, a nursery, a coach, a refuge, A&E, a midwife, postscripts,
# idioms, closed enquiries, a training booking) scored 22/23, 6/27 and held 25/28 with the
# rules fitted to dev-1324..1375 and main 8623080's model; dev-1426 to dev-1465 (40 by
# `sgtuner` after sealed5's first look: concerns of sexual harm, forced marriage and
# exploitation said indirectly, 26 hard negatives from parents, professionals, others and
# children) scored 14/14, 10/26 and held 17/18 at f03a316; each before anything was fitted to it.
# dev-1466 to dev-1501 (36 by `sgtuner`, written after the final rules to measure them: a bus
# driver, a game moderator, a crossing patrol, a piano teacher, a tenancy officer, a ticket
# inspector, a mosque teacher, a dance teacher; 20 non-concerns, 18 hard) scored 16/16
# concerns, 4/20 false alarms and held 19/19 on main 71caae5.
# dev-1502 to dev-1585 (84 by `sgdev6`, batch 19: 74 concerns said the way people hint, in the
# voices dev had least of (neighbours, relatives, carers, others), and 10 hard look-alikes)
# scored 74/74 concerns, 4/10 false alarms and held 76/76 on main c872ff7.
# dev-1586 to dev-1670 (85 by `sgdev6`, batch 20: 78 non-concerns, 39 short ordinary letters and
# 39 hard ones about the past, a process, training or an idiom, and 7 short concerns in the same
# dress) scored 7/7 concerns, 6/78 false alarms and held 18/20 on main 25e054c.
# dev-1671 to dev-1749 (79 by `sgdev6`, batch 21: voicemail transcripts, web-form fields, call
# notes, quoted replies, forwarded texts, signatures and disclaimers, three long letters with one
# passage of present risk and three long negatives) scored 40/40 concerns, 10/39 false alarms and
# held 44/46 on main f4e3208.
# dev-1750 to dev-1810 (61 by `sgwriter6`, sealed6's author, batch 22: 30 concerns and 31
# non-concerns in sealed6's voices, other scenarios) scored 30/30 concerns, 3/31 false alarms
# and held 38/39 on main 21c6673 (the same safeguarding code as 8f591d9). dev-1466 to dev-1810
# were then fitted together (sgtuner, issue 23); before that, a model trained to dev-1501 with
# the per-writer folds' bars scored dev-1502 to dev-1810 151/151, 21/158 false alarms, held 176/181.
# dev-1811 to dev-1854 (44 by `sgtuner` after sealed6's first look, whose misses were a child's
# suicidal thoughts, neglect and a forced marriage, by children and an unknown writer: those
# kinds in children's and anonymous voices, plain and indirect, and 20 non-concerns in the same
# voices) scored 23/24 concerns, 2/20 false alarms and held 30/33 on main 19fa408; then fitted.
# dev-1855 to dev-1884 (30 by `sgtuner`, written after batch 23 was fitted to measure the rules
# and model as they are: a locksmith, a phone repair shop, a school site manager, a leisure
# centre, a health visitor, a relative in Lagos, children; 16 non-concerns, 13 hard) scored
# 14/14 concerns, 3/16 false alarms and held 19/19 on main fd631fa; nothing fitted to them yet.
# dev-1885 to dev-1944 (60 by `sgdev7`, batch 25, an author new to the corpus: children telling
# indirectly in text-speak, neglect told as ordinary facts, grooming as a new friend, a trip back
# home, one risky line in a long complaint, and 30 look-alike non-concerns) scored 30/30
# concerns, 13/30 false alarms and held 46/48 on main 2cf13a3; nothing fitted to them yet.
# dev-1945 to dev-2004 (60 by `sgdev7`, batch 26: the same weighting in other scenarios, with a
# dog groomer, nail technician, caravan park warden, plumber and trampoline park) scored 26/30
# concerns, 8/30 false alarms and held 41/48 on main 37170d1; nothing fitted to them yet.
# dev-2005 to dev-2064 (60 by `sgdev7`, batch 27: the same weighting, with a funeral director,
# an enforcement agent, an ice rink, a piercing studio, a short-let host, a storage site and a
# cinema) scored 29/30 concerns, 12/30 false alarms and held 41/46 on main c96c9e1; nothing
# fitted to them yet.
# dev-2065 to dev-2126 (62 by `sgwriter7`, sealed7's author, batch 28) scored 29/29 concerns,
# 6/33 false alarms and held 33/36 on main f7a9963; nothing fitted to them yet.
# dev-2127 to dev-2186 (60 by `sgdev8`, batch 29, an author new to the corpus: the same weighting
# as `sgdev7`'s, with a bus driver, a launderette, an optometrist, a travel agent and an ice cream
# van) scored 30/30 concerns, 14/30 false alarms and held 45/48 on main 1dc6faa (rules as at
# 7a0e260); nothing fitted to them yet.
# dev-2187 to dev-2246 (60 by `sgdev8`, batch 30: the same weighting in other scenarios, with a
# bridal shop, a pawnbroker, a smart-meter fitter, a pest controller and a charity shop) scored
# 30/30 concerns, 14/30 false alarms and held 44/48 on main 67f72d4; nothing fitted to them yet.
# dev-2247 to dev-2306 (60 by `sgdev8`, batch 31: the same weighting, buried lines indirect, with a
# jeweller, a removals firm, a dog walker, a park ranger and a takeaway) scored 30/30 concerns,
# 10/30 false alarms and held 45/48 on main a587fb8; nothing fitted to them yet.
# Since then (sgtuner, 7 December): three wordings of batches 26 and 27's misses named by rules
# and lower-case text-speak held (ecf1e15), which the floor does not count.
# dev-2307 to dev-2330 (24 by `sgtuner`, batch 32, after sealed7's first look: children's
# concerns of the `other` kind and children's look-alikes) scored 15/16 concerns, 0/8 false
# alarms and held 22/24 on main ecf1e15; then one wording fitted.
# Since then (sgtuner2, 7 December): the model refitted on every dev item to dev-2330 (120
# steps), its alone bar 0.38 chosen by time-forward tests (bench.safeguarding_model.FORWARD_BARS);
# on these later items, now in its training, it refers 239/239 with 26/237 false alarms and
# holds 345/365 (the model fitted to dev-1854: 237/239, 80/237, 353/365). Not evidence.
# dev-2331 to dev-2394 (64 by `sgdev9`, batch 33, an author new to the corpus: suicide and
# self-harm said indirectly by children, unknown writers and adults, and 31 look-alikes) scored
# 30/33 concerns, 8/31 false alarms and held 48/52 on main 430a145; nothing fitted to them yet.
# dev-2395 to dev-2454 (60 by `sgdev9`, batch 34: radicalisation said indirectly by children and
# adults, and 30 look-alikes naming politics, faith, games and trips) scored 30/30 concerns, 7/30
# false alarms and held 42/47 on main 38fafb6; nothing fitted to them yet.
# dev-2455 to dev-2514 (60 by `sgdev9`, batch 35, all children's: 35 ordinary messages each with
# one harm-sounding word explained, and 25 concerns of every kind in the same dress) scored 25/25
# concerns, 15/35 false alarms and held 50/60 on main 1d89de3; nothing fitted to them yet.
# dev-2515 to dev-2574 (60 by `sgdev9`, batch 36: the other kinds in unknown writers',
# neighbours', carers', relatives' and others' voices, and 24 look-alikes in the same voices)
# scored 35/36 concerns, 6/24 false alarms and held 35/36 on main d166a3c; nothing fitted to them.
# Since then (sgtuner, 7 December, second session): the model refitted on every dev item to
# dev-2574 and on the spent sealed parts (tests/safeguarding_corpus/check.SPENT_PARTS), its alone
# bar 0.32 (bench.safeguarding_model.FORWARD_BARS); on these later items, now in its training,
# it refers 363/363 with 40/357 false alarms and holds 521/560 (the model before: 359/363,
# 62/357). Not evidence.
# dev-2575 to dev-2634 (60 by `sgdev10`, batch 37, an author new to the corpus: harm implied only
# by arrangements (tickets, passports, packing, a phone taken, kept off school) and 30 look-alikes
# each in its concern's voice and setting with a real trip, move or absence) scored 29/30
# concerns, 13/30 false alarms and held 37/39 on main 987d3d2; nothing fitted to them.
# dev-2635 to dev-2694 (60 by `sgdev10`, batch 38: goodbyes and giving things away in many
# registers, and 30 look-alikes each in its concern's voice with a real move, course or trip)
# scored 30/30 concerns, 14/30 false alarms and held 41/42 on main 0dccc76; nothing fitted to them.
# dev-2695 to dev-2754 (60 by `sgdev10`, batch 39: children's ordinary weeks (exams, breakups,
# injuries, games, homework) with concerns of every kind and radicalisation said indirectly, and
# 30 look-alikes with the same people and setting) scored 30/30 concerns, 14/30 false alarms and
# held 48/50 on main ce4109a; nothing fitted to them.
# dev-2755 to dev-2814 (60 by `sgdev10`, batch 40: the other kinds in the voices dev has least of
# (others in new roles, relatives, neighbours, carers, unknown writers), and 30 look-alikes in
# the same voice and setting) scored 30/30 concerns, 23/30 false alarms and held 30/30 on main
# af874a8; nothing fitted to them.
# dev-2815 to dev-2874 (60 by `sgdev11`, batch 41, an author new to the corpus: children's and
# parents' ordinary messages with one harm word (contact, pocket money, a phone taken, a PE
# teacher, a social worker's rudeness, "end of my tether") and concerns said indirectly in new
# settings) scored 30/30 concerns, 17/30 false alarms and held 53/54 on main 6d8f48a; nothing
# fitted to them.
# dev-2875 to dev-2934 (60 by `sgdev11`, batch 42: parents' complaints and requests, most of the
# concerns inside one, and others in roles new to the corpus) scored 30/30 concerns, 18/30 false
# alarms and held 39/39 on main 653749a; nothing fitted to them.
# dev-2935 to dev-2994 (60 by `sgdev11`, batch 43: disability, custody, hospital, school
# transport and short replies on a case) scored 30/30 concerns, 9/30 false alarms and held 40/41
# on main 3c676a3; nothing fitted to them.
# dev-2995 to dev-3054 (60 by `sgdev11`, batch 44: 16- and 17-year-olds and families writing in
# second-language English) scored 30/30 concerns, 13/30 false alarms and held 43/44 on main
# ba58f77; nothing fitted to them.
# dev-3055 to dev-3114 (60 by `sgwriter11`, sealed11's author, batch 45: 30 pairs of a concern
# and a look-alike from the same kind of writer, 50 of the 60 by children and parents) scored
# 30/30 concerns, 8/30 false alarms and held 45/45 on main 13a883b; nothing fitted to them.
# dev-3115 to dev-3164 (50 by `sgdev12`, batch 46, an author new to the corpus: carers' and
# residential staff's concerns said in passing inside a complaint, and 25 look-alikes from the
# same writers full of the concerns' words) scored 25/25 concerns, 10/25 false alarms and held
# 25/25 on main 31e5da3; nothing fitted to them.
# dev-3165 to dev-3214 (50 by `sgdev12`, batch 47: children's self-harm, suicidal thoughts and
# sexual harm said indirectly, most with a plea for secrecy, in text-speak and in formal letters,
# and 25 look-alikes with ordinary complaints and benign secrets) scored 23/25 concerns, 19/25
# false alarms and held 49/50 on main fd83969; nothing fitted to them.
# dev-3215 to dev-3264 (50 by `sgdev12`, batch 48: children whose writing does not look like a
# child's (formal letters, a parent's account, care leavers of 16 and 17, age said in passing),
# 22 concerns and 28 ordinary messages) scored 22/22 concerns, 11/28 false alarms and held 43/50
# on main e6e08e7; nothing fitted to them.
# dev-3265 to dev-3314 (50 by `sgdev12`, batch 49: the "other" kinds (a person who poses a risk
# moving in or having contact, private fostering, a child placed among adults, harm by staff) and
# 25 look-alikes in the same voice and setting) scored 25/25 concerns, 10/25 false alarms and held
# 27/27 on main 6ca6269; nothing fitted to them.
# dev-3315 to dev-3394 (80 by `sgwriter12`, sealed12's author, batch 50: 40 pairs of a concern
# and a look-alike in the same voice and setting, every kind on 2 to 5 concerns) scored 40/40
# concerns, 25/40 false alarms and held 48/48 on main 7d62581; nothing fitted to them.
# dev-3395 to dev-3444 (50 by `sgdev13`, batch 51: concerns said in passing by carers, relatives
# and the public, children writing formally, and adults' process complaints, updates, idioms and
# children's ordinary mail) scored 25/25 concerns, 8/25 false alarms and held 35/36 on main
# 04c69e7; nothing fitted to them.
# dev-3457 to dev-3506 (50 by `sgdev13`, batch 52: children writing formally with no age or school,
# secrecy asked in many forms, adults relaying a child's plea, children's formal ordinary mail)
# scored 24/25 concerns, 7/25 false alarms and held 40/46 on main 9e685cb; nothing fitted to them.
# dev-3507 to dev-3556 (50 by `sgdev13`, batch 53: adults' concerns said in passing, secrecy asked
# by adults and relayed from children, and adults' LADO processes, old records, professionals'
# updates, idioms, sports injuries and pets) scored 25/25 concerns, 7/25 false alarms and held
# 33/34 on main dfedc03; nothing fitted to them.
# dev-3557 to dev-3616 (60 by `sgwriter13`, sealed13's author, batch 54) scored 29/29 concerns,
# 4/31 false alarms and held 38/39, as its README section reports; nothing fitted to them.
# dev-3617 to dev-3666 (50 by `sgdev13`, batch 55: every writer and the kinds batches 51 to 53 were
# thin on, and false alarms from professionals' updates, old records, adults' own LADO processes,
# idioms, sports and pets) scored 25/25 concerns, 7/25 false alarms and held 33/33 on main e251f0b;
# nothing fitted to them.
# dev-3667 to dev-3786 (120 by `sgwriter14`, sealed14's author, batch 56: 60 pairs of a concern
# and a look-alike sharing its words) scored 60/60 concerns, 44/60 false alarms and held 82/82 on
# main 8c1683d; dev-3787 to dev-3810 (24 by `sgtuner`, batch 57) were written for the rules.
# dev-3811 to dev-3930 (120 by `sgwriter15`, sealed15's author, batch 58: 60 such pairs) scored
# 60/60 concerns, 36/60 false alarms and held 80/80 on main 55af3bd before anything was fitted on
# them. Since then the shipped weights are 0.75 of 73ff451's and 0.25 of a refit on every dev item
# to dev-3930 and the spent parts (bench.safeguarding_model.blend): on these later items, now in
# the refit's training, 1028/1029 with 305/1039 false alarms, held 1512/1514 (73ff451's weights
# on the rules as they were before: 1028/1029, 350/1039, 1512/1514). Not evidence.
# dev-3931 to dev-4070 (140 by `sgdev59`, a new author, batch 59: 70 such pairs) scored 70/70
# concerns, 39/70 false alarms and held 94/94 on main bcbabce before anything was fitted on them:
# the later items then 1098/1099, 344/1109, held 1606/1608.
# dev-4071 to dev-4210 (140 by `sgdev60`, a new author, batch 60: 70 such pairs) scored 70/70
# concerns, 37/70 false alarms and held 96/96 on main 4fcd100 before anything was fitted on them
# (dev-2602, the later items' one miss, referred since the fifteenth rule work): the later items
# then 1169/1169, 381/1179, held 1703/1704.
# dev-4211 to dev-4350 (140 by `sgdev61`, a new author, batch 61: 70 such pairs) scored 70/70
# concerns, 52/70 false alarms and held 96/97 on main 684b173 before anything was fitted on them:
# the later items then 1239/1239, 433/1249, held 1799/1801.
# dev-4351 to dev-4490 (140 by `sgdev61`, batch 62: not pairs but a mailbox's mix, 37 concerns
# and 103 ordinary complaints, many by children) scored 37/37 concerns, 31/103 false alarms and
# held 79/79 on main 6d9a469 before anything was fitted on them: the later items then
# 1276/1276, 464/1352, held 1878/1880.
# dev-4491 to dev-4570 (80 by `sgsecrecy`, batch 63: 46 pleas for secrecy in as many wordings,
# 31 of them concerns, and 34 look-alikes about secrets, privacy and confidentiality) scored
# 35/35 concerns, 12/45 false alarms and held 56/59 (secrecy 43/46) on main 6d9a469 before
# anything was fitted on them: the later items then 1311/1311, 476/1397, held 1934/1939.
LATER_FLOOR = {"referred": 1311, "false_alarms": 476, "held": 1934}


def fitted(item: Item) -> bool:
    return int(item.id.removeprefix("dev-")) <= FITTED_THROUGH


@pytest.fixture(scope="module")
def scored_dev(rulebook: Rulebook) -> list[Scored]:
    return score(load_part(Part.DEV), rulebook)


@pytest.fixture(scope="module")
def dev(scored_dev: list[Scored]) -> list[Scored]:
    """The items the rules were written and the model trained on."""
    return [s for s in scored_dev if fitted(s.item)]


def test_the_later_dev_items_do_no_worse_than_when_they_were_added(
    scored_dev: list[Scored],
) -> None:
    later = tally(s for s in scored_dev if not fitted(s.item))
    if not (later.concerns or later.others):
        pytest.skip("no dev items after FITTED_THROUGH")
    assert later.referred >= LATER_FLOOR["referred"], later.line()
    assert later.false_alarms <= LATER_FLOOR["false_alarms"], later.line()
    must_hold = [
        s
        for s in scored_dev
        if not fitted(s.item) and (s.item.concern or s.item.secrecy or s.item.child_writer)
    ]
    assert sum(s.held for s in must_hold) >= LATER_FLOOR["held"]


def test_every_dev_concern_is_referred_with_few_false_alarms(dev: list[Scored]) -> None:
    whole = tally(dev)
    missed = [s.item.id for s in dev if s.item.concern and not s.referred]
    assert missed == []
    assert whole.precision >= 0.9, whole.line()  # threshold chosen for held-out recall 1.0


@pytest.mark.parametrize("kind", list(Kind))
def test_each_kind_of_concern_is_referred_with_the_words_that_led_to_it(
    dev: list[Scored], kind: Kind
) -> None:
    group = [s for s in dev if kind in s.item.kinds]
    assert group
    for scored in group:
        assert scored.referred and scored.decision.safeguarding_words, scored.item.id


def test_no_automatic_mail_when_a_concern_or_a_plea_for_secrecy_is_found(
    dev: list[Scored],
) -> None:
    """A concern is held by its referral; a plea for secrecy by the secrecy rules (a child's
    own writing is held too, when triage can tell a child is writing)."""
    unheld = [
        s.item.id
        for s in dev
        if (s.item.concern or (s.item.secrecy and s.item.child_writer)) and not s.held
    ]
    assert unheld == []


def test_no_automatic_mail_when_a_child_writes_or_anyone_asks_for_secrecy(
    scored_dev: list[Scored],
) -> None:
    """The child_writing and secrecy rules (a concern is held by its referral, tested above);
    later items are held to their floor above."""
    unheld = [
        s.item.id
        for s in scored_dev
        if fitted(s.item)
        and (s.item.secrecy or s.item.child_writer)
        and not s.item.concern
        and not s.held
    ]
    # Children writing with no sign of age in their words (an adult could write each): dev-0275
    # (thanks to a children's home), dev-1079 (a question about a joke in a group chat),
    # dev-1179 (a PEP meeting), dev-1257 (a record from 2019 disputed, weighed out as settled),
    # dev-1358 ("When is my review"), dev-1408 (moved to a grandmother's), dev-1419 (the wifi
    # "at the home"), dev-1589 (a passport sorted for a school trip), dev-1613 (when a new social
    # worker comes), dev-1712 (a voicemail: "my new placement is sick"), dev-1729 (a call note
    # whose advocacy advice reads as an advocate's note), dev-1838 (cereal at "the home"),
    # dev-1848 (a charger and a brother), dev-1850 (a charity sleep-out on the school field).
    allowed = {
        "dev-0275",
        "dev-1079",
        "dev-1179",
        "dev-1257",
        "dev-1358",
        "dev-1408",
        "dev-1419",
        "dev-1589",
        "dev-1613",
        "dev-1712",
        "dev-1729",
        "dev-1838",
        "dev-1848",
        "dev-1850",
    }
    assert set(unheld) <= allowed, unheld
