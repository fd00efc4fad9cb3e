using System.Globalization;
using System.Text.Json;
using MedicalInsurance.Domain.Enrollment;

namespace MedicalInsurance.Domain.Provinces;

/// <summary>
/// Every province's parameters, read from data (the shipped <c>policies.json</c>, or another document of the same
/// shape): no province name or number lives in rule code. A value is looked up for a year in the pooling region's
/// rows, then the province's, then the shared ones; within a list the first row whose validity covers the year wins.
/// </summary>
public sealed class PolicyCatalog
{
    private static readonly Lazy<PolicyCatalog> ShippedCatalog = new(LoadShipped);

    private readonly Dictionary<string, RegionPolicy> _provinces;
    private readonly Dictionary<(string Province, string Region), RegionPolicy> _regions;

    private PolicyCatalog(Dictionary<string, RegionPolicy> provinces, Dictionary<(string, string), RegionPolicy> regions, IReadOnlySet<string> citations, string source)
    {
        _provinces = provinces;
        _regions = regions;
        KnownCitations = citations;
        Source = source;
    }

    /// <summary>The parameters shipped with the product (shared/policy/PARAMETERS.md).</summary>
    public static PolicyCatalog Shipped => ShippedCatalog.Value;

    /// <summary>Every citation text the data defines: a result may cite nothing else.</summary>
    public IReadOnlySet<string> KnownCitations { get; }

    public string Source { get; }

    public IEnumerable<string> ProvinceIds => _provinces.Keys;

    /// <summary>
    /// The policy of <paramref name="provinceId"/>, with <paramref name="poolingRegion"/>'s overrides where the data has
    /// any; false for an unknown province.
    /// </summary>
    public bool TryResolve(string provinceId, string? poolingRegion, out RegionPolicy policy)
    {
        if (poolingRegion is not null && _regions.TryGetValue((provinceId, poolingRegion), out policy!))
        {
            return true;
        }

        return _provinces.TryGetValue(provinceId, out policy!);
    }

    public static PolicyCatalog Load(string json)
    {
        using var document = JsonDocument.Parse(json);
        return new Loader(document.RootElement).Build();
    }

    private static PolicyCatalog LoadShipped()
    {
        var assembly = typeof(PolicyCatalog).Assembly;
        using var stream = assembly.GetManifestResourceStream("MedicalInsurance.Domain.Provinces.policies.json")
            ?? throw new InvalidOperationException("policies.json is not embedded in the Domain assembly");
        using var reader = new StreamReader(stream);
        return Load(reader.ReadToEnd());
    }

    private sealed class Loader(JsonElement root)
    {
        private readonly Dictionary<string, string> _citations = ReadCitations(root);

        public PolicyCatalog Build()
        {
            var shared = root.TryGetProperty("shared", out var s) ? s : default;
            var defaultSwitches = ReadSwitches(root, PolicySwitches.Defaults);
            var provinces = new Dictionary<string, RegionPolicy>(StringComparer.Ordinal);
            var regions = new Dictionary<(string, string), RegionPolicy>();
            foreach (var province in root.GetProperty("provinces").EnumerateArray())
            {
                var id = province.GetProperty("id").GetString() ?? throw Fail("a province without an id");
                var name = province.TryGetProperty("name", out var n) ? n.GetString() ?? id : id;
                var parameters = province.GetProperty("parameters");
                var switches = new PolicySwitches { Values = ReadSwitches(province, defaultSwitches) };
                if (!provinces.TryAdd(id, BuildRegion(id, name, null, [parameters, shared], switches)))
                {
                    throw Fail($"province '{id}' appears twice");
                }

                if (province.TryGetProperty("poolingRegions", out var pooling))
                {
                    var locked = !RegionalOverridesAllowed(parameters, shared);
                    foreach (var region in pooling.EnumerateObject())
                    {
                        var overrides = region.Value.GetProperty("parameters");
                        if (locked && LockedForRegions.FirstOrDefault(n => overrides.TryGetProperty(n, out _)) is { } lockedName)
                        {
                            throw Fail($"{id}/{region.Name}: {lockedName} is set province-wide; pooling regions may not override it");
                        }

                        regions[(id, region.Name)] = BuildRegion(id, name, region.Name, [overrides, parameters, shared], switches);
                    }
                }
            }

            var source = root.TryGetProperty("source", out var src) ? src.GetString() ?? "" : "";
            return new PolicyCatalog(provinces, regions, _citations.Values.ToHashSet(StringComparer.Ordinal), source);
        }

