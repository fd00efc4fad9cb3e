using MedicalInsurance.Infrastructure;
using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MedicalInsurance.Benchmarks;

/// <summary>
/// <c>make-clerks CONNECTION COUNT FILE</c>: COUNT clerks of 长安区 (130102), <c>bench.clerk001</c>…, created or given a
/// new password, written to FILE as lines "name password" for <c>lookup-clerks</c>. One user per session: the look-up
/// limit (60 a minute) is per user, as it would be for real clerks.
/// </summary>
internal static class BenchmarkClerks
{
    public static async Task<int> MakeAsync(string[] args)
    {
        var (connection, count, file) = (args[0], int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture), args[2]);
        var services = new ServiceCollection().AddLogging();
        services.AddMedicalInsuranceInfrastructure(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Default"] = connection })
            .Build());
        services.AddMedicalInsuranceIdentityCore();
        await using var provider = services.BuildServiceProvider();
        var admin = provider.GetRequiredService<UserAdministration>();
        var lines = new List<string>();
        for (var i = 1; i <= count; i++)
        {
            var name = $"bench.clerk{i:000}";
            var password = await admin.ResetPasswordAsync(name, Actor.System);
            if (password is null)
            {
                var outcome = await admin.CreateAsync(new NewUser(name, name, Roles.Clerk, "130102"), Actor.System);
                password = outcome is UserOutcome.Created created ? created.Password : throw new InvalidOperationException($"{name}: {outcome}");
            }

            lines.Add($"{name} {password}");
        }

        await File.WriteAllLinesAsync(file, lines);
        Console.WriteLine($"{count} clerks of 130102 in {file}");
        return 0;
    }
}
