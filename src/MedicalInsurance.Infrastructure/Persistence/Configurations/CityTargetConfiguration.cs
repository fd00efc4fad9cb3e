using MedicalInsurance.Infrastructure.Dashboards;
using MedicalInsurance.Infrastructure.Regions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MedicalInsurance.Infrastructure.Persistence.Configurations;

internal sealed class CityTargetConfiguration : IEntityTypeConfiguration<CityTarget>
{
    public void Configure(EntityTypeBuilder<CityTarget> builder)
    {
        builder.ToTable("city_targets", t => t.HasCheckConstraint("ck_city_targets_persons", "persons between 1 and 50000000"));
        builder.HasKey(t => new { t.City, t.Year });
        builder.Property(t => t.City).HasMaxLength(6).IsFixedLength();
        builder.HasOne<Region>().WithMany().HasForeignKey(t => t.City).OnDelete(DeleteBehavior.Restrict);
        builder.Property(t => t.SetBy).HasMaxLength(64);
    }
}
