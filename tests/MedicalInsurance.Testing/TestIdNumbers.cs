using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using MedicalInsurance.Domain.Persons;

namespace MedicalInsurance.Testing;

/// <summary>
/// ID numbers for test residents from a sequence, never from randomness: within a test process no two calls return the
/// same number, so no two residents collide in a database, whichever test classes share it.
/// </summary>
/// <remarks>
/// The three sequence digits run from 500 to 899 for each county and birth date. Below 500 are the demo population's
/// (it numbers people born on the same day from 000 up) and the low numbers tests pick by hand; from 900 up are the
/// numbers tests pick as "nobody has this one" (…999). Past 899 the call throws rather than wrap onto a number in use.
/// </remarks>
public static partial class TestIdNumbers
{
    private const int First = 500;
    private const int Last = 899;

    private static readonly ConcurrentDictionary<(string County, DateOnly Birth), int> Used = new();

    /// <summary>
    /// An ID number of this sequence (any county and birth date, sequence 500–899) wherever it stands in a text, its check
    /// character right or wrong: what a log must never hold.
    /// </summary>
    public static Regex Pattern { get; } = SequencePattern();

    /// <summary>The next valid ID number of a person born on <paramref name="birth"/> in <paramref name="county"/>.</summary>
    public static string Next(string county, DateOnly birth)
    {
        var n = Used.AddOrUpdate((county, birth), First, (_, last) => last + 1);
        if (n > Last)
        {
            throw new InvalidOperationException(
                $"more than {Last - First + 1} test ID numbers for county {county} born {birth:yyyy-MM-dd}: give the residents another birth date");
        }

        var first17 = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{county}{birth:yyyyMMdd}{n:D3}");
        return first17 + IdNumber.CheckCharacter(first17);
    }

    [GeneratedRegex(@"(?<![0-9])[1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[5-8][0-9]{2}[0-9Xx](?![0-9])")]
    private static partial Regex SequencePattern();
}
