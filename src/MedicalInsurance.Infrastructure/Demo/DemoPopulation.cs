using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Domain.Persons;
using MedicalInsurance.Infrastructure.Persons;
using MedicalInsurance.Infrastructure.Regions;

namespace MedicalInsurance.Infrastructure.Demo;

/// <summary>
/// A synthetic, realistic population for demos and benchmarks, the same for the same seed: on-time and late payers,
/// breaks, claim-free and claiming years, catastrophic claims above the cap, newborns, switches from employee
/// insurance, discharged service members and special groups, across several counties of the three provinces.
/// Counted breaks start in 2025, so on a date in 2026 the longest counted break is two years; older gaps are there too.
/// </summary>
public sealed class DemoPopulation
{
    /// <summary>The demo counties and their share of the population.</summary>
    public static readonly (string County, double Share)[] Counties =
    [
        ("130102", 0.30), // 石家庄市长安区
        ("130123", 0.20), // 石家庄市正定县
        ("130202", 0.15), // 唐山市路南区
        ("230102", 0.20), // 哈尔滨市道里区
        ("520102", 0.15), // 贵阳市南明区
    ];

    private static readonly string[] Surnames =
    [
        "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗",
        "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧", "程", "曹", "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕",
    ];

    private static readonly string[] GivenCharacters =
    [
        "伟", "芳", "娜", "秀", "英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀",
        "霞", "平", "刚", "桂", "兰", "华", "红", "建", "国", "文", "玉", "春", "海", "云", "峰", "辉", "宇", "浩", "欣", "怡",
        "子", "涵", "梓", "萱", "一", "诺", "俊", "博", "佳", "琪",
    ];

    private readonly Random _random;
    private readonly DateOnly _today;
    private readonly Dictionary<(string, DateOnly), int> _sequences = new();

    public DemoPopulation(int seed, DateOnly today)
    {
        _random = new Random(seed);
        _today = today;
    }

