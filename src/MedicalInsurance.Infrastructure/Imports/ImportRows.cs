using System.Globalization;
using MedicalInsurance.Domain.Enrollment;
using MedicalInsurance.Domain.Persons;
using MedicalInsurance.Domain.Provinces;
using MedicalInsurance.Infrastructure.Regions;

namespace MedicalInsurance.Infrastructure.Imports;

/// <summary>
/// The columns of the two import files (Chinese or English headers) and the validation of each cell: ID numbers as text
/// (a number Excel mangled is refused and said so), dates as 2024-11-02, 2024/11/2, 20241102 or an Excel serial.
/// </summary>
public sealed class ImportRows
{
    private static readonly Dictionary<string, string[]> Aliases = new(StringComparer.Ordinal)
    {
        ["idNumber"] = ["身份证号", "身份证号码", "公民身份号码", "证件号码", "idnumber"],
        ["name"] = ["姓名", "name"],
        ["year"] = ["参保年度", "缴费年度", "年度", "coverageyear", "year"],
        ["paidOn"] = ["缴费日期", "缴费时间", "到账日期", "paidon"],
        ["amount"] = ["缴费金额", "金额", "amount"],
        ["scheme"] = ["险种", "参保险种", "scheme"],
        ["group"] = ["人员类别", "参保人员类别", "人员身份", "group"],
        ["region"] = ["缴费地区", "参保地", "参保地区", "行政区划代码", "region"],
        ["fundReimbursed"] = ["基金支付", "统筹基金支付", "医保基金支付", "基金报销", "fundreimbursed"],
        ["catastrophicPaid"] = ["大病保险支付", "大病支付", "catastrophicpaid"],
        ["sex"] = ["性别", "sex"],
        ["birthDate"] = ["出生日期", "birthdate"],
        ["householdCounty"] = ["户籍地区", "户籍地区代码", "户籍地", "户籍所在地", "householdcounty"],
        ["householdTownship"] = ["户籍乡镇", "户籍乡镇代码", "户籍乡镇（街道）", "householdtownship"],
        ["residenceCounty"] = ["居住地区", "居住地区代码", "居住地", "常住地区", "residencecounty"],
        ["residenceTownship"] = ["居住乡镇", "居住乡镇代码", "居住乡镇（街道）", "常住乡镇", "residencetownship"],
        ["householdNumber"] = ["户号", "householdnumber"],
        ["status"] = ["状态", "人员状态", "户籍状态", "status"],
        ["statusDate"] = ["状态日期", "变动日期", "statusdate"],
        ["certificate"] = ["出生医学证明编号", "出生证明编号", "出生医学证明号", "出生证编号", "birthcertificate"],
        ["motherIdNumber"] = ["母亲身份证号", "母亲身份证号码", "母亲公民身份号码", "母亲证件号码", "motheridnumber"],
    };

