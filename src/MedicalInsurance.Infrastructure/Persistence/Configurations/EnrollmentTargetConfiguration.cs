using MedicalInsurance.Infrastructure.Dashboards;
using MedicalInsurance.Infrastructure.Regions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MedicalInsurance.Infrastructure.Persistence.Configurations;

internal sealed class EnrollmentTargetConfiguration : IEntityTypeConfiguration<EnrollmentTarget>
{
    public void Configure(EntityTypeBuilder<EnrollmentTarget> builder)
    {
        builder.ToTable("enrollment_targets", t => t.HasCheckConstraint("ck_enrollment_targets_percent", "percent between 0 and 100"));
        builder.HasKey(t => new { t.County, t.Year });
        builder.Property(t => t.County).HasMaxLength(6).IsFixedLength();
        builder.HasOne<Region>().WithMany().HasForeignKey(t => t.County).OnDelete(DeleteBehavior.Restrict);
        builder.Property(t => t.Percent).HasPrecision(4, 1);
        builder.Property(t => t.SetBy).HasMaxLength(64);
    }
}
