using MedicalInsurance.Infrastructure.Persistence;
using NpgsqlTypes;

namespace MedicalInsurance.Infrastructure.Imports;

/// <summary>
/// The population extract's staging columns and its set-based merge into <c>persons</c>, run by <see cref="Importer"/>
/// like the payments' merge: in the import's one transaction, every statement over all staged rows.
/// </summary>
/// <remarks>
/// What a row does to the file of its person:
/// <list type="bullet">
/// <item>no file yet and 正常: a file is made (not for review: the extract is the registration itself);</item>
/// <item>no file and 死亡 or 迁出: nothing (no file is made for someone the county has no duty towards);</item>
/// <item>a file: its household, townships, residence and status are set from the row when they differ — unless the
/// name disagrees (refused, as for payments), the file records a death and the row does not (a death is final: refused),
/// the row's status date is older than the file's (refused: a newer extract was imported), or the row is a move-out from
/// a county the file no longer registers the person in (nothing: they are registered elsewhere since).</item>
/// </list>
/// A child's row merges the newborn file a births extract made (keyed by the birth certificate, no ID number yet) into the
/// child's file — by the row's 出生医学证明编号 when the extract carries it (the birth date, and the name when the newborn
/// file has one, must agree), else by mother and birth date: the row's household (户籍地区 and 户号, after this merge) holds
/// the mother named by the newborn file, the birth dates are equal, and the names too when the newborn file has one. A merge
/// needs exactly one file for the child and one child for the file; anything else (twins without names, a certificate
/// whose date disagrees) merges nothing and puts the child's file on the review queue. Each merge is audited on the
/// person's file; the newborn file stays, pointing at the person (docs/decisions/0009).
/// The staged rows are put in the order of the files they update (persons.id) before the update visits them: the update
/// then reads and writes the table and its primary key in order, as it did for an extract in that order. An extract in ID
/// number order (as the public-security extract comes) took 82.7 s instead of 59.5 s for the update of 1,000,000 files
/// in the order of the file (EXPLAIN ANALYZE, docs/benchmarks.md).
/// Township codes not in the shipped list (their county is known: each row is checked) are stored unnamed and flagged.
/// Files whose registered county changed are recomputed (their results carry the county); the counties they left and
/// joined, registered or lived in, are marked for the dashboards (whose population figures count both).
/// </remarks>
internal static class PopulationMerge
{
    public static readonly Importer.StageShape<PopulationRow> Shape = new(ImportKind.Population, (parser, cells) => parser.Population(cells),
    [
        (BinaryCopy.Column<PopulationRow, string>("id_number", NpgsqlDbType.Char, r => r.IdNumber), "char(18)"),
        (BinaryCopy.Column<PopulationRow, string>("name", NpgsqlDbType.Varchar, r => r.Name), "varchar(50)"),
        (BinaryCopy.Column<PopulationRow, DateOnly>("birth_date", NpgsqlDbType.Date, r => r.BirthDate), "date"),
        (BinaryCopy.Column<PopulationRow, string>("sex", NpgsqlDbType.Varchar, r => r.Sex.ToString()), "varchar(8)"),
        (BinaryCopy.Column<PopulationRow, string>("household_county", NpgsqlDbType.Char, r => r.HouseholdCounty), "char(6)"),
        (BinaryCopy.Column<PopulationRow, string>("household_township", NpgsqlDbType.Char, r => r.HouseholdTownship), "char(9)"),
        (BinaryCopy.NullableText<PopulationRow>("residence_county", NpgsqlDbType.Char, r => r.ResidenceCounty), "char(6)"),
        (BinaryCopy.NullableText<PopulationRow>("residence_township", NpgsqlDbType.Char, r => r.ResidenceTownship), "char(9)"),
        (BinaryCopy.Column<PopulationRow, string>("household_number", NpgsqlDbType.Varchar, r => r.HouseholdNumber), "varchar(32)"),
        (BinaryCopy.Column<PopulationRow, string>("status", NpgsqlDbType.Varchar, r => r.Status.ToString()), "varchar(16)"),
        (BinaryCopy.Nullable<PopulationRow, DateOnly>("status_date", NpgsqlDbType.Date, r => r.StatusDate), "date"),
        (BinaryCopy.NullableText<PopulationRow>("certificate_number", NpgsqlDbType.Varchar, r => r.CertificateNumber), "varchar(10)"),
    ]);

