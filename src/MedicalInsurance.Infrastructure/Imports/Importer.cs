using System.Diagnostics;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Parameters;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Results;
using Npgsql;
using NpgsqlTypes;

namespace MedicalInsurance.Infrastructure.Imports;

/// <summary>
/// Imports payment records, claims summaries, population extracts and births extracts. The file is read twice, both times streamed: once for its hash and
/// encoding, once to validate each row and COPY it (or its error) into a temporary staging table. Then set-based SQL
/// refuses what disagrees with the file (names, conflicting records), creates files for new persons, and merges — all in
/// one transaction with the import's record, so a killed importer or a restarted database leaves nothing behind and the
/// same command can simply run again. Afterwards the touched files are recomputed (resumable: the persons are recorded).
/// </summary>
public sealed class Importer(NpgsqlDataSource dataSource, PolicyCatalogProvider catalogs, TimeProvider time)
{
    private const int ProgressEvery = 20_000;

    public async Task<ImportOutcome> ImportAsync(ImportKind kind, string path, string fileName, Actor actor, IProgress<ImportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var watch = Stopwatch.StartNew();
        FileFacts facts;
        await using (var first = OpenRead(path))
        {
            facts = await TabularFile.InspectAsync(first, cancellationToken);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await ResumeUnfinishedAsync(connection, progress, cancellationToken);
        if (await FindAsync(connection, kind, facts.Hash, cancellationToken) is { } before)
        {
            await AuditAsync(connection, null, actor, "import", new { kind = kind.ToString(), file = fileName, hash = facts.Hash, repeatOf = before.Id });
            return new ImportOutcome.AlreadyImported(before);
        }

        var today = Domain.Time.ChinaCalendar.Today(time);
        var now = time.GetUtcNow();
        ImportRun run;
        List<(string Statement, TimeSpan Took)> statements;
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            run = new ImportRun { Kind = kind, FileName = fileName, FileHash = facts.Hash, Encoding = facts.EncodingName, StartedBy = actor.UserName, StartedAt = now, Status = RunStatus.Loading };
            try
            {
                run.Id = await InsertRunAsync(connection, run, cancellationToken);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                // The same file ran at the same time and got there first.
                await transaction.RollbackAsync(cancellationToken);
                return new ImportOutcome.AlreadyImported((await FindAsync(connection, kind, facts.Hash, cancellationToken))!);
            }

            await using (var stream = new CountingStream(OpenRead(path)))
            {
                try
                {
                    run.Rows = kind switch
                    {
                        ImportKind.Payments => await StageAsync(connection, Payments, stream, facts, today, watch, progress, cancellationToken),
                        ImportKind.Claims => await StageAsync(connection, Claims, stream, facts, today, watch, progress, cancellationToken),
                        ImportKind.Births => await StageAsync(connection, BirthMerge.Shape, stream, facts, today, watch, progress, cancellationToken),
                        _ => await StageAsync(connection, PopulationMerge.Shape, stream, facts, today, watch, progress, cancellationToken),
                    };
                }
                catch (NotATableException ex)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    await AuditAsync(connection, null, actor, "import", new { kind = kind.ToString(), file = fileName, hash = facts.Hash, refused = ex.Message });
                    return new ImportOutcome.NotATable(ex.Message);
                }
            }

            progress?.Report(new ImportProgress("merging", run.Rows, facts.Length, facts.Length, watch.Elapsed));
            var merge = kind switch { ImportKind.Payments => PaymentMergeSql, ImportKind.Claims => ClaimMergeSql, ImportKind.Births => BirthMerge.Sql, _ => PopulationMerge.Sql };
            statements = await ExecuteAsync(connection, merge, cancellationToken, run.Id, now, actor.UserName);
            await ReadCountsAsync(connection, run, cancellationToken);
            run.Status = RunStatus.Merged;
            await ExecuteAsync(connection, "update import_runs set status = $2, rows = $3, inserted = $4, updated = $5, unchanged = $6, errors = $7, persons_created = $8, flagged_townships = $9, duplicates = $10, newborns_merged = $11 where id = $1",
                cancellationToken, run.Id, RunStatuses.Name(run.Status), run.Rows, run.Inserted, run.Updated, run.Unchanged, run.Errors, run.PersonsCreated, run.FlaggedTownships, run.Duplicates,
                run.NewbornsMerged);
            await AuditAsync(connection, transaction, actor, "import", new
            {
                import = run.Id,
                kind = kind.ToString(),
                file = fileName,
                hash = facts.Hash,
                encoding = run.Encoding,
                rows = run.Rows,
                inserted = run.Inserted,
                updated = run.Updated,
                unchanged = run.Unchanged,
                errors = run.Errors,
                personsCreated = run.PersonsCreated,
                flaggedTownships = run.FlaggedTownships,
                duplicates = run.Duplicates,
                newbornsMerged = run.NewbornsMerged,
            });
            await transaction.CommitAsync(cancellationToken);
        }

