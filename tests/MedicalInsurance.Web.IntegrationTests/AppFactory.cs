using MedicalInsurance.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MedicalInsurance.Web.IntegrationTests;

/// <summary>The web app in-process on a fresh migrated database.</summary>
public sealed class AppFactory : IAsyncLifetime
{
    private readonly MigratedDatabase _database = new();

    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await _database.InitializeAsync();
        Factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
            web.UseSetting("ConnectionStrings:Default", _database.ConnectionString));
    }

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await _database.DisposeAsync();
    }
}
