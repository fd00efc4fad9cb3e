using System.Text.Json;
using System.Text.Json.Nodes;

namespace MedicalInsurance.Domain.UnitTests;

/// <summary>One line of examples.jsonl: a request in the contract's shape and what RULES.md says the answer is.</summary>
public sealed record WorkedExample(string Name, string Why, string RequestJson, JsonObject Expect)
{
    public static IReadOnlyList<WorkedExample> All { get; } = Load(Path.Combine(AppContext.BaseDirectory, "examples.jsonl"));

    public static IReadOnlyList<WorkedExample> Load(string path) =>
        File.ReadLines(path)
            .Where(line => line.Trim().Length > 0)
            .Select(line => JsonNode.Parse(line)!.AsObject())
            .Select(o => new WorkedExample(
                (string)o["name"]!,
                (string)o["why"]!,
                o["request"]!.ToJsonString(),
                o["expect"]!.AsObject()))
            .ToList();

    public string? ExpectedErrorField => Expect["error"]?.GetValue<string>();

    public override string ToString() => Name;

    /// <summary>Compares a response (as the contract writes it) with the expectation; returns the differences.</summary>
    public IReadOnlyList<string> Differences(JsonElement response)
    {
        var differences = new List<string>();
        if (ExpectedErrorField is { } field)
        {
            if (!response.TryGetProperty("error", out var error))
            {
                differences.Add($"expected an error on '{field}', got an answer");
            }
            else if (error.GetProperty("field").GetString() != field)
            {
                differences.Add($"error field: expected '{field}', got '{error.GetProperty("field").GetString()}'");
            }

            return differences;
        }

        if (response.TryGetProperty("error", out var unexpected))
        {
            differences.Add($"unexpected error: {unexpected}");
            return differences;
        }

        var cap = response.GetProperty("cap");
        var decision = response.GetProperty("waitingPeriod");
        Check("capEffective", () => cap.GetProperty("effective").GetDecimal());
        Check("capIncrease", () => cap.GetProperty("increase").GetDecimal());
        Check("capDecrease", () => cap.GetProperty("decrease").GetDecimal());
        Check("reason", () => decision.GetProperty("reason").GetString());
        Check("totalMonths", () => decision.GetProperty("totalMonths").GetInt32());
        Check("benefitsFrom", () => decision.GetProperty("benefitsFrom").GetString());
        return differences;

        void Check<T>(string name, Func<T> actual)
        {
            if (Expect[name] is not { } expected)
            {
                return;
            }

            var got = actual();
            if (!Equals(expected.GetValue<T>(), got) && !(got is decimal d && expected.GetValue<decimal>() == d))
            {
                differences.Add($"{name}: expected {expected}, got {got}");
            }
        }
    }
}
