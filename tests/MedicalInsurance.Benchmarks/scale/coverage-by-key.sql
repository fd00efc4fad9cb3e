-- pgbench: the smallest indexed look-up of a file: one person's coverage records by internal key.
\set id random(1, :max_id)
select year, scheme, paid_on from coverages where person_id = :id order by year, scheme;
