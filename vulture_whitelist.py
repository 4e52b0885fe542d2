"""What vulture (`uv run vulture`, in .ci/run) reports but is kept. Made with
`uv run vulture --make-whitelist` once the dead functions it found were removed, then sorted by
why each is kept. A new entry needs a reason; better, remove the code.

The last group is read by position (a NamedTuple unpacked from its query's rows), which vulture
cannot see.
"""

# ruff: noqa

_ = object()

# Enum members and status strings: stored in the database, read back by value, or named by Notify.
SPECIAL_GUARDIANSHIP_APPLICANT  # unused variable (cases/enums.py:78)
ADOPTION_APPLICANT  # unused variable (cases/enums.py:79)
CHILD_WHO_MAY_BE_ADOPTED  # unused variable (cases/enums.py:80)
SUFFICIENT_INTEREST  # unused variable (cases/enums.py:85)
DELAYED_OR_FAILED_SERVICE  # unused variable (cases/enums.py:110)
DENIAL_OR_WITHDRAWAL_OF_SERVICE  # unused variable (cases/enums.py:111)
BROKEN_PROMISE  # unused variable (cases/enums.py:112)
DECISION_DISPUTED  # unused variable (cases/enums.py:113)
POLICY_PROCEDURE  # unused variable (cases/enums.py:114)
DATA_PROTECTION  # unused variable (cases/enums.py:115)
UPHELD_WITHOUT_INJUSTICE  # unused variable (cases/enums.py:209)
NOT_COMPLETED  # unused variable (cases/enums.py:217)
IRO  # unused variable (cases/enums.py:238)
DELIVERED  # unused variable (outbound/notify_receipts.py:38)
ACCEPTED  # unused variable (outbound/notify_receipts.py:42)
CANCELLED  # unused variable (outbound/notify_receipts.py:45)

# Columns of store/models: written and read by SQL, migrations and exports, not by attribute.
updated_at  # unused variable (store/models/case.py:100)
full_syncs  # unused variable (store/models/correspondence.py:91)
is_child  # unused variable (store/models/people.py:36)
consent_given  # unused variable (store/models/people.py:37)
consent_recorded_on  # unused variable (store/models/people.py:38)
date_of_birth  # unused variable (store/models/people.py:45)
looked_after  # unused variable (store/models/people.py:46)
care_leaver  # unused variable (store/models/people.py:47)
responder  # unused variable (store/models/procedure.py:69)
paused_by  # unused variable (store/models/procedure.py:106)
extended_by  # unused variable (store/models/procedure.py:155)
learning_action_id  # unused variable (store/models/results.py:61)
updated_on  # unused variable (store/models/results.py:63)
stage_at_enquiry  # unused variable (store/models/results.py:97)
not_investigated_reason  # unused variable (store/models/results.py:100)
recorded_by  # unused variable (store/models/results.py:101)
decided_by  # unused variable (store/models/results.py:102)
recorded_by  # unused variable (store/models/results.py:126)
held_since  # unused variable (store/models/retention.py:18)
held_by  # unused variable (store/models/retention.py:19)
reviewed_by  # unused variable (store/models/retention.py:21)
signed_in_with  # unused variable (store/models/web.py:30)

# Framework hooks (aiosmtpd, uvicorn) and properties templates read (jinja2).
_._timeout_cb  # unused method (intake/smtp_server.py:99)
_.more_than_counted  # unused property (store/cases/finding.py:111)
_.capture_signals  # unused method (web/server.py:20)

