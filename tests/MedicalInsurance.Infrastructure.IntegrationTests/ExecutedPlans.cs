using System.Collections.Concurrent;
using System.Data.Common;
using System.Text.Json;
using MedicalInsurance.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace MedicalInsurance.Infrastructure.IntegrationTests;

/// <summary>
/// The plan of every statement PostgreSQL executed for contexts made by <see cref="Factory"/>, as the server ran it:
/// auto_explain sends each plan to the client as a notice, which is collected here. Sequential scans are switched off
/// on those connections, so a table is scanned whole only when no index can answer the statement (with the wrong
/// parameter type, say) — however few rows the test's table holds.
/// </summary>
internal sealed class ExecutedPlans : DbConnectionInterceptor
{
    // session_preload_libraries needs a superuser, as the test server's administrative role is (locally and in CI).
    private const string Options =
        "-c enable_seqscan=off -c session_preload_libraries=auto_explain -c auto_explain.log_min_duration=0 " +
        "-c auto_explain.log_level=notice -c auto_explain.log_format=json";

    private readonly ConcurrentQueue<JsonElement> _plans = new();

    public ExecutedPlans(string connectionString) =>
        Factory = new PlanFactory(new NpgsqlConnectionStringBuilder(connectionString) { Options = Options }.ConnectionString, this);

    /// <summary>Contexts whose statements are planned without sequential scans and collected here.</summary>
    public IDbContextFactory<MedicalInsuranceDbContext> Factory { get; }

    /// <summary>
    /// Asserts that the statements executed so far read <paramref name="table"/> at least once, and only through an
    /// index condition on <paramref name="index"/> that bounds its <paramref name="leadingColumn"/>: no sequential scan,
    /// and no walk over a whole index either (another index's order, or conditions on later columns only).
    /// </summary>
    public void AssertReadOnlyThrough(string table, string index, string leadingColumn) => AssertReadOnlyThrough(table, (index, leadingColumn));

    /// <summary>
    /// As <see cref="AssertReadOnlyThrough(string, string, string)"/>, where each read may use any of the
    /// <paramref name="indexes"/> (a list's rows through one index, the same table joined by key through another).
    /// </summary>
    public void AssertReadOnlyThrough(string table, params (string Index, string LeadingColumn)[] indexes)
    {
        var reads = Reads(table);
        foreach (var (plan, node) in reads)
        {
            var probes = Text(node, "Node Type") == "Bitmap Heap Scan"
                ? Nodes(node).Where(n => Text(n, "Node Type") == "Bitmap Index Scan").ToList()
                : [node];
            var ok = probes.Count > 0 && probes.All(p =>
                Text(p, "Node Type") is "Index Scan" or "Index Only Scan" or "Bitmap Index Scan" && Text(p, "Index Cond") is { } condition &&
                indexes.Any(i => Text(p, "Index Name") == i.Index && condition.Contains($"({i.LeadingColumn} ", StringComparison.Ordinal)));
            Assert.True(ok, $"{table} is read by {Describe(node)}, not by a condition on the leading column of {string.Join(" or ", indexes.Select(i => i.Index))}, in:\n{Query(plan)}\nplan: {plan.GetProperty("Plan")}");
        }
    }

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) =>
        ((NpgsqlConnection)connection).Notice += Collect;

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        ConnectionOpened(connection, eventData);
        return Task.CompletedTask;
    }

    public override void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) =>
        ((NpgsqlConnection)connection).Notice -= Collect;

    public override Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        ConnectionClosed(connection, eventData);
        return Task.CompletedTask;
    }

    private void Collect(object sender, NpgsqlNoticeEventArgs e)
    {
        // auto_explain's message: "duration: 0.123 ms  plan:\n{ JSON }".
        var text = e.Notice.MessageText;
        var start = text.IndexOf('{', StringComparison.Ordinal);
        if (text.StartsWith("duration:", StringComparison.Ordinal) && start >= 0)
        {
            using var json = JsonDocument.Parse(text[start..]);
            _plans.Enqueue(json.RootElement.Clone());
        }
    }

    /// <summary>
    /// Asserts that the statements executed so far read <paramref name="table"/> at least once and never compared its
    /// <paramref name="column"/> cast to <c>text</c> (a <c>character(n)</c> column against a <c>text</c> parameter), which
    /// no index on the column can answer. For statements whose plan may rightly walk a whole index on a small table.
    /// </summary>
    public void AssertColumnNeverCast(string table, string column)
    {
        var reads = Reads(table);
        foreach (var (plan, node) in reads)
        {
            var conditions = Nodes(node).SelectMany(n => new[] { "Filter", "Index Cond", "Recheck Cond" }.Select(c => Text(n, c))).OfType<string>();
            Assert.DoesNotContain(conditions, c => c.Contains($"({column})::text", StringComparison.Ordinal));
        }
    }

    /// <summary>Every plan node that read <paramref name="table"/>, with its statement's plan; at least one.</summary>
    private List<(JsonElement Plan, JsonElement Node)> Reads(string table)
    {
        var reads = _plans.SelectMany(plan => Nodes(plan.GetProperty("Plan")).Select(node => (plan, node)))
            .Where(p => Text(p.node, "Relation Name") == table && Text(p.node, "Node Type") != "ModifyTable")
            .ToList();
        Assert.True(reads.Count > 0, $"no statement read {table}; statements executed:\n{string.Join("\n", _plans.Select(Query))}");
        return reads;
    }

    private static IEnumerable<JsonElement> Nodes(JsonElement node)
    {
        yield return node;
        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var descendant in children.EnumerateArray().SelectMany(Nodes))
            {
                yield return descendant;
            }
        }
    }

    private static string? Text(JsonElement node, string property) =>
        node.TryGetProperty(property, out var value) ? value.GetString() : null;

    private static string Query(JsonElement plan) => Text(plan, "Query Text") ?? "?";

    private static string Describe(JsonElement node) =>
        $"{Text(node, "Node Type")}{(Text(node, "Index Name") is { } index ? $" using {index}" : "")}" +
        $"{(Text(node, "Filter") is { } filter ? $" filtering {filter}" : "")}";

    private sealed class PlanFactory(string connectionString, ExecutedPlans plans) : IDbContextFactory<MedicalInsuranceDbContext>
    {
        public MedicalInsuranceDbContext CreateDbContext()
        {
            var builder = new DbContextOptionsBuilder<MedicalInsuranceDbContext>();
            builder.UseMedicalInsuranceDatabase(connectionString).AddInterceptors(plans);
            return new MedicalInsuranceDbContext(builder.Options);
        }
    }
}