    /// <summary>The next person, with id <paramref name="id"/>, and the whole file.</summary>
    public PersonFile Next(long id)
    {
        var county = PickCounty();
        var city = RegionDirectory.Shipped.CityOf(county)!;
        var kind = _random.NextDouble();
        var birth = kind < 0.03
            ? new DateOnly(_today.Year - _random.Next(0, 2), 1, 1).AddDays(_random.Next(0, 365))
            : new DateOnly(_today.Year - 1 - _random.Next(0, 90), 1, 1).AddDays(_random.Next(0, 365));
        if (birth > _today.AddDays(-1))
        {
            birth = _today.AddDays(-_random.Next(1, 200));
        }

        var person = new Person
        {
            Id = id,
            IdNumber = NewIdNumber(county, birth, _random.Next(2) == 0 ? Sex.Female : Sex.Male),
            Name = Surnames[_random.Next(Surnames.Length)] + GivenCharacters[_random.Next(GivenCharacters.Length)] + (_random.Next(3) == 0 ? "" : GivenCharacters[_random.Next(GivenCharacters.Length)]),
            BirthDate = birth,
            Sex = Sex.Female,
            HouseholdCounty = county,
            Phone = "1" + (30 + _random.Next(60)).ToString(System.Globalization.CultureInfo.InvariantCulture) + _random.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        person.Sex = IdNumber.Parse(person.IdNumber).Sex;
        if (_random.Next(200) == 0)
        {
            person.Notes = "老人老办法：保留原地方连续参保提高报销比例待遇";
        }

        if (kind < 0.03)
        {
            Newborn(person, city);
        }
        else
        {
            Adult(person, city, kind);
        }

        return new PersonFile(person);
    }

    private string PickCounty()
    {
        var x = _random.NextDouble();
        foreach (var (county, share) in Counties)
        {
            if ((x -= share) < 0)
            {
                return county;
            }
        }

        return Counties[^1].County;
    }

    private string NewIdNumber(string county, DateOnly birth, Sex sex)
    {
        var key = (county, birth);
        var n = _sequences.TryGetValue(key, out var used) ? used + 1 : 0;
        _sequences[key] = n;
        // Three digits: two from the counter, the last odd for men.
        var sequence = (n % 500) * 2 + (sex == Sex.Male ? 1 : 0);
        var first17 = $"{county}{birth:yyyyMMdd}{sequence:D3}";
        return first17 + IdNumber.CheckCharacter(first17);
    }

    private void Newborn(Person person, string city)
    {
        var birth = person.BirthDate;
        var days = _random.Next(10) < 8 ? _random.Next(0, 90) : _random.Next(91, 200);
        var paid = Min(birth.AddDays(days), _today);
        var year = paid.Year > birth.Year && _random.Next(2) == 0 ? birth.Year + 1 : birth.Year;
        if (paid.Year > year)
        {
            paid = new DateOnly(year, 12, 31) < _today ? new DateOnly(year, 12, _random.Next(1, 29)) : paid;
        }

        AddResident(person, year, Min(paid, _today), EnrollmentGroup.Ordinary, city);
        for (var y = year + 1; y <= _today.Year; y++)
        {
            AddResident(person, y, OnTime(y), EnrollmentGroup.Ordinary, city);
        }

        NextYear(person, city);
    }

    private void Adult(Person person, string city, double kind)
    {
        var first = Math.Max(person.BirthDate.Year, 2020);
        switch (kind)
        {
            case < 0.58:
                // Continuous, on time.
                for (var y = first; y <= _today.Year; y++)
                {
                    AddResident(person, y, OnTime(y), EnrollmentGroup.Ordinary, city);
                }

                NextYear(person, city);
                break;
            case < 0.66:
                // Continuous, one late payment since 2025.
                var late = _random.Next(2025, _today.Year + 1);
                for (var y = first; y <= _today.Year; y++)
                {
                    AddResident(person, y, y == late ? Late(y) : OnTime(y), EnrollmentGroup.Ordinary, city);
                }

                NextYear(person, city);
                break;
            case < 0.78:
                // A break: one or two counted years (2025, 2026), or a long gap from before 2025, then a return.
                var breakFrom = _random.Next(2, 5) == 2 ? _random.Next(2019, 2025) : 2025;
                var returnYear = Math.Min(_today.Year + 1, _random.Next(Math.Max(breakFrom + 1, 2026), _today.Year + 2));
                for (var y = first; y < breakFrom; y++)
                {
                    AddResident(person, y, OnTime(y), EnrollmentGroup.Ordinary, city);
                }

                for (var y = returnYear; y <= _today.Year + 1; y++)
                {
                    var paid = y > _today.Year ? CollectionDay() : _random.Next(3) == 0 ? Late(y) : OnTime(y);
                    AddResident(person, y, paid, EnrollmentGroup.Ordinary, city);
                }

                break;
            case < 0.88:
                // Employee insurance, then a switch to resident insurance this year.
                for (var y = first; y < _today.Year; y++)
                {
                    person.Coverages.Add(Other(person, y, Scheme.Employee));
                }

                person.Coverages.Add(Other(person, _today.Year, Scheme.Employee));
                AddResident(person, _today.Year, Min(new DateOnly(_today.Year, _random.Next(2, 10), _random.Next(1, 28)), _today), EnrollmentGroup.Ordinary, city);
                NextYear(person, city);
                break;
            case < 0.91:
                // A service member discharged this year: military care before, resident insurance now, exempt.
                for (var y = first; y < _today.Year; y++)
                {
                    person.Coverages.Add(Other(person, y, Scheme.Other));
                }

                AddResident(person, _today.Year, Min(new DateOnly(_today.Year, _random.Next(3, 11), _random.Next(1, 28)), _today), _random.Next(4) == 0 ? EnrollmentGroup.VeteranSpouse : EnrollmentGroup.Veteran, city);
                NextYear(person, city);
                break;
            case < 0.95:
                // Special groups: medical assistance funds the contribution, or hardship; sometimes paid late.
                var group = _random.Next(2) == 0 ? EnrollmentGroup.MedicalAid : EnrollmentGroup.Hardship;
                for (var y = first; y <= _today.Year; y++)
                {
                    AddResident(person, y, y >= 2025 && _random.Next(3) == 0 ? Late(y) : OnTime(y), group, city);
                }

                NextYear(person, city);
                break;
            default:
                // In the file but insured elsewhere or not at all lately: a few old years only.
                for (var y = first; y < Math.Min(2024, _today.Year); y++)
                {
                    AddResident(person, y, OnTime(y), EnrollmentGroup.Ordinary, city);
                }

                break;
        }
    }

    /// <summary>Most of those insured this year have already paid for next year during the open collection period.</summary>
    private void NextYear(Person person, string city)
    {
        if (_today.Month >= 9 && _random.Next(10) < 6)
        {
            AddResident(person, _today.Year + 1, CollectionDay(), person.Coverages.LastOrDefault()?.Group ?? EnrollmentGroup.Ordinary, city);
        }
    }

    /// <summary>A day of this autumn's collection period up to today, evenly (not piled up on today).</summary>
    private DateOnly CollectionDay()
    {
        var from = new DateOnly(_today.Year, 9, 1);
        var days = Math.Min(110, _today.DayNumber - from.DayNumber);
        return days < 0 ? _today : from.AddDays(_random.Next(0, days + 1));
    }

    private DateOnly OnTime(int year) => new DateOnly(year - 1, 9, 1).AddDays(_random.Next(0, 115));

    private DateOnly Late(int year) => Min(new DateOnly(year, 3, 1).AddDays(_random.Next(0, 180)), _today);

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static DateOnly? CollectionOpens(string county, int year) =>
        Domain.Provinces.PolicyCatalog.Shipped.TryResolve(RegionDirectory.Shipped.PolicyOf(county), null, out var policy)
            && policy.ForYear(year) is { CollectionPeriod: { } period } yearPolicy && year >= yearPolicy.StartYear.Value
            ? period.Value.From
            : null;

    private void AddResident(Person person, int year, DateOnly paid, EnrollmentGroup group, string city)
    {
        if (paid < person.BirthDate)
        {
            paid = person.BirthDate;
        }

        // Payment opens with the year's collection period in the person's province (Hebei 2026: 20 October).
        if (CollectionOpens(person.HouseholdCounty, year) is { } opens && paid < opens)
        {
            paid = Min(opens.AddDays(_random.Next(0, 50)), _today);
        }

        person.Coverages.Add(new Coverage
        {
            PersonId = person.Id,
            Year = year,
            Scheme = Scheme.Resident,
            PaidOn = paid,
            Amount = year <= 2024 ? 380m : 400m,
            Group = group,
            PoolingRegion = city,
            Origin = CoverageOrigin.Import,
        });
        if (year >= _today.Year || year < 2023)
        {
            return;
        }

        // Claims of past years: mostly none, some outpatient, a few catastrophic payouts above the cap; some missing.
        var draw = _random.Next(100);
        if (draw < 10)
        {
            return;
        }

        var (fund, catastrophic) = draw switch
        {
            < 62 => (0m, 0m),
            < 98 => (_random.Next(100, 20_000), 0m),
            _ => (450_000m, 300_000m + _random.Next(1, 100_000)),
        };
        person.Claims.Add(new ClaimSummary { PersonId = person.Id, Year = year, FundReimbursed = fund, CatastrophicPaid = catastrophic });
    }

    private static Coverage Other(Person person, int year, Scheme scheme) => new()
    {
        PersonId = person.Id,
        Year = year,
        Scheme = scheme,
        Origin = scheme == Scheme.Employee ? CoverageOrigin.Import : CoverageOrigin.OtherPublicCover,
    };
}
