"""What the reports read: every figure counted by the database (GROUP BY), for one or several
periods in one scan. reports/ adds the rows up into periods, labels and renders them; these
modules hold the statements, one module per part of the report:

- reading: the report's read-only transaction (planner settings) and the earliest day counted;
- sql: the building blocks the statements share (tables, period buckets, "in time");
- metrics: the headline figures' aggregates;
- breakdowns: the tables that break figures down (by team, category, outcome, reason…);
- export: the cases of `heard export cases`, read in batches by id.
"""
