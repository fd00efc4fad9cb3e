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
