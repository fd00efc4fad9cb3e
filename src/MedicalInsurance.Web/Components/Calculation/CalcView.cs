using System.Globalization;
using System.Text.Json;
using MedicalInsurance.Infrastructure.Registering;

namespace MedicalInsurance.Web.Components.Calculation;

/// <summary>
/// A calculation as the contract writes it (CALC-CONTRACT.md), read back for display. The live preview and the printed
/// notice both render from this, so a reprint of a stored snapshot looks exactly like the decision as issued.
/// </summary>
public sealed record CalcView(int CoverageYear, CapView? Cap, DecisionView? Waiting, IReadOnlyList<ParameterView> Parameters, IReadOnlyList<string> Notes)
{
    public static CalcView Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var year = root.GetProperty("coverageYear").GetInt32();
        var parameters = root.GetProperty("parameters").EnumerateArray().Select(ParameterView.Read).ToList();
        // The collection period of T as the decision used it ("from/to"): the reason names its last day.
        var period = parameters.FirstOrDefault(p => p.Name == "collectionPeriod" && p.Year == year)?.Value.Split('/');
        var periodEnd = period is [_, var to] ? DateOnly.ParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture) : (DateOnly?)null;
        return new CalcView(
            year,
            root.GetProperty("cap") is { ValueKind: JsonValueKind.Object } cap ? CapView.Read(cap) : null,
            root.GetProperty("waitingPeriod") is { ValueKind: JsonValueKind.Object } waiting ? DecisionView.Read(waiting) with { CollectionPeriodEnd = periodEnd } : null,
            parameters,
            root.GetProperty("notes").EnumerateArray().Select(n => n.GetString() ?? "").ToList());
    }

    /// <summary>
    /// Whether the value behind <paramref name="name"/> is a working value (暂定): of the year <paramref name="year"/> when
    /// given — T's collection period, say, when another year's period was read too — else of any year the calculation read.
    /// </summary>
    public bool IsWorkingValue(string name, int? year = null) =>
        Parameters.Any(p => p.Name == name && p.Unconfirmed && (year is null || p.Year == year));

    /// <summary>The enrollment's payment date, known to the page (the form, or the registration): the reason names it.</summary>
    public CalcView WithPayment(DateOnly? paidOn) => Waiting is null ? this : this with { Waiting = Waiting with { PaidOn = paidOn } };

    public static CalcView From(MedicalInsurance.Domain.Calculation.CalculationResult result) =>
        Parse(Registrations.Snapshot(result));

    internal static DateOnly? Date(JsonElement e) =>
        e.ValueKind == JsonValueKind.String ? DateOnly.ParseExact(e.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
}
