using System.Globalization;
using MedicalInsurance.Domain.Calculation;
using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Domain.Provinces;

namespace MedicalInsurance.Domain.UnitTests;

/// <summary>A readable builder of one person's question: <c>Person.In("hebei", 2029).Resident(2025, "2024-11-01")…</c>.</summary>
internal sealed class Person
{
    private readonly List<CoverageRecord> _records = [];
    private readonly string _province;
    private readonly int _year;
    private decimal _cap = 300_000m;
    private DateOnly? _birth;
    private DateOnly _asOf;
    private int _repair;
    private DateOnly? _ended;
    private bool _backPaid;

    private Person(string province, int coverageYear)
    {
        _province = province;
        _year = coverageYear;
        _asOf = new DateOnly(coverageYear, 12, 31);
    }

    public static Person In(string province, int coverageYear) => new(province, coverageYear);

    public static DateOnly D(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public Person Cap(decimal cap)
    {
        _cap = cap;
        return this;
    }

    public Person Resident(int year, string? paidOn = null, decimal? fund = null, decimal catastrophic = 0m, EnrollmentGroup group = EnrollmentGroup.Ordinary) =>
        Add(new CoverageRecord { Year = year, PaidOn = paidOn is null ? null : D(paidOn), FundReimbursed = fund, CatastrophicPaid = catastrophic, Group = group });

    /// <summary>Resident every year in the range, paid on 1 November of the year before, claim-free.</summary>
    public Person ResidentYears(int from, int to)
    {
        for (var y = from; y <= to; y++)
        {
            Resident(y, $"{y - 1}-11-01");
        }

        return this;
    }

    public Person Employee(int year) => Add(new CoverageRecord { Year = year, Scheme = Scheme.Employee });

    public Person Other(int year) => Add(new CoverageRecord { Year = year, Scheme = Scheme.Other });

    public Person BornOn(string date)
    {
        _birth = D(date);
        return this;
    }

    public Person AsOf(string date)
    {
        _asOf = D(date);
        return this;
    }

    public Person Repair(int years)
    {
        _repair = years;
        return this;
    }

    public Person SwitchedAfter(string lastDayOfEmployeeCover, bool backPaid)
    {
        _ended = D(lastDayOfEmployeeCover);
        _backPaid = backPaid;
        return this;
    }

    private Person Add(CoverageRecord record)
    {
        _records.Add(record);
        return this;
    }

    public CalculationInput Input(PolicyCatalog? catalog = null)
    {
        Assert.True((catalog ?? PolicyCatalog.Shipped).TryResolve(_province, null, out var policy), _province);
        return new CalculationInput
        {
            Policy = policy,
            CoverageYear = _year,
            OriginalCap = _cap,
            BirthDate = _birth,
            AsOf = _asOf,
            RepairYears = _repair,
            PreviousCoverageEndedOn = _ended,
            GapBackPaid = _backPaid,
            History = _records.ToArray(),
        };
    }

    public CalculationOutcome Calculate(PolicyCatalog? catalog = null) => EnrollmentCalculator.Calculate(Input(catalog));

    public CalculationResult Result(PolicyCatalog? catalog = null)
    {
        var outcome = Calculate(catalog);
        Assert.True(outcome.Error is null, $"unexpected error: {outcome.Error}");
        return outcome.Result!;
    }

    public CalculationError Error(PolicyCatalog? catalog = null)
    {
        var outcome = Calculate(catalog);
        Assert.True(outcome.Error is not null, $"expected a refusal, got {outcome.Result?.WaitingPeriod}");
        return outcome.Error!;
    }
}
