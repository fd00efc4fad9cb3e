using System.Globalization;
using System.Text.Json;

namespace MedicalInsurance.Web.Components.Calculation;

/// <summary>A parameter the calculation used; <see cref="Status"/> is confirmed, interpretation (解释口径) or unconfirmed (暂定).</summary>
public sealed record ParameterView(string Name, int Year, string Value, string Status, string Citation)
{
    public bool Confirmed => Status == "confirmed";

    public bool Unconfirmed => Status == "unconfirmed";

    public bool Interpretation => Status == "interpretation";

    internal static ParameterView Read(JsonElement e) => new(
        e.GetProperty("name").GetString()!, e.GetProperty("year").GetInt32(),
        e.GetProperty("value") is { ValueKind: JsonValueKind.Number } n ? n.GetDecimal().ToString("#,0.##", CultureInfo.InvariantCulture) : e.GetProperty("value").GetString() ?? "",
        e.GetProperty("status").GetString()!, e.GetProperty("citation").GetString()!);
}
