using System.Text.Json;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Demo;
using MedicalInsurance.Infrastructure.Parameters;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Results;
using MedicalInsurance.Testing;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.IntegrationTests;

/// <summary>
/// The impact preview of a parameter edit says what the recomputation after saving it then does to the stored results:
/// the same files, pooling regions, years, counts and yuan. Each case has its own database with a small demo population
/// (five counties of the three provinces) whose results are fresh before the preview.
/// </summary>
public sealed class ParameterImpactTests
{
    private static readonly Actor Admin = new("admin1", "10.0.0.5");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, string?, string, int?, string> Edits() => new()
    {
        // A pooling region's cap from 2026: every insured resident of 石家庄市's counties, caps up by 50,000 and more.
        { "石家庄市 original cap", "hebei", "130100", "originalCap", 2026, "350000" },
        // A province's fixed waiting period from 2026: late payers' waiting periods, no caps.
        { "Hebei fixed waiting period", "hebei", null, "fixedWaitingMonths", 2026, "4" },
        // Guizhou's step as a percentage of the cap: caps of residents with steps.
        { "Guizhou step", "guizhou", null, "stepAmount", 2025, "{\"percentOfCap\": 3}" },
        // The contribution standard changes no cap and no waiting period (only what a repair costs).
        { "shared contribution standard", ParameterRow.Shared, null, "contributionStandard", 2027, "420" },
    };

    [Theory]
    [MemberData(nameof(Edits))]
    public Task Preview_OfAnEdit_EqualsTheRecomputationThatFollowsTheSave(string label, string province, string? region, string name, int? from, string value) =>
        AssertPreviewEqualsRecomputationAsync(label, _ => Task.FromResult(new ParameterEdit(null, province, region, name, from, null, value, "confirmed", "测试文件 一")));

    [Fact]
    public Task Preview_OfARowMovedToALaterYear_CoversTheYearItLeaves() =>
        // Hebei's 2026 collection period (to 28 Feb 2026) moved to 2027: 2026 falls back to the standing rule (to 28 Dec
        // 2025), so payments of January and February 2026 become late — a year before the edited row's new first year.
        AssertPreviewEqualsRecomputationAsync("Hebei 2026 period moved", async files =>
        {
            var row = await files.QueryAsync(db => db.PolicyParameters.SingleAsync(p => p.Province == "hebei" && p.Name == "collectionPeriod" && p.FromYear == 2026, Ct));
            return new ParameterEdit(row.Id, "hebei", null, "collectionPeriod", 2027, 2027, row.Value, row.Status, row.Citation);
        });

