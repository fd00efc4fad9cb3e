using MedicalInsurance.Domain.Caps;
using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Infrastructure.Dashboards;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Registering;
using MedicalInsurance.Infrastructure.Results;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using M = MedicalInsurance.Infrastructure.Dashboards.DashboardMetric;

namespace MedicalInsurance.Infrastructure.IntegrationTests;

/// <summary>
/// The dashboard figures of two seeded counties and two years against the rules engine applied to every file in the test
/// (never through computed_results or the summary query), and the call list against a direct computation.
/// </summary>
public sealed class DashboardTests(SeededDatabase database) : IClassFixture<SeededDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Expected(Dictionary<DashboardMetric, decimal> Scalars, Dictionary<int, long> Breaks, Dictionary<int, long> Consecutive, Dictionary<int, long> WaitingEnds, long PaidByPeriodEnd, long LastYearPaidByThen);

    [Theory]
    [InlineData("130102")]
    [InlineData("230102")]
    public async Task CountyFigures_ForThisYearAndNext_EqualTheEngineOverEveryFile(string county)
    {
        var files = new Files(database.ContextFactory);
        await RefreshAsync(files);
        var queries = new DashboardQueries(ReadRouting.PrimaryOnly(database.ContextFactory), files.Catalogs, files.Clock);
        var scope = UserScope.For("supervisor", Roles.Supervisor, county, RegionDirectory.Shipped);

        foreach (var year in new[] { files.Today.Year, files.Today.Year + 1 })
        {
            var view = Assert.IsType<DashboardOutcome.Shown>(await queries.LoadAsync(scope, county, year, Ct)).View;
            var expected = await ExpectAsync(files, [county], year, view.Period!.Value.To < files.Today ? view.Period.Value.To : files.Today);

            foreach (var (metric, value) in expected.Scalars)
            {
                Assert.True(value == view.Totals[metric], $"{county} {year} {metric}: expected {value}, shown {view.Totals[metric]}");
            }

            Assert.Equal(Enumerable.Range(1, 4).Select(b => expected.Breaks.GetValueOrDefault(b)), view.Breaks.Select(b => b.Count));
            Assert.Equal(Enumerable.Range(1, 10).Select(b => expected.Consecutive.GetValueOrDefault(b)), view.Consecutive.Select(b => b.Count));
            Assert.Equal(expected.WaitingEnds.OrderBy(kv => kv.Key).Select(kv => (kv.Key, kv.Value)), view.WaitingEnds.Select(b => (b.Bucket, b.Count)));
            Assert.Equal(expected.PaidByPeriodEnd, view.Payments[^1].PaidSoFar);
            Assert.Equal(expected.LastYearPaidByThen, view.Payments[^1].LastYearSoFar);
            Assert.True(expected.Scalars[M.Persons] > 100, $"{county} {year}: only {expected.Scalars[M.Persons]} persons");
        }
    }

    [Fact]
    public async Task CityFigures_AreTheSumOfItsCounties_AndListThemForDrillDown()
    {
        var files = new Files(database.ContextFactory);
        await RefreshAsync(files);
        var queries = new DashboardQueries(ReadRouting.PrimaryOnly(database.ContextFactory), files.Catalogs, files.Clock);
        var scope = UserScope.For("supervisor", Roles.Supervisor, "130000", RegionDirectory.Shipped);
        var year = files.Today.Year + 1;

        var city = Assert.IsType<DashboardOutcome.Shown>(await queries.LoadAsync(scope, "130100", year, Ct)).View;
        var province = Assert.IsType<DashboardOutcome.Shown>(await queries.LoadAsync(scope, "130000", year, Ct)).View;
        var expected = await ExpectAsync(files, ["130102", "130123"], year, files.Today);

        Assert.Equal(["130102", "130123"], city.Children.Select(c => c.Code));
        Assert.Equal(["130100", "130200"], province.Children.Select(c => c.Code));
        Assert.Equal(expected.Scalars[M.Persons], city.Totals[M.Persons]);
        Assert.Equal(expected.Scalars[M.Resident], city.Totals[M.Resident]);
        Assert.Equal(expected.Scalars[M.Decrease], city.Totals[M.Decrease]);
        Assert.Equal(city.Totals[M.Persons], province.Children.Single(c => c.Code == "130100").Figures[M.Persons]);
        // No population imported here: the city says its rates are over the files, not "over the other counties".
        Assert.Equal((true, true, 2), (city.RatesOverFilesOnly, province.RatesOverFilesOnly, city.WithoutPopulation.Count));
        // A year without figures is said, and another shown; a year with figures is shown as asked.
        var old = Assert.IsType<DashboardOutcome.Shown>(await queries.LoadAsync(scope, "130100", 2010, Ct)).View;
        Assert.Equal((2010, year), (old.YearNotShown, old.Year));
        Assert.Null(city.YearNotShown);
        Assert.IsType<DashboardOutcome.NotFound>(await queries.LoadAsync(scope, "230100", year, Ct));
    }

    [Fact]
    public async Task CallList_OfACounty_EqualsADirectComputation()
    {
        var files = new Files(database.ContextFactory);
        var catalog = await files.Catalogs.GetAsync(Ct);
        var lists = new CallLists(database.ContextFactory, files.Catalogs, files.Clock, ReadRouting.PrimaryOnly(database.ContextFactory));
        var scope = Files.Clerk();
        var year = files.Today.Year + 1;

        var first = Assert.IsType<CallListOutcome.Listed>(await lists.PageAsync(scope, "130102", CallListCursor.Start, 100, Ct));
        var total = await lists.CountAsync(scope, "130102", Ct);
        var exported = await lists.ExportAsync(scope, "130102", "csv", Ct).ToListAsync(Ct);

        var expected = new List<CallListEntry>();
        await using var db = await database.ContextFactory.CreateDbContextAsync(Ct);
        foreach (var id in await db.Persons.Where(p => p.HouseholdCounty == "130102").OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(Ct))
        {
            var file = (await PersonFiles.LoadAsync(db, id, Ct))!;
            var last = file.Coverages.FirstOrDefault(c => c.Year == year - 1 && c.Scheme == Scheme.Resident);
            if (last is null || file.Coverages.Any(c => c.Year == year && c.Scheme == Scheme.Resident))
            {
                continue;
            }

            // Paying the day after the period closes; skipping the year and paying on the first day of the next period.
            var lateDay = new DateOnly(year - 1, 12, 29);
            var late = FileCalculator.Calculate(file, year, lateDay, catalog, RegionDirectory.Shipped, new PendingEnrollment(year, lateDay, last.Group, last.PoolingRegion, 0, null, false)).Result!;
            var skipDay = new DateOnly(year, 9, 1);
            var skip = FileCalculator.Calculate(file, year + 1, skipDay, catalog, RegionDirectory.Shipped, new PendingEnrollment(year + 1, skipDay, last.Group, last.PoolingRegion, 0, null, false)).Result!;
            expected.Add(new CallListEntry(id, file.Person.Name, Domain.Persons.IdNumber.Parse(file.Person.IdNumber).Masked, file.Person.Phone,
                late.WaitingPeriod!.TotalMonths, late.WaitingPeriod.BenefitsFrom, skip.Cap!.Decrease, skip.WaitingPeriod!.TotalMonths, skip.WaitingPeriod.BenefitsFrom));
        }

        Assert.Equal(2027, first.Year);
        Assert.Equal(new DateOnly(2026, 12, 28), first.Period.To);
        Assert.Equal(expected.Count, total);
        Assert.Equal(expected, exported);
        Assert.Contains(expected, e => e.IfLateWaitingMonths == 3);
        Assert.Contains(expected, e => e.IfSkipDecrease > 0);
        Assert.Equal(expected.Take(100).Select(e => e with { Name = PersonalData.MaskName(e.Name), Phone = PersonalData.MaskPhone(e.Phone) }), first.Rows);
        Assert.DoesNotContain(first.Rows, r => r.Phone is { } phone && !phone.Contains('*', StringComparison.Ordinal));
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "export" && a.UserName == scope.UserName, Ct));
    }

    [Fact]
    public async Task CallList_PagedFromItsNeighboursAndItsEnd_ReadsTheListInOrder_AsTheOffsetsDo()
    {
        var files = new Files(database.ContextFactory);
        var lists = new CallLists(database.ContextFactory, files.Catalogs, files.Clock, ReadRouting.PrimaryOnly(database.ContextFactory));
        // A clerk of its own: its export's audit entry is not counted by the test of the export, whichever runs first.
        var scope = Files.Clerk("clerk.paging");
        var all = (await lists.ExportAsync(scope, "130102", "csv", Ct).ToListAsync(Ct)).Select(e => e.PersonId).ToList();
        const int size = 7;
        async Task<List<long>> Page(CallListCursor cursor, int rows = size) =>
            Assert.IsType<CallListOutcome.Listed>(await lists.PageAsync(scope, "130102", cursor, rows, Ct)).Rows.Select(r => r.PersonId).ToList();

        // Forward by each page's last person, back by each page's first, and the end of the list.
        var forward = new List<List<long>> { await Page(CallListCursor.Start) };
        while (forward[^1].Count == size)
        {
            forward.Add(await Page(new CallListCursor.After(forward[^1][^1])));
        }

        var backward = new List<List<long>> { await Page(new CallListCursor.Before(null), forward.Last(p => p.Count > 0).Count) };
        while (backward[^1].Count > 0)
        {
            backward.Add(await Page(new CallListCursor.Before(backward[^1][0])));
        }

        var byOffset = new List<List<long>>();
        for (var offset = 0; offset < all.Count; offset += size)
        {
            byOffset.Add(await Page(new CallListCursor.At(offset)));
        }

        Assert.InRange(all.Count, 3 * size, int.MaxValue);
        Assert.Equal(all, forward.SelectMany(p => p));
        Assert.Equal(byOffset.Where(p => p.Count > 0), forward.Where(p => p.Count > 0));
        Assert.Equal(forward.Where(p => p.Count > 0).Reverse(), backward.Where(p => p.Count > 0));
        Assert.Empty(await Page(new CallListCursor.After(all[^1])));
        Assert.Equal(all.Skip(1).Take(size), await Page(new CallListCursor.After(all[0])));
    }

    [Fact]
    public async Task CallList_OutsideTheCallersCounty_IsNotFound_AndAPhoneRevealIsAudited()
    {
        var files = new Files(database.ContextFactory);
        var lists = new CallLists(database.ContextFactory, files.Catalogs, files.Clock, ReadRouting.PrimaryOnly(database.ContextFactory));
        await using var db = await database.ContextFactory.CreateDbContextAsync(Ct);
        var inside = await db.Persons.Where(p => p.HouseholdCounty == "130102").Select(p => new { p.Id, p.Phone }).FirstAsync(Ct);
        var outside = await db.Persons.Where(p => p.HouseholdCounty == "230102").Select(p => p.Id).FirstAsync(Ct);
        var scope = Files.Clerk("revealer");

        Assert.IsType<CallListOutcome.NotFound>(await lists.PageAsync(scope, "230102", CallListCursor.Start, 10, Ct));
        Assert.Null(await lists.CountAsync(scope, "230102", Ct));
        Assert.Null(await lists.RevealPhoneAsync(scope, outside, Ct));
        Assert.Equal(inside.Phone, (await lists.RevealPhoneAsync(scope, inside.Id, Ct))!.Phone);
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Action == "reveal" && a.UserName == "revealer" && a.PersonId == inside.Id, Ct));
    }

    [Fact]
    public async Task Registration_MarksItsCountyPending_AndTheNextRefreshCountsIt()
    {
        var files = new Files(database.ContextFactory);
        await RefreshAsync(files);
        var queries = new DashboardQueries(ReadRouting.PrimaryOnly(database.ContextFactory), files.Catalogs, files.Clock);
        var lists = new CallLists(database.ContextFactory, files.Catalogs, files.Clock, ReadRouting.PrimaryOnly(database.ContextFactory));
        var scope = Files.Clerk();
        var year = files.Today.Year + 1;
        var before = Assert.IsType<DashboardOutcome.Shown>(await queries.LoadAsync(scope, "130102", year, Ct)).View;
        var listed = Assert.IsType<CallListOutcome.Listed>(await lists.PageAsync(scope, "130102", CallListCursor.Start, 1, Ct));
        var listedTotal = await lists.CountAsync(scope, "130102", Ct);

        var registered = await files.Registrations.RegisterAsync(
            new RegistrationRequest(listed.Rows[0].PersonId, new PendingEnrollment(year, files.Today, EnrollmentGroup.Ordinary, null, 0, null, false), 400m), scope, Ct);
        Assert.IsType<RegistrationOutcome.Registered>(registered);
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(Ct);
        var due = await DashboardSummaries.DueAsync(connection, files.Today, includeNeverBuilt: false, Ct);
        var stale = Assert.IsType<DashboardOutcome.Shown>(await queries.LoadAsync(scope, "130102", year, Ct)).View;
        var afterList = await lists.CountAsync(scope, "130102", Ct);
        await DashboardSummaries.RefreshAsync(connection, due.ToArray(), files.Today, files.Clock.GetUtcNow(), Ct);
        var after = Assert.IsType<DashboardOutcome.Shown>(await queries.LoadAsync(scope, "130102", year, Ct)).View;

        Assert.Equal(["130102"], due);
        Assert.Equal(before.Totals[M.Resident], stale.Totals[M.Resident]);
        Assert.Equal(listedTotal - 1, afterList);
        Assert.Equal(before.Totals[M.Resident] + 1, after.Totals[M.Resident]);
        Assert.Equal(before.Totals[M.CallList] - 1, after.Totals[M.CallList]);
        Assert.Empty(await DashboardSummaries.DueAsync(connection, files.Today, includeNeverBuilt: false, Ct));
    }

    private async Task RefreshAsync(Files files)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(Ct);
        await DashboardSummaries.RefreshAsync(connection, await DashboardSummaries.AllCountiesAsync(connection, Ct), files.Today, files.Clock.GetUtcNow(), Ct);
    }

    /// <summary>Every figure of the counties for the year, from the files through the engine, counted here.</summary>
    private async Task<Expected> ExpectAsync(Files files, string[] counties, int year, DateOnly lastDay)
    {
        var catalog = await files.Catalogs.GetAsync(Ct);
        var today = files.Today;
        var s = new Dictionary<DashboardMetric, decimal>
        {
            [M.Persons] = 0,
            [M.Insured] = 0,
            [M.Resident] = 0,
            [M.Late] = 0,
            [M.Returns] = 0,
            [M.Raised] = 0,
            [M.Increase] = 0,
            [M.Decreased] = 0,
            [M.Decrease] = 0,
            [M.AtCeiling] = 0,
            [M.ZeroClaim] = 0,
            [M.WaitingNow] = 0,
            [M.FirstStep] = 0,
            [M.CallList] = 0,
        };
        var breaks = new Dictionary<int, long>();
        var consecutive = new Dictionary<int, long>();
        var waitingEnds = new Dictionary<int, long>();
        long paid = 0, lastYearPaid = 0;
        await using var db = await database.ContextFactory.CreateDbContextAsync(Ct);
        foreach (var id in await db.Persons.Where(p => counties.Contains(p.HouseholdCounty)).Select(p => p.Id).ToListAsync(Ct))
        {
            var file = (await PersonFiles.LoadAsync(db, id, Ct))!;
            if (file.Person.BirthDate.Year > year)
            {
                continue;
            }

            var result = FileCalculator.Calculate(file, year, today, catalog, RegionDirectory.Shipped).Result!;
            catalog.TryResolve(RegionDirectory.Shipped.PolicyOf(file.Person.HouseholdCounty), null, out var policy);
            var period = policy.ForYear(year).CollectionPeriod!.Value.Value;
            var resident = file.Coverages.FirstOrDefault(c => c.Year == year && c.Scheme == Scheme.Resident);
            var lastYear = file.Coverages.FirstOrDefault(c => c.Year == year - 1 && c.Scheme == Scheme.Resident);
            var cap = result.Cap;
            var decision = result.WaitingPeriod;
            s[M.Persons]++;
            s[M.Insured] += result.Insured ? 1 : 0;
            s[M.Resident] += resident is null ? 0 : 1;
            s[M.Late] += resident?.PaidOn > period.To ? 1 : 0;
            s[M.Returns] += resident is not null && result.BreakYears >= 1 ? 1 : 0;
            s[M.Raised] += cap?.Increase > 0 ? 1 : 0;
            s[M.Increase] += cap?.Increase ?? 0;
            s[M.Decreased] += cap?.Decrease > 0 ? 1 : 0;
            s[M.Decrease] += cap?.Decrease ?? 0;
            s[M.AtCeiling] += cap?.Lines.Any(l => l.Kind == CapLineKind.Ceiling && l.Bounds == "increase") == true ? 1 : 0;
            s[M.ZeroClaim] += resident is not null && cap?.ZeroClaimSteps > 0 ? 1 : 0;
            s[M.WaitingNow] += decision is { TotalMonths: > 0 } && decision.FirstDay <= today && today <= decision.LastDay ? 1 : 0;
            s[M.CallList] += resident is null && lastYear is not null ? 1 : 0;
            if (resident is not null && cap?.ContinuousSteps >= 1)
            {
                var before = year - 1 >= 2025 && file.Person.BirthDate.Year <= year - 1 ? FileCalculator.Calculate(file, year - 1, today, catalog, RegionDirectory.Shipped).Result?.Cap?.ContinuousSteps ?? 0 : 0;
                s[M.FirstStep] += before == 0 ? 1 : 0;
            }

            if (result.BreakYears >= 1)
            {
                breaks[Math.Min(result.BreakYears, 4)] = breaks.GetValueOrDefault(Math.Min(result.BreakYears, 4)) + 1;
            }

            if (resident is not null)
            {
                var years = 0;
                while (file.Coverages.Any(c => c.Year == year - years && c.Scheme == Scheme.Resident))
                {
                    years++;
                }

                consecutive[Math.Min(years, 10)] = consecutive.GetValueOrDefault(Math.Min(years, 10)) + 1;
                paid += resident.PaidOn <= lastDay ? 1 : 0;
            }

            lastYearPaid += lastYear?.PaidOn <= lastDay.AddYears(-1) ? 1 : 0;
            if (decision is { TotalMonths: > 0, LastDay: { } end } && end >= today)
            {
                var bucket = end.Year * 100 + end.Month;
                waitingEnds[bucket] = waitingEnds.GetValueOrDefault(bucket) + 1;
            }
        }

        return new Expected(s, breaks, consecutive, waitingEnds, paid, lastYearPaid);
    }
}
