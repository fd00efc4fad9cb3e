using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Options;

namespace MedicalInsurance.Web.Circuits;

internal static class CircuitsExtensions
{
    /// <summary>The circuit limit, the tracking of circuits and their input, and the framework's options from <see cref="CircuitsOptions"/>.</summary>
    public static IServiceCollection AddMedicalInsuranceCircuits(this IServiceCollection services)
    {
        services.AddSingleton<CircuitLimit>();
        services.AddScoped<CircuitActivity>();
        services.AddScoped<CircuitHandler, CircuitTracker>();
        services.AddOptions<CircuitOptions>().Configure<IOptions<CircuitsOptions>>((circuit, ours) =>
        {
            circuit.DisconnectedCircuitRetentionPeriod = TimeSpan.FromSeconds(ours.Value.DisconnectedRetentionSeconds);
            circuit.DisconnectedCircuitMaxRetained = ours.Value.DisconnectedMaxRetained;
        });
        return services;
    }
}