        var merged = watch.Elapsed;
        await CompleteAsync(connection, run, progress, cancellationToken);
        return new ImportOutcome.Imported(run, merged, watch.Elapsed, statements);
    }

    /// <summary>Imports merged but whose files were not recomputed (the importer stopped): recompute them now.</summary>
    public async Task ResumeUnfinishedAsync(NpgsqlConnection connection, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var unfinished = new List<ImportRun>();
        await using (var command = new NpgsqlCommand($"select {RunColumns} from import_runs where status = $1 order by id", connection) { Parameters = { new() { Value = RunStatuses.Name(RunStatus.Merged) } } })
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                unfinished.Add(ReadRun(reader));
            }
        }

        foreach (var run in unfinished)
        {
            await CompleteAsync(connection, run, progress, cancellationToken);
        }
    }

    private async Task CompleteAsync(NpgsqlConnection connection, ImportRun run, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        var ids = new List<long>();
        await using (var command = new NpgsqlCommand("select person_id from import_affected where import_id = $1 order by person_id", connection) { Parameters = { new() { Value = run.Id } } })
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetInt64(0));
            }
        }

        var catalog = await catalogs.GetAsync(cancellationToken);
        var today = Domain.Time.ChinaCalendar.Today(time);
        var watch = Stopwatch.StartNew();
        await ResultRefresh.RefreshAsync(dataSource, ids, today, catalog, time.GetUtcNow(),
            done => progress?.Report(new ImportProgress("recomputing", done, done, ids.Count, watch.Elapsed)), cancellationToken);
        run.Status = RunStatus.Done;
        run.FinishedAt = time.GetUtcNow();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, "update import_runs set status = $3, finished_at = $2 where id = $1;\ndelete from import_affected where import_id = $1", cancellationToken, run.Id, run.FinishedAt, RunStatuses.Name(RunStatus.Done));
        await transaction.CommitAsync(cancellationToken);
    }

    private static FileStream OpenRead(string path) => new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan | FileOptions.Asynchronous);

    private const string RunColumns = "id, kind, file_name, file_hash, encoding, started_by, started_at, finished_at, status, rows, inserted, updated, unchanged, errors, persons_created, flagged_townships, duplicates, newborns_merged";

    private static ImportRun ReadRun(NpgsqlDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Kind = Enum.Parse<ImportKind>(r.GetString(1)),
        FileName = r.GetString(2),
        FileHash = r.GetString(3),
        Encoding = r.GetString(4),
        StartedBy = r.GetString(5),
        StartedAt = r.GetFieldValue<DateTimeOffset>(6),
        FinishedAt = r.IsDBNull(7) ? null : r.GetFieldValue<DateTimeOffset>(7),
        Status = RunStatuses.Parse(r.GetString(8)),
        Rows = r.GetInt64(9),
        Inserted = r.GetInt64(10),
        Updated = r.GetInt64(11),
        Unchanged = r.GetInt64(12),
        Errors = r.GetInt64(13),
        PersonsCreated = r.GetInt64(14),
        FlaggedTownships = r.GetInt64(15),
        Duplicates = r.GetInt64(16),
        NewbornsMerged = r.GetInt64(17),
    };

    private static async Task<ImportRun?> FindAsync(NpgsqlConnection connection, ImportKind kind, string hash, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"select {RunColumns} from import_runs where kind = $1 and file_hash = $2", connection)
        {
            Parameters = { new() { Value = kind.ToString() }, new() { Value = hash } },
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadRun(reader) : null;
    }

    private static async Task<long> InsertRunAsync(NpgsqlConnection connection, ImportRun run, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "insert into import_runs (kind, file_name, file_hash, encoding, started_by, started_at, status, rows, inserted, updated, unchanged, errors, persons_created) values ($1, $2, $3, $4, $5, $6, $7, 0, 0, 0, 0, 0, 0) returning id",
            connection)
        {
            Parameters =
            {
                new() { Value = run.Kind.ToString() }, new() { Value = run.FileName }, new() { Value = run.FileHash }, new() { Value = run.Encoding },
                new() { Value = run.StartedBy }, new() { Value = run.StartedAt }, new() { Value = RunStatuses.Name(run.Status) },
            },
        };
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task ReadCountsAsync(NpgsqlConnection connection, ImportRun run, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "select inserted, updated, unchanged, persons_created, (select count(*) from import_errors where import_id = $1), (select count(*) from townships where first_import_id = $1), duplicates, " +
            "(select count(*) from newborn_files where merged_by_import_id = $1) from import_counts", connection)
        {
            Parameters = { new() { Value = run.Id } },
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        (run.Inserted, run.Updated, run.Unchanged, run.PersonsCreated, run.Errors, run.FlaggedTownships, run.Duplicates, run.NewbornsMerged) =
            (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7));
    }

    /// <summary>How one kind of file is staged: its data columns (each named, typed and written once), and the row check.</summary>
    internal sealed record StageShape<TRow>(ImportKind Kind, Func<ImportRows, RawCell[], (TRow? Row, RowError? Error)> Parse, IReadOnlyList<(CopyColumn<TRow> Copy, string SqlType)> Columns)
        where TRow : class;

    /// <summary>A line of the file as staged: a good row's values, or its error.</summary>
    private sealed record Staged<TRow>(long Line, TRow? Row, RowError? Error)
        where TRow : class;

    private static readonly StageShape<PaymentRow> Payments = new(ImportKind.Payments, (parser, cells) => parser.Payment(cells),
    [
        (BinaryCopy.Column<PaymentRow, string>("id_number", NpgsqlDbType.Char, r => r.IdNumber), "char(18)"),
        (BinaryCopy.Column<PaymentRow, string>("name", NpgsqlDbType.Varchar, r => r.Name), "varchar(50)"),
        (BinaryCopy.Column<PaymentRow, DateOnly>("birth_date", NpgsqlDbType.Date, r => r.BirthDate), "date"),
        (BinaryCopy.Column<PaymentRow, string>("sex", NpgsqlDbType.Varchar, r => r.Sex.ToString()), "varchar(8)"),
        (BinaryCopy.Column<PaymentRow, int>("year", NpgsqlDbType.Integer, r => r.Year), "int"),
        (BinaryCopy.Column<PaymentRow, string>("scheme", NpgsqlDbType.Varchar, r => r.Scheme.ToString()), "varchar(16)"),
        (BinaryCopy.Column<PaymentRow, DateOnly>("paid_on", NpgsqlDbType.Date, r => r.PaidOn), "date"),
        (BinaryCopy.Nullable<PaymentRow, decimal>("amount", NpgsqlDbType.Numeric, r => r.Amount), "numeric(12, 2)"),
        (BinaryCopy.Column<PaymentRow, string>("\"group\"", NpgsqlDbType.Varchar, r => r.Group.ToString()), "varchar(16)"),
        (BinaryCopy.Column<PaymentRow, string>("county", NpgsqlDbType.Char, r => r.County), "char(6)"),
        // What the regions say of the county, from the one directory the pages and the engine's callers use too.
        (BinaryCopy.NullableText<PaymentRow>("pooling_region", NpgsqlDbType.Char, r => RegionDirectory.Shipped.CityOf(r.County)), "char(6)"),
        (BinaryCopy.Column<PaymentRow, bool>("served", NpgsqlDbType.Boolean, r => RegionDirectory.Shipped.IsServed(r.County)), "boolean"),
    ]);

    private static readonly StageShape<ClaimRow> Claims = new(ImportKind.Claims, (parser, cells) => parser.Claim(cells),
    [
        (BinaryCopy.Column<ClaimRow, string>("id_number", NpgsqlDbType.Char, r => r.IdNumber), "char(18)"),
        (BinaryCopy.Column<ClaimRow, int>("year", NpgsqlDbType.Integer, r => r.Year), "int"),
        (BinaryCopy.Column<ClaimRow, decimal>("fund_reimbursed", NpgsqlDbType.Numeric, r => r.FundReimbursed), "numeric(14, 2)"),
        (BinaryCopy.Column<ClaimRow, decimal>("catastrophic_paid", NpgsqlDbType.Numeric, r => r.CatastrophicPaid), "numeric(14, 2)"),
    ]);

    /// <summary>Every row of the file into the temporary staging table by binary COPY: a good row's values, or its error.</summary>
    private static async Task<long> StageAsync<TRow>(NpgsqlConnection connection, StageShape<TRow> shape, CountingStream stream, FileFacts facts, DateOnly today, Stopwatch watch,
        IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
        where TRow : class
    {
        var data = string.Join(", ", shape.Columns.Select(c => $"{c.Copy.Name} {c.SqlType}"));
        await ExecuteAsync(connection, $"create temporary table import_stage (line bigint not null, {data}, field varchar(32), reason text) on commit drop", cancellationToken);
        var rows = TabularFile.Read(stream, facts, out var header);
        var parser = ImportRows.For(shape.Kind, header, today, RegionDirectory.Shipped);
        List<CopyColumn<Staged<TRow>>> columns = [BinaryCopy.Column<Staged<TRow>, long>("line", NpgsqlDbType.Bigint, s => s.Line)];
        // A refused line stages nulls for the data and its error; a good line its data and no error.
        columns.AddRange(shape.Columns.Select(c => new CopyColumn<Staged<TRow>>(c.Copy.Name,
            (writer, staged, ct) => staged.Row is { } row ? c.Copy.Write(writer, row, ct) : writer.WriteNullAsync(ct))));
        columns.Add(BinaryCopy.NullableText<Staged<TRow>>("field", NpgsqlDbType.Varchar, s => s.Error?.Field));
        columns.Add(BinaryCopy.NullableText<Staged<TRow>>("reason", NpgsqlDbType.Text, s => s.Error?.Reason));
        long count = 0;
        IEnumerable<Staged<TRow>> Parsed()
        {
            foreach (var (line, cells) in rows)
            {
                var (row, error) = shape.Parse(parser, cells);
                yield return new Staged<TRow>(line, row, error);
                if (++count % ProgressEvery == 0)
                {
                    progress?.Report(new ImportProgress("loading", count, stream.Position, facts.Length, watch.Elapsed));
                }
            }
        }

        await BinaryCopy.WriteAsync(connection, "import_stage", columns, Parsed(), cancellationToken);
        return count;
    }

    // $1 import id, $2 now, $3 user. Every statement is set-based over the staged rows; import_counts holds the counts.
    // A row may come from any county of the country (外地参保 counts like local cover, RULES §1): the record keeps its
    // county, its pooling region is the county's city (staged from RegionDirectory), and it is AnotherProvince when that is not the person's household
    // province. New files are made only from rows of provinces with an entered policy; an unknown person with none is refused.
    // A new file is flagged for review (needs_review, created_at the run's start); a row whose name or record disagrees with
    // the file puts the file on the review queue with an item (review_queue_items) saying what the row said.
    // The temporary tables are analyzed as they are made: without statistics the planner takes them for small. Index
    // probes are priced as on an SSD with the indexes cached: a 100,000-row file then probes `coverages` instead of
    // hashing all of it (6.9 → 0.5 s at 7 M coverage records).
    // A row that makes a person insured twice in a year (重复参保: a resident and an employee record — the list's rule,
    // Population/Duplicates — or resident cover paid in another county than the stored record's) is merged as any other
    // and counted in import_duplicates, not refused: the texts treat it as data to clean up afterwards (Heilongjiang
    // 实施意见 (六) "持续做好重复参保治理", (七) "为扩大参保覆盖面和治理重复参保提供数据支撑"), and refusing the row would
    // drop a payment that was made. A second resident record for one year cannot be stored (one record per person, year and
    // scheme); such a row stays what it was before — unchanged, or refused onto the review queue when its payment differs.
    // Few passes over the staged rows (issue 16: the import against a binary COPY of its resulting rows): the new files are
    // made first, straight from the staged rows, so that one join with persons then gives every row its file; refused rows
    // are deleted from that table rather than the rest copied again; one look at the rows by person and year (import_multi)
    // serves both the check of repeated rows and double insurance within the file; and one join with the stored records by
    // person and year serves both the check of stored records and double insurance with them, before the insert — not a
    // second join of every inserted row with coverages after it.
    private const string PaymentMergeSql = """
        set local work_mem = '256MB';
        set local random_page_cost = 1.1;
        analyze import_stage;
        insert into import_errors (import_id, line, field, reason) select $1, line, field, reason from import_stage where reason is not null;
        create temporary table import_new_persons (id bigint) on commit drop;
        with created as (
            insert into persons (id_number, name, birth_date, sex, household_county, needs_review, created_at)
            select distinct on (s.id_number) s.id_number, s.name, s.birth_date, s.sex, s.county, true, $2
            from import_stage s
            where s.reason is null and s.served and not exists (select 1 from persons p where p.id_number = s.id_number)
            order by s.id_number, s.line
            returning id)
        insert into import_new_persons select id from created;
        create temporary table import_kept on commit drop as
            select s.line, p.id as person_id, p.name as file_name, s.name, s.year, s.scheme, s.paid_on, s.amount, s."group", s.county, s.pooling_region, p.household_county
            from import_stage s left join persons p on p.id_number = s.id_number
            where s.reason is null;
        insert into import_errors (import_id, line, field, reason)
            select $1, line, case when person_id is null then 'region' else 'name' end,
                   case when person_id is null then '档案中没有此人，且缴费地区' || county || '不在本系统所辖省份：不为外地人员新建档案'
                        else '姓名与档案中的姓名不一致：请核对身份证号和姓名' end
            from import_kept where person_id is null or file_name <> name;
        insert into review_queue_items (person_id, import_id, line, kind, details, created_at)
            select person_id, $1, line, 'NameDiffers', jsonb_build_object('name', name), $2 from import_kept where person_id is not null and file_name <> name;
        delete from import_kept where person_id is null or file_name <> name;
        analyze import_kept;
        create temporary table import_multi on commit drop as
            select person_id, year from import_kept group by person_id, year having count(*) > 1;
        create temporary table import_ranked on commit drop as
            select k.line, row_number() over w as rank, first_value(k.line) over w as first_line,
                   (k.paid_on, coalesce(k.amount, -1), k."group") is distinct from (first_value(k.paid_on) over w, coalesce(first_value(k.amount) over w, -1), first_value(k."group") over w) as differs
            from import_kept k join import_multi m on m.person_id = k.person_id and m.year = k.year
            window w as (partition by k.person_id, k.year, k.scheme order by k.line);
        insert into import_errors (import_id, line, field, reason)
            select $1, line, 'paidOn', '文件中同一人同一年度同一险种已有第' || first_line || '行的不同记录，未导入'
            from import_ranked where rank > 1 and differs;
        delete from import_kept k using import_ranked r where r.line = k.line and r.rank > 1;
        create temporary table import_stored on commit drop as
            select k.line, k.person_id, k.year, k.scheme, k.paid_on as new_paid_on, k.amount as new_amount, k."group" as new_group, k.county as new_county,
                   c.scheme as stored_scheme, c.paid_on, c.amount, c."group", c.county, c.previous_coverage_ended_on
            from import_kept k join coverages c on c.person_id = k.person_id and c.year = k.year;
        create temporary table import_existing on commit drop as
            select line, person_id, year, scheme, new_paid_on, new_amount, new_group, new_county, paid_on, amount, "group", county
            from import_stored where stored_scheme = scheme;
        insert into import_errors (import_id, line, field, reason)
            select $1, line, 'paidOn', '与档案中已有的' || year || '年度' || case scheme when 'Resident' then '居民医保' when 'Employee' then '职工医保' else '其他' end ||
                   '记录不同（已有缴费日期' || coalesce(to_char(paid_on, 'YYYY-MM-DD'), '空') || '），未覆盖'
            from import_existing
            where (paid_on, coalesce(amount, new_amount, -1), "group") is distinct from (new_paid_on, coalesce(new_amount, -1), new_group);
        insert into review_queue_items (person_id, import_id, line, kind, details, created_at)
            select x.person_id, $1, x.line, 'RecordDiffers',
                   jsonb_build_object('year', x.year, 'scheme', x.scheme, 'paidOn', x.new_paid_on, 'amount', x.new_amount, 'group', x.new_group,
                                      'storedPaidOn', x.paid_on, 'storedAmount', x.amount, 'storedGroup', x."group"), $2
            from import_existing x join import_errors e on e.import_id = $1 and e.line = x.line and e.field = 'paidOn';
        delete from import_kept k using import_existing e where e.line = k.line;
        insert into coverages (person_id, year, scheme, paid_on, amount, "group", pooling_region, county, origin, created_at)
            select k.person_id, k.year, k.scheme, k.paid_on, k.amount, k."group", k.pooling_region, k.county,
                   case when left(k.county, 2) = left(k.household_county, 2) then 'Import' else 'AnotherProvince' end, $2
            from import_kept k
            order by k.person_id, k.year, k.scheme;
        insert into import_affected (import_id, person_id) select $1, person_id from import_kept group by person_id;
        create temporary table import_duplicates on commit drop as
            select s.person_id from import_stored s
            where s.scheme <> s.stored_scheme and s.scheme in ('Resident', 'Employee') and s.stored_scheme in ('Resident', 'Employee')
              and not (s.stored_scheme = 'Resident' and coalesce(s.previous_coverage_ended_on >= make_date(s.year, 1, 1), false))
              and not exists (select 1 from import_existing e where e.line = s.line)
            union
            select k.person_id from import_kept k join import_multi m on m.person_id = k.person_id and m.year = k.year
            where k.scheme in ('Resident', 'Employee')
            group by k.person_id, k.year having count(distinct k.scheme) > 1
            union
            select person_id from import_existing where scheme = 'Resident' and new_county <> county;
        create temporary table import_counts on commit drop as
            select (select count(*) from import_kept) as inserted, 0::bigint as updated,
                   (select count(*) from import_stage) - (select count(*) from import_kept) - (select count(*) from import_errors where import_id = $1) as unchanged,
                   (select count(*) from import_new_persons) as persons_created,
                   (select count(*) from import_duplicates) as duplicates;
        """;

    private const string ClaimMergeSql = """
        set local work_mem = '256MB';
        set local random_page_cost = 1.1;
        analyze import_stage;
        insert into import_errors (import_id, line, field, reason) select $1, line, field, reason from import_stage where reason is not null;
        create temporary table import_resolved on commit drop as
            select s.*, p.id as person_id from import_stage s left join persons p on p.id_number = s.id_number where s.reason is null;
        analyze import_resolved;
        insert into import_errors (import_id, line, field, reason)
            select $1, line, 'idNumber', '档案中没有此人：结算汇总不新建档案' from import_resolved where person_id is null;
        create temporary table import_ranked on commit drop as
            select r.*, row_number() over (partition by person_id, year order by line) as rank,
                   first_value(line) over (partition by person_id, year order by line) as first_line,
                   first_value((fund_reimbursed, catastrophic_paid)::text) over (partition by person_id, year order by line) as first_values
            from import_resolved r where person_id is not null;
        insert into import_errors (import_id, line, field, reason)
            select $1, line, 'fundReimbursed', '文件中同一人同一年度已有第' || first_line || '行的不同数据，未导入'
            from import_ranked where rank > 1 and (fund_reimbursed, catastrophic_paid)::text <> first_values;
        create temporary table import_changes on commit drop as
            select k.person_id, k.year, k.fund_reimbursed, k.catastrophic_paid, c.fund_reimbursed as old_fund, c.catastrophic_paid as old_catastrophic, c.person_id is not null as existed
            from import_ranked k left join claim_summaries c on c.person_id = k.person_id and c.year = k.year
            where k.rank = 1 and (c.person_id is null or (c.fund_reimbursed, c.catastrophic_paid) <> (k.fund_reimbursed, k.catastrophic_paid));
        insert into claim_summaries (person_id, year, fund_reimbursed, catastrophic_paid, updated_at)
            select person_id, year, fund_reimbursed, catastrophic_paid, $2 from import_changes order by person_id, year
            on conflict (person_id, year) do update set fund_reimbursed = excluded.fund_reimbursed, catastrophic_paid = excluded.catastrophic_paid, updated_at = excluded.updated_at;
        insert into audit_entries (at, user_name, action, person_id, details)
            select $2, $3, 'claims-revised', person_id,
                   jsonb_build_object('import', $1, 'year', year, 'before', jsonb_build_object('fundReimbursed', old_fund, 'catastrophicPaid', old_catastrophic),
                                      'after', jsonb_build_object('fundReimbursed', fund_reimbursed, 'catastrophicPaid', catastrophic_paid))
            from import_changes where existed;
        insert into import_affected (import_id, person_id) select distinct $1, person_id from import_changes;
        create temporary table import_counts on commit drop as
            select (select count(*) from import_changes where not existed) as inserted, (select count(*) from import_changes where existed) as updated,
                   (select count(*) from import_stage) - (select count(*) from import_changes) - (select count(*) from import_errors where import_id = $1) as unchanged,
                   0::bigint as persons_created, 0::bigint as duplicates;
        """;

    /// <summary>Runs each statement of <paramref name="sql"/>; returns how long each took.</summary>
    private static async Task<List<(string Statement, TimeSpan Took)>> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object?[] values)
    {
        var timings = new List<(string, TimeSpan)>();
        foreach (var statement in sql.Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // No command timeout: a merge of millions of rows may take longer than the default 30 s, and is cancelled by the token.
            await using var command = new NpgsqlCommand(statement.TrimEnd(';'), connection) { CommandTimeout = 0 };
            for (var i = 0; i < values.Length; i++)
            {
                if (statement.Contains($"${i + 1}", StringComparison.Ordinal))
                {
                    // Positional: every parameter up to the highest one the statement uses.
                    while (command.Parameters.Count < i)
                    {
                        command.Parameters.Add(new NpgsqlParameter { Value = values[command.Parameters.Count] ?? DBNull.Value });
                    }

                    command.Parameters.Add(new NpgsqlParameter { Value = values[i] ?? DBNull.Value });
                }
            }

            var watch = Stopwatch.StartNew();
            await command.ExecuteNonQueryAsync(cancellationToken);
            timings.Add((statement.Length > 60 ? statement[..60] : statement, watch.Elapsed));
        }

        return timings;
    }

    private static async Task AuditAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Actor actor, string action, object details)
    {
        await using var batch = new NpgsqlBatch(connection, transaction) { BatchCommands = { AuditLog.Command(actor, action, details) } };
        await batch.ExecuteNonQueryAsync();
    }
}

/// <summary>A read-only stream that counts the bytes read through it, for progress by bytes.</summary>
internal sealed class CountingStream(Stream inner) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        _position += read;
        return read;
    }

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        _position += read;
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