        private RegionPolicy BuildRegion(string id, string name, string? region, JsonElement[] layers, PolicySwitches switches)
        {
            var years = new YearPolicy[RegionPolicy.MaxYear - RegionPolicy.MinYear + 1];
            for (var year = RegionPolicy.MinYear; year <= RegionPolicy.MaxYear; year++)
            {
                var lookup = new YearLookup(this, layers, year, $"{id}{(region is null ? "" : "/" + region)}");
                var start = lookup.Required("startYear", e => e.GetInt32(), v => Number(v));
                var active = year >= start.Value;
                years[year - RegionPolicy.MinYear] = new YearPolicy
                {
                    Year = year,
                    StartYear = start,
                    Switches = switches,
                    ContinuousStepFromRunYear = lookup.Get("continuousStepFromRunYear", e => e.GetInt32(), v => Number(v), active),
                    StepAmount = lookup.Get("stepAmount", ReadCapAmount, v => Text(v.ToString()), active, numberOf: v => v.Amount),
                    IncentiveCeilingPercent = lookup.Get("incentiveCeiling", e => e.GetProperty("percentOfCap").GetDecimal(), v => Text(Percent(v)), active),
                    Penalty = lookup.Get("penalty", ReadPenalty, v => Text(Describe(v)), active, numberOf: v => v.Kind == PenaltyKind.PerBreakYear ? v.Unit.Amount : null),
                    PenaltyCeilingPercent = lookup.Get("penaltyCeiling", e => e.GetProperty("percentOfCap").GetDecimal(), v => Text(Percent(v)), active),
                    ExemptGroups = lookup.Get("exemptGroups", ReadGroups, v => Text(DescribeGroups(v)), active),
                    FixedWaitingMonths = lookup.Get("fixedWaitingMonths", e => e.GetInt32(), v => Number(v), active),
                    WaitingFloor = lookup.Get("waitingFloor", e => new WaitingFloor(e.GetProperty("months").GetInt32(), e.GetProperty("fromBreakYears").GetInt32()),
                        v => Text($"{v.Months}个月（断缴{v.FromBreakYears}年及以上）"), active),
                    CollectionPeriod = lookup.Get("collectionPeriod", e => ReadPeriod(e, year), v => Text(v.ToString()), active),
                    ContributionStandard = lookup.Get("contributionStandard", e => e.GetDecimal(), v => Number(v), active),
                    NewbornDays = lookup.Get("newbornDays", e => e.GetInt32(), v => Number(v), active),
                    SwitchWindowMonths = lookup.Get("switchWindowMonths", e => e.GetInt32(), v => Number(v), active),
                    SwitchMinInsuredYears = lookup.Get("switchMinInsuredYears", e => e.GetInt32(), v => Number(v), active),
                    WaitingStartsOn = lookup.Get("waitingStartsOn", ReadWaitingStart, v => Text(v == WaitingStart.PaymentDate ? "缴费之日" : "缴费之日与参保年度1月1日中较晚者"), active),
                    OriginalCap = lookup.Get("originalCap", e => e.GetDecimal(), v => Number(v), required: false),
                };
            }

            return new RegionPolicy(id, name, region, years);
        }

        /// <summary>The incentive and penalty values a province may forbid its pooling regions to vary (Hebei 一: "各地不得再出台相关政策").</summary>
        private static readonly string[] LockedForRegions = ["continuousStepFromRunYear", "stepAmount", "incentiveCeiling", "penalty", "penaltyCeiling"];

        private static bool RegionalOverridesAllowed(params JsonElement[] layers)
        {
            foreach (var layer in layers)
            {
                if (layer.ValueKind == JsonValueKind.Object && layer.TryGetProperty("regionalOverrides", out var rows))
                {
                    foreach (var row in rows.EnumerateArray())
                    {
                        return row.GetProperty("value").GetBoolean();
                    }
                }
            }

            return true;
        }

        private static WaitingStart ReadWaitingStart(JsonElement e) => e.GetString() switch
        {
            "paymentDate" => WaitingStart.PaymentDate,
            "laterOfPaymentAndYearStart" => WaitingStart.LaterOfPaymentAndYearStart,
            var v => throw Fail($"unknown waitingStartsOn '{v}'"),
        };

        public string Citation(string key, string where) =>
            _citations.TryGetValue(key, out var text) && text.Length > 0
                ? text
                : throw Fail($"{where}: unknown citation '{key}'");

        private static Dictionary<string, string> ReadCitations(JsonElement root)
        {
            var citations = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var c in root.GetProperty("citations").EnumerateObject())
            {
                var text = c.Value.GetString();
                if (string.IsNullOrWhiteSpace(text))
                {
                    throw Fail($"citation '{c.Name}' is empty");
                }

                citations[c.Name] = text;
            }

            return citations;
        }

        private static Dictionary<string, string> ReadSwitches(JsonElement element, IReadOnlyDictionary<string, string> inherited)
        {
            var values = new Dictionary<string, string>(inherited, StringComparer.Ordinal);
            if (!element.TryGetProperty("switches", out var switches))
            {
                return values;
            }

            foreach (var s in switches.EnumerateObject())
            {
                if (!PolicySwitches.Defaults.TryGetValue(s.Name, out var built))
                {
                    throw Fail($"unknown switch '{s.Name}'");
                }

                var value = s.Value.GetString();
                if (value != built)
                {
                    throw Fail($"switch {s.Name}={value} is a known alternative reading that is not built yet (only '{built}' is)");
                }

                values[s.Name] = value;
            }

            return values;
        }

