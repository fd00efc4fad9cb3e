using MedicalInsurance.Infrastructure.Parameters;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MedicalInsurance.Infrastructure.Persistence.Configurations;

internal sealed class ParameterRowConfiguration : IEntityTypeConfiguration<ParameterRow>
{
    public void Configure(EntityTypeBuilder<ParameterRow> builder)
    {
        builder.ToTable("policy_parameters", t =>
        {
            t.HasCheckConstraint("ck_policy_parameters_status", "status in ('confirmed', 'interpretation', 'unconfirmed')");
            t.HasCheckConstraint("ck_policy_parameters_years", "from_year is null or to_year is null or from_year <= to_year");
        });
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).UseIdentityByDefaultColumn();
        builder.Property(p => p.Province).HasMaxLength(32);
        builder.Property(p => p.PoolingRegion).HasMaxLength(6).IsFixedLength();
        builder.Property(p => p.Name).HasMaxLength(64);
        builder.Property(p => p.Value).HasColumnType("jsonb");
        builder.Property(p => p.Status).HasMaxLength(16);
        builder.Property(p => p.Citation).HasMaxLength(200);
        builder.Property(p => p.Source).HasMaxLength(64);
        builder.Property(p => p.UpdatedAt).HasDefaultValueSql("now()");
        builder.HasIndex(p => new { p.Province, p.PoolingRegion, p.Name, p.Position }).IsUnique().AreNullsDistinct(false);
    }
}