    // $1 import id, $2 now. Statements are split on ";\n".
    public const string Sql = """
        set local work_mem = '256MB';
        set local random_page_cost = 1.1;
        analyze import_stage;
        insert into import_errors (import_id, line, field, reason) select $1, line, field, reason from import_stage where reason is not null;
        create temporary table import_resolved on commit drop as
            select s.*, p.id as person_id, p.name as file_name, p.household_county as file_county, p.lives_in_county as file_lives_in, p.status as file_status,
                   p.status_date as file_status_date
            from import_stage s left join persons p on p.id_number = s.id_number where s.reason is null
            order by p.id;
        analyze import_resolved;
        create temporary table import_ranked on commit drop as
            select line, row_number() over w as rank, first_value(line) over w as first_line,
                   row(name, household_county, household_township, residence_county, residence_township, household_number, status, status_date)::text
                       = first_value(row(name, household_county, household_township, residence_county, residence_township, household_number, status, status_date)::text) over w as same
            from import_resolved
            where id_number in (select id_number from import_resolved group by id_number having count(*) > 1)
            window w as (partition by id_number order by line);
        insert into import_errors (import_id, line, field, reason)
            select $1, line, 'idNumber', '文件中同一人已有第' || first_line || '行的不同记录，未导入' from import_ranked where rank > 1 and not same;
        delete from import_resolved r using import_ranked k where k.line = r.line and k.rank > 1;
        insert into import_errors (import_id, line, field, reason)
            select $1, line, 'name', '姓名与档案中的姓名不一致：请核对身份证号和姓名' from import_resolved where person_id is not null and file_name <> name;
        insert into import_errors (import_id, line, field, reason)
            select $1, line, 'status', '档案记载此人已于' || coalesce(to_char(file_status_date, 'YYYY-MM-DD'), '') || '死亡，本行状态为' ||
                   case status when 'Present' then '正常' else '迁出' end || '：请核实，未更改'
            from import_resolved where person_id is not null and file_name = name and file_status = 'Deceased' and status <> 'Deceased';
        insert into import_errors (import_id, line, field, reason)
            select $1, line, 'statusDate', '状态日期' || to_char(status_date, 'YYYY-MM-DD') || '早于档案中的状态日期' || to_char(file_status_date, 'YYYY-MM-DD') || '：本行较旧，未更改'
            from import_resolved
            where person_id is not null and file_name = name and not (file_status = 'Deceased' and status <> 'Deceased') and status_date < file_status_date;
        delete from import_resolved r using import_errors e where e.import_id = $1 and e.line = r.line;
        delete from import_resolved where (person_id is null and status <> 'Present') or (person_id is not null and status = 'MovedOut' and household_county <> file_county);
        insert into townships (code, name, county, reference, first_import_id)
            select code, null, left(code, 6), false, $1
            from (select household_township as code from import_resolved union select residence_township from import_resolved where residence_township is not null) seen
            where not exists (select 1 from townships t where t.code = seen.code);
        with created as (
            insert into persons (id_number, name, birth_date, sex, household_county, household_township, residence_county, residence_township, household_number,
                                 status, status_date, population_import_id, needs_review, created_at)
            select id_number, name, birth_date, sex, household_county, household_township, residence_county, residence_township, household_number,
                   status, status_date, $1, false, $2
            from import_resolved where person_id is null order by id_number
            returning id)
        insert into import_affected (import_id, person_id) select $1, id from created;
        create temporary table import_changed on commit drop as
            with changed as (
                update persons p set household_county = r.household_county, household_township = r.household_township, residence_county = r.residence_county,
                       residence_township = r.residence_township, household_number = r.household_number, status = r.status, status_date = r.status_date,
                       population_import_id = $1, needs_review = false
                from import_resolved r
                where r.person_id = p.id
                  and (p.household_county, p.household_township, p.residence_county, p.residence_township, p.household_number, p.status, p.status_date, p.needs_review)
                      is distinct from (r.household_county, r.household_township, r.residence_county, r.residence_township, r.household_number, r.status, r.status_date, false)
                returning p.id, r.file_county, r.household_county, r.file_lives_in, p.lives_in_county)
            select * from changed;
        insert into import_affected (import_id, person_id) select $1, id from import_changed where file_county <> household_county;
        insert into dashboard_pending (county, since)
            select distinct county, $2
            from (select distinct file_county, household_county, file_lives_in, lives_in_county from import_changed) moves
            cross join lateral unnest(array[file_county, household_county, file_lives_in, lives_in_county]) as c(county)
            on conflict (county) do nothing;
        create temporary table import_newborn_pairs on commit drop as
            select n.id as file_id, p.id as person_id, r.line, 'certificate' as rule, n.birth_date = r.birth_date and (n.name is null or n.name = r.name) as agrees
            from import_resolved r
            join newborn_files n on n.certificate_number = r.certificate_number and n.person_id is null
            join persons p on p.id_number = r.id_number
            where r.certificate_number is not null and not exists (select 1 from newborn_files f where f.person_id = p.id)
            union all
            select n.id, p.id, r.line, 'mother', true
            from newborn_files n
            join persons m on m.id_number = n.mother_id_number
            join import_resolved r on r.household_county = m.household_county and r.household_number = m.household_number and r.birth_date = n.birth_date
                                  and r.id_number <> m.id_number and r.certificate_number is null and (n.name is null or n.name = r.name)
            join persons p on p.id_number = r.id_number
            where n.person_id is null and not exists (select 1 from newborn_files f where f.person_id = p.id);
        create temporary table import_newborn_merges on commit drop as
            select x.* from import_newborn_pairs x
            where x.agrees
              and (select count(*) from import_newborn_pairs y where y.agrees and y.file_id = x.file_id) = 1
              and (select count(*) from import_newborn_pairs y where y.agrees and y.person_id = x.person_id) = 1;
        insert into review_queue_items (person_id, import_id, line, kind, details, created_at)
            select person_id, $1, min(line), 'NewbornUnmatched',
                   jsonb_build_object('files', count(*), 'rule', min(rule), 'disagrees', bool_or(not agrees)), $2
            from import_newborn_pairs x where not exists (select 1 from import_newborn_merges m where m.person_id = x.person_id)
            group by person_id;
        update newborn_files n set person_id = m.person_id, merged_at = $2, merged_by_import_id = $1 from import_newborn_merges m where n.id = m.file_id;
        insert into audit_entries (at, user_name, action, person_id, details)
            select $2, $3, 'newborn-merged', person_id, jsonb_build_object('import', $1, 'line', line, 'newbornFile', file_id, 'rule', rule) from import_newborn_merges;
        create temporary table import_counts on commit drop as
            select (select count(*) from import_resolved where person_id is null) as inserted, (select count(*) from import_changed) as updated,
                   (select count(*) from import_stage) - (select count(*) from import_resolved where person_id is null) - (select count(*) from import_changed)
                       - (select count(*) from import_errors where import_id = $1) as unchanged,
                   (select count(*) from import_resolved where person_id is null) as persons_created, 0::bigint as duplicates;
        """;
}
