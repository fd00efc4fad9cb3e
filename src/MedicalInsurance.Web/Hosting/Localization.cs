using System.Globalization;

using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace MedicalInsurance.Web.Hosting;

/// <summary>
/// Chinese (zh-CN) first, English switchable: a culture cookie chosen from the app bar. The circuit keeps the culture of
/// the request that opened it, so switching reloads the page.
/// </summary>
internal static class Localization
{
    public static readonly CultureInfo[] Cultures = [new("zh-CN"), new("en")];

    public static IServiceCollection AddMedicalInsuranceLocalization(this IServiceCollection services)
    {
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddTransient<MudLocalizer, ChineseMudLocalizer>();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("zh-CN");
            o.SupportedCultures = Cultures;
            o.SupportedUICultures = Cultures;
            o.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });
        return services;
    }

    /// <summary><c>GET /culture?name=en&amp;returnUrl=/…</c>: remembers the choice and goes back to a local page.</summary>
    public static void MapCultureSwitch(this IEndpointRouteBuilder app) =>
        app.MapGet("/culture", (string? name, string? returnUrl, HttpContext context) =>
        {
            var culture = Cultures.FirstOrDefault(c => c.Name == name) ?? Cultures[0];
            context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, MaxAge = TimeSpan.FromDays(365) });
            return Results.LocalRedirect(returnUrl is { Length: > 0 } url && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) ? url : "/");
        }).AllowAnonymous();

    /// <summary>MudBlazor's strings from MudResources.resx under Chinese; MudBlazor's own English otherwise.</summary>
    private sealed class ChineseMudLocalizer(IStringLocalizer<MudResources> strings) : MudLocalizer
    {
        public override LocalizedString this[string key]
        {
            get
            {
                if (!CultureInfo.CurrentUICulture.Name.StartsWith("zh", StringComparison.Ordinal))
                {
                    return base[key];
                }

                var value = strings[key];
                return value.ResourceNotFound ? base[key] : value;
            }
        }
    }
}
