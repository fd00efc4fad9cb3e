using System.Diagnostics;
using System.Globalization;
using MedicalInsurance.Infrastructure.Dashboards;
using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.Extensions.DependencyInjection;

namespace MedicalInsurance.Benchmarks;

/// <summary>
/// <c>call-list-page CONNECTION COUNTY [runs]</c>: the collection-period call list of a county as its page asks for it
/// (<see cref="CallLists.PageAsync"/>: a page of 50, then the size, <see cref="CallLists.CountAsync"/>); a page in the
/// middle of the list by its offset, and the pages the pager reaches from it — the next and the previous, from its last
/// and first person — and the last page, from the list's end; each timed, the first run cold.
/// </summary>
internal static class CallListBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var (connectionString, county) = (args[0], args[1]);
        var runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        await using var services = BenchmarkServices.For(connectionString);
        var lists = services.GetRequiredService<CallLists>();
        var scope = UserScope.For("supervisor.bench", Roles.Supervisor, county, RegionDirectory.Shipped, "127.0.0.1");
        var middle = 0L;
        for (var run = 1; run <= runs; run++)
        {
            // As the page asks: the first page, then the size after it; and a page from the middle of the list.
            var watch = Stopwatch.StartNew();
            var first = await lists.PageAsync(scope, county, CallListCursor.Start, 50);
            var page = watch.Elapsed;
            var total = await lists.CountAsync(scope, county);
            var counted = watch.Elapsed - page;
            if (first is not CallListOutcome.Listed listed || total is null)
            {
                Console.WriteLine($"{county}: no call list ({first.GetType().Name})");
                return 1;
            }

            middle = middle == 0 ? total.Value / 2 : middle;
            watch.Restart();
            var deep = (CallListOutcome.Listed)await lists.PageAsync(scope, county, new CallListCursor.At((int)middle), 50);
            var deepTime = watch.Elapsed;
            watch.Restart();
            var next = (CallListOutcome.Listed)await lists.PageAsync(scope, county, new CallListCursor.After(deep.Rows[^1].PersonId), 50);
            var nextTime = watch.Elapsed;
            watch.Restart();
            var previous = (CallListOutcome.Listed)await lists.PageAsync(scope, county, new CallListCursor.Before(deep.Rows[0].PersonId), 50);
            var previousTime = watch.Elapsed;
            watch.Restart();
            var end = (CallListOutcome.Listed)await lists.PageAsync(scope, county, new CallListCursor.Before(null), (int)(total.Value % 50 == 0 ? 50 : total.Value % 50));
            var endTime = watch.Elapsed;
            Console.WriteLine($"{county} {listed.Year}, run {run}{(run == 1 ? " (cold)" : "")}: first page {page.TotalSeconds:N3} s ({listed.Rows.Count} rows), " +
                $"then the size {counted.TotalSeconds:N3} s ({total:N0}); page at offset {middle:N0} {deepTime.TotalSeconds:N3} s ({deep.Rows.Count} rows), " +
                $"the next {nextTime.TotalSeconds:N3} s ({next.Rows.Count}), the previous {previousTime.TotalSeconds:N3} s ({previous.Rows.Count}), " +
                $"the last {endTime.TotalSeconds:N3} s ({end.Rows.Count})");
        }

        return 0;
    }
}
