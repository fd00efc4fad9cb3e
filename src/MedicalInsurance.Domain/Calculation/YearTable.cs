using MedicalInsurance.Domain.Enrollment;

namespace MedicalInsurance.Domain.Calculation;

/// <summary>
/// One person's history laid out by year from <see cref="Low"/> to T, on the stack: who was insured under which
/// scheme, which years are break years (RULES.md §1) and how long each run of breaks is.
/// </summary>
internal ref struct YearTable
{
    private const byte ResidentFlag = 1;
    private const byte EmployeeFlag = 2;
    private const byte OtherFlag = 4;
    private const byte InsuredMask = ResidentFlag | EmployeeFlag | OtherFlag;
    private const byte BreakFlag = 8;
    private const byte FundMissingFlag = 16;

    private readonly Span<byte> _flags;
    private readonly Span<short> _resident;
    private readonly Span<short> _breakRun;

    public YearTable(int low, int high, Span<byte> flags, Span<short> resident, Span<short> breakRun)
    {
        Low = low;
        High = high;
        _flags = flags;
        _resident = resident;
        _breakRun = breakRun;
        _flags.Clear();
        _resident.Fill(-1);
        _breakRun.Clear();
    }

    public int Low { get; }

    public int High { get; }

    public void Add(CoverageRecord record, int index)
    {
        var i = record.Year - Low;
        if (i < 0)
        {
            return;
        }

        switch (record.Scheme)
        {
            case Scheme.Resident:
                _flags[i] |= ResidentFlag;
                _resident[i] = (short)index;
                if (record.FundReimbursed is null)
                {
                    _flags[i] |= FundMissingFlag;
                }

                break;
            case Scheme.Employee:
                _flags[i] |= EmployeeFlag;
                break;
            default:
                _flags[i] |= OtherFlag;
                break;
        }
    }

    /// <summary>
    /// Marks the break years: from <paramref name="startYear"/> on, no record of any scheme, not before the birth year,
    /// and not the birth year when the next year's resident record was paid within <paramref name="newbornDays"/> of birth.
    /// </summary>
    public void MarkBreaks(int startYear, DateOnly? birth, int newbornDays, IReadOnlyList<CoverageRecord> history)
    {
        short run = 0;
        for (var y = Low; y <= High; y++)
        {
            var i = y - Low;
            var isBreak = y >= startYear && (_flags[i] & InsuredMask) == 0 && !(birth is { } b && (y < b.Year || BirthYearCovered(y, b, newbornDays, history)));
            if (isBreak)
            {
                _flags[i] |= BreakFlag;
                run++;
            }
            else
            {
                run = 0;
            }

            _breakRun[i] = run;
        }
    }

    private readonly bool BirthYearCovered(int y, DateOnly birth, int newbornDays, IReadOnlyList<CoverageRecord> history)
    {
        if (y != birth.Year || y + 1 > High)
        {
            return false;
        }

        var next = _resident[y + 1 - Low];
        return next >= 0 && history[next].PaidOn is { } paid && paid <= birth.AddDays(newbornDays);
    }

    public readonly bool IsResident(int year) => In(year) && (_flags[year - Low] & ResidentFlag) != 0;

    public readonly bool IsEmployee(int year) => In(year) && (_flags[year - Low] & EmployeeFlag) != 0;

    public readonly bool IsInsured(int year) => In(year) && (_flags[year - Low] & InsuredMask) != 0;

    public readonly bool IsBreak(int year) => In(year) && (_flags[year - Low] & BreakFlag) != 0;

    public readonly bool ClaimsMissing(int year) => In(year) && (_flags[year - Low] & FundMissingFlag) != 0;

    /// <summary>The history index of the resident record for <paramref name="year"/>, or −1.</summary>
    public readonly int ResidentRecord(int year) => In(year) ? _resident[year - Low] : -1;

    /// <summary>b(R): consecutive break years immediately before <paramref name="year"/>.</summary>
    public readonly int BreakYearsBefore(int year) => In(year - 1) ? _breakRun[year - 1 - Low] : 0;

    private readonly bool In(int year) => year >= Low && year <= High;
}
