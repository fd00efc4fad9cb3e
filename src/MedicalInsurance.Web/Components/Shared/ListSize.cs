using MudBlazor;

namespace MedicalInsurance.Web.Components.Shared;

/// <summary>
/// The size of a long list, counted after its first page is shown: the page probes as many rows as it shows, the size
/// every row of the county's list (seconds for a million names), so the page does not wait for it. One per list page;
/// <see cref="Reset"/> when the page shows another list (a count under way is cancelled), <see cref="Dispose"/> with the page.
/// </summary>
public sealed class ListSize : IDisposable
{
    private CancellationTokenSource? _counting;
    private bool _disposed;

    /// <summary>The list's size once counted; null while counting.</summary>
    public long? Total { get; private set; }

    /// <summary>
    /// Starts the count unless it is counted or under way. <paramref name="invokeAsync"/> is the component's
    /// <c>InvokeAsync</c>: the size is taken there, then <paramref name="counted"/> runs (read the table again, render);
    /// a failure goes to <paramref name="failed"/> (the component's <c>DispatchExceptionAsync</c>).
    /// </summary>
    public void Start(Func<CancellationToken, Task<long?>> count, Func<Func<Task>, Task> invokeAsync, Func<Task> counted, Func<Exception, Task> failed)
    {
        ArgumentNullException.ThrowIfNull(count);
        ArgumentNullException.ThrowIfNull(invokeAsync);
        ArgumentNullException.ThrowIfNull(counted);
        ArgumentNullException.ThrowIfNull(failed);
        // A page that finished loading after its component was disposed starts nothing that nothing would cancel.
        if (_disposed || Total is not null || _counting is not null)
        {
            return;
        }

        _counting = new CancellationTokenSource();
        _ = CountAsync(count, invokeAsync, counted, failed, _counting.Token);
    }

    /// <summary>
    /// The table's size for the pager: the list's once counted; until then as far as the rows seen, one page more when the
    /// page shown is full.
    /// </summary>
    public int TotalItems(TableState state, int rowsShown)
    {
        ArgumentNullException.ThrowIfNull(state);
        var seen = (long)state.Page * state.PageSize + rowsShown + (rowsShown == state.PageSize ? 1 : 0);
        return (int)Math.Min(int.MaxValue, Total ?? seen);
    }

    public void Reset()
    {
        Stop();
        Total = null;
    }

    public void Dispose()
    {
        _disposed = true;
        Stop();
    }

    private async Task CountAsync(Func<CancellationToken, Task<long?>> count, Func<Func<Task>, Task> invokeAsync, Func<Task> counted, Func<Exception, Task> failed, CancellationToken cancellationToken)
    {
        try
        {
            var total = await count(cancellationToken);
            await invokeAsync(async () =>
            {
                // A reset since (another list shown) cancelled this count: its size is not this list's.
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                Total = total ?? 0;
                await counted();
            });
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            await failed(ex);
        }
    }

    private void Stop()
    {
        _counting?.Cancel();
        _counting?.Dispose();
        _counting = null;
    }
}
