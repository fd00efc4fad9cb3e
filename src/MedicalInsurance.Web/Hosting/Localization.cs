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

    /// <summary>
    /// <c>GET /culture?name=en&amp;returnUrl=/…</c>: remembers the choice and goes back to a local page. A name that is not
    /// one of <see cref="Cultures"/> is refused (400, nothing remembered); a return address that is not a plain local path
    /// goes home instead.
    /// </summary>
    public static void MapCultureSwitch(this IEndpointRouteBuilder app) =>
        app.MapGet("/culture", (string? name, string? returnUrl, HttpContext context, IStringLocalizer<SharedResource> l) =>
        {
            if (Cultures.FirstOrDefault(c => c.Name == name) is not { } culture)
            {
                return Results.Text(string.Format(CultureInfo.CurrentCulture, l["未知的语言，可选：{0}。"], string.Join("、", Cultures.Select(c => c.Name))),
                    "text/plain; charset=utf-8", statusCode: StatusCodes.Status400BadRequest);
            }

            context.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = context.Request.IsHttps, MaxAge = TimeSpan.FromDays(365) });
            return Results.LocalRedirect(LocalPath(returnUrl));
        }).AllowAnonymous();

    private static readonly Uri LocalBase = new("http://local.invalid/");

    /// <summary>
    /// <paramref name="returnUrl"/> as an escaped path and query on this site, or <c>/</c>. <c>/\host</c> is refused as
    /// browsers read it as <c>//host</c>; control characters as header injection; the rest is escaped because a
    /// Location header holds ASCII only (Kestrel throws on anything else).
    /// </summary>
    internal static string LocalPath(string? returnUrl)
    {
        if (returnUrl is not { Length: > 0 } url || url[0] != '/' || (url.Length > 1 && url[1] is '/' or '\\') || url.Any(char.IsControl)
            || !Uri.TryCreate(LocalBase, url, out var uri) || uri.Scheme != LocalBase.Scheme || uri.Authority != LocalBase.Authority)
        {
            return "/";
        }

        return uri.PathAndQuery;
    }

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
