using MedicalInsurance.Infrastructure.Audit;
using MedicalInsurance.Infrastructure.Exports;
using MedicalInsurance.Infrastructure.Persistence;
using MedicalInsurance.Infrastructure.Security;
using Microsoft.EntityFrameworkCore;

namespace MedicalInsurance.Infrastructure.Dashboards;

/// <summary>
/// Exports a dashboard table or a call list as CSV or .xlsx: checked against the caller's scope, audited (who, what,
/// which division, how many rows) before a byte is written.
/// </summary>
public sealed class DashboardExports(IDbContextFactory<MedicalInsuranceDbContext> factory, DashboardQueries dashboards, CallLists callLists)
{
    /// <summary>A dashboard table; null when the division is outside the scope or the table unknown.</summary>
    public async Task<ExportTable?> DashboardTableAsync(UserScope scope, string code, int? year, string key, ExportFormat format, CancellationToken cancellationToken = default,
        PopulationBasis basis = PopulationBasis.Registered)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (await dashboards.LoadAsync(scope, code, year, cancellationToken, basis) is not DashboardOutcome.Shown shown || DashboardTables.Build(shown.View, key) is not { } table)
        {
            return null;
        }

        await AuditAsync(scope, new { table = key, region = code, year = shown.View.Year, population = basis.Key(), format = format.ToString().ToLowerInvariant() }, cancellationToken);
        return table;
    }

    /// <summary>The call list of a county (no rows while no collection period is open); null outside scope.</summary>
    public async Task<ExportTable?> CallListAsync(UserScope scope, string county, ExportFormat format, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var outcome = await callLists.OpenAsync(scope, county, cancellationToken);
        if (outcome is CallListOutcome.NotFound)
        {
            return null;
        }

        if (outcome is not CallListOutcome.Listed listed)
        {
            return new ExportTable("callList", "待催缴名单（集中参保期未开放）", CallListColumns(0), AsyncEnumerable.Empty<object?[]>());
        }

        var rows = callLists.ExportAsync(scope, county, format.ToString().ToLowerInvariant(), cancellationToken)
            .Select(r => new object?[] { r.Name, r.IdNumber, r.Phone, r.IfLateWaitingMonths, r.IfLateBenefitsFrom, r.IfSkipDecrease, r.IfSkipWaitingMonths, r.IfSkipBenefitsFrom });
        return new ExportTable("callList", $"{listed.Year}年度待催缴名单", CallListColumns(listed.Year), rows);
    }

    private static ExportColumn[] CallListColumns(int year) =>
    [
        new("姓名", ColumnKind.Text), new("身份证号", ColumnKind.Text), new("联系电话", ColumnKind.Text),
        new("集中参保期后缴费：等待期(月)", ColumnKind.Integer), new("集中参保期后缴费：待遇起始日", ColumnKind.Date),
        new(year == 0 ? "断缴一年：封顶线降低(元)" : $"断缴一年、{year + 1}年度按期缴费：封顶线降低(元)", ColumnKind.Decimal),
        new("断缴一年：等待期(月)", ColumnKind.Integer), new("断缴一年：待遇起始日", ColumnKind.Date),
    ];

    private async Task AuditAsync(UserScope scope, object details, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        AuditLog.Add(db, scope.Actor, "export", null, details);
        await db.SaveChangesAsync(cancellationToken);
    }
}
