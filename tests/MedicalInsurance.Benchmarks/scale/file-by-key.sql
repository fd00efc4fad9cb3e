-- pgbench: one file by internal key, the three statements PersonFiles.LoadAsync sends (as three round trips).
-- :max_id is passed with -D max_id=N (the largest persons.id).
\set id random(1, :max_id)
select id, id_number, name, birth_date, sex, household_county, phone, notes, needs_review, created_at from persons where id = :id;
select id, year, scheme, paid_on, amount, "group", pooling_region, origin, created_at, repair_years, previous_coverage_ended_on, gap_back_paid, county, evidence from coverages where person_id = :id order by year, scheme;
select year, fund_reimbursed, catastrophic_paid, updated_at from claim_summaries where person_id = :id order by year;
