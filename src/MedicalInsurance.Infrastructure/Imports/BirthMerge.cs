using MedicalInsurance.Infrastructure.Persistence;
using NpgsqlTypes;

namespace MedicalInsurance.Infrastructure.Imports;

/// <summary>
/// The births extract's staging columns and its set-based merge into <c>newborn_files</c>, run by <see cref="Importer"/>
/// like the other merges: in the import's one transaction, every statement over all staged rows.
/// </summary>
/// <remarks>
/// What a row does, keyed by its birth certificate number (出生医学证明编号):
/// <list type="bullet">
/// <item>no file with the certificate: a newborn file is made (no ID number yet: docs/decisions/0009);</item>
/// <item>an open file (not yet merged) that the row differs from: its facts are set from the row, audited with before and
/// after (a later extract names the child, corrects a date);</item>
/// <item>a file already merged into a person's file: nothing when the row agrees; refused when it differs (the person's
/// file is the record now);</item>
/// <item>the same certificate twice in the file: the first row counts, an identical repeat is unchanged, a different one
/// is refused.</item>
/// </list>
/// The files are merged into persons by the population merge (<see cref="PopulationMerge"/>), when the ID number arrives.
/// </remarks>
internal static class BirthMerge
{
    public static readonly Importer.StageShape<BirthRow> Shape = new(ImportKind.Births, (parser, cells) => parser.Birth(cells),
    [
        (BinaryCopy.Column<BirthRow, string>("certificate_number", NpgsqlDbType.Varchar, r => r.CertificateNumber), "varchar(10)"),
        (BinaryCopy.NullableText<BirthRow>("name", NpgsqlDbType.Varchar, r => r.Name), "varchar(50)"),
        (BinaryCopy.Column<BirthRow, DateOnly>("birth_date", NpgsqlDbType.Date, r => r.BirthDate), "date"),
        (BinaryCopy.Column<BirthRow, string>("mother_id_number", NpgsqlDbType.Char, r => r.MotherIdNumber), "char(18)"),
        (BinaryCopy.Column<BirthRow, string>("county", NpgsqlDbType.Char, r => r.County), "char(6)"),
        (BinaryCopy.NullableText<BirthRow>("township", NpgsqlDbType.Char, r => r.Township), "char(9)"),
    ]);

    // $1 import id, $2 now, $3 user. Statements are split on ";\n".
    public const string Sql = """
        analyze import_stage;
        insert into import_errors (import_id, line, field, reason) select $1, line, field, reason from import_stage where reason is not null;
        create temporary table import_resolved on commit drop as
            select s.*, n.id as file_id, n.person_id as file_person,
                   jsonb_build_object('name', n.name, 'birthDate', n.birth_date, 'motherIdNumber', '**************' || right(n.mother_id_number, 4), 'county', n.county, 'township', n.township) as file_facts,
                   row(n.name, n.birth_date, n.mother_id_number, n.county, n.township)::text = row(s.name, s.birth_date, s.mother_id_number, s.county, s.township)::text as same_as_file
            from import_stage s left join newborn_files n on n.certificate_number = s.certificate_number where s.reason is null;
        analyze import_resolved;
        create temporary table import_ranked on commit drop as
            select line, row_number() over w as rank, first_value(line) over w as first_line,
                   row(name, birth_date, mother_id_number, county, township)::text = first_value(row(name, birth_date, mother_id_number, county, township)::text) over w as same
            from import_resolved
            where certificate_number in (select certificate_number from import_resolved group by certificate_number having count(*) > 1)
            window w as (partition by certificate_number order by line);
        insert into import_errors (import_id, line, field, reason)
            select $1, line, 'certificate', '文件中同一出生医学证明编号已有第' || first_line || '行的不同记录，未导入' from import_ranked where rank > 1 and not same;
        delete from import_resolved r using import_ranked k where k.line = r.line and k.rank > 1;
        insert into import_errors (import_id, line, field, reason)
            select $1, line, 'certificate', '该出生医学证明的新生儿档案已并入身份证号档案，本行与之不同，未更改' from import_resolved where file_person is not null and not same_as_file;
        delete from import_resolved r using import_errors e where e.import_id = $1 and e.line = r.line;
        insert into newborn_files (certificate_number, name, birth_date, mother_id_number, county, township, import_id, created_at)
            select certificate_number, name, birth_date, mother_id_number, county, township, $1, $2 from import_resolved where file_id is null order by certificate_number;
        create temporary table import_changed on commit drop as
            with changed as (
                update newborn_files n set name = r.name, birth_date = r.birth_date, mother_id_number = r.mother_id_number, county = r.county, township = r.township, import_id = $1
                from import_resolved r
                where r.file_id = n.id and n.person_id is null and not r.same_as_file
                returning n.id, r.line, r.file_facts,
                          jsonb_build_object('name', n.name, 'birthDate', n.birth_date, 'motherIdNumber', '**************' || right(n.mother_id_number, 4), 'county', n.county, 'township', n.township) as facts)
            select * from changed;
        insert into audit_entries (at, user_name, action, details)
            select $2, $3, 'newborn-revised', jsonb_build_object('import', $1, 'line', line, 'newbornFile', id, 'before', file_facts, 'after', facts) from import_changed;
        create temporary table import_counts on commit drop as
            select (select count(*) from import_resolved where file_id is null) as inserted, (select count(*) from import_changed) as updated,
                   (select count(*) from import_stage) - (select count(*) from import_resolved where file_id is null) - (select count(*) from import_changed)
                       - (select count(*) from import_errors where import_id = $1) as unchanged,
                   0::bigint as persons_created, 0::bigint as duplicates;
        """;
}
