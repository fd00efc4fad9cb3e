using MedicalInsurance.Infrastructure.Regions;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace MedicalInsurance.Web.Security;

/// <summary>
/// The caller of this circuit (or request): their scope, and the client address captured when the circuit started —
/// HttpContext is not reliable inside interactive components.
/// </summary>
internal sealed class CallerContext(AuthenticationStateProvider authentication)
{
    public string? ClientAddress { get; set; }

    public async Task<UserScope?> ScopeAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return UserScope.From(state.User, RegionDirectory.Shipped, ClientAddress);
    }
}

/// <summary>Takes the client address from the connection that opens the circuit.</summary>
internal sealed class ClientAddressCircuitHandler(CallerContext caller, IHttpContextAccessor http) : CircuitHandler
{
    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        caller.ClientAddress ??= http.HttpContext?.Connection.RemoteIpAddress?.ToString();
        return Task.CompletedTask;
    }
}

/// <summary>For static (server-rendered) requests: the address of the request itself.</summary>
internal sealed class RequestAddressMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context, CallerContext caller)
    {
        caller.ClientAddress ??= context.Connection.RemoteIpAddress?.ToString();
        return next(context);
    }
}
