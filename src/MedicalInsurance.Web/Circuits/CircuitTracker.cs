using Microsoft.AspNetCore.Components.Server.Circuits;

namespace MedicalInsurance.Web.Circuits;

/// <summary>Tells the <see cref="CircuitLimit"/> when this circuit opens and closes, and notes every input from its browser.</summary>
internal sealed class CircuitTracker(CircuitLimit limit, CircuitActivity activity) : CircuitHandler
{
    // Before the framework's own handlers and the client-address handler: a circuit is counted from its very start.
    public override int Order => -100;

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        limit.Opened();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        limit.Closed();
        return Task.CompletedTask;
    }

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        context =>
        {
            activity.Touch();
            return next(context);
        };
}