    private static async Task AssertPreviewEqualsRecomputationAsync(string label, Func<Files, Task<ParameterEdit>> makeEdit)
    {
        await using var database = new MigratedDatabase();
        await database.InitializeAsync();
        var files = new Files(database.ContextFactory);
        var catalogs = files.Catalogs;
        await DemoSeeder.SeedAsync(database.DataSource, 1500, seed: 11, files.Clock, await catalogs.GetAsync(Ct), _ => { }, Ct);
        await PoolElsewhereAsync(database, files);
        var freshness = new ResultsFreshness(database.DataSource, catalogs, files.Clock);
        await freshness.EnsureAsync(Admin, wait: true, cancellationToken: Ct);
        var administration = new ParameterAdministration(database.ContextFactory, catalogs, files.Clock);
        var edit = await makeEdit(files);
        var (province, region, name) = (edit.Province, edit.PoolingRegion, edit.Name);

        var stored = await ResultsAsync(files);
        var audits = await files.QueryAsync(db => db.AuditEntries.CountAsync(Ct));
        var preview = Assert.IsType<ParameterPreview.Shown>(await administration.PreviewAsync(edit, Ct)).Impact;
        var untouched = await ResultsAsync(files);
        var auditsAfterPreview = await files.QueryAsync(db => db.AuditEntries.CountAsync(Ct));
        var saved = await administration.SaveAsync(edit, "测试：" + label, preview, Admin, Ct);
        var recomputed = await freshness.EnsureAsync(Admin, wait: true, cancellationToken: Ct);
        var after = await ResultsAsync(files);

        Assert.Equal(stored, untouched);
        Assert.Equal(audits, auditsAfterPreview);
        Assert.Null(saved);
        Assert.Equal(FreshnessState.Recomputed, recomputed.State);
        var changes = Diff(stored, after);
        Assert.Equal(
            changes.GroupBy(c => (c.Region, c.Year)).Select(g => new ImpactRow(g.Key.Region, g.Key.Year, g.Count(c => c.Cap), g.Sum(c => c.CapChange), g.Count(c => c.Waiting)))
                .OrderBy(r => r.PoolingRegion, StringComparer.Ordinal).ThenBy(r => r.Year).ToList(),
            preview.Regions);
        Assert.Equal(changes.Where(c => c.Cap).Select(c => c.Person).Distinct().LongCount(), preview.CapChanged);
        Assert.Equal(changes.Where(c => c.Waiting).Select(c => c.Person).Distinct().LongCount(), preview.WaitingChanged);
        Assert.Equal(changes.Sum(c => c.CapChange), preview.CapChange);
        Assert.Equal(await ReachableAsync(files, province, region, edit.FromYear), preview.Files);
        Assert.Equal(Math.Min(ParameterImpact.ExampleCount, changes.Select(c => c.Person).Distinct().Count()), preview.Examples.Count);
        Assert.All(preview.Examples, e =>
        {
            Assert.Contains(changes, c => c.Person == e.PersonId && c.Year == e.Year);
            Assert.StartsWith("**************", e.MaskedIdNumber, StringComparison.Ordinal);
            Assert.Contains("*", e.MaskedName, StringComparison.Ordinal);
        });
        if (name != "contributionStandard")
        {
            Assert.True(preview.CapChanged + preview.WaitingChanged > 0, $"{label}: the edit changed nothing to compare");
        }

        var entry = await files.QueryAsync(db => db.AuditEntries.Where(a => a.Action == "parameter").SingleAsync(Ct));
        using var details = JsonDocument.Parse(entry.Details!);
        Assert.Equal(("admin1", "10.0.0.5"), (entry.UserName, entry.ClientAddress));
        Assert.Equal("测试：" + label, details.RootElement.GetProperty("reason").GetString());
        Assert.Equal(preview.CapChanged, details.RootElement.GetProperty("impact").GetProperty("capChanged").GetInt64());
        Assert.Equal(preview.CapChange, details.RootElement.GetProperty("impact").GetProperty("capChange").GetDecimal());
        Assert.Equal(preview.Regions.Count, details.RootElement.GetProperty("impact").GetProperty("regions").GetArrayLength());
    }

    [Fact]
    public async Task FilesLoadedForTheEngine_ComputeWhatWholeFilesCompute()
    {
        await using var database = new MigratedDatabase();
        await database.InitializeAsync();
        var files = new Files(database.ContextFactory);
        var catalog = await files.Catalogs.GetAsync(Ct);
        await DemoSeeder.SeedAsync(database.DataSource, 1500, seed: 11, files.Clock, catalog, _ => { }, Ct);
        await using var connection = await database.DataSource.OpenConnectionAsync(Ct);
        var ids = await files.QueryAsync(db => db.Persons.Select(p => p.Id).ToArrayAsync(Ct));
        var today = Domain.Time.ChinaCalendar.Today(files.Clock);
        var now = files.Clock.GetUtcNow();

        var whole = await Persons.PersonFiles.LoadManyAsync(connection, ids, Ct);
        var slim = await Persons.PersonFiles.LoadManyForEngineAsync(connection, ids, Ct);

        Assert.Equal(whole.Select(f => f.Person.Id), slim.Select(f => f.Person.Id));
        Assert.Contains(whole, f => f.Coverages.Any(c => c.Scheme != Domain.Enrollment.Scheme.Resident));
        Assert.Contains(whole, f => f.Claims.Count > 0);
        for (var i = 0; i < whole.Count; i++)
        {
            Assert.Equal(Json(ComputedResults.Compute(whole[i], today, catalog, RegionDirectory.Shipped, now)),
                Json(ComputedResults.Compute(slim[i], today, catalog, RegionDirectory.Shipped, now)));
        }

        static string Json(List<ComputedResult> rows) => JsonSerializer.Serialize(rows);
    }