# Attributes set for libraries (python-docx section margins, openpyxl hyperlinks, uvicorn
# should_exit, SQLAlchemy isolation_level, TypeDecorator impl/cache_ok, Alembic's
# include_object arguments, bolt's listener start and completion handlers), fields the digest
# and queue templates read, audit fields kept on rows, and the lifecycle's transition names.
_.listener_start_handler  # unused attribute (bot/at_work.py:35)
_.listener_completion_handler  # unused attribute (bot/at_work.py:36)
triage_confirmed  # unused variable (cases/lifecycle.py:54)
_.extended_by  # unused attribute (casework/extension.py:74)
_.decided_by  # unused attribute (casework/ombudsman.py:118)
_.not_investigated_reason  # unused attribute (casework/ombudsman.py:121)
_.recorded_by  # unused attribute (casework/records.py:157)
_.responder  # unused attribute (casework/response.py:109)
_.held_by  # unused attribute (casework/retention.py:106)
_.held_since  # unused attribute (casework/retention.py:106)
_.held_by  # unused attribute (casework/retention.py:128)
_.held_since  # unused attribute (casework/retention.py:128)
_.reviewed_by  # unused attribute (casework/retention.py:150)
_.obj  # unused attribute (cli/case/common.py:82)
marked  # unused variable (intake/graph_source.py:62)
_.marked  # unused attribute (intake/graph_source.py:163)
_.host_name  # unused attribute (intake/smtp_handler.py:65)
_.page_height  # unused attribute (reports/render_docx.py:126)
_.page_width  # unused attribute (reports/render_docx.py:126)
_.left_margin  # unused attribute (reports/render_docx.py:127)
_.right_margin  # unused attribute (reports/render_docx.py:127)
_.bottom_margin  # unused attribute (reports/render_docx.py:128)
_.top_margin  # unused attribute (reports/render_docx.py:128)
_.hyperlink  # unused attribute (reports/render_xlsx.py:101)
week_figures  # unused variable (scheduler/digest.py:112)
links_known  # unused variable (scheduler/digest.py:113)
links_to_heard  # unused variable (scheduler/digest.py:114)
arrived_since  # unused variable (scheduler/digest.py:120): the digest templates read it
_.week_figures  # unused attribute (scheduler/digest.py:227)
_.isolation_level  # unused attribute (store/db.py:99)
_.full_syncs  # unused attribute (store/mailbox_sync.py:38)
compare_to  # unused variable (store/migrate.py:107)
obj  # unused variable (store/migrate.py:107)
reflected  # unused variable (store/migrate.py:107)
type_  # unused variable (store/migrate.py:107)
impl  # unused variable (store/types.py:23)
cache_ok  # unused variable (store/types.py:24)
impl  # unused variable (store/types.py:77)
cache_ok  # unused variable (store/types.py:78)
sender_name  # unused variable (triage/engine.py:49)
theme  # unused variable (triage/rulebook_schema.py:76)
all_href  # unused variable (web/pages/queues.py:34)
_.should_exit  # unused attribute (web/server.py:64)

# Tests and stand-ins: fixtures asked for their effect, and the safeguarding corpus's kinds.
include_users  # unused variable (tests/bot/test_clicks.py:530)
councils_category  # unused variable (tests/bot/test_every_category.py:72)
team_channels  # unused variable (tests/bot/test_mash.py:88)
NEIGHBOUR  # unused variable (tests/safeguarding_corpus/check.py:36)
SEALED2  # a sealed part, named only by iterating Part (tests/safeguarding_corpus/check.py)
SEALED3  # a sealed part, named only by iterating Part (tests/safeguarding_corpus/check.py)
SEALED4  # a sealed part, named only by iterating Part (tests/safeguarding_corpus/check.py)
SEALED5  # a sealed part, named only by iterating Part (tests/safeguarding_corpus/check.py)
SEALED6  # a sealed part, named only by iterating Part (tests/safeguarding_corpus/check.py)
SEALED7  # a sealed part, named only by iterating Part (tests/safeguarding_corpus/check.py)
SEALED8  # a sealed part, named only by iterating Part (tests/safeguarding_corpus/check.py)
SEALED9  # a sealed part, named only by iterating Part (tests/safeguarding_corpus/check.py)
SEALED10  # a sealed part, named only by iterating Part (tests/safeguarding_corpus/check.py)
SEALED11  # a sealed part, named only by iterating Part (tests/safeguarding_corpus/check.py)
SEALED12  # a sealed part, named only by iterating Part (tests/safeguarding_corpus/check.py)
SELF_HARM  # unused variable (tests/safeguarding_corpus/check.py:43)
SUICIDE  # unused variable (tests/safeguarding_corpus/check.py:44)
SEXUAL_HARM  # unused variable (tests/safeguarding_corpus/check.py:45)
PHYSICAL_HARM  # unused variable (tests/safeguarding_corpus/check.py:46)
EMOTIONAL_HARM  # unused variable (tests/safeguarding_corpus/check.py:47)
NEGLECT  # unused variable (tests/safeguarding_corpus/check.py:48)
DOMESTIC_ABUSE  # unused variable (tests/safeguarding_corpus/check.py:49)
ADDRESS_DISCLOSED_TO_PERPETRATOR  # unused variable (tests/safeguarding_corpus/check.py:50)
FORCED_MARRIAGE  # unused variable (tests/safeguarding_corpus/check.py:51)
FGM  # unused variable (tests/safeguarding_corpus/check.py:52)
HONOUR_BASED_ABUSE  # unused variable (tests/safeguarding_corpus/check.py:53)
EXPLOITATION  # unused variable (tests/safeguarding_corpus/check.py:54)
RADICALISATION  # unused variable (tests/safeguarding_corpus/check.py:56)
UNSAFE_HOME  # unused variable (tests/safeguarding_corpus/check.py:58)

# Read by position: reports/metrics.py unpacks contacts_received's rows.
advocacy_offered  # unused variable (store/reports/metrics.py:64)

# Set, never read, in a file being changed by another change this session: to remove after.
tokens_fetched  # unused variable (outbound/graph_client.py:156)
_.tokens_fetched  # unused attribute (outbound/graph_client.py:276)
