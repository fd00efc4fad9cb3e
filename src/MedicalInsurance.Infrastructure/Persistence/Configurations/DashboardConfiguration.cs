using MedicalInsurance.Infrastructure.Dashboards;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MedicalInsurance.Infrastructure.Persistence.Configurations;

internal sealed class DashboardFigureConfiguration : IEntityTypeConfiguration<DashboardFigure>
{
    public void Configure(EntityTypeBuilder<DashboardFigure> builder)
    {
        builder.ToTable("dashboard_figures");
        builder.HasKey(f => new { f.County, f.Year, f.Metric, f.Bucket });
        builder.Property(f => f.County).HasMaxLength(6).IsFixedLength();
        builder.Property(f => f.Metric).HasMaxLength(32).HasConversion(m => m.Key(), key => DashboardMetrics.Parse(key));
        builder.Property(f => f.Value).HasPrecision(18, 2);
    }
}

internal sealed class DashboardRefreshConfiguration : IEntityTypeConfiguration<DashboardRefresh>
{
    public void Configure(EntityTypeBuilder<DashboardRefresh> builder)
    {
        builder.ToTable("dashboard_refreshes");
        builder.HasKey(f => f.County);
        builder.Property(f => f.County).HasMaxLength(6).IsFixedLength();
    }
}

internal sealed class DashboardPendingConfiguration : IEntityTypeConfiguration<DashboardPending>
{
    public void Configure(EntityTypeBuilder<DashboardPending> builder)
    {
        builder.ToTable("dashboard_pending");
        builder.HasKey(f => f.County);
        builder.Property(f => f.County).HasMaxLength(6).IsFixedLength();
    }
}
