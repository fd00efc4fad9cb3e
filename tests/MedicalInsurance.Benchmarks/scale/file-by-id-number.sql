-- pgbench: one file by ID number, as the clerk's look-up sends it (PersonFiles.LoadByIdNumberAsync), the number drawn
-- from bench_ids (made by scale.sh: 100,000 random ID numbers of the file). Run with -M prepared: the number is then a
-- parameter, as the app sends it.
\set n random(1, 100000)
select id_number from bench_ids where n = :n \gset
select id, id_number, name, birth_date, sex, household_county, phone, notes, needs_review, created_at from persons where id_number = :id_number::bpchar;
select id, year, scheme, paid_on, amount, "group", pooling_region, origin, created_at, repair_years, previous_coverage_ended_on, gap_back_paid, county, evidence from coverages where person_id = (select id from persons where id_number = :id_number::bpchar) order by year, scheme;
select year, fund_reimbursed, catastrophic_paid, updated_at from claim_summaries where person_id = (select id from persons where id_number = :id_number::bpchar) order by year;
