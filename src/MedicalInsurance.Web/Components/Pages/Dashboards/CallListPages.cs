using MedicalInsurance.Infrastructure.Dashboards;

namespace MedicalInsurance.Web.Components.Pages.Dashboards;

/// <summary>
/// Where the call list's pager finds the page it asks for. The page shown is remembered (its number, size, first and last
/// person): the next page is read after its last person, the previous before its first, the same page again from its
/// first, and the last page from the end of the list once the list's size is known — each through the county's index,
/// as fast deep in a million names as at the start. Only a page reached no other way is read by its offset, which reads
/// every row before it. Only the page shown is remembered: a page kept from further back could have shifted since, as
/// registrations take people off the list.
/// </summary>
public sealed class CallListPages
{
    private (int Page, int PageSize, long First, long Last)? _shown;

    /// <summary>The cursor and the number of rows to read for page <paramref name="page"/> (from 0) of <paramref name="pageSize"/>.</summary>
    public (CallListCursor Cursor, int Rows) Cursor(int page, int pageSize, long? total)
    {
        if (page <= 0)
        {
            return (CallListCursor.Start, pageSize);
        }

        if (_shown is { } shown && shown.PageSize == pageSize)
        {
            if (page == shown.Page + 1)
            {
                return (new CallListCursor.After(shown.Last), pageSize);
            }

            if (page == shown.Page - 1)
            {
                return (new CallListCursor.Before(shown.First), pageSize);
            }

            if (page == shown.Page)
            {
                return (new CallListCursor.After(shown.First - 1), pageSize);
            }
        }

        // The last page holds what is left after the pages before it.
        var before = (long)page * pageSize;
        return total is { } count && before < count && before + pageSize >= count
            ? (new CallListCursor.Before(null), (int)(count - before))
            : (new CallListCursor.At(page * pageSize), pageSize);
    }

    /// <summary>Remembers the page now shown; an empty page leaves nothing to read its neighbours from.</summary>
    public void Shown(int page, int pageSize, IReadOnlyList<CallListEntry> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        _shown = rows.Count > 0 ? (page, pageSize, rows[0].PersonId, rows[^1].PersonId) : null;
    }

    /// <summary>Another list is shown: nothing of this one's pages holds.</summary>
    public void Clear() => _shown = null;
}
