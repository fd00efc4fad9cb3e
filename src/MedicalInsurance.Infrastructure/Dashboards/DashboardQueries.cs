using System.Data;
using System.Globalization;
using MedicalInsurance.Domain.Provinces;
using MedicalInsurance.Infrastructure.Parameters;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using M = MedicalInsurance.Infrastructure.Dashboards.DashboardMetric;

namespace MedicalInsurance.Infrastructure.Dashboards;

/// <summary>
/// Reads dashboards from <c>dashboard_figures</c> (never from coverage rows): one round trip of three small statements
/// for any division, a county or a whole province.
/// </summary>
public sealed class DashboardQueries(ReadRouting reads, PolicyCatalogProvider catalogs, TimeProvider time)
{
    private static readonly string[] Distributions = [.. DashboardMetrics.Distributions.Select(m => m.Key())];

    private static readonly string[] Plotted = [.. DashboardMetrics.Distributions.Except(DashboardMetrics.Townships).Select(m => m.Key())];

    private static readonly string[] Townships = [.. DashboardMetrics.Townships.Select(m => m.Key())];

    /// <summary>
    /// The divisions a user's dashboards start from: their own; for an administrator, who holds no county but sets any
    /// county's target, every province served (a dashboard shows figures, never a person's data).
    /// </summary>
    public static IReadOnlyList<string> Roots(UserScope scope, RegionDirectory regions)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(regions);
        return scope.Role == Roles.Administrator
            ? [.. regions.All.Where(r => r.Level == RegionLevel.Province && r.PolicyId is not null).Select(r => r.Code).Order(StringComparer.Ordinal)]
            : scope.ScopeCode is { } code && scope.Counties.Count > 0 ? [code] : [];
    }

    /// <summary>The division a user's dashboard opens on: their own (an administrator's: the first province served).</summary>
    public static string? Home(UserScope scope) => scope is null ? null : Roots(scope, RegionDirectory.Shipped).FirstOrDefault();

    /// <summary>Whether the division lies within the user's own (itself or below it).</summary>
    public static bool Allows(UserScope scope, string? code, RegionDirectory regions)
    {
        var roots = Roots(scope, regions);
        for (var region = regions.Find(code); region is not null; region = regions.Find(region.ParentCode))
        {
            if (roots.Contains(region.Code, StringComparer.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the county's figures count on the user's dashboards: an administrator's cover every county served.</summary>
    private static bool Sees(UserScope scope, string county) => scope.Role == Roles.Administrator || scope.Covers(county);

    /// <summary>
    /// The dashboard of a division within the caller's scope; its rates against the population use <paramref name="basis"/>.
    /// </summary>
    public async Task<DashboardOutcome> LoadAsync(UserScope scope, string code, int? year, CancellationToken cancellationToken = default, PopulationBasis basis = PopulationBasis.Registered)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var regions = RegionDirectory.Shipped;
        if (!Allows(scope, code, regions) || regions.Find(code) is not { } region)
        {
            return new DashboardOutcome.NotFound();
        }

        var counties = regions.CountiesWithin(code).Where(c => Sees(scope, c)).ToArray();
        await using var db = await reads.CreateReadContextAsync(scope.UserName, cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);

        var years = await ReadYearsAsync(connection, counties, cancellationToken);
        var catalog = await catalogs.GetAsync(cancellationToken);
        var today = Domain.Time.ChinaCalendar.Today(time);
        // Opens on the year whose collection period runs today, else this year.
        var shownYear = year is { } y && years.Contains(y) ? y : CallLists.OpenYear(catalog, code, today)?.Year ?? today.Year;
        var perCounty = new Dictionary<string, Dictionary<DashboardMetric, decimal>>(StringComparer.Ordinal);
        var buckets = new List<(int Year, DashboardMetric Metric, int Bucket, long Count)>();
        DateTimeOffset? refreshedAt = null;
        DateOnly? asOf = null;
        var targets = new Dictionary<string, decimal>(StringComparer.Ordinal);
        // The cities' targets of insured persons: a city's own (its dashboard) and its row under the province.
        var cities = region.Level == RegionLevel.County ? [] : counties.Select(c => regions.CityOf(c)).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        var cityTargets = new Dictionary<string, int>(StringComparer.Ordinal);
        var townships = new List<(int Code, string? Name, DashboardMetric Metric, long Count)>();
        await using (var batch = new NpgsqlBatch(connection))
        {
            batch.BatchCommands.Add(BatchCommands.Of("select county, metric, value from dashboard_figures where county = any($1::char(6)[]) and year = $2 and bucket = 0 and not (metric = any($3))", counties, shownYear, Distributions));
            batch.BatchCommands.Add(BatchCommands.Of("select year, metric, bucket, sum(value)::bigint from dashboard_figures where county = any($1::char(6)[]) and year in ($2, $2 - 1) and metric = any($3) group by year, metric, bucket", counties, shownYear, Plotted));
            batch.BatchCommands.Add(BatchCommands.Of("select min(refreshed_at), min(as_of) from dashboard_refreshes where county = any($1::char(6)[])", (object)counties));
            batch.BatchCommands.Add(BatchCommands.Of("select county, percent from enrollment_targets where county = any($1::char(6)[]) and year = $2", counties, shownYear));
            batch.BatchCommands.Add(BatchCommands.Of("select city, persons from city_targets where city = any($1::char(6)[]) and year = $2", cities, shownYear));
            // The township table of a county only: a province's townships are thousands of rows nobody reads at once.
            batch.BatchCommands.Add(BatchCommands.Of(
                "select f.bucket, t.name, f.metric, f.value::bigint from dashboard_figures f left join townships t on t.code = lpad(f.bucket::text, 9, '0') " +
                "where f.county = $1::char(6) and f.year = $2 and f.metric = any($3) and $4", region.Level == RegionLevel.County ? code : "", shownYear, Townships, region.Level == RegionLevel.County));
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var county = reader.GetString(0);
                if (!perCounty.TryGetValue(county, out var values))
                {
                    perCounty[county] = values = [];
                }

                values[DashboardMetrics.Parse(reader.GetString(1))] = reader.GetDecimal(2);
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                buckets.Add((reader.GetInt32(0), DashboardMetrics.Parse(reader.GetString(1)), reader.GetInt32(2), reader.GetInt64(3)));
            }

            await reader.NextResultAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0))
            {
                refreshedAt = reader.GetFieldValue<DateTimeOffset>(0);
                asOf = reader.GetFieldValue<DateOnly>(1);
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                targets[reader.GetString(0)] = reader.GetDecimal(1);
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                cityTargets[reader.GetString(0)] = reader.GetInt32(1);
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                townships.Add((reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1), DashboardMetrics.Parse(reader.GetString(2)), reader.GetInt64(3)));
            }
        }

        // Every county of the division with figures for the year, with its target: the completion table, and what the
        // drill-down rows sum (a sub-region's rate against the population is built from these figures, as a county's is).
        var countyRates = counties
            .Where(perCounty.ContainsKey)
            .Order(StringComparer.Ordinal)
            .Select(c => new CountyRate(c, regions.Find(c)?.Name ?? c, new Figures(perCounty[c]), targets.TryGetValue(c, out var target) ? target : null))
            .ToList();
        catalog.TryResolve(regions.PolicyOf(code), null, out var policy);
        var period = shownYear is >= RegionPolicy.MinYear and <= RegionPolicy.MaxYear ? policy?.ForYear(shownYear).CollectionPeriod?.Value : null;
        return new DashboardOutcome.Shown(new DashboardView
        {
            Code = code,
            Name = region.Name,
            Level = region.Level,
            Year = shownYear,
            Years = years,
            YearNotShown = year is { } asked && asked != shownYear ? asked : null,
            Path = PathOf(scope, code, regions),
            Roots = [.. Roots(scope, regions).Select(r => (r, regions.Find(r)?.Name ?? r))],
            Totals = Figures.Sum(perCounty.Values.Select(v => new Figures(v))),
            Children = ChildrenOf(region, countyRates, regions, cityTargets),
            CityTarget = region.Level == RegionLevel.City && cityTargets.TryGetValue(code, out var cityTarget) ? cityTarget : null,
            Period = period,
            Payments = PaymentCurve(buckets, shownYear, period, asOf),
            WaitingEnds = Buckets(buckets, shownYear, M.WaitingEnds),
            Breaks = Filled(Buckets(buckets, shownYear, M.Breaks), 1, DashboardSummaries.BreaksTop),
            Consecutive = Filled(Buckets(buckets, shownYear, M.Consecutive), 1, DashboardSummaries.ConsecutiveTop),
            RefreshedAt = refreshedAt,
            AsOf = asOf,
            Basis = basis,
            Counties = countyRates,
            Townships = TownshipsOf(townships),
        });
    }

    private static async Task<IReadOnlyList<int>> ReadYearsAsync(NpgsqlConnection connection, string[] counties, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("select distinct year from dashboard_figures where county = any($1::char(6)[]) and metric = $2 and bucket = 0 order by year", connection)
        {
            Parameters = { new NpgsqlParameter { Value = counties }, new NpgsqlParameter { Value = DashboardMetric.Persons.Key() } },
        };
        var years = new List<int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            years.Add(reader.GetInt32(0));
        }

        return years;
    }

    private static IReadOnlyList<(string, string)> PathOf(UserScope scope, string code, RegionDirectory regions)
    {
        var roots = Roots(scope, regions);
        var path = new List<(string, string)>();
        for (var region = regions.Find(code); region is not null; region = regions.Find(region.ParentCode))
        {
            path.Insert(0, (region.Code, region.Name));
            if (roots.Contains(region.Code, StringComparer.Ordinal))
            {
                break;
            }
        }

        return path;
    }

    private static IReadOnlyList<DashboardChild> ChildrenOf(Region region, List<CountyRate> counties, RegionDirectory regions, Dictionary<string, int> cityTargets)
    {
        if (region.Level == RegionLevel.County)
        {
            return [];
        }

        // A county's child of this division: itself under a city, its city under a province.
        string ChildOf(string county) => region.Level == RegionLevel.City ? county : regions.CityOf(county) ?? county;
        return counties
            .GroupBy(c => ChildOf(c.Code), StringComparer.Ordinal)
            .Select(g => new DashboardChild(g.Key, regions.Find(g.Key)?.Name ?? g.Key, regions.IsCounty(g.Key), g.ToList())
            {
                TargetPersons = cityTargets.TryGetValue(g.Key, out var target) ? target : null,
            })
            .OrderBy(c => c.Code, StringComparer.Ordinal)
            .ToList();
    }

    private static List<TownshipRate> TownshipsOf(List<(int Code, string? Name, DashboardMetric Metric, long Count)> rows) =>
        rows.GroupBy(r => r.Code)
            .Select(g =>
            {
                long Of(DashboardMetric metric) => g.Where(r => r.Metric == metric).Sum(r => r.Count);
                return new TownshipRate(g.Key.ToString("D9", CultureInfo.InvariantCulture), g.First().Name,
                    Of(M.TownshipRegistered), Of(M.TownshipRegisteredInsured), Of(M.TownshipLiving), Of(M.TownshipLivingInsured));
            })
            .OrderBy(t => t.Code, StringComparer.Ordinal)
            .ToList();

    private static List<BucketCount> Buckets(List<(int Year, DashboardMetric Metric, int Bucket, long Count)> rows, int year, DashboardMetric metric) =>
        rows.Where(r => r.Year == year && r.Metric == metric).OrderBy(r => r.Bucket).Select(r => new BucketCount(r.Bucket, r.Count)).ToList();

    private static List<BucketCount> Filled(List<BucketCount> counts, int from, int to) =>
        Enumerable.Range(from, to - from + 1).Select(b => new BucketCount(b, counts.FirstOrDefault(c => c.Bucket == b)?.Count ?? 0)).ToList();

    /// <summary>
    /// Cumulative payments for the year by day through its collection period (to the figures' day while it runs), beside
    /// last year's payments for the year before by the same calendar day a year earlier. Earlier payments start the curve.
    /// </summary>
    public static IReadOnlyList<PaymentDay> PaymentCurve(IEnumerable<(int Year, DashboardMetric Metric, int Bucket, long Count)> rows, int year, CollectionPeriod? period, DateOnly? asOf)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (period is not { } p)
        {
            return [];
        }

        var thisYear = new SortedDictionary<DateOnly, long>();
        var lastYear = new SortedDictionary<DateOnly, long>();
        foreach (var (y, metric, bucket, count) in rows)
        {
            if (metric != M.PaidOn || (y != year && y != year - 1))
            {
                continue;
            }

            var day = DashboardSummaries.DayZero.AddDays(bucket);
            var target = y == year ? thisYear : lastYear;
            target[day] = target.GetValueOrDefault(day) + count;
        }

        var last = asOf is { } a && a < p.To ? a : p.To;
        var days = new List<PaymentDay>();
        long paid = thisYear.Where(kv => kv.Key < p.From).Sum(kv => kv.Value);
        long before = lastYear.Where(kv => kv.Key < p.From.AddYears(-1)).Sum(kv => kv.Value);
        for (var day = p.From; day <= last; day = day.AddDays(1))
        {
            paid += thisYear.GetValueOrDefault(day);
            before += lastYear.GetValueOrDefault(day.AddYears(-1));
            // 29 February has no day a year earlier: AddYears gives the 28th, counted once.
            if (day.Month == 3 && day.Day == 1 && !DateTime.IsLeapYear(day.Year) && DateTime.IsLeapYear(day.Year - 1))
            {
                before += lastYear.GetValueOrDefault(new DateOnly(day.Year - 1, 2, 29));
            }

            days.Add(new PaymentDay(day, paid, before));
        }

        return days;
    }
}
