using MedicalInsurance.Infrastructure.Dashboards;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Testing;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.IntegrationTests;

/// <summary>
/// What is read by county — the collection-period call list, the dashboard's figures and their rebuild — reaches its
/// table through the index on the county, as the real code sends its parameters: a county sent as <c>text</c> (or
/// <c>text[]</c>) makes PostgreSQL cast the <c>character(6)</c> column on every row. So sent, a page of 长安区's call
/// list read every result of the year (1.4 s at 1 M persons against 32 ms; docs/benchmarks.md).
/// </summary>
public sealed class CountyReadPlanTests(LookupDatabase database) : IClassFixture<LookupDatabase>
{
    private readonly Files _files = new(database.ContextFactory);
    private readonly ExecutedPlans _plans = new(database.ConnectionString);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private CallLists Lists => new(_plans.Factory, _files.Catalogs, _files.Clock, ReadRouting.PrimaryOnly(_plans.Factory));

    [Fact]
    public async Task CallList_PagesSizeAndExport_ReadTheCountysResultsThroughItsIndex()
    {
        var scope = Files.Clerk();

        var page = Assert.IsType<CallListOutcome.Listed>(await Lists.PageAsync(scope, "130102", CallListCursor.Start, 10, Ct));
        var next = Assert.IsType<CallListOutcome.Listed>(await Lists.PageAsync(scope, "130102", new CallListCursor.After(page.Rows[^1].PersonId), 10, Ct));
        var last = Assert.IsType<CallListOutcome.Listed>(await Lists.PageAsync(scope, "130102", new CallListCursor.Before(null), 10, Ct));
        var total = await Lists.CountAsync(scope, "130102", Ct);
        var exported = await Lists.ExportAsync(scope, "130102", "csv", Ct).CountAsync(Ct);

        Assert.NotEmpty(page.Rows);
        Assert.NotEmpty(next.Rows);
        Assert.NotEmpty(last.Rows);
        Assert.Equal(total, exported);
        // The list's rows through the county's index of unpaid results, last year's result by key. (The persons are joined
        // by key too; on this small table the planner may walk their primary key in the list's order, which is fine.)
        _plans.AssertReadOnlyThrough("computed_results", ("ix_computed_results_unpaid", "household_county"), ("pk_computed_results", "person_id"));
    }

    [Fact]
    public async Task Dashboard_ReadsTheCountysFiguresThroughTheirKey()
    {
        var queries = new DashboardQueries(ReadRouting.PrimaryOnly(_plans.Factory), _files.Catalogs, _files.Clock);

        Assert.IsType<DashboardOutcome.Shown>(await queries.LoadAsync(Files.Clerk(), "130102", null, Ct));

        _plans.AssertReadOnlyThrough("dashboard_figures", "pk_dashboard_figures", "county");
    }

    [Fact]
    public async Task FiguresRebuild_ReadsTheCountysResultsThroughTheirIndex()
    {
        await using var db = await _plans.Factory.CreateDbContextAsync(Ct);
        await db.Database.OpenConnectionAsync(Ct);
        var connection = (Npgsql.NpgsqlConnection)db.Database.GetDbConnection();

        await DashboardSummaries.RefreshAsync(connection, ["130102"], _files.Today, _files.Clock.GetUtcNow(), Ct);

        // The join with last year's results may walk the primary key on this small table; the county is never cast.
        _plans.AssertColumnNeverCast("computed_results", "household_county");
    }
}