    [Fact]
    public async Task Preview_OfWhatTheCatalogCannotLoad_IsRefusedLikeTheSave_AndNothingIsWritten()
    {
        await using var database = new MigratedDatabase();
        await database.InitializeAsync();
        var files = new Files(database.ContextFactory);
        var administration = new ParameterAdministration(database.ContextFactory, files.Catalogs, files.Clock);
        // Hebei sets its incentives province-wide: a pooling region may not vary them (冀医保发〔2024〕7号 一).
        var edit = new ParameterEdit(null, "hebei", "130100", "stepAmount", 2026, null, "{\"amount\": 3000}", "confirmed", "石家庄市文件");
        var rows = await files.QueryAsync(db => db.PolicyParameters.CountAsync(Ct));

        var preview = Assert.IsType<ParameterPreview.Refused>(await administration.PreviewAsync(edit, Ct));
        var saved = await administration.SaveAsync(edit, "试一试", null, Admin, Ct);
        var noReason = await administration.SaveAsync(edit with { PoolingRegion = null }, " ", null, Admin, Ct);

        Assert.Contains("province-wide", preview.Message, StringComparison.Ordinal);
        Assert.Equal(preview.Message, saved);
        Assert.Equal("须说明修改原因", noReason);
        Assert.Equal(rows, await files.QueryAsync(db => db.PolicyParameters.CountAsync(Ct)));
        Assert.False(await files.QueryAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "parameter", Ct)));
    }

    [Fact]
    public void Fields_OfEachKind_WriteTheCatalogsJson_AndReadItBack()
    {
        foreach (var row in PolicyDocument.ShippedRows().Where(r => ParameterDefinition.Find(r.Name)?.Kind is not (null or ParameterKind.Switches)))
        {
            var definition = ParameterDefinition.Find(row.Name)!;
            var (json, error) = ParameterFields.Read(definition, row.Value).Write();

            Assert.Null(error);
            Assert.True(JsonNode(json!) == JsonNode(row.Value), $"{row.Province}/{row.Name}: {row.Value} came back as {json}");
        }

        var money = ParameterFields.Empty(ParameterDefinition.Find("originalCap")!);
        money.Number = 300000.125m;
        var period = ParameterFields.Empty(ParameterDefinition.Find("collectionPeriod")!);
        (period.From, period.To) = (new DateOnly(2026, 12, 31), new DateOnly(2026, 9, 1));
        Assert.Equal("金额须为大于0的元数，最多两位小数。", money.Write().Error);
        Assert.Equal("截止日期不能早于起始日期。", period.Write().Error);
    }

    /// <summary>
    /// Residents of 唐山市 (130202) whose records from 2026 on were made in 石家庄市 (130100), as for someone insured where
    /// they work: an edit of 石家庄市 reaches them through those records alone. Two more have only an employee record
    /// there, which reaches the file but can change nothing. Their stored results are recomputed before the preview.
    /// </summary>
    private static async Task PoolElsewhereAsync(MigratedDatabase database, Files files)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(Ct);
        await using var command = new Npgsql.NpgsqlCommand("""
            with movers as (select id from persons p where household_county = '130202'
                              and exists (select 1 from coverages c where c.person_id = p.id and c.year >= 2026 and c.scheme = 'Resident')
                            order by id limit 6)
            update coverages set pooling_region = '130100' where person_id in (select id from movers) and year >= 2026 returning person_id
            """, connection);
        var moved = new HashSet<long>();
        await using (var reader = await command.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                moved.Add(reader.GetInt64(0));
            }
        }

        await using var employees = new Npgsql.NpgsqlCommand("""
            insert into coverages (person_id, year, scheme, paid_on, "group", pooling_region, county, origin)
            select id, 2026, 'Employee', date '2026-01-15', 'Ordinary', '130100', '130102', 'Import'
            from persons p where household_county = '130202' and not exists (select 1 from coverages c where c.person_id = p.id and c.year >= 2026)
            order by id limit 2 returning person_id
            """, connection);
        await using (var reader = await employees.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                moved.Add(reader.GetInt64(0));
            }
        }

        Assert.Equal(8, moved.Count);
        var catalog = await files.Catalogs.GetAsync(Ct);
        await ResultRefresh.RefreshAsync(database.DataSource, moved, Domain.Time.ChinaCalendar.Today(files.Clock), catalog, files.Clock.GetUtcNow(), cancellationToken: Ct);
    }

    private static string JsonNode(string json) =>
        System.Text.Json.Nodes.JsonNode.Parse(json)!.ToJsonString(new JsonSerializerOptions { WriteIndented = false });

    /// <summary>What a stored result says about a cap and a waiting period, by person and year.</summary>
    private sealed record Stored(string County, decimal? Cap, string? Reason, int Months, DateOnly? BenefitsFrom);

    private static Task<Dictionary<(long Person, int Year), Stored>> ResultsAsync(Files files) =>
        files.QueryAsync(async db => (await db.ComputedResults.AsNoTracking()
                .Select(r => new { r.PersonId, r.Year, r.HouseholdCounty, r.CapEffective, r.WaitingReason, r.WaitingMonths, r.BenefitsFrom }).ToListAsync(Ct))
            .ToDictionary(r => (r.PersonId, r.Year), r => new Stored(r.HouseholdCounty, r.CapEffective, r.WaitingReason, r.WaitingMonths, r.BenefitsFrom)));

    private sealed record Change(long Person, int Year, string Region, bool Cap, decimal CapChange, bool Waiting);

    /// <summary>Every (person, year) whose stored cap or waiting period differs between the two snapshots.</summary>
    private static List<Change> Diff(Dictionary<(long Person, int Year), Stored> before, Dictionary<(long Person, int Year), Stored> after)
    {
        var changes = new List<Change>();
        foreach (var key in before.Keys.Union(after.Keys))
        {
            var (b, a) = (before.GetValueOrDefault(key), after.GetValueOrDefault(key));
            var cap = b?.Cap != a?.Cap;
            var waiting = (b?.Reason, b?.Months, b?.BenefitsFrom) != (a?.Reason, a?.Months, a?.BenefitsFrom);
            if (cap || waiting)
            {
                var county = (b ?? a)!.County;
                changes.Add(new Change(key.Person, key.Year, RegionDirectory.Shipped.CityOf(county)!, cap, (a?.Cap ?? 0m) - (b?.Cap ?? 0m), waiting));
            }
        }

        return changes;
    }

    /// <summary>
    /// The files an edit can reach, counted independently of the preview: by household, or by a record made in the region
    /// in a year the edit changes (an earlier record reads the region's parameters of its own year).
    /// </summary>
    private static Task<long> ReachableAsync(Files files, string province, string? region, int? fromYear) =>
        files.QueryAsync(async db =>
        {
            var persons = await db.Persons.AsNoTracking().Select(p => new { p.Id, p.HouseholdCounty }).ToListAsync(Ct);
            var inRegion = region is null ? [] : (await db.Coverages.Where(c => c.PoolingRegion == region && c.Year >= (fromYear ?? 0)).Select(c => c.PersonId).ToListAsync(Ct)).ToHashSet();
            return persons.LongCount(p => province == ParameterRow.Shared
                || (region is null ? RegionDirectory.Shipped.PolicyOf(p.HouseholdCounty) == province : RegionDirectory.Shipped.CityOf(p.HouseholdCounty) == region || inRegion.Contains(p.Id)));
        });
}
