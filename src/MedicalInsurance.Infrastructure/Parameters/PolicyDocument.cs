using System.Text.Json;
using System.Text.Json.Nodes;
using MedicalInsurance.Domain.Provinces;

namespace MedicalInsurance.Infrastructure.Parameters;

/// <summary>
/// Converts between the catalog's JSON document (policies.json) and rows of <c>policy_parameters</c>, so the
/// database holds the same data the product ships and the engine reads it through the same loader.
/// </summary>
public static class PolicyDocument
{
    public const string SwitchesName = "switches";

    /// <summary>The rows of the shipped document, citations resolved to their text.</summary>
    public static List<ParameterRow> ShippedRows()
    {
        using var stream = typeof(PolicyCatalog).Assembly.GetManifestResourceStream("MedicalInsurance.Domain.Provinces.policies.json")
            ?? throw new InvalidOperationException("policies.json is not embedded in the Domain assembly");
        var root = JsonNode.Parse(stream)!.AsObject();
        var citations = root["citations"]!.AsObject().ToDictionary(c => c.Key, c => (string)c.Value!);
        var rows = new List<ParameterRow>();
        AddParameters(rows, citations, ParameterRow.Shared, null, root["shared"]?.AsObject());
        AddSwitches(rows, ParameterRow.Shared, root[SwitchesName]?.AsObject());
        foreach (var province in root["provinces"]!.AsArray())
        {
            var id = (string)province!["id"]!;
            AddParameters(rows, citations, id, null, province["parameters"]!.AsObject());
            AddSwitches(rows, id, province[SwitchesName]?.AsObject());
            foreach (var region in province["poolingRegions"]?.AsObject() ?? [])
            {
                AddParameters(rows, citations, id, region.Key, region.Value!["parameters"]!.AsObject());
            }
        }

        return rows;
    }

    private static void AddParameters(List<ParameterRow> rows, Dictionary<string, string> citations, string province, string? region, JsonObject? parameters)
    {
        foreach (var (name, list) in parameters ?? [])
        {
            var position = 0;
            foreach (var entry in list!.AsArray())
            {
                rows.Add(new ParameterRow
                {
                    Province = province,
                    PoolingRegion = region,
                    Name = name,
                    FromYear = (int?)entry!["from"],
                    ToYear = (int?)entry["to"],
                    Value = entry["value"]!.ToJsonString(),
                    Status = (string)entry["status"]!,
                    Citation = citations[(string)entry["citation"]!],
                    Source = "shipped",
                    Position = position++,
                });
            }
        }
    }

    private static void AddSwitches(List<ParameterRow> rows, string province, JsonObject? switches)
    {
        if (switches is not null)
        {
            rows.Add(new ParameterRow
            {
                Province = province,
                Name = SwitchesName,
                Value = switches.ToJsonString(),
                Status = "confirmed",
                Citation = "RULES.md §7",
                Source = "shipped",
            });
        }
    }

    /// <summary>Each province id's name: the province's own from the division list, and the national template.</summary>
    private static readonly IReadOnlyDictionary<string, string> ProvinceNames =
        Regions.RegionDirectory.Shipped.ProvinceNames.Append(new("national", "全国模板")).ToDictionary();

    /// <summary>Builds the catalog from rows.</summary>
    public static PolicyCatalog ToCatalog(IEnumerable<ParameterRow> rows)
    {
        var provinceNames = ProvinceNames;
        var ordered = rows.OrderBy(r => r.Province, StringComparer.Ordinal).ThenBy(r => r.PoolingRegion, StringComparer.Ordinal)
            .ThenBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Position).ToList();
        var citations = new JsonObject();
        foreach (var citation in ordered.Where(r => r.Name != SwitchesName).Select(r => r.Citation).Distinct())
        {
            citations[citation] = citation;
        }

        var root = new JsonObject { ["source"] = "policy_parameters", ["citations"] = citations, ["shared"] = Parameters(ordered, ParameterRow.Shared, null) };
        if (ordered.FirstOrDefault(r => r.Province == ParameterRow.Shared && r.Name == SwitchesName) is { } sharedSwitches)
        {
            root[SwitchesName] = JsonNode.Parse(sharedSwitches.Value);
        }

        var provinces = new JsonArray();
        foreach (var id in ordered.Select(r => r.Province).Where(p => p != ParameterRow.Shared).Distinct())
        {
            var province = new JsonObject
            {
                ["id"] = id,
                ["name"] = provinceNames.TryGetValue(id, out var name) ? name : id,
                ["parameters"] = Parameters(ordered, id, null),
            };
            if (ordered.FirstOrDefault(r => r.Province == id && r.PoolingRegion is null && r.Name == SwitchesName) is { } switches)
            {
                province[SwitchesName] = JsonNode.Parse(switches.Value);
            }

            var regions = new JsonObject();
            foreach (var region in ordered.Where(r => r.Province == id && r.PoolingRegion is not null).Select(r => r.PoolingRegion!).Distinct())
            {
                regions[region] = new JsonObject { ["parameters"] = Parameters(ordered, id, region) };
            }

            if (regions.Count > 0)
            {
                province["poolingRegions"] = regions;
            }

            provinces.Add(province);
        }

        root["provinces"] = provinces;
        return PolicyCatalog.Load(root.ToJsonString());
    }

    private static JsonObject Parameters(List<ParameterRow> rows, string province, string? region)
    {
        var parameters = new JsonObject();
        foreach (var group in rows.Where(r => r.Province == province && r.PoolingRegion == region && r.Name != SwitchesName).GroupBy(r => r.Name))
        {
            var list = new JsonArray();
            foreach (var row in group)
            {
                var entry = new JsonObject();
                if (row.FromYear is { } from)
                {
                    entry["from"] = from;
                }

                if (row.ToYear is { } to)
                {
                    entry["to"] = to;
                }

                entry["value"] = JsonNode.Parse(row.Value);
                entry["status"] = row.Status;
                entry["citation"] = row.Citation;
                list.Add(entry);
            }

            parameters[group.Key] = list;
        }

        return parameters;
    }

    /// <summary>Checks that a value is JSON of some shape before it is stored.</summary>
    public static bool IsJson(string value)
    {
        try
        {
            using var _ = JsonDocument.Parse(value);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
