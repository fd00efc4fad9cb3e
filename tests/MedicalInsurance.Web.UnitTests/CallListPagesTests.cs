using MedicalInsurance.Infrastructure.Dashboards;
using MedicalInsurance.Web.Components.Pages.Dashboards;

namespace MedicalInsurance.Web.UnitTests;

/// <summary>Which way the call list's pager reads the page it asks for: from the page shown, from the list's end, or by offset.</summary>
public sealed class CallListPagesTests
{
    private static IReadOnlyList<CallListEntry> Rows(params long[] persons) =>
        persons.Select(p => new CallListEntry(p, "某某", "130102********0011", null, null, null, null, null, null)).ToList();

    private static CallListPages ShowingPage(int page, int pageSize, params long[] persons)
    {
        var pages = new CallListPages();
        pages.Shown(page, pageSize, Rows(persons));
        return pages;
    }

    [Fact]
    public void FirstPage_IsReadFromTheStart()
    {
        Assert.Equal((CallListCursor.Start, 50), new CallListPages().Cursor(0, 50, null));
        Assert.Equal((CallListCursor.Start, 50), ShowingPage(3, 50, 700, 750).Cursor(0, 50, 1000));
    }

    [Fact]
    public void NextPreviousAndTheSamePage_AreReadFromThePageShown()
    {
        var pages = ShowingPage(3, 50, 700, 720, 750);

        Assert.Equal((new CallListCursor.After(750), 50), pages.Cursor(4, 50, null));
        Assert.Equal((new CallListCursor.Before(700), 50), pages.Cursor(2, 50, null));
        Assert.Equal((new CallListCursor.After(699), 50), pages.Cursor(3, 50, 1000));
    }

    [Theory]
    [InlineData(1000, 19, 50, 50)] // 20 full pages: the last holds 50
    [InlineData(995_038, 19_900, 50, 38)] // 长安区's list at 10 M files: 38 left on the last page
    [InlineData(1, 0, 50, 50)] // one page only: the first, from the start
    public void LastPage_OnceTheSizeIsKnown_IsReadFromTheEndWithWhatIsLeft(long total, int lastPage, int pageSize, int rows)
    {
        var (cursor, read) = new CallListPages().Cursor(lastPage, pageSize, total);

        Assert.Equal(lastPage == 0 ? CallListCursor.Start : new CallListCursor.Before(null), cursor);
        Assert.Equal(rows, read);
    }

    [Fact]
    public void APageReachedNoOtherWay_IsReadByItsOffset()
    {
        // Unknown size, a page far from the one shown, another page size, and nothing shown at all.
        Assert.Equal((new CallListCursor.At(500), 50), ShowingPage(3, 50, 700, 750).Cursor(10, 50, null));
        Assert.Equal((new CallListCursor.At(500), 50), ShowingPage(3, 50, 700, 750).Cursor(10, 50, 100_000));
        Assert.Equal((new CallListCursor.At(100), 25), ShowingPage(3, 50, 700, 750).Cursor(4, 25, null));
        Assert.Equal((new CallListCursor.At(100), 50), new CallListPages().Cursor(2, 50, null));
    }

    [Fact]
    public void AnEmptyPageOrAnotherList_LeavesNothingToReadNeighboursFrom()
    {
        var empty = ShowingPage(3, 50);
        var cleared = ShowingPage(3, 50, 700, 750);
        cleared.Clear();

        Assert.Equal((new CallListCursor.At(200), 50), empty.Cursor(4, 50, null));
        Assert.Equal((new CallListCursor.At(200), 50), cleared.Cursor(4, 50, null));
    }
}
