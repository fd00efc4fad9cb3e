namespace MedicalInsurance.Domain.Time;

/// <summary>The business date is the date in China (Asia/Shanghai), not the server's UTC date.</summary>
public static class ChinaCalendar
{
    private static readonly TimeZoneInfo Shanghai = FindShanghai();

    /// <summary>Today in China by <paramref name="time"/>; rules never read the clock themselves.</summary>
    public static DateOnly Today(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), Shanghai).DateTime);
    }

    /// <summary>A moment as the clock on a wall in China shows it: what every page prints.</summary>
    public static DateTimeOffset ToChinaTime(DateTimeOffset moment) => TimeZoneInfo.ConvertTime(moment, Shanghai);

    /// <summary>The first moment of a day in China, in UTC (PostgreSQL's timestamptz parameters are written in UTC).</summary>
    public static DateTimeOffset StartOfDay(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, Shanghai.GetUtcOffset(local)).ToUniversalTime();
    }

    // China has kept UTC+8 without daylight saving since 1991; the fixed zone stands in where tzdata is missing.
    private static TimeZoneInfo FindShanghai()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        }
        catch (TimeZoneNotFoundException)
        {
            return TimeZoneInfo.CreateCustomTimeZone("China Standard Time", TimeSpan.FromHours(8), "中国标准时间", "中国标准时间");
        }
    }
}