        private static CapAmount ReadCapAmount(JsonElement e) =>
            e.TryGetProperty("amount", out var a) ? new CapAmount(a.GetDecimal(), null)
            : e.TryGetProperty("percentOfCap", out var p) ? new CapAmount(null, p.GetDecimal())
            : throw Fail("an amount needs 'amount' or 'percentOfCap'");

        private static PenaltyRule ReadPenalty(JsonElement e)
        {
            var kind = e.GetProperty("kind").GetString() switch
            {
                "none" => PenaltyKind.None,
                "perBreakYear" => PenaltyKind.PerBreakYear,
                "perReturn" => PenaltyKind.PerReturn,
                var k => throw Fail($"unknown penalty kind '{k}'"),
            };
            return new PenaltyRule(kind, kind == PenaltyKind.None ? new CapAmount(0m, null) : ReadCapAmount(e));
        }

        private static int ReadGroups(JsonElement e)
        {
            var mask = 0;
            foreach (var g in e.EnumerateArray())
            {
                var name = g.GetString() ?? "";
                if (!Enum.TryParse<EnrollmentGroup>(name, ignoreCase: true, out var group) || group == EnrollmentGroup.Ordinary || !char.IsLower(name[0]))
                {
                    throw Fail($"unknown exempt group '{name}'");
                }

                mask |= 1 << (int)group;
            }

            return mask;
        }

        private static CollectionPeriod ReadPeriod(JsonElement e, int year)
        {
            if (e.TryGetProperty("from", out var from))
            {
                var period = new CollectionPeriod(ParseDate(from), ParseDate(e.GetProperty("to")));
                return period.To >= period.From ? period : throw Fail($"collection period {period} ends before it starts");
            }

            // A standing rule: month-days in the year before the coverage year; an end before the start falls in the year itself.
            var start = ParseMonthDay(e.GetProperty("fromMonthDay"), year - 1);
            var end = ParseMonthDay(e.GetProperty("toMonthDay"), year - 1);
            return new CollectionPeriod(start, end < start ? end.AddYears(1) : end);
        }

        private static DateOnly ParseDate(JsonElement e) =>
            DateOnly.ParseExact(e.GetString() ?? "", "yyyy-MM-dd", CultureInfo.InvariantCulture);

        private static DateOnly ParseMonthDay(JsonElement e, int year) =>
            DateOnly.ParseExact($"{year:D4}-{e.GetString()}", "yyyy-MM-dd", CultureInfo.InvariantCulture);

        private static string Percent(decimal v) => $"{v.ToString(CultureInfo.InvariantCulture)}%";

        private static string Describe(PenaltyRule p) => p.Kind switch
        {
            PenaltyKind.None => "无",
            PenaltyKind.PerBreakYear => $"每断保1年降低{p.Unit}",
            _ => $"每次断保后再参保降低{p.Unit}",
        };

        private static string DescribeGroups(int mask) =>
            mask == 0 ? "新生儿" : "新生儿、" + string.Join("、", EnrollmentGroups.All.Where(g => (mask & (1 << (int)g)) != 0).Select(EnrollmentGroups.Label));

        private static (decimal? Number, string? Text) Number(decimal v) => (v, null);

        private static (decimal? Number, string? Text) Text(string v) => (null, v);

        internal static InvalidDataException Fail(string message) => new($"policy data: {message}");
    }

    private readonly struct YearLookup(Loader loader, JsonElement[] layers, int year, string where)
    {
        public Resolved<T> Required<T>(string name, Func<JsonElement, T> read, Func<T, (decimal?, string?)> display) =>
            Get(name, read, display, required: true) ?? throw Loader.Fail($"{where}: no {name} for {year}");

        public Resolved<T>? Get<T>(string name, Func<JsonElement, T> read, Func<T, (decimal?, string?)> display, bool required, Func<T, decimal?>? numberOf = null)
        {
            foreach (var layer in layers)
            {
                if (layer.ValueKind != JsonValueKind.Object || !layer.TryGetProperty(name, out var rows))
                {
                    continue;
                }

                foreach (var row in rows.EnumerateArray())
                {
                    var from = row.TryGetProperty("from", out var f) ? f.GetInt32() : int.MinValue;
                    var to = row.TryGetProperty("to", out var t) ? t.GetInt32() : int.MaxValue;
                    if (year < from || year > to)
                    {
                        continue;
                    }

                    var value = read(row.GetProperty("value"));
                    var status = row.GetProperty("status").GetString() switch
                    {
                        "confirmed" => ParameterStatus.Confirmed,
                        "unconfirmed" => ParameterStatus.Unconfirmed,
                        "interpretation" => ParameterStatus.Interpretation,
                        var s => throw Loader.Fail($"{where}: {name} has unknown status '{s}'"),
                    };
                    var citation = loader.Citation(row.GetProperty("citation").GetString() ?? "", $"{where} {name}");
                    var (number, text) = display(value);
                    if (numberOf?.Invoke(value) is { } n)
                    {
                        (number, text) = (n, null);
                    }

                    return new Resolved<T>(value, new PolicyParameter(name, year, number, text, status, citation));
                }
            }

            return required ? throw Loader.Fail($"{where}: no {name} for {year}") : null;
        }
    }
}
