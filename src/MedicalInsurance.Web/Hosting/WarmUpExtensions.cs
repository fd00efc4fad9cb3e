namespace MedicalInsurance.Web.Hosting;

internal static class WarmUpExtensions
{
    /// <summary>The warm-up at start, its options, and its place in /healthz (not ready until warm).</summary>
    public static IServiceCollection AddMedicalInsuranceWarmUp(this IServiceCollection services)
    {
        services.AddOptions<WarmUpOptions>().BindConfiguration(WarmUpOptions.Section)
            .Validate(o => o.GiveUpSeconds is >= 1 and <= 600, "WarmUp:GiveUpSeconds must be from 1 to 600").ValidateOnStart();
        services.AddSingleton<WarmUpState>();
        services.AddHostedService<WarmUp>();
        services.AddHealthChecks().AddCheck<WarmUpHealthCheck>("warm-up");
        return services;
    }
}
