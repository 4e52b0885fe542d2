"""The organisation: directorates, teams, their managers, staff, Slack and web roles, and the
council's mailboxes, as the rule file names them. Read once at start-up (heard/ builds it with
the rules); scheduler/, bot/, web/, outbound/, reports/ and casework/ ask it who leads what,
never triage/. It imports only cases/."""