    public static readonly IReadOnlyDictionary<string, string> FieldNames = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["idNumber"] = "身份证号",
        ["name"] = "姓名",
        ["year"] = "参保年度",
        ["paidOn"] = "缴费日期",
        ["amount"] = "缴费金额",
        ["scheme"] = "险种",
        ["group"] = "人员类别",
        ["region"] = "缴费地区",
        ["fundReimbursed"] = "基金支付",
        ["catastrophicPaid"] = "大病保险支付",
        ["file"] = "档案",
        ["sex"] = "性别",
        ["birthDate"] = "出生日期",
        ["householdCounty"] = "户籍地区",
        ["householdTownship"] = "户籍乡镇",
        ["residenceCounty"] = "居住地区",
        ["residenceTownship"] = "居住乡镇",
        ["householdNumber"] = "户号",
        ["status"] = "状态",
        ["statusDate"] = "状态日期",
        ["certificate"] = "出生医学证明编号",
        ["motherIdNumber"] = "母亲身份证号",
    };

    private static readonly DateOnly ExcelEpoch = new(1899, 12, 30);

    private readonly Dictionary<string, int> _columns;
    private readonly DateOnly _today;
    private readonly RegionDirectory _regions;

    private ImportRows(Dictionary<string, int> columns, DateOnly today, RegionDirectory regions) => (_columns, _today, _regions) = (columns, today, regions);

    /// <summary>Maps the header; a file without the kind's required columns is not a table of that kind.</summary>
    public static ImportRows For(ImportKind kind, string[] header, DateOnly today, RegionDirectory regions)
    {
        ArgumentNullException.ThrowIfNull(header);
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            var name = header[i].Trim().ToLowerInvariant();
            foreach (var (field, aliases) in Aliases)
            {
                if (aliases.Contains(name) && !columns.ContainsKey(field))
                {
                    columns[field] = i;
                }
            }
        }

        string[] required = kind switch
        {
            ImportKind.Payments => ["idNumber", "name", "year", "paidOn", "scheme", "region"],
            ImportKind.Claims => ["idNumber", "year", "fundReimbursed", "catastrophicPaid"],
            ImportKind.Births => ["certificate", "birthDate", "motherIdNumber", "residenceCounty"],
            _ => ["idNumber", "name", "householdCounty", "householdTownship", "householdNumber", "status"],
        };
        var missing = required.Where(f => !columns.ContainsKey(f)).Select(f => FieldNames[f]).ToList();
        if (missing.Count > 0)
        {
            var kindName = kind switch { ImportKind.Payments => "缴费记录", ImportKind.Claims => "结算汇总", ImportKind.Births => "出生信息", _ => "人口信息" };
            throw new NotATableException($"不是{kindName}表：缺少列 {string.Join("、", missing)}（表头为：{string.Join(",", header.Take(12))}）。");
        }

        return new ImportRows(columns, today, regions);
    }

    public (PaymentRow? Row, RowError? Error) Payment(RawCell[] cells)
    {
        var (id, idError) = Id(cells);
        if (idError is not null)
        {
            return (null, idError);
        }

        var name = Text(cells, "name").Trim();
        if (name.Length is 0 or > 50)
        {
            return (null, new("name", name.Length == 0 ? "姓名为空" : "姓名超过50个字"));
        }

        var (year, yearError) = Year(cells);
        if (yearError is not null)
        {
            return (null, yearError);
        }

        if (Date(Cell(cells, "paidOn")) is not { } paidOn)
        {
            return (null, new("paidOn", $"缴费日期“{Cell(cells, "paidOn")}”无法识别（应为2024-11-02、2024/11/2、20241102或Excel日期）"));
        }

        if (paidOn > _today)
        {
            return (null, new("paidOn", $"缴费日期{paidOn:yyyy-MM-dd}晚于今天"));
        }

        decimal? amount = null;
        if (_columns.ContainsKey("amount") && !Cell(cells, "amount").IsEmpty)
        {
            var (a, problem) = Yuan(Cell(cells, "amount"), 10_000_000m);
            if (problem is not null)
            {
                return (null, new("amount", $"缴费金额“{Cell(cells, "amount")}”{problem}"));
            }

            amount = a;
        }

        if (SchemeOf(Text(cells, "scheme")) is not { } scheme)
        {
            return (null, new("scheme", $"险种“{Text(cells, "scheme")}”无法识别（居民、职工或其他）"));
        }

        // Without the column everyone is ordinary; with it, an empty cell is too.
        if (GroupOf(Text(cells, "group")) is not { } group)
        {
            return (null, new("group", $"人员类别“{Text(cells, "group")}”无法识别"));
        }

        var county = Text(cells, "region").Trim();
        // Any county of the country: cover held elsewhere (外地参保) counts like local cover (RULES §1).
        if (!_regions.IsCountyLevel(county))
        {
            return (null, new("region", $"缴费地区“{county}”不是现行县（区）代码"));
        }

        return (new PaymentRow(id!.Value.Value, name, id.Value.BirthDate, id.Value.Sex, year, scheme, paidOn, amount, group, county), null);
    }

    public (ClaimRow? Row, RowError? Error) Claim(RawCell[] cells)
    {
        var (id, idError) = Id(cells);
        if (idError is not null)
        {
            return (null, idError);
        }

        var (year, yearError) = Year(cells);
        if (yearError is not null)
        {
            return (null, yearError);
        }

        var (fund, fundProblem) = Money(cells, "fundReimbursed");
        if (fundProblem is not null)
        {
            return (null, new("fundReimbursed", $"基金支付“{Cell(cells, "fundReimbursed")}”{fundProblem}"));
        }

        var (catastrophic, catastrophicProblem) = Money(cells, "catastrophicPaid");
        if (catastrophicProblem is not null)
        {
            return (null, new("catastrophicPaid", $"大病保险支付“{Cell(cells, "catastrophicPaid")}”{catastrophicProblem}"));
        }

        if (catastrophic > fund)
        {
            return (null, new("catastrophicPaid", "大病保险支付不能大于基金支付合计（合计含大病保险）"));
        }

        return (new ClaimRow(id!.Value.Value, year, fund, catastrophic), null);
    }

    /// <summary>
    /// A row of the population extract: the ID number (birth date and sex are read from it; the columns, where given, must
    /// agree), the registered county (a county of a province this system serves) and township (whose first six digits are
    /// that county), the optional residence anywhere in the country, the household number, and the status with its date
    /// (required for a death or a move-out).
    /// </summary>
    public (PopulationRow? Row, RowError? Error) Population(RawCell[] cells)
    {
        var (id, idError) = Id(cells);
        if (idError is not null)
        {
            return (null, idError);
        }

        var identity = id!.Value;
        var name = Text(cells, "name").Trim();
        if (name.Length is 0 or > 50)
        {
            return (null, new("name", name.Length == 0 ? "姓名为空" : "姓名超过50个字"));
        }

        if (_columns.ContainsKey("sex") && Text(cells, "sex").Trim() is { Length: > 0 } sexText)
        {
            if (SexOf(sexText) is not { } sex)
            {
                return (null, new("sex", $"性别“{sexText}”无法识别（男或女）"));
            }

            if (sex != identity.Sex)
            {
                return (null, new("sex", $"性别“{sexText}”与身份证号不符"));
            }
        }

        if (_columns.ContainsKey("birthDate") && !Cell(cells, "birthDate").IsEmpty)
        {
            if (Date(Cell(cells, "birthDate")) is not { } birth)
            {
                return (null, new("birthDate", $"出生日期“{Cell(cells, "birthDate")}”无法识别"));
            }

            if (birth != identity.BirthDate)
            {
                return (null, new("birthDate", $"出生日期{birth:yyyy-MM-dd}与身份证号中的{identity.BirthDate:yyyy-MM-dd}不符"));
            }
        }

        var county = Text(cells, "householdCounty").Trim();
        if (!_regions.IsCountyLevel(county))
        {
            return (null, new("householdCounty", $"户籍地区“{county}”不是现行县（区）代码"));
        }

        if (!_regions.IsServed(county))
        {
            return (null, new("householdCounty", $"户籍地区{county}不在本系统所辖省份"));
        }

        var (township, townshipError) = TownshipCode(Text(cells, "householdTownship"), "householdTownship", "户籍乡镇", county);
        if (townshipError is not null)
        {
            return (null, townshipError);
        }

        if (township is null)
        {
            return (null, new("householdTownship", "户籍乡镇为空"));
        }

        string? residenceCounty = null;
        string? residenceTownship = null;
        var residenceText = _columns.ContainsKey("residenceCounty") ? Text(cells, "residenceCounty").Trim() : "";
        var residenceTownshipText = _columns.ContainsKey("residenceTownship") ? Text(cells, "residenceTownship").Trim() : "";
        if (residenceText.Length > 0 || residenceTownshipText.Length > 0)
        {
            residenceCounty = residenceText.Length > 0 ? residenceText : residenceTownshipText.Length >= 6 ? residenceTownshipText[..6] : residenceTownshipText;
            if (!_regions.IsCountyLevel(residenceCounty))
            {
                return (null, new("residenceCounty", $"居住地区“{residenceCounty}”不是现行县（区）代码"));
            }

            (residenceTownship, townshipError) = TownshipCode(residenceTownshipText, "residenceTownship", "居住乡镇", residenceCounty);
            if (townshipError is not null)
            {
                return (null, townshipError);
            }

            // Living where registered is no separation of household and residence (人户分离): stored as such.
            if (residenceCounty == county && (residenceTownship is null || residenceTownship == township))
            {
                (residenceCounty, residenceTownship) = (null, null);
            }
        }

        var household = Text(cells, "householdNumber").Trim();
        if (household.Length is 0 or > 32 || household.Any(char.IsControl) || Cell(cells, "householdNumber").Number is not null && household.Contains('E', StringComparison.OrdinalIgnoreCase))
        {
            return (null, new("householdNumber", household.Length == 0 ? "户号为空" : $"户号“{household}”无效（至多32个字符；Excel中请设为文本）"));
        }

        if (StatusOf(Text(cells, "status")) is not { } status)
        {
            return (null, new("status", $"状态“{Text(cells, "status")}”无法识别（正常、死亡或迁出）"));
        }

        DateOnly? statusDate = null;
        if (_columns.ContainsKey("statusDate") && !Cell(cells, "statusDate").IsEmpty)
        {
            if (Date(Cell(cells, "statusDate")) is not { } date)
            {
                return (null, new("statusDate", $"状态日期“{Cell(cells, "statusDate")}”无法识别"));
            }

            if (date > _today || date < identity.BirthDate)
            {
                return (null, new("statusDate", date > _today ? $"状态日期{date:yyyy-MM-dd}晚于今天" : $"状态日期{date:yyyy-MM-dd}早于出生日期"));
            }

            statusDate = date;
        }

        if (status != Persons.PersonStatus.Present && statusDate is null)
        {
            return (null, new("statusDate", $"状态为{StatusName(status)}时须填状态日期"));
        }

        // The child's birth certificate, when the extract carries it: what merges a newborn file into this one.
        string? certificate = null;
        if (_columns.ContainsKey("certificate") && Text(cells, "certificate").Trim() is { Length: > 0 } certificateText)
        {
            if (!BirthCertificateNumber.TryParse(certificateText, out var number, out var certificateError))
            {
                return (null, new("certificate", $"出生医学证明编号“{certificateText}”无效：{certificateError}"));
            }

            certificate = number.Value;
        }

        return (new PopulationRow(identity.Value, name, identity.BirthDate, identity.Sex, county, township, residenceCounty, residenceTownship, household, status, statusDate, certificate), null);
    }

    /// <summary>
    /// A row of the births extract: the birth certificate number (a letter and nine digits), the birth date (not after
    /// today, after the mother's), the name when given, the mother's ID number (check character verified), and the residence:
    /// a county of a province this system serves (or the first six digits of the township, when only that is given) and
    /// optionally its township.
    /// </summary>
    public (BirthRow? Row, RowError? Error) Birth(RawCell[] cells)
    {
        var certificateText = Text(cells, "certificate").Trim();
        if (!BirthCertificateNumber.TryParse(certificateText, out var certificate, out var certificateError))
        {
            return (null, new("certificate", certificateText.Length == 0 ? "出生医学证明编号为空" : $"出生医学证明编号“{certificateText}”无效：{certificateError}"));
        }

        if (Date(Cell(cells, "birthDate")) is not { } birth)
        {
            return (null, new("birthDate", $"出生日期“{Cell(cells, "birthDate")}”无法识别"));
        }

        if (birth > _today)
        {
            return (null, new("birthDate", $"出生日期{birth:yyyy-MM-dd}晚于今天"));
        }

        var name = _columns.ContainsKey("name") ? Text(cells, "name").Trim() : "";
        if (name.Length > 50)
        {
            return (null, new("name", "姓名超过50个字"));
        }

        var (mother, motherError) = Id(cells, "motherIdNumber", "母亲身份证号");
        if (motherError is not null)
        {
            return (null, motherError);
        }

        if (mother!.Value.BirthDate >= birth)
        {
            return (null, new("motherIdNumber", $"母亲身份证号中的出生日期{mother.Value.BirthDate:yyyy-MM-dd}不早于婴儿的出生日期"));
        }

        var townshipText = _columns.ContainsKey("residenceTownship") ? Text(cells, "residenceTownship").Trim() : "";
        var county = Text(cells, "residenceCounty").Trim();
        county = county.Length == 0 && townshipText.Length >= 6 ? townshipText[..6] : county;
        if (!_regions.IsCountyLevel(county))
        {
            return (null, new("residenceCounty", $"居住地区“{county}”不是现行县（区）代码"));
        }

        if (!_regions.IsServed(county))
        {
            return (null, new("residenceCounty", $"居住地区{county}不在本系统所辖省份"));
        }

        var (township, townshipError) = TownshipCode(townshipText, "residenceTownship", "居住乡镇", county);
        if (townshipError is not null)
        {
            return (null, townshipError);
        }

        return (new BirthRow(certificate.Value, name.Length == 0 ? null : name, birth, mother.Value.Value, county, township), null);
    }

    /// <summary>A 9-digit township code whose first six digits are <paramref name="county"/>; empty is null.</summary>
    private static (string? Code, RowError? Error) TownshipCode(string text, string field, string label, string county)
    {
        var code = text.Trim();
        if (code.Length == 0)
        {
            return (null, null);
        }

        if (code.Length != 9 || !code.All(char.IsAsciiDigit))
        {
            return (null, new(field, $"{label}代码“{code}”应为9位数字（统计用区划代码）"));
        }

        return code.StartsWith(county, StringComparison.Ordinal) ? (code, null) : (null, new(field, $"{label}代码{code}不属于县（区）{county}"));
    }

    public static Sex? SexOf(string text) => text.Trim().ToLowerInvariant() switch
    {
        "男" or "男性" or "1" or "m" or "male" => Sex.Male,
        "女" or "女性" or "2" or "f" or "female" => Sex.Female,
        _ => null,
    };

    public static Persons.PersonStatus? StatusOf(string text) => text.Trim().ToLowerInvariant() switch
    {
        "正常" or "在册" or "normal" or "present" => Persons.PersonStatus.Present,
        "死亡" or "死亡注销" or "deceased" => Persons.PersonStatus.Deceased,
        "迁出" or "已迁出" or "户口迁出" or "movedout" => Persons.PersonStatus.MovedOut,
        _ => null,
    };

    public static string StatusName(Persons.PersonStatus status) => status switch
    {
        Persons.PersonStatus.Deceased => "死亡",
        Persons.PersonStatus.MovedOut => "迁出",
        _ => "正常",
    };

    private (IdNumber? Id, RowError? Error) Id(RawCell[] cells, string field = "idNumber", string label = "身份证号")
    {
        var cell = Cell(cells, field);
        var text = cell.ToString().Trim();
        // Excel turns an 18-digit number into 1.30102E+17 or keeps 15 digits and pads with zeros: the number is lost.
        if (cell.Number is not null || text.Contains('E', StringComparison.OrdinalIgnoreCase) && text.Contains('+', StringComparison.Ordinal))
        {
            return (null, new(field, $"{label}“{text}”被Excel当成了数字，后几位已丢失：请把该列设为文本后重新导出"));
        }

        if (!IdNumber.TryParse(text, out var id, out var error))
        {
            var mangled = text.Length == 18 && text.EndsWith("000", StringComparison.Ordinal) && text.All(char.IsAsciiDigit);
            return (null, new(field, mangled ? $"{label}“{text}”末尾是0且校验码不符，可能被Excel截成了15位有效数字：请把该列设为文本后重新导出" : $"{label}“{text}”无效：{error}"));
        }

        return (id, null);
    }

    private (int Year, RowError? Error) Year(RawCell[] cells)
    {
        var text = Cell(cells, "year").ToString().Trim();
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year < RegionPolicy.MinYear || year > Math.Min(_today.Year + 1, RegionPolicy.MaxYear))
        {
            return (0, new("year", $"年度“{text}”须为{RegionPolicy.MinYear}至{_today.Year + 1}之间的整数"));
        }

        return (year, null);
    }

    /// <summary>A claims figure: an empty cell is 0.</summary>
    private (decimal Value, string? Problem) Money(RawCell[] cells, string field)
    {
        var cell = Cell(cells, field);
        return cell.IsEmpty ? (0m, null) : Yuan(cell, 100_000_000m);
    }

    /// <summary>
    /// Yuan as the calculation contract writes them: digits and at most two decimals (400, 400.5, 400.12), no sign, no
    /// thousands separators, no spaces; below <paramref name="limit"/>. A third decimal is refused, never rounded away:
    /// 400.123 is a figure from somewhere else, not a payment. An .xlsx number cell is read as Excel shows it (15
    /// significant digits), so a formula's 0.30000000000000004 is 0.3. The problem, when there is one, completes
    /// "缴费金额“…”".
    /// </summary>
    public static (decimal Value, string? Problem) Yuan(RawCell cell, decimal limit)
    {
        const string Invalid = "不是有效金额（应为以元计的数字，如1200或1200.50）";
        decimal value;
        if (cell.Number is { } number)
        {
            if (!double.IsFinite(number) || Math.Abs(number) >= (double)limit)
            {
                return (0m, Invalid);
            }

            value = (decimal)number;
        }
        else
        {
            var text = (cell.Text ?? "").Trim();
            if (text.Any(c => c is ',' or '，' or '\'' or '’' or '_' || char.IsWhiteSpace(c)))
            {
                return (0m, "含千位分隔符或空格（应写作1200.00这样的数字）");
            }

            if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
            {
                return (0m, Invalid);
            }
        }

        if (value < 0 || value >= limit)
        {
            return (0m, Invalid);
        }

        return decimal.Round(value, 2) == value ? (value, null) : (0m, "超过两位小数（金额以元计，最多到分）");
    }

    /// <summary>2024-11-02, 2024/11/2, 2024.11.2, 20241102, or an Excel serial (a number, or its digits as text).</summary>
    public static DateOnly? Date(RawCell cell)
    {
        if (cell.Number is { } serial)
        {
            return serial is >= 1 and < 2_958_466 ? ExcelEpoch.AddDays((int)Math.Floor(serial)) : null;
        }

        var text = (cell.Text ?? "").Trim();
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        if (space > 0)
        {
            text = text[..space];
        }

        string[] formats = ["yyyy-M-d", "yyyy/M/d", "yyyy.M.d", "yyyyMMdd", "yyyy年M月d日"];
        if (DateOnly.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        return text.Length == 5 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days >= 20_000 ? ExcelEpoch.AddDays(days) : null;
    }

    public static Scheme? SchemeOf(string text) => text.Trim().ToLowerInvariant() switch
    {
        "居民" or "城乡居民" or "居民医保" or "城乡居民基本医疗保险" or "resident" => Scheme.Resident,
        "职工" or "职工医保" or "城镇职工基本医疗保险" or "employee" => Scheme.Employee,
        "其他" or "other" => Scheme.Other,
        _ => null,
    };

    public static EnrollmentGroup? GroupOf(string text) => text.Trim().ToLowerInvariant() switch
    {
        "" or "一般" or "普通居民" or "ordinary" => EnrollmentGroup.Ordinary,
        "医疗救助" or "医疗救助对象" or "medicalaid" => EnrollmentGroup.MedicalAid,
        "退役军人" or "退出现役军人" or "veteran" => EnrollmentGroup.Veteran,
        "随军配偶" or "veteranspouse" => EnrollmentGroup.VeteranSpouse,
        "特困" or "特殊困难" or "hardship" => EnrollmentGroup.Hardship,
        // The groups' own names (what the tax system's export writes) are read from the one list.
        var name => EnrollmentGroups.All.Cast<EnrollmentGroup?>().FirstOrDefault(g => EnrollmentGroups.Label(g!.Value) == name),
    };

    private RawCell Cell(RawCell[] cells, string field) => _columns.TryGetValue(field, out var i) && i < cells.Length ? cells[i] : default;

    private string Text(RawCell[] cells, string field) => Cell(cells, field).ToString();
}
